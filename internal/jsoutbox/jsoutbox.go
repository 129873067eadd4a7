//go:build js && wasm

// Package jsoutbox is the seam through which the wasm module behind
// web/wasmws.js lets its ReconnectingWebSocket accept messages in
// JavaScript on a reconnect.Client's behalf, and keep their payloads there.
// Entering Go from JavaScript costs about 8 µs, more than sending a small
// message, so send() queues each message in JavaScript, within the room
// that [Free] last reported, and Go takes the queue into the Client's
// outbox once per burst with [Admit]. The payloads never enter Go: the
// outbox holds each message's type, length and id, counted against its
// bounds as usual, and the connection has JavaScript send the payload
// (jsbridge.SendHeld). JavaScript keeps a payload until Go refers to it no
// more ([Oldest]): while it is queued or in flight, so that safe replay
// can send it again.
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

import (
	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/sdk"
)

// Keeper is the JavaScript side of one ReconnectingWebSocket's send queue,
// which keeps the payloads of the messages admitted through it.
type Keeper struct {
	// Send is the JavaScript function send(ws, id) of jsbridge.SendHeld,
	// for payload id.
	Send safejs.Value
	// Bytes returns a copy of payload id, for a connection that frames its
	// messages in Go (resume mode).
	Bytes func(id uint64) ([]byte, error)
}

// Held is a message whose payload a Keeper keeps: its type, its id there
// (ids grow by one per message, from 1) and its length in bytes.
type Held struct {
	Type sdk.MessageType
	ID   uint64
	Len  int
}

// Free, set by package reconnect, returns how many more messages, and how
// many bytes of them, client's Send would queue now without waiting: the
// room left in its outbox, or none while senders wait for room or the
// Client refuses messages (Close was called without QueueWhileClosed). Room
// only grows until the next call into the Client, but for messages put back
// for replay (which go in whatever the bounds).
var Free func(client any) (msgs int, bytes int64)

// Admit, set by package reconnect, queues ms, whose payloads k keeps, at
// the tail of client's outbox, in order, without waiting and whatever the
// bounds, and returns nil; or, when the Client refuses messages, queues
// none and returns an error matching sdk.ErrClosed. The caller admitted
// each message against the room Free reported (and checked it as Send
// would: not the heartbeat message, not larger than MaxQueuedBytes), so the
// bounds hold but for messages put back for replay in between, which may
// exceed them anyway.
var Admit func(client any, k *Keeper, ms []Held) error

// Oldest, set by package reconnect, returns the smallest id of a payload
// that client may still send (queued or in flight), or 0 if there is none:
// every payload with a smaller id, and every one if 0, may be forgotten.
// Ids only grow through the outbox, so those are all the others.
var Oldest func(client any) uint64
