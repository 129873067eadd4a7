// Package sendparts is the seam through which package reconnect sends a
// resume-mode DATA frame, its header and its payload, as one binary message
// of an *sdk.Conn without first concatenating them in Go. In the browser the
// SDK copies each part once, into the browser's send buffer; natively it
// queues the header's copy and the payload itself, and writes them as
// fragments of one message. It lives here, not in package sdk, so that
// sdk's public API stays as it is: sdk fills in [Send] when it is linked
// in, and reconnect is the one caller.
//
// The connection is an *sdk.Conn, typed any here because sdk imports this
// package.
package sendparts

import "context"

// Send sends head followed by body as one binary message of conn, an
// *sdk.Conn, as its Send would send their concatenation: the same
// backpressure, the same errors. head may be reused once it returns; body
// must never change (the SDK may keep it until written, as it keeps an
// sdk.Message's bytes: a resume payload is one). Set by package sdk; nil
// only in a program that does not link it.
var Send func(ctx context.Context, conn any, head, body []byte) error
