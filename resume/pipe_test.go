//go:build !js

package resume

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"sync"

	"github.com/coder/websocket"
)

// pipeEnd is one end of an in-memory WebSocket connection, a Conn for the
// server and a raw client for the tests; inside a synctest bubble
// everything is deterministic.
type pipeEnd struct {
	in    chan pipeMsg
	peer  *pipeEnd
	state *pipeState
}

type pipeMsg struct {
	typ websocket.MessageType
	p   []byte
}

type pipeState struct {
	mu     sync.Mutex
	closed chan struct{}
	code   websocket.StatusCode // 0: cut without a close frame
	reason string
	done   bool
}

func newPipe() (server, client *pipeEnd) {
	st := &pipeState{closed: make(chan struct{})}
	server = &pipeEnd{in: make(chan pipeMsg, 4096), state: st}
	client = &pipeEnd{in: make(chan pipeMsg, 4096), state: st, peer: server}
	server.peer = client
	return server, client
}

// Reader returns the next message as a reader of it.
func (e *pipeEnd) Reader(ctx context.Context) (websocket.MessageType, io.Reader, error) {
	typ, p, err := e.Read(ctx)
	return typ, bytes.NewReader(p), err
}

func (e *pipeEnd) Read(ctx context.Context) (websocket.MessageType, []byte, error) {
	select {
	case m := <-e.in:
		return m.typ, m.p, nil
	default:
	}
	select {
	case m := <-e.in:
		return m.typ, m.p, nil
	case <-e.state.closed:
		return 0, nil, e.closeErr()
	case <-ctx.Done():
		return 0, nil, ctx.Err()
	}
}

func (e *pipeEnd) closeErr() error {
	e.state.mu.Lock()
	defer e.state.mu.Unlock()
	if e.state.code == 0 {
		return net.ErrClosed
	}
	return websocket.CloseError{Code: e.state.code, Reason: e.state.reason}
}

func (e *pipeEnd) Write(ctx context.Context, typ websocket.MessageType, p []byte) error {
	select {
	case <-e.state.closed:
		return net.ErrClosed
	default:
	}
	select {
	case e.peer.in <- pipeMsg{typ, append([]byte(nil), p...)}:
		return nil
	case <-e.state.closed:
		return net.ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (e *pipeEnd) Close(code websocket.StatusCode, reason string) error {
	return e.shut(code, reason)
}

func (e *pipeEnd) CloseNow() error { return e.shut(0, "") }

func (e *pipeEnd) shut(code websocket.StatusCode, reason string) error {
	e.state.mu.Lock()
	defer e.state.mu.Unlock()
	if e.state.done {
		return errors.New("already closed")
	}
	e.state.done, e.state.code, e.state.reason = true, code, reason
	close(e.state.closed)
	return nil
}
