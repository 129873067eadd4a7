//go:build !js

package server

import (
	"context"
	"net"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// A test of a timeout runs the server inside a testing/synctest bubble, on
// its fake clock: time passes only when every goroutine of the bubble is
// durably blocked, so a timeout fires exactly when it is due and a wait of
// a minute takes none. A TCP socket does not block durably (its reads wait
// in the network poller), so the bubble's clock would never move: the server
// and its clients talk over net.Pipe connections instead, handed to
// http.Server.Serve by a pipeListener. Over them net/http's server and
// Transport and coder/websocket wait on channels, timers and sync.Cond,
// which synctest counts as durable. A sync.Mutex is not durable, but the
// ones on the way are held only while running: net.Pipe's per-direction
// lock is contended only by two writers (or readers) of one end at once,
// and coder/websocket serializes its writes with a lock of its own made
// of a channel. A pipe buffers nothing: a write waits until the peer
// reads it, where a socket would take some bytes and return.

// pipeListener is a net.Listener of in-memory connections: each dial makes
// a net.Pipe and hands one end to Accept. Make it with newPipeListener
// inside the bubble, so that its channels are the bubble's.
type pipeListener struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), closed: make(chan struct{})}
}

// Accept returns the server's end of the next dial.
func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

// Close ends Accept and every later dial.
func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

// Addr is the pipe's address, "pipe".
func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

// dial connects to the listener; it has the signature of
// http.Transport.DialContext.
func (l *pipeListener) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.closed:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// inBubble runs f in a synctest bubble with a server made by
// newBubbleServer and a context that ends with the test or, a hang, after
// an hour of fake time: longer than any of the server's own waits.
func inBubble(t *testing.T, opts Options, f func(t *testing.T, ts *testServer, ctx context.Context)) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		ts := newBubbleServer(t, opts)
		ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
		defer cancel()
		f(t, ts, ctx)
	})
}

// newBubbleServer is newTestServer inside a synctest bubble: the server is
// served by its [Server.HTTPServer] over a pipeListener (ts.pipe), and
// ts.client dials it. Call it from the function given to synctest.Test; at
// cleanup the server is shut down and every goroutine it started ends, as
// the bubble requires.
func newBubbleServer(t *testing.T, opts Options) *testServer {
	t.Helper()
	s := New(opts)
	srv := s.HTTPServer("")
	l := newPipeListener()
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(l)
	}()
	tr := &http.Transport{DialContext: l.dial}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		_ = srv.Close()
		<-served
		tr.CloseIdleConnections()
	})
	return &testServer{Server: s, url: "http://pipe", client: &http.Client{Transport: tr}, pipe: l}
}
