//go:build !js

package resume

import (
	"context"
	"testing"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/resumeproto"
)

// rawClient speaks the protocol frame by frame, for the tests: it is as
// hostile as a test asks.
type rawClient struct {
	t    *testing.T
	conn *pipeEnd
}

// dial opens a pipe to srv, served in a goroutine, and returns its client
// end.
func dial(t *testing.T, srv *Server) *rawClient {
	server, client := newPipe()
	go srv.Serve(context.Background(), server)
	return &rawClient{t: t, conn: client}
}

func (c *rawClient) send(f resumeproto.Frame) {
	c.t.Helper()
	if err := c.conn.Write(context.Background(), websocket.MessageBinary, resumeproto.Append(nil, &f)); err != nil {
		c.t.Fatalf("write %v: %v", f.Kind, err)
	}
}

// recv returns the next frame, or the close error.
func (c *rawClient) recv() (resumeproto.Frame, error) {
	c.t.Helper()
	_, p, err := c.conn.Read(context.Background())
	if err != nil {
		return resumeproto.Frame{}, err
	}
	f, err := resumeproto.Parse(p)
	if err != nil {
		c.t.Fatalf("server sent a bad frame: %v", err)
	}
	return f, nil
}

// hello sends HELLO and returns WELCOME, then confirms it.
func (c *rawClient) hello(token []byte, ack, limit uint64, protocols ...string) resumeproto.Frame {
	c.t.Helper()
	c.send(resumeproto.Frame{Kind: resumeproto.KindHello, Token: token, Ack: ack, Limit: limit, Protocols: protocols})
	w, err := c.recv()
	if err != nil {
		c.t.Fatalf("no WELCOME: %v", err)
	}
	if w.Kind != resumeproto.KindWelcome {
		c.t.Fatalf("first frame is %v, want WELCOME", w.Kind)
	}
	c.send(resumeproto.Frame{Kind: resumeproto.KindAck, Ack: ack, Limit: limit})
	return w
}

// data sends a text DATA frame.
func (c *rawClient) data(seq, ack, limit uint64, s string) {
	c.t.Helper()
	c.send(resumeproto.Frame{Kind: resumeproto.KindData, Type: resumeproto.TypeText, Seq: seq, Ack: ack, Limit: limit, Payload: []byte(s)})
}

// nextData returns the next DATA frame, skipping ACKs.
func (c *rawClient) nextData() resumeproto.Frame {
	c.t.Helper()
	for {
		f, err := c.recv()
		if err != nil {
			c.t.Fatalf("waiting for DATA: %v", err)
		}
		if f.Kind == resumeproto.KindData {
			return f
		}
	}
}

// closedWith reads until the connection closes and returns its code.
func (c *rawClient) closedWith() websocket.StatusCode {
	c.t.Helper()
	for {
		if _, err := c.recv(); err != nil {
			return websocket.CloseStatus(err)
		}
	}
}

// echo is a handler that echoes every message once.
func echo(sess *Session) {
	ctx := context.Background()
	for {
		typ, p, err := sess.Receive(ctx)
		if err != nil {
			return
		}
		if sess.Send(ctx, typ, p) != nil {
			return
		}
	}
}
