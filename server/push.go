//go:build !js

package server

import (
	"context"

	"github.com/coder/websocket"
)

// messageWriter is a connection, or a resume session, to push to.
type messageWriter interface {
	Write(ctx context.Context, typ websocket.MessageType, p []byte) error
}

// pushMessages sends the messages push=N&size=BYTES&pushtype=T asks for.
// Byte j of binary message i is byte(i+j); byte j of text message i is
// 'a' + (i+j)%26. Every message is a window into one buffer, so pushing
// allocates size plus a little, whatever N is.
func pushMessages(ctx context.Context, conn messageWriter, f faults) error {
	if f.push == 0 {
		return nil
	}
	typ, period := websocket.MessageBinary, pushPeriod(f)
	if f.pushText {
		typ = websocket.MessageText
	}
	buf := make([]byte, f.size+period)
	for k := range buf {
		if f.pushText {
			buf[k] = 'a' + byte(k%26)
		} else {
			buf[k] = byte(k)
		}
	}
	for i := range f.push {
		off := i % period
		if err := conn.Write(ctx, typ, buf[off:off+f.size]); err != nil {
			return err
		}
	}
	return nil
}

// pushPeriod is after how many bytes the push content repeats.
func pushPeriod(f faults) int {
	if f.pushText {
		return 26
	}
	return 256
}

// pushBufferSize is the bytes pushMessages allocates for f: 0 without push.
func pushBufferSize(f faults) int64 {
	if f.push == 0 {
		return 0
	}
	return int64(f.size + pushPeriod(f))
}
