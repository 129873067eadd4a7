package reconnect

import (
	"context"
	"errors"
	"time"

	"github.com/wasmws/wasmws/internal/resumeproto"
	"github.com/wasmws/wasmws/internal/sendparts"
	"github.com/wasmws/wasmws/sdk"
)

// resumeConn is a connection in resume mode: Send and Receive carry the
// application's messages as DATA frames of the Client's session, and a
// goroutine sends acknowledgements and credit as they fall due.
type resumeConn struct {
	connection // the WebSocket connection underneath
	rs         *resumeState
	c          *Client
	result     ResumeResult
	protocol   string // the application subprotocol
	gen        uint64 // the session's number (resumeState.gen)

	// wsem (capacity 1) lets one writer at a time on the connection, so
	// that frames go out in the order their ack and limit were taken; the
	// holder also owns buf, where frames are encoded.
	wsem chan struct{}
	buf  []byte
	wake chan struct{} // capacity 1: an acknowledgement may be due

	// ackArmed (guarded by rs.mu) is set while the acker's ack-delay timer
	// runs: until it fires, news that is not urgent wakes no one, since
	// the next DATA or the timer carries it.
	ackArmed bool
}

func newResumeConn(conn connection, rs *resumeState, c *Client) *resumeConn {
	return &resumeConn{connection: conn, rs: rs, c: c, wsem: make(chan struct{}, 1), wake: make(chan struct{}, 1)}
}

// lock takes the right to write, unless ctx ends or the connection closes
// first (a writer may be stuck behind a peer that reads nothing).
func (rc *resumeConn) lock(ctx context.Context) bool {
	select {
	case rc.wsem <- struct{}{}:
		return true
	case <-ctx.Done():
	case <-rc.Done():
	}
	return false
}

func (rc *resumeConn) unlock() { <-rc.wsem }

// Protocol returns the application subprotocol selected in WELCOME.
func (rc *resumeConn) Protocol() string { return rc.protocol }

// Send numbers the message and keeps it until the server acknowledges it,
// waiting while the server's credit or the replay buffer is exhausted, then
// writes what is due. Once it returns nil the message is the session's: it
// is delivered once, on this connection or after a resume.
func (rc *resumeConn) Send(ctx context.Context, msg sdk.Message) error {
	rs := rc.rs
	for {
		rs.mu.Lock()
		if rs.cur != rc {
			rs.mu.Unlock()
			return sdk.ErrClosed
		}
		if rs.ep.Out.Ready() {
			rs.ep.Out.Push(byte(msg.Type()), msg.Bytes()) // immutable: no copy
			rs.mu.Unlock()
			rc.flush(ctx)
			return nil
		}
		ch := rs.changed.Wait()
		rs.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-rc.Done():
			return sdk.ErrClosed
		}
	}
}

// flush writes every message of the session not yet written on this
// connection. A failed write leaves the rest for the next connection.
func (rc *resumeConn) flush(ctx context.Context) {
	if !rc.lock(ctx) {
		return
	}
	defer rc.unlock()
	for {
		rc.rs.mu.Lock()
		m, ok := rc.rs.ep.Out.Next()
		if ok {
			rc.buf = rc.rs.ep.AppendDataHead(rc.buf[:0], m)
		}
		rc.rs.mu.Unlock()
		if !ok || rc.sendData(ctx, rc.buf, m.Payload) != nil {
			return
		}
	}
}

// sendFrame sends an encoded frame, which may be reused once it returns.
// Call it holding the right to write. On an *sdk.Conn it uses Conn.Send,
// which copies p once, where it is going (into JavaScript in the browser,
// into the send queue natively), instead of into an sdk.Message first.
func (rc *resumeConn) sendFrame(ctx context.Context, p []byte) error {
	if sc, ok := rc.connection.(sdkConn); ok {
		return sc.Conn.Send(ctx, sdk.Binary, p)
	}
	return rc.connection.Send(ctx, frameMessage(p))
}

// joinBelow is the payload size below which sendData joins a DATA frame's
// header and payload in Go: one more copy of a small payload costs less
// than a second call into JavaScript, in the browser, to copy the parts
// separately.
const joinBelow = 4 << 10

// sendData sends a DATA frame, head (which may be reused once it returns)
// followed by payload, as sendFrame sends a frame. On an *sdk.Conn, a
// payload of joinBelow bytes or more and its header are copied once each,
// where they are going (package sendparts), not joined in Go first: at
// 1 MiB that is a megabyte less to copy per message, and in the browser
// the frame then fits the connection's send buffer as the payload alone
// would.
func (rc *resumeConn) sendData(ctx context.Context, head, payload []byte) error {
	if sc, ok := rc.connection.(sdkConn); ok && sendparts.Send != nil && len(payload) >= joinBelow {
		return sendparts.Send(ctx, sc.Conn, head, payload)
	}
	rc.buf = append(head, payload...)
	return rc.sendFrame(ctx, rc.buf)
}

// Receive returns the next new message of the session, applying the acks
// and credit frames carry and dropping retransmissions the Client already
// has. A frame that breaks the protocol closes the connection with 4400.
func (rc *resumeConn) Receive(ctx context.Context) (sdk.MessageType, []byte, error) {
	rs := rc.rs
	for {
		typ, p, err := rc.connection.Receive(ctx)
		if err != nil {
			return 0, nil, err
		}
		f, err := resumeproto.Parse(p)
		if err == nil && typ != sdk.Binary {
			err = errors.New("text message")
		}
		var ev resumeproto.Event
		if err == nil {
			rs.mu.Lock()
			before := rs.ep.Out.Acked()
			ev, err = rs.ep.Handle(&f)
			if d := rs.ep.Out.Acked() - before; d > 0 {
				rs.acked += int64(d)
				rs.broadcast()
				if rs.ep.Out.Pending() { // retransmissions the ack lets out
					rc.wakeAcker()
				}
			}
			rs.mu.Unlock()
		}
		if err != nil {
			return 0, nil, rs.refuse(rc.connection, err)
		}
		switch ev {
		case resumeproto.EventDeliver:
			rs.mu.Lock()
			rc.ackNews()
			rs.mu.Unlock()
			return sdk.MessageType(f.Type), f.Payload, nil
		case resumeproto.EventBye:
			rs.mu.Lock()
			rs.token = nil // the server ended the session
			rs.mu.Unlock()
		}
	}
}

// Close ends the connection. When the Client is closing it first sends BYE:
// the session ends with it. Otherwise (Reconnect) the session stays
// resumable.
func (rc *resumeConn) Close(code sdk.StatusCode, reason string) error {
	select {
	case <-rc.c.closing:
		// BYE carries no ack or limit: it needs no place in their order,
		// and must not wait behind a writer stuck on a peer that reads
		// nothing.
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = rc.connection.Send(ctx, frameMessage([]byte{byte(resumeproto.KindBye)}))
		cancel()
	default:
	}
	return rc.connection.Close(code, reason)
}

// ackNews wakes the acker if the news of a message taken or consumed
// needs it: at once when an ACK is urgent (half the window), else only to
// start the ack-delay timer if it is not running. Call with rs.mu held.
func (rc *resumeConn) ackNews() {
	in := rc.rs.ep.In
	if in.Urgent() || in.Stale() && !rc.ackArmed {
		rc.wakeAcker()
	}
}

func (rc *resumeConn) wakeAcker() {
	select {
	case rc.wake <- struct{}{}:
	default:
	}
}

// acker sends ACK frames when due: at once when urgent, else when the ack
// delay has passed since the news, unless a DATA carried it first. One timer
// serves the connection's life. It also writes the retransmissions that an
// ack lets out (see resumeproto.ResendPace): the goroutine that reads the
// ack must not wait on writing.
func (rc *resumeConn) acker() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-rc.Done()
		cancel()
	}()
	timer := time.NewTimer(resumeAckDelay)
	timer.Stop()
	defer timer.Stop()
	for {
		force := false
		select {
		case <-rc.wake:
		case <-timer.C:
			force = true
		case <-ctx.Done():
			return
		}
		rc.flush(ctx)
		sent := rc.sendAck(ctx, force)
		rc.rs.mu.Lock()
		if force {
			rc.ackArmed = false
		}
		arm := !sent && !rc.ackArmed && rc.rs.ep.In.Stale()
		rc.ackArmed = rc.ackArmed || arm
		rc.rs.mu.Unlock()
		if arm {
			timer.Reset(resumeAckDelay)
		}
	}
}

// sendAck sends an ACK if one is owed and urgent (or due, with force),
// and reports whether it did.
func (rc *resumeConn) sendAck(ctx context.Context, force bool) bool {
	if !rc.lock(ctx) {
		return false
	}
	defer rc.unlock()
	rc.rs.mu.Lock()
	in := rc.rs.ep.In
	if !in.Stale() || !(force || in.Urgent()) {
		rc.rs.mu.Unlock()
		return false
	}
	rc.buf = rc.rs.ep.AppendAck(rc.buf[:0])
	rc.rs.mu.Unlock()
	return rc.sendFrame(ctx, rc.buf) == nil
}
