//go:build !js

package server

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/resumeproto"
	"github.com/wasmws/wasmws/resume"
)

// openResume dials /echo?query offering resume mode and runs the opening
// exchange.
func openResume(ctx context.Context, t *testing.T, ts *testServer, query string) *websocket.Conn {
	t.Helper()
	c := ts.dial(ctx, t, query, &websocket.DialOptions{Subprotocols: []string{resume.Subprotocol, "chat"}})
	if p := c.Subprotocol(); p != resume.Subprotocol {
		t.Fatalf("selected %q want %q", p, resume.Subprotocol)
	}
	write := func(f resumeproto.Frame) {
		if err := c.Write(ctx, websocket.MessageBinary, resumeproto.Append(nil, &f)); err != nil {
			t.Fatal(err)
		}
	}
	write(resumeproto.Frame{Kind: resumeproto.KindHello, Limit: 1 << 20, Protocols: []string{"chat"}})
	_, p, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if w, err := resumeproto.Parse(p); err != nil || w.Kind != resumeproto.KindWelcome || w.Protocol != "chat" {
		t.Fatalf("WELCOME = %+v, %v want a WELCOME selecting chat", w, err)
	}
	write(resumeproto.Frame{Kind: resumeproto.KindAck, Limit: 1 << 20})
	return c
}

// TestResumeCutMidMessage: cut=0 sends half of the first echo's frame,
// then cuts: the client sees the start of a message that never ends.
func TestResumeCutMidMessage(t *testing.T) {
	ts := newTestServer(t, Options{})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	c := openResume(ctx, t, ts, "cut=0")
	payload := make([]byte, 1000)
	f := resumeproto.Frame{Kind: resumeproto.KindData, Type: resumeproto.TypeBinary, Seq: 1, Limit: 1 << 20, Payload: payload}
	if err := c.Write(ctx, websocket.MessageBinary, resumeproto.Append(nil, &f)); err != nil {
		t.Fatal(err)
	}
	_, r, err := c.Reader(ctx)
	if err != nil {
		t.Fatalf("Reader: %v (the fragment never came)", err)
	}
	// coder/websocket v1.8.15 ends the message at the cut without an
	// error; the DATA frame's length prefix is what shows it is cut.
	got, err := io.ReadAll(r)
	if len(got) == 0 || len(got) >= len(payload) {
		t.Fatalf("read %d bytes of the echo frame (error %v): want part of it", len(got), err)
	}
	if _, perr := resumeproto.Parse(got); err == nil && perr == nil {
		t.Errorf("the cut frame of %d bytes parses", len(got))
	}
}

// TestResumeEchoOnce: the bundled server echoes in resume mode.
func TestResumeEchoOnce(t *testing.T) {
	ts := newTestServer(t, Options{})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	c := openResume(ctx, t, ts, "")
	f := resumeproto.Frame{Kind: resumeproto.KindData, Type: resumeproto.TypeText, Seq: 1, Limit: 1 << 20, Payload: []byte("hi")}
	if err := c.Write(ctx, websocket.MessageBinary, resumeproto.Append(nil, &f)); err != nil {
		t.Fatal(err)
	}
	for {
		_, p, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if e, _ := resumeproto.Parse(p); e.Kind == resumeproto.KindData {
			if e.Seq != 1 || string(e.Payload) != "hi" || e.Ack != 1 {
				t.Errorf("echo = seq %d %q ack %d want seq 1 \"hi\" ack 1", e.Seq, e.Payload, e.Ack)
			}
			return
		}
	}
}
