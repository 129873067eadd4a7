//go:build !js

package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wasmws/wasmws/internal/errtree"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// session is the link "wasmws dial" runs on: a reconnect.Client, or with
// --no-reconnect one sdk.Conn.
type session interface {
	Send(ctx context.Context, typ sdk.MessageType, p []byte) error
	Receive(ctx context.Context) (sdk.MessageType, []byte, error)
	// closeWith sends what is queued, closes with code and reason and waits;
	// it returns an error if that did not go cleanly, or without closing if
	// code or reason is not allowed (sdk.ErrInvalidAccess, sdk.ErrSyntax).
	closeWith(code sdk.StatusCode, reason string) error
	// ping sends a protocol ping on the open connection and waits for the
	// pong, or returns errNotConnected.
	ping(ctx context.Context) error
	// result turns the error with which Receive ended, when the session
	// ended without close, into the command's result: nil for a clean close
	// by the server with 1000.
	result(err error) error
}

// errNotConnected: /ping while the reconnecting client has no open
// connection.
var errNotConnected = errors.New("not connected now: the client is reconnecting")

// closeSession closes s with 1000: the end of the input.
func closeSession(s session) error { return s.closeWith(sdk.StatusNormalClosure, "") }

// openReconnect starts a reconnecting client and waits for its first
// connection. The first attempt is not retried: a wrong URL fails at once.
func openReconnect(ctx context.Context, cfg *dialConfig, url string, opts *reconnect.Options, out *printer) (session, error) {
	s := &reconnectSession{opened: make(chan struct{}), failed: make(chan error, 1), maxRetries: cfg.maxRetries}
	opts.OnStateChange = s.onStateChange(cfg.url, cfg.attemptTimeout(), out)
	opts.Dial = s.dial
	c, err := reconnect.New(url, opts)
	if err != nil {
		return nil, &usageError{"dial: " + errtree.Nested(err)}
	}
	s.c = c
	select {
	case <-s.opened:
		if p := c.Protocol(); p != "" {
			out.status("connected to %s (protocol %s)", cfg.url, p)
		} else {
			out.status("connected to %s", cfg.url)
		}
		return s, nil
	case err := <-s.failed:
		_ = c.Close(sdk.StatusNormalClosure, "")
		return nil, err
	case <-ctx.Done():
		_ = c.Close(sdk.StatusNormalClosure, "")
		return nil, errors.New("interrupted while connecting")
	}
}

// reconnectSession is a session on a reconnect.Client.
type reconnectSession struct {
	c          *reconnect.Client
	opened     chan struct{} // closed on the first Open
	failed     chan error    // the first attempt's error, if it fails
	maxRetries int           // --max-retries, for the message when the client gives up

	mu        sync.Mutex
	unsent    int       // messages left in the outbox when the client closed
	maybeLost int       // messages the closing connection may not have delivered
	conn      *sdk.Conn // the last connection opened, for /ping
}

// dial opens each connection of the client, as sdk.Dial does, and keeps
// the last one for /ping.
func (s *reconnectSession) dial(ctx context.Context, url string, opts *sdk.Options) (*sdk.Conn, error) {
	c, err := sdk.Dial(ctx, url, opts)
	if err == nil {
		s.mu.Lock()
		s.conn = c
		s.mu.Unlock()
	}
	return c, err
}

// onStateChange reports the client's transitions as status lines. Attempts
// to reconnect are counted from 1 after each loss (the client's own
// StateChange.Attempt also counts the connection that was lost). wait is
// the bound of each attempt, which a first attempt that timed out names.
func (s *reconnectSession) onStateChange(url string, wait time.Duration, out *printer) func(reconnect.StateChange) {
	everOpen := false
	retry := 0 // the attempt to reconnect under way, from 1
	return func(ev reconnect.StateChange) {
		switch {
		case ev.To == reconnect.Connecting && everOpen:
			retry++
		case ev.To == reconnect.Open && !everOpen:
			everOpen = true
			close(s.opened) // openReconnect says so, with the protocol
		case ev.To == reconnect.Open:
			out.status("reconnected (attempt %d)", retry)
			retry = 0
		case !everOpen && (ev.To == reconnect.Waiting || ev.To == reconnect.Closed):
			if errors.Is(ev.Cause, context.DeadlineExceeded) {
				s.failed <- fmt.Errorf("connecting to %s: %s", url, noAnswer(wait))
			} else {
				s.failed <- fmt.Errorf("connecting to %s: %s", url, describe(ev.Cause))
			}
			everOpen = true // report only once
		case ev.To == reconnect.Waiting && ev.From == reconnect.Open:
			msg := fmt.Sprintf("connection lost: %s; reconnecting in %v", describe(ev.Cause), ev.Delay.Round(time.Millisecond))
			if ev.Replayed > 0 || ev.MaybeLost > 0 {
				msg += fmt.Sprintf("; %d messages to resend, %d unconfirmed (may be lost)", ev.Replayed, ev.MaybeLost)
			}
			out.status("%s", msg)
		case ev.To == reconnect.Waiting:
			out.status("attempt %d failed: %s; next in %v", retry, describe(ev.Cause), ev.Delay.Round(time.Millisecond))
		case ev.To == reconnect.Closed:
			s.mu.Lock()
			s.unsent, s.maybeLost = ev.Unsent, ev.MaybeLost
			s.mu.Unlock()
		}
	}
}

func (s *reconnectSession) Send(ctx context.Context, typ sdk.MessageType, p []byte) error {
	return s.c.Send(ctx, typ, p)
}

func (s *reconnectSession) Receive(ctx context.Context) (sdk.MessageType, []byte, error) {
	return s.c.Receive(ctx)
}

func (s *reconnectSession) closeWith(code sdk.StatusCode, reason string) error {
	if err := s.c.Close(code, reason); err != nil {
		if errors.Is(err, sdk.ErrInvalidAccess) || errors.Is(err, sdk.ErrSyntax) {
			return err
		}
		return s.result(s.c.Err())
	}
	<-s.c.Done()
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	if s.unsent > 0 {
		errs = append(errs, fmt.Errorf("closed with %s never sent", messages(s.unsent)))
	}
	if s.maybeLost > 0 {
		errs = append(errs, fmt.Errorf("the closing handshake did not complete: %s sent may not have been read", messages(s.maybeLost)))
	}
	return errors.Join(errs...)
}

func (s *reconnectSession) ping(ctx context.Context) error {
	s.mu.Lock()
	c := s.conn
	s.mu.Unlock()
	if c == nil || c.ReadyState() != sdk.Open {
		return errNotConnected
	}
	return c.Ping(ctx)
}

func (s *reconnectSession) result(err error) error {
	if cerr := s.c.Err(); cerr != nil {
		err = cerr
	}
	if errors.Is(err, reconnect.ErrMaxRetries) {
		return fmt.Errorf("gave up reconnecting: --max-retries %d attempts in a row failed or closed soon after opening; the last: %s", s.maxRetries, describe(lastAttempt(err)))
	}
	return closeResult(err)
}

// lastAttempt returns the error of the last attempt that err, the error of
// a client that gave up (reconnect.ErrMaxRetries), carries beside the
// sentinels it matches; err itself if it carries none.
func lastAttempt(err error) error {
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return err
	}
	for _, e := range joined.Unwrap() {
		if e != reconnect.ErrMaxRetries && e != sdk.ErrClosed {
			return e
		}
	}
	return err
}

// messages returns "1 message" or "n messages".
func messages(n int) string {
	if n == 1 {
		return "1 message"
	}
	return strconv.Itoa(n) + " messages"
}

// noAnswer says that a connection attempt timed out, naming the flag that
// bounds it.
func noAnswer(wait time.Duration) string {
	return fmt.Sprintf("no answer within %v (--connect-timeout)", wait)
}

// openConn dials one connection, for --no-reconnect.
func openConn(ctx context.Context, cfg *dialConfig, url string, opts sdk.Options, out *printer) (session, error) {
	wait := cfg.attemptTimeout()
	dctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	c, err := sdk.Dial(dctx, url, &opts)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return nil, fmt.Errorf("connecting to %s: %s", cfg.url, noAnswer(wait))
	case err != nil && ctx.Err() != nil:
		return nil, errors.New("interrupted while connecting")
	case err != nil:
		if errors.Is(err, sdk.ErrSyntax) || errors.Is(err, sdk.ErrInvalidOptions) {
			return nil, &usageError{"dial: " + errtree.Nested(err)}
		}
		return nil, fmt.Errorf("connecting to %s: %s", cfg.url, describe(err))
	}
	if p := c.Protocol(); p != "" {
		out.status("connected to %s (protocol %s)", cfg.url, p)
	} else {
		out.status("connected to %s", cfg.url)
	}
	s := &connSession{Conn: c}
	if cfg.heartbeat > 0 {
		go s.heartbeat(cfg.heartbeat)
	}
	return s, nil
}

// connSession is a session on one sdk.Conn.
type connSession struct {
	*sdk.Conn

	mu    sync.Mutex
	cause error // why we closed it ourselves, other than the input ending
}

// heartbeat pings every interval and closes the connection when a pong
// takes longer than twice that.
func (s *connSession) heartbeat(interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-s.Done():
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*interval)
		err := s.Ping(ctx)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) {
			s.mu.Lock()
			s.cause = fmt.Errorf("heartbeat: no pong within %v", 2*interval)
			s.mu.Unlock()
			_ = s.Conn.Close(sdk.StatusNormalClosure, "heartbeat timeout")
			return
		}
	}
}

func (s *connSession) ping(ctx context.Context) error { return s.Conn.Ping(ctx) }

func (s *connSession) closeWith(code sdk.StatusCode, reason string) error {
	if err := s.Conn.Close(code, reason); err != nil {
		if errors.Is(err, sdk.ErrInvalidAccess) || errors.Is(err, sdk.ErrSyntax) {
			return err
		}
		// Closed already, by the peer or the network: report how.
		<-s.Done()
		ce, _ := s.CloseStatus()
		return s.result(ce)
	}
	if ce, _ := s.CloseStatus(); !ce.WasClean {
		return errors.New("the closing handshake did not complete")
	}
	return nil
}

func (s *connSession) result(err error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cause != nil {
		return s.cause
	}
	return closeResult(err)
}

// closeResult returns nil if err, the error that ended a session, is a
// clean close with 1000 (or no code), else a one-line error.
func closeResult(err error) error {
	var ce sdk.CloseError
	if !errors.As(err, &ce) {
		return fmt.Errorf("connection ended: %s", describe(err))
	}
	if ce.WasClean && (ce.Code == sdk.StatusNormalClosure || ce.Code == sdk.StatusNoStatusRcvd) {
		return nil
	}
	if ce.Code == sdk.StatusAbnormalClosure {
		return fmt.Errorf("connection lost: %s", describe(err))
	}
	return fmt.Errorf("the server %s", describe(err))
}

// describe renders an error of the SDK on one line, nested in a line of the
// command (without the library's prefix: the command adds it once itself). A
// failed opening handshake is told by its cause alone: a network error as the
// net package words it, else coder/websocket's message without its prefix.
func describe(err error) string {
	if err == nil {
		return "no reason given"
	}
	s := errtree.Nested(err)
	var ce sdk.CloseError
	if errors.As(err, &ce) {
		cause := strings.TrimPrefix(strings.TrimPrefix(s, errtree.Nested(ce)), ": ")
		var oe *net.OpError
		switch {
		case ce.Code == sdk.StatusAbnormalClosure && errors.As(err, &oe):
			s = oe.Error()
		case ce.Code == sdk.StatusAbnormalClosure && cause != "":
			s = handshakeStatus(strings.TrimPrefix(cause, "failed to WebSocket dial: "))
		case cause != "":
			s = closeText(ce) + ": " + cause
		default:
			s = closeText(ce)
		}
	}
	if cv := (*tls.CertificateVerificationError)(nil); errors.As(err, &cv) {
		s += " (--ca FILE trusts the authority that signed it; -k skips the check)"
	}
	return strings.Join(strings.Fields(s), " ")
}

// handshakeStatus rewords coder/websocket's refused handshake ("expected
// handshake response status code 101 but got 404") as "the server answered
// 404 Not Found, not 101 Switching Protocols"; other text is kept.
func handshakeStatus(s string) string {
	var code int
	if _, err := fmt.Sscanf(s, "expected handshake response status code 101 but got %d", &code); err != nil {
		return s
	}
	return fmt.Sprintf("the server answered %d %s, not 101 Switching Protocols", code, http.StatusText(code))
}

// closeText says how a connection closed: "closed with 4001 "bye"".
func closeText(ce sdk.CloseError) string {
	if ce.Code == sdk.StatusAbnormalClosure {
		return "no closing handshake (1006)"
	}
	s := fmt.Sprintf("closed with %d", int(ce.Code))
	if name := ce.Code.String(); !strings.HasPrefix(name, "StatusCode(") {
		s += " " + name[:strings.IndexByte(name, '(')]
	}
	if ce.Reason != "" {
		s += " " + strconv.Quote(ce.Reason)
	}
	return s
}
