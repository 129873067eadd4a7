//go:build !js

package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/server"
)

// ReconnectResult is one scenario of the reconnect section.
type ReconnectResult struct {
	Scenario string  `json:"scenario"`
	Reps     int     `json:"reps"`
	DelayMs  float64 `json:"delay_ms"`    // mean backoff delay scheduled before the attempt that opened
	OpenMs   float64 `json:"open_ms"`     // mean time from the server accepting again to Open
	OpenMax  float64 `json:"open_max_ms"` // the longest
	Attempt  float64 `json:"attempt"`     // mean attempt number of the opening attempt
	Error    string  `json:"error,omitempty"`
}

// Backoff settings of the reconnect section: short, so that it runs fast,
// with the default full jitter.
const (
	rcMinDelay  = 100 * time.Millisecond
	rcMaxDelay  = 2 * time.Second
	rcMinUptime = 50 * time.Millisecond // so each repetition starts again at attempt 1
)

// runReconnect measures how soon reconnect.Client is Open again once the
// server accepts again: at attempt 1 (the server dropped the link but kept
// accepting, so the server is ready the moment the first retry may start) and
// under backoff (the server was down for a while, and comes back in the
// middle of a backoff wait).
func (d *driver) runReconnect(ctx context.Context) error {
	reps, downtime := 5, 1500*time.Millisecond
	if d.cfg.quick {
		reps, downtime = 2, 300*time.Millisecond
	}
	first := d.reconnectFirst(ctx, reps)
	backoff := d.reconnectBackoff(ctx, max(1, reps*3/5), downtime)
	d.report.Reconnect = []ReconnectResult{first, backoff}
	var errs []error
	for _, r := range d.report.Reconnect {
		if r.Error != "" {
			errs = append(errs, fmt.Errorf("%s: %s", r.Scenario, r.Error))
		}
	}
	return errors.Join(errs...)
}

// stamped is a state change and when it was seen.
type stamped struct {
	reconnect.StateChange
	at time.Time
}

// watch returns options that report every state change on the channel.
func watch() (*reconnect.Options, <-chan stamped) {
	ch := make(chan stamped, 256)
	return &reconnect.Options{
		MinDelay:  rcMinDelay,
		MaxDelay:  rcMaxDelay,
		MinUptime: rcMinUptime,
		OnStateChange: func(ev reconnect.StateChange) {
			ch <- stamped{ev, time.Now()}
		},
	}, ch
}

// next waits for a state change to state to.
func next(ch <-chan stamped, to reconnect.State) (stamped, error) {
	timeout := time.After(30 * time.Second)
	for {
		select {
		case ev := <-ch:
			if ev.To == to {
				return ev, nil
			}
		case <-timeout:
			return stamped{}, fmt.Errorf("no change to %v within 30s", to)
		}
	}
}

// reconnectFirst: the server drops the link after an echo (drop=1) and keeps
// accepting. The first retry waits exactly MinDelay; OpenMs counts from the
// end of that wait to Open.
func (d *driver) reconnectFirst(ctx context.Context, reps int) ReconnectResult {
	r := ReconnectResult{Scenario: "attempt 1: link dropped, server accepting", Reps: reps}
	opts, events := watch()
	c, err := reconnect.Dial(ctx, d.echoURL+"?drop=1", opts)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	defer c.Close(1000, "")
	go drainClient(c)
	var sum, delays, attempts float64
	for i := range reps {
		d.progress.step("reconnect", i+1, reps, "attempt 1 after a drop")
		time.Sleep(rcMinUptime + 50*time.Millisecond)
		if err := c.SendText(ctx, "x"); err != nil {
			r.Error = err.Error()
			return r
		}
		waiting, err := next(events, reconnect.Waiting)
		if err == nil {
			var open stamped
			open, err = next(events, reconnect.Open)
			ms := millis(open.at.Sub(waiting.at.Add(waiting.Delay)))
			sum += ms
			r.OpenMax = max(r.OpenMax, ms)
			delays += millis(waiting.Delay)
			attempts += float64(open.Attempt)
		}
		if err != nil {
			r.Error = err.Error()
			return r
		}
	}
	r.OpenMs, r.DelayMs, r.Attempt = sum/float64(reps), delays/float64(reps), attempts/float64(reps)
	return r
}

// reconnectBackoff: the server goes away (closing with 1001) for downtime,
// so the client fails attempts with growing delays, then listens again on the
// same port. OpenMs counts from then to Open: the rest of the backoff wait
// under way, plus the handshake.
func (d *driver) reconnectBackoff(ctx context.Context, reps int, downtime time.Duration) ReconnectResult {
	r := ReconnectResult{Scenario: fmt.Sprintf("under backoff: server down %v", downtime), Reps: reps}
	fail := func(err error) ReconnectResult { r.Error = err.Error(); return r }
	srv, err := listen("127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	addr := srv.addr
	defer func() { srv.stop() }()
	opts, events := watch()
	c, err := reconnect.Dial(ctx, "ws://"+addr+"/echo", opts)
	if err != nil {
		return fail(err)
	}
	defer c.Close(1000, "")
	go drainClient(c)
	var sum, delays, attempts float64
	for i := range reps {
		d.progress.step("reconnect", i+1, reps, fmt.Sprintf("server down for %v", downtime))
		time.Sleep(rcMinUptime + 50*time.Millisecond)
		srv.stop()
		time.Sleep(downtime)
		// The last delay scheduled before the server is back is the wait
		// the client is in.
		var lastDelay time.Duration
	drain:
		for {
			select {
			case ev := <-events:
				if ev.To == reconnect.Waiting {
					lastDelay = ev.Delay
				}
			default:
				break drain
			}
		}
		back := time.Now()
		if srv, err = listen(addr); err != nil {
			return fail(fmt.Errorf("listening again on %s: %w", addr, err))
		}
		var open stamped
		for {
			ev, err := next(events, reconnect.Open)
			if err != nil {
				return fail(err)
			}
			if ev.at.After(back) {
				open = ev
				break
			}
		}
		ms := millis(open.at.Sub(back))
		sum += ms
		r.OpenMax = max(r.OpenMax, ms)
		delays += millis(lastDelay)
		attempts += float64(open.Attempt)
	}
	r.OpenMs, r.DelayMs, r.Attempt = sum/float64(reps), delays/float64(reps), attempts/float64(reps)
	return r
}

// drainClient receives and drops every message until the client closes.
func drainClient(c *reconnect.Client) {
	for {
		if _, _, err := c.Receive(context.Background()); err != nil {
			return
		}
	}
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1e3 }

// echoServer is the bundled server on a listener the reconnect section
// stops and starts again.
type echoServer struct {
	addr string
	srv  *server.Server
	hs   *http.Server
}

func listen(addr string) (*echoServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &echoServer{addr: ln.Addr().String(), srv: server.New(server.Options{})}
	s.hs = &http.Server{Handler: s.srv, ReadHeaderTimeout: 5 * time.Second}
	go s.hs.Serve(ln)
	return s, nil
}

// stop closes the listener and every connection (WebSockets with 1001).
func (s *echoServer) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = s.hs.Close()
	_ = s.srv.Shutdown(ctx)
}
