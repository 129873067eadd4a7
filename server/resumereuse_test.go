//go:build !js

package server

import (
	"context"
	"encoding/binary"
	"testing"
	"time"

	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// TestResumeEchoReusesBuffersIntact: messages of pooled sizes (512 B to
// 64 KiB), whose buffers the session reuses once the client has
// acknowledged them (resume's payload pool), come back byte for byte, in order, once each, through cuts that
// make the session retransmit what is not acknowledged yet. A buffer reused
// too early (while a retransmission or the store may still read it) shows
// as another message's bytes.
func TestResumeEchoReusesBuffersIntact(t *testing.T) {
	ts := newTestServer(t, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := reconnect.Dial(ctx, ts.echoURL("cut=7"), &reconnect.Options{
		Options:   sdk.Options{ReadLimit: 1 << 20},
		Resume:    true,
		MinUptime: time.Nanosecond,
		MinDelay:  time.Millisecond,
		MaxDelay:  time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(sdk.StatusNormalClosure, "")
	const total = 200
	sizes := []int{512, 1 << 10, 3000, 8 << 10, 16 << 10, 50_000, 64 << 10}
	message := func(i int) []byte {
		p := make([]byte, sizes[i%len(sizes)])
		for j := range p {
			p[j] = byte(i*31 + j)
		}
		binary.BigEndian.PutUint64(p, uint64(i))
		return p
	}
	sent := make(chan error, 1)
	go func() {
		for i := range total {
			if err := c.Send(ctx, sdk.Binary, message(i)); err != nil {
				sent <- err
				return
			}
		}
		sent <- nil
	}()
	for i := range total {
		_, p, err := c.Receive(ctx)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		want := message(i)
		if string(p) != string(want) {
			t.Fatalf("message %d: got %d bytes starting with seq %d, want %d bytes of message %d",
				i, len(p), binary.BigEndian.Uint64(p[:8]), len(want), i)
		}
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	if st := c.Stats(); st.Resumed == 0 {
		t.Fatalf("no resume in %d messages with cut=7: %+v", total, st)
	}
}
