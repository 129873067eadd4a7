//go:build !js

package batchconn

import (
	"bufio"
	"net"
	"net/http"

	"github.com/coder/websocket"
)

// Accept is websocket.Accept, with the connection under the WebSocket a
// [Conn]: the WebSocket's writer may batch its messages through it. On
// error, the returned Conn is nil, as the WebSocket is.
func Accept(w http.ResponseWriter, r *http.Request, opts *websocket.AcceptOptions) (*websocket.Conn, *Conn, error) {
	h := &hijacker{ResponseWriter: w}
	ws, err := websocket.Accept(h, r, opts)
	if err != nil {
		return nil, nil, err
	}
	return ws, h.conn, nil
}

// hijacker is w whose Hijack returns a Conn, and a writer into it.
type hijacker struct {
	http.ResponseWriter
	conn *Conn
}

// Hijack implements http.Hijacker.
func (h *hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	nc, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	if err := brw.Writer.Flush(); err != nil {
		nc.Close()
		return nil, nil, err
	}
	h.conn = &Conn{Conn: nc}
	brw.Writer.Reset(h.conn)
	return h.conn, brw, nil
}

// Unwrap returns the ResponseWriter h wraps (for http.ResponseController).
func (h *hijacker) Unwrap() http.ResponseWriter { return h.ResponseWriter }
