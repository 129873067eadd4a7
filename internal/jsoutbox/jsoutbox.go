//go:build js && wasm

// Package jsoutbox is the seam through which the wasm module behind
// web/wasmws.js lets its ReconnectingWebSocket accept messages in
// JavaScript on a reconnect.Client's behalf. Entering Go from JavaScript
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
