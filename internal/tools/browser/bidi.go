//go:build !js

package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/coder/websocket"
)

// bidi is a minimal client of WebDriver BiDi (https://w3c.github.io/webdriver-bidi/):
// commands and their results over one WebSocket. Events are read and
// dropped; the runner needs none. It is safe for concurrent use.
type bidi struct {
	ws      *websocket.Conn
	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan bidiReply
	done    chan struct{} // closed when the read loop ends
	err     error         // why it ended; read after done
}

// bidiReply is a message of the remote end that answers a command.
type bidiReply struct {
	Type    string          `json:"type"` // "success", "error" or "event"
	ID      *int64          `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
}

// dialBiDi connects to the WebSocket url of a BiDi session endpoint.
func dialBiDi(ctx context.Context, url string) (*bidi, error) {
	ws, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(64 << 20)
	b := &bidi{ws: ws, pending: map[int64]chan bidiReply{}, done: make(chan struct{})}
	go b.readLoop()
	return b, nil
}

func (b *bidi) readLoop() {
	defer close(b.done)
	for {
		_, data, err := b.ws.Read(context.Background())
		if err != nil {
			b.err = err
			return
		}
		var r bidiReply
		if json.Unmarshal(data, &r) != nil || r.ID == nil {
			continue // an event, or nothing we asked for
		}
		b.mu.Lock()
		ch := b.pending[*r.ID]
		delete(b.pending, *r.ID)
		b.mu.Unlock()
		if ch != nil {
			ch <- r
		}
	}
}

// call sends the command method with params and decodes its result into
// result (when not nil).
func (b *bidi) call(ctx context.Context, method string, params, result any) error {
	ch := make(chan bidiReply, 1)
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	b.pending[id] = ch
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.pending, id)
		b.mu.Unlock()
	}()
	msg, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		return err
	}
	if err := b.ws.Write(ctx, websocket.MessageText, msg); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case r := <-ch:
		if r.Type == "error" {
			return fmt.Errorf("%s: %s: %s", method, r.Error, r.Message)
		}
		if result != nil {
			return json.Unmarshal(r.Result, result)
		}
		return nil
	case <-b.done:
		return fmt.Errorf("%s: %w", method, errors.Join(errConnLost, b.err))
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, context.Cause(ctx))
	}
}

// close closes the connection.
func (b *bidi) close() {
	b.ws.CloseNow()
}

// errConnLost is the error when the connection to a driver ends.
var errConnLost = errors.New("connection to the browser lost")
