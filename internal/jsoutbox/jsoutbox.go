//go:build js && wasm

// Package jsoutbox is the seam through which the wasm module behind
// web/wasmws.js lets its ReconnectingWebSocket accept messages in
// JavaScript on a reconnect.Client's behalf, and take the messages it
// received in batches ([Drain]). Entering Go from JavaScript
// costs about 8 µs, more than sending a small message, so send() queues
// each message in JavaScript, within the room that [Free] last reported, and
// Go takes the queue into the Client's outbox once per burst with [Admit].
// It lives here, not in package reconnect, so that reconnect's public API is
// the same on every target: reconnect fills in the functions when it is
// linked into a browser build, and the wasm module (package main in wasm/)
// is the one caller.
//
// The clients are *reconnect.Client values, typed any here because
// reconnect imports this package.
//
// Every file of this package is built only for GOOS=js GOARCH=wasm.
package jsoutbox

import "github.com/wasmws/wasmws/sdk"

// Free, set by package reconnect, returns how many more messages, and how
// many bytes of them, client's Send would queue now without waiting: the
// room left in its outbox, or none while senders wait for room or the
// Client refuses messages (Close was called without QueueWhileClosed). Room
// only grows until the next call into the Client, but for messages put back
// for replay (which go in whatever the bounds).
var Free func(client any) (msgs int, bytes int64)

// Admit, set by package reconnect, queues ms at the tail of client's outbox,
// in order, without waiting and whatever the bounds, and returns nil; or,
// when the Client refuses messages, queues none and returns an error
// matching sdk.ErrClosed. The caller admitted each message against the room
// Free reported (and checked it as Send would: not the heartbeat message,
// not larger than MaxQueuedBytes), so the bounds hold but for messages put
// back for replay in between, which may exceed them anyway.
var Admit func(client any, ms []sdk.Message) error

// Drain, set by package reconnect, takes every message waiting in client's
// inbox, without waiting, and calls f with each, oldest first, as
// client.Receive would have returned it (its resume-mode credit freed);
// it returns how many. One lock and one wake-up per batch instead of one
// Receive per message. f may call into the Client.
var Drain func(client any, f func(typ sdk.MessageType, p []byte)) int
