package reconnect

import (
	"context"
	"errors"
	"time"

	"github.com/wasmws/wasmws/internal/errtree"
	"github.com/wasmws/wasmws/sdk"
)

// run is the Client's state machine, in a goroutine of its own from New to
// Closed: attempt, session, wait, attempt... It alone changes the state.
func (c *Client) run() {
	failures := 0 // consecutive failed attempts
	var delay time.Duration
	for {
		if delay > 0 {
			if !c.wait(delay) {
				c.finish(Closing, StateChange{Attempt: failures + 1}, nil)
				return
			}
		}
		attempt := failures + 1
		if c.State() != Connecting {
			c.transition(Connecting, StateChange{Attempt: attempt})
		}
		conn, url, err := c.connect()
		if conn == nil && err == nil { // Close was called
			c.finish(Closing, StateChange{Attempt: attempt, URL: url}, nil)
			return
		}
		if err != nil {
			// A refused resume dropped the session: the next attempt, a
			// new session, goes at once and this one spends no retry.
			refused := errors.Is(err, ErrResumeRefused)
			if !refused && !c.net.offline() { // offline attempts spend no retries
				failures++
			}
			c.count(func(s *Stats) { s.Failures = failures })
			if c.opts.MaxRetries > 0 && failures >= c.opts.MaxRetries {
				c.finish(0, StateChange{Attempt: attempt, URL: url}, &giveUpError{failures: failures, last: err})
				return
			}
			delay = 0
			if !refused {
				delay = c.backoff.delay(failures)
			}
			c.transition(Waiting, StateChange{Attempt: failures + 1, Delay: delay, Cause: err, URL: url})
			continue
		}

		opened := time.Now()
		open := openEvent(conn, attempt)
		c.mu.Lock()
		c.protocol, c.mode, c.conn = conn.Protocol(), open.Mode, conn
		c.mu.Unlock()
		open.URL = url
		c.transition(Open, open)
		end := c.session(conn)
		c.mu.Lock()
		c.conn = nil
		c.mu.Unlock()
		ev := StateChange{Replayed: end.replayed, MaybeLost: end.maybeLost, URL: url}
		short := time.Since(opened) < c.opts.MinUptime // a failed attempt after all
		if !short {
			failures = 0
		}
		switch {
		case end.closing:
			ev.Attempt = attempt
			c.finish(0, ev, nil)
			return
		case end.reconnect:
			delay = 0
			ev.Attempt = failures + 1
			c.count(func(s *Stats) { s.Failures = failures })
			c.transition(Connecting, ev)
			continue
		case end.cause == nil && !c.opts.ShouldReconnect(end.close):
			ev.Attempt, ev.Cause = attempt, end.err
			c.finish(0, ev, end.err)
			return
		}
		cause := because(end.cause, end.err)
		if short && !c.net.offline() {
			failures++
		}
		c.count(func(s *Stats) { s.Failures = failures })
		if short && c.opts.MaxRetries > 0 && failures >= c.opts.MaxRetries {
			ev.Attempt = attempt
			c.finish(0, ev, &giveUpError{failures: failures, last: cause})
			return
		}
		delay = c.backoff.delay(failures)
		ev.Attempt, ev.Delay, ev.Cause = failures+1, delay, cause
		c.transition(Waiting, ev)
	}
}

// connect makes one attempt: ask the URL provider, then dial, within
// ConnectTimeout. It returns the URL it dialled ("" if the provider failed)
// and the connection or the error. The connection and the error are both nil
// if Close was called meanwhile (the attempt is cancelled and waited for).
func (c *Client) connect() (connection, string, error) {
	c.count(func(s *Stats) { s.Attempts++ })
	ctx, cancel := context.WithTimeout(context.Background(), c.opts.ConnectTimeout)
	defer cancel()
	type result struct {
		conn connection
		url  string
		err  error
	}
	res := make(chan result, 1)
	go func() {
		conn, url, err := c.attempt(ctx)
		res <- result{conn, url, err}
	}()
	for {
		select {
		case r := <-res:
			return r.conn, r.url, r.err
		case <-c.reconnect:
			// Already connecting: nothing to drop.
		case <-c.closing:
			cancel()
			r := <-res
			if r.conn != nil {
				_ = r.conn.Close(c.closeArgs())
			}
			return nil, r.url, nil
		}
	}
}

// attempt asks for the URL and dials it.
func (c *Client) attempt(ctx context.Context) (connection, string, error) {
	url := c.url
	if c.opts.URL != nil {
		var err error
		if url, err = c.provideURL(ctx); err != nil {
			return nil, "", err
		}
	}
	var conn connection
	var err error
	if c.rs != nil {
		conn, err = c.rs.dial(ctx, c, url)
	} else {
		conn, err = c.dial(ctx, url, &c.opts.Options)
	}
	return conn, url, err
}

// provideURL calls Options.URL, turning a panic into an error.
func (c *Client) provideURL(ctx context.Context) (url string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = because(errURLProvider, errtree.Wrap(errPanicked, panicText(r)))
		}
	}()
	url, err = c.opts.URL(ctx)
	if err != nil {
		return "", because(errURLProvider, err)
	}
	return url, nil
}

// errPanicked reports a URL provider that panicked.
var errPanicked = errors.New("panicked")

// panicText describes a recovered panic value without package fmt.
func panicText(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case string:
		return v
	case interface{ String() string }:
		return v.String()
	}
	return "a value that is not an error or a string"
}

// wait waits d before the next attempt, and then for as long as the network
// is offline. It ends early on Reconnect or when the browser reports the
// network back or the page visible. It reports false if Close was called.
func (c *Client) wait(d time.Duration) bool {
	c.net.drain() // signals from before the wait are stale
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if !c.net.offline() {
				return true
			}
			// Pause without spending retries; online (below) ends it.
		case <-c.net.wake():
			return true
		case <-c.reconnect:
			return true
		case <-c.closing:
			return false
		}
	}
}

// finish makes the Client Closed, through via first if it is not zero, with
// err as its error (nil: closed by Close). It runs once every connection has
// ended and every forwarder is done. It closes stopped (Close returns), and
// done once OnStateChange has returned from the last event.
func (c *Client) finish(via State, ev StateChange, err error) {
	if err == nil {
		err = closedError{}
	}
	if via != 0 {
		c.transition(via, StateChange{Attempt: ev.Attempt})
	}
	c.out.close(c.opts.QueueWhileClosed)
	c.net.close()
	c.mu.Lock()
	c.err = err
	c.mu.Unlock()
	ev.Unsent, _ = c.out.len()
	if _, ok := err.(closedError); !ok && ev.Cause == nil {
		ev.Cause = err
	}
	events, stopped, done := c.events, c.stopped, c.done
	c.transition(Closed, ev)
	// Receive returns err only from here: once it does, State is Closed and
	// Err is err. (Start waits for running to be false, so it cannot reopen
	// the inbox first.)
	c.in.Close(err)
	c.mu.Lock()
	c.running = false // Start may replace the fields above from now on
	c.mu.Unlock()
	close(stopped)
	events.finish(done)
}

// sessionEnd is how a connection ended.
type sessionEnd struct {
	closing   bool           // Close was called
	reconnect bool           // Reconnect was called
	cause     error          // why the Client dropped it (ErrHeartbeatTimeout), or nil
	close     sdk.CloseError // how it closed, as ShouldReconnect sees it
	err       error          // the connection's final error from Receive
	replayed  int
	maybeLost int
}
