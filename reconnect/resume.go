package reconnect

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/wasmws/wasmws/internal/errtree"
	"github.com/wasmws/wasmws/internal/resumeproto"
	"github.com/wasmws/wasmws/sdk"
)

// DefaultResumeWindow is the receive window and replay limit of resume mode
// when Options.ResumeWindow is zero: 4 MiB, so that several messages are in
// flight each way even at 1 MiB each (with a window of one message, resume
// mode would wait a round trip per message), within the Client's other
// bounds (DefaultMaxQueuedBytes 8 MiB, sdk.DefaultReceiveBuffer 16 MiB).
// The server's own window bounds what it holds (package resume: 2 MiB by
// default), so at most the smaller of the two is in flight each way.
const DefaultResumeWindow = 4 << 20

// resumeAckDelay is how long an acknowledgement waits for a DATA frame to
// ride on (PROTOCOL.md § 3).
const resumeAckDelay = 100 * time.Millisecond

// ErrResumeProtocol matches a connection the server broke the resume
// protocol on; it was closed with 4400.
var ErrResumeProtocol = resumeproto.ErrProtocol

// ErrResumeRefused matches the failed attempt of a server that refused
// the session's token by closing with 4401 (PROTOCOL.md § 7) instead of
// answering it with a new session. The Client drops the session and
// attempts again at once, as a new session, without counting a failure;
// the open event of that connection is the not-resumed event.
var ErrResumeRefused = errors.New("wasmws: resume refused (4401): the next attempt starts a new session")

// resumeState is the Client's side of its resume session, which outlives
// its connections (resume/PROTOCOL.md). Safe for concurrent use.
type resumeState struct {
	window int64

	mu      sync.Mutex
	ep      resumeproto.Endpoint
	token   []byte // nil: no session yet
	epoch   uint64
	cur     *resumeConn        // the connection carrying the session, or nil
	changed resumeproto.Signal // broadcast when the sender may be ready
	acked   int64              // messages acknowledged, over all sessions

	// gen numbers the sessions the Client has started (1 the first, 0
	// none yet): a received message carries its session's gen, and only
	// the current session's messages free credit when the application
	// takes them (a message of a dropped session is nothing the new
	// session's server sent).
	gen uint64

	// unreported is a not-resumed event (NotResumed set) that no open event
	// carried yet: its connection failed before it opened (a cut after
	// WELCOME, or a 4401). The next connection that opens reports it.
	unreported ResumeResult
}

func newResumeState(o *Options) *resumeState {
	if !o.Resume {
		return nil
	}
	w := o.ResumeWindow
	if w <= 0 {
		w = DefaultResumeWindow
	}
	return &resumeState{
		window: w,
		ep:     resumeproto.Endpoint{Out: resumeproto.NewSender(w, 0), In: resumeproto.NewReceiver(w, false)},
	}
}

// dial opens a connection offering the resume subprotocol before the
// application's, and runs the opening exchange if the server selects it.
// Otherwise the connection is returned as it is, in plain mode.
func (rs *resumeState) dial(ctx context.Context, c *Client, url string) (connection, error) {
	o := withResumeAllowance(c.opts.Options)
	app := o.Protocols
	o.Protocols = append([]string{resumeproto.Subprotocol}, app...)
	conn, err := c.dial(ctx, url, &o)
	if err != nil {
		return nil, err
	}
	if conn.Protocol() != resumeproto.Subprotocol {
		return conn, nil
	}
	rc, err := rs.open(ctx, c, conn, app)
	if err != nil {
		_ = conn.CloseNow()
		return nil, err
	}
	return rc, nil
}

// open sends HELLO, reads WELCOME, confirms it and retransmits what the
// server has not acknowledged (PROTOCOL.md § 4).
func (rs *resumeState) open(ctx context.Context, c *Client, conn connection, app []string) (*resumeConn, error) {
	rs.mu.Lock()
	hello := resumeproto.Frame{Kind: resumeproto.KindHello, Token: rs.token, Protocols: app}
	hello.Ack, hello.Limit = rs.ep.In.Told()
	rs.mu.Unlock()
	if err := conn.Send(ctx, frameMessage(resumeproto.Append(nil, &hello))); err != nil {
		return nil, err
	}
	typ, p, err := conn.Receive(ctx)
	if err != nil {
		if refusedClose(conn, err) {
			return nil, rs.refused(c, err)
		}
		return nil, err
	}
	w, err := resumeproto.Parse(p)
	switch {
	case err != nil:
	case typ != sdk.Binary:
		err = errors.New("text message")
	case w.Kind != resumeproto.KindWelcome:
		err = errors.New("first frame is not WELCOME")
	case len(app) > 0 && w.Protocol == "":
		err = errors.New("no application subprotocol selected")
	}
	if err != nil {
		return nil, rs.refuse(conn, err)
	}

	rc := newResumeConn(conn, rs, c)
	rs.mu.Lock()
	res, err := rs.welcome(c, &w)
	if err != nil {
		rs.mu.Unlock()
		return nil, rs.refuse(conn, err)
	}
	res = rs.unreported.then(res)
	rs.unreported = ResumeResult{}
	rc.result = res
	rc.protocol = w.Protocol
	rc.gen = rs.gen
	rs.cur = rc
	confirm := rs.ep.AppendAck(nil)
	rs.mu.Unlock()
	if err := conn.Send(ctx, frameMessage(confirm)); err != nil {
		// Cut before it opened: the session carries on (the server holds
		// the new token as pending), and a not-resumed event waits for the
		// next open event.
		rs.mu.Lock()
		if res.NotResumed {
			rs.unreported = res
		}
		rs.mu.Unlock()
		return nil, err
	}
	rc.flush(ctx)
	go rc.acker()
	return rc, nil
}

// welcome applies WELCOME. Call with rs.mu held.
func (rs *resumeState) welcome(c *Client, w *resumeproto.Frame) (ResumeResult, error) {
	res := ResumeResult{Epoch: w.Epoch}
	if w.Status == resumeproto.StatusResumed {
		if rs.token == nil || w.Epoch <= rs.epoch {
			return res, errors.New("resumed a session not asked for, or an old epoch")
		}
		if err := rs.ep.Out.Ack(w.Ack); err != nil {
			return res, err
		}
		if err := rs.ep.Out.Credit(w.Limit); err != nil {
			return res, err
		}
		res.Resumed = true
		res.Retransmitted = rs.ep.Out.Rewind()
		rs.token, rs.epoch = w.Token, w.Epoch
		return res, nil
	}
	// A new session: numbering starts again in both directions.
	had := rs.token != nil
	written := rs.ep.Out.Sent()
	old := rs.ep.Out.Restart(w.Limit)
	taken := rs.ep.In.Taken()
	rs.ep.In.Restart()
	rs.gen++
	rs.ep.In.Told() // the confirmation ACK tells this limit
	rs.token, rs.epoch = w.Token, w.Epoch
	rs.broadcast()
	if !had {
		res.NewSession = true
		return res, nil
	}
	res.NotResumed, res.Missed = true, -1
	if w.OldSent > 0 {
		res.Missed = int(max(int64(w.OldSent-1)-int64(taken), 0))
	}
	if w.OldAck > 0 {
		// The server says what it took: the others are sent again.
		res.Resent, _ = resendAbove(c, old, w.OldAck-1)
	} else {
		// What was written is maybe lost; what never was is sent again.
		res.Resent, res.MaybeLost = resendAbove(c, old, written)
	}
	c.count(func(s *Stats) {
		s.MaybeLost += int64(res.MaybeLost)
		if res.Missed > 0 {
			s.Missed += int64(res.Missed)
		}
	})
	return res, nil
}

// resendAbove puts back at the head of the outbox, for the next session,
// the messages of an old session that provably never reached it: those
// above seq last (the last the server took, or the last ever written when
// the server does not say). It returns how many it resends and how many it
// does not (they are not sent again). Call with rs.mu held.
func resendAbove(c *Client, old []resumeproto.Message, last uint64) (resent, rest int) {
	var resend []message
	for _, m := range old {
		if m.Seq > last {
			sm, _ := sdk.NewMessage(sdk.MessageType(m.Type), m.Payload) // valid when first sent
			resend = append(resend, message{Message: sm})
		}
	}
	c.out.pushFront(resend)
	return len(resend), len(old) - len(resend)
}

// refused applies a close with 4401 in answer to HELLO (PROTOCOL.md § 7):
// the server refused the token and created no session. The Client drops
// the session: what it never wrote goes first on the next one, what it
// wrote and the server did not acknowledge is maybe lost, what the server
// sent and it did not take is unknown (Missed −1); the next open event
// reports it as not resumed. It returns the attempt's error, which matches
// ErrResumeRefused if there was a session to drop (else the refusal is an
// ordinary failed attempt: a new session has no token to refuse).
func (rs *resumeState) refused(c *Client, err error) error {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.token == nil {
		return err
	}
	written := rs.ep.Out.Sent()
	old := rs.ep.Out.Restart(0) // no credit until the next WELCOME
	rs.ep.In.Restart()
	rs.gen++
	rs.token, rs.epoch = nil, 0
	res := ResumeResult{NotResumed: true, Missed: -1}
	res.Resent, res.MaybeLost = resendAbove(c, old, written)
	rs.unreported = rs.unreported.then(res)
	rs.broadcast()
	c.count(func(s *Stats) { s.MaybeLost += int64(res.MaybeLost) })
	return because(ErrResumeRefused, err)
}

// refusedClose reports whether err, conn's Receive error, is a close with
// 4401.
func refusedClose(conn connection, err error) bool {
	ce, ok := errtree.As[sdk.CloseError](err) // not errors.As: see errtree
	if !ok {
		ce, _ = conn.CloseStatus()
	}
	return ce.Code == resumeproto.CloseRefused
}

// then returns next as the open event reports it after r, a not-resumed
// event that no open event carried yet (or the zero ResumeResult): the
// connection did not resume the session the application last saw, so next
// is not resumed either, and the counts add up (Missed is −1 if either
// is unknown).
func (r ResumeResult) then(next ResumeResult) ResumeResult {
	if !r.NotResumed {
		return next
	}
	out := r
	out.Epoch = next.Epoch
	if next.NotResumed {
		out.Resent += next.Resent
		out.MaybeLost += next.MaybeLost
		if next.Missed < 0 {
			out.Missed = -1
		} else if out.Missed >= 0 {
			out.Missed += next.Missed
		}
	}
	return out
}

// refuse closes conn with 4400 for err and returns the error to report.
func (rs *resumeState) refuse(conn connection, err error) error {
	_ = conn.Close(resumeproto.CloseProtocol, resumeproto.Reason(err))
	if !errors.Is(err, resumeproto.ErrProtocol) {
		err = because(resumeproto.ErrProtocol, err)
	}
	return err
}

// consumed records that the application took n bytes of a resume-mode
// message of session gen, which frees credit if gen is the current session.
func (rs *resumeState) consumed(n int, gen uint64) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if gen != rs.gen {
		return // a dropped session's message: no credit of this session
	}
	rs.ep.In.Consume(0, n)
	if rs.cur != nil {
		rs.cur.ackNews()
	}
}

// broadcast wakes the Sends waiting for credit. Call with rs.mu held.
func (rs *resumeState) broadcast() {
	rs.changed.Broadcast()
}

// frameMessage wraps an encoded frame as a binary message.
func frameMessage(p []byte) sdk.Message {
	m, _ := sdk.NewMessage(sdk.Binary, p) // binary: never invalid
	return m
}

// stats returns the messages acknowledged so far, those unacknowledged
// now, and the retransmissions sent so far.
func (rs *resumeState) stats() (acked, unacked, retransmitted int64) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	n, _ := rs.ep.Out.Unacked()
	return rs.acked, int64(n), rs.ep.Out.Retransmitted()
}

// openEvent is the StateChange of conn opening.
func openEvent(conn connection, attempt int) StateChange {
	ev := StateChange{Attempt: attempt, Mode: ModePlain}
	if rc, ok := conn.(*resumeConn); ok {
		ev.Mode, ev.Resume = ModeResume, rc.result
	}
	return ev
}

// countOpen counts the resumed or not-resumed event of an open event, when
// it is emitted: a resume exchange whose connection is cut before it
// opens counts nothing (its not-resumed event waits for the next open).
func countOpen(s *Stats, res ResumeResult) {
	switch {
	case res.Resumed:
		s.Resumed++
	case res.NotResumed:
		s.NotResumed++
	}
}
