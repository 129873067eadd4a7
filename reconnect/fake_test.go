package reconnect

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/wasmws/wasmws/sdk"
)

// fakeConn is a connection without a network, for tests of the state machine
// under testing/synctest. Sent messages are recorded; of the bytes sent,
// written have left and the rest are buffered. Its channels block durably,
// as synctest needs.
type fakeConn struct {
	inbound chan received // what Receive returns
	done    chan struct{}
	pong    bool // Ping answers at once; else it waits for the end

	mu          sync.Mutex
	sent        []message
	sentBytes   int64
	written     int64 // bytes that left; -1: all of them
	closeStatus sdk.CloseError
	closeCalled bool
	cleanClose  bool // Close completes its handshake (else 1006)

	onBuffered func() // if set, called at each BufferedAmount, before it reads
}

func newFakeConn() *fakeConn {
	return &fakeConn{
		inbound:    make(chan received),
		done:       make(chan struct{}),
		pong:       true,
		written:    -1,
		cleanClose: true,
	}
}

func (f *fakeConn) Send(ctx context.Context, m sdk.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	select {
	case <-f.done:
		return sdk.ErrClosed
	default:
	}
	f.sent = append(f.sent, message{Message: m, heartbeat: string(m.Bytes()) == DefaultHeartbeatMessage})
	f.sentBytes += int64(m.Len())
	return nil
}

// newMsg returns a data message, or with heartbeat set a heartbeat, for
// tests; p must be valid for typ.
func newMsg(typ sdk.MessageType, p []byte, heartbeat bool) message {
	m, err := sdk.NewMessage(typ, p)
	if err != nil {
		panic(err)
	}
	return message{Message: m, heartbeat: heartbeat}
}

func (f *fakeConn) Receive(ctx context.Context) (sdk.MessageType, []byte, error) {
	select {
	case m := <-f.inbound:
		return m.typ, m.data, nil
	case <-f.done:
		f.mu.Lock()
		defer f.mu.Unlock()
		return 0, nil, f.closeStatus
	case <-ctx.Done():
		return 0, nil, ctx.Err()
	}
}

func (f *fakeConn) Close(code sdk.StatusCode, reason string) error {
	f.mu.Lock()
	f.closeCalled = true
	f.mu.Unlock()
	if f.cleanClose {
		f.drop(sdk.CloseError{Code: code, Reason: reason, WasClean: true})
	} else {
		f.drop(sdk.CloseError{Code: sdk.StatusAbnormalClosure})
	}
	return nil
}

func (f *fakeConn) Protocol() string { return "" }

func (f *fakeConn) CloseNow() error {
	f.mu.Lock()
	f.closeCalled = true
	f.mu.Unlock()
	f.drop(sdk.CloseError{Code: sdk.StatusAbnormalClosure})
	return nil
}

func (f *fakeConn) Ping(ctx context.Context) error {
	if f.pong {
		return nil
	}
	select {
	case <-f.done:
		return sdk.ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (f *fakeConn) Done() <-chan struct{} { return f.done }

func (f *fakeConn) BufferedAmount() int64 {
	if f.onBuffered != nil {
		f.onBuffered()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.written < 0 {
		return 0
	}
	return f.sentBytes - f.written
}

func (f *fakeConn) CloseStatus() (sdk.CloseError, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	select {
	case <-f.done:
		return f.closeStatus, true
	default:
		return sdk.CloseError{}, false
	}
}

func (f *fakeConn) CloseCalled() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.closeCalled
}

// drop ends the connection with ce, once.
func (f *fakeConn) drop(ce sdk.CloseError) {
	f.mu.Lock()
	defer f.mu.Unlock()
	select {
	case <-f.done:
	default:
		f.closeStatus = ce
		close(f.done)
	}
}

// setWritten says how many of the bytes sent so far have left.
func (f *fakeConn) setWritten(n int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.written = n
}

// data returns the payloads of the data messages sent, as strings.
func (f *fakeConn) data() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, m := range f.sent {
		if !m.heartbeat {
			out = append(out, string(m.Bytes()))
		}
	}
	return out
}

// fakeNet dials fake connections: attempt n (from 1) gets script(n), which
// returns a connection or an error. Every dial is recorded with its time.
type fakeNet struct {
	script func(n int) (*fakeConn, error)

	mu    sync.Mutex
	dials []time.Duration // since start
	urls  []string
	start time.Time
	conns []*fakeConn
}

var errRefused = errors.New("fake: connection refused")

func (n *fakeNet) dial(ctx context.Context, url string, opts *sdk.Options) (connection, error) {
	n.mu.Lock()
	n.dials = append(n.dials, time.Since(n.start))
	n.urls = append(n.urls, url)
	k := len(n.dials)
	n.mu.Unlock()
	c, err := n.script(k)
	if err != nil {
		return nil, err
	}
	n.mu.Lock()
	n.conns = append(n.conns, c)
	n.mu.Unlock()
	return c, nil
}

// conn returns the i-th connection opened (from 0).
func (n *fakeNet) conn(t *testing.T, i int) *fakeConn {
	t.Helper()
	n.mu.Lock()
	defer n.mu.Unlock()
	if i >= len(n.conns) {
		t.Fatalf("connection %d not opened (%d dials, %d connections)", i, len(n.dials), len(n.conns))
	}
	return n.conns[i]
}

func (n *fakeNet) dialTimes() []time.Duration {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]time.Duration(nil), n.dials...)
}

// recorder collects a Client's state changes.
type recorder struct {
	mu     sync.Mutex
	events []StateChange
}

func (r *recorder) record(ev StateChange) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
}

func (r *recorder) all() []StateChange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]StateChange(nil), r.events...)
}

// to returns the events whose To is s.
func (r *recorder) to(s State) []StateChange {
	var out []StateChange
	for _, ev := range r.all() {
		if ev.To == s {
			out = append(out, ev)
		}
	}
	return out
}

// newFake starts a Client on a fakeNet, inside a synctest bubble. rand
// returns 0.5 when jitter is on.
func newFake(t *testing.T, opts Options, script func(n int) (*fakeConn, error)) (*Client, *fakeNet, *recorder) {
	t.Helper()
	n := &fakeNet{script: script, start: time.Now()}
	r := &recorder{}
	opts.OnStateChange = r.record
	url := "ws://fake/"
	if opts.URL != nil {
		url = ""
	}
	c, err := newClient(url, &opts, deps{dial: n.dial, rand: func() float64 { return 0.5 }, net: quietNet})
	if err != nil {
		t.Fatalf("newClient() = %v", err)
	}
	t.Cleanup(func() { _ = c.Close(sdk.StatusNormalClosure, "") })
	return c, n, r
}

// alwaysOpen is a script under which every attempt opens.
func alwaysOpen(int) (*fakeConn, error) { return newFakeConn(), nil }

// neverOpen is a script under which every attempt fails.
func neverOpen(int) (*fakeConn, error) { return nil, errRefused }
