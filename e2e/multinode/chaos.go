package multinode

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// Defaults of [Config] fields left zero.
const (
	DefaultTotal    = 10_000
	DefaultCutEvery = 50
	messageSize     = 32
)

// quietEnd is how long the stream must stay silent, once every message was
// sent and acknowledged, before Run stops waiting for echoes that will
// never come (a gap: the failure the test looks for). A run without gaps
// ends on the last echo and never waits for it.
const quietEnd = 2 * time.Second

// Config is one chaos run. The zero value of each field but URLs means the
// default stated beside it.
type Config struct {
	// URLs are the /echo URLs of the nodes, without a query. Attempt n
	// goes to URLs[n mod len(URLs)], so every reconnect moves to another
	// node. Required.
	URLs []string

	// Total is the number of messages sent (and echoed). Defaults to
	// DefaultTotal.
	Total int

	// CutEvery makes the server cut each connection once it has read this
	// many messages (the fault drop=N: a TCP cut) or written this many
	// echoes (cut=N: half of the next echo, then the TCP cut), whichever
	// comes first. Defaults to DefaultCutEvery.
	CutEvery int

	// OnProgress, when not nil, is called after every CutEvery echoes
	// received, with the count so far and the node of the latest
	// connection. It runs on the receiving goroutine: it must return
	// quickly.
	OnProgress func(Progress)
}

// Progress is how far a run is.
type Progress struct {
	Received int `json:"received"` // echoes received so far
	Node     int `json:"node"`     // index in Config.URLs of the latest connection opened
}

// Report is what a run measured.
type Report struct {
	Sent       int `json:"sent"`       // messages sent, each sequence number once
	Received   int `json:"received"`   // echoes received
	Missing    int `json:"missing"`    // sequence numbers never echoed
	Duplicated int `json:"duplicated"` // echoes received more than once
	OutOfOrder int `json:"outOfOrder"` // echoes not above the one before
	Corrupted  int `json:"corrupted"`  // echoes whose bytes are not those sent

	Retransmitted int64 `json:"retransmitted"` // reconnect.Stats.Retransmitted
	Reconnects    int   `json:"reconnects"`    // connections opened after the first
	Resumed       int   `json:"resumed"`       // connections that opened resuming the session: one per reconnect
	NotResumed    int   `json:"notResumed"`    // not-resumed events
	Missed        int64 `json:"missed"`        // echoes those events said would never come
	MaybeLost     int64 `json:"maybeLost"`     // messages those events (or plain mode) gave up on
	Failed        int   `json:"failed"`        // attempts that did not open (a node down)
	Plain         int   `json:"plain"`         // connections opened in plain mode

	Opens   []int  `json:"opens"`   // connections opened, per node
	Elapsed string `json:"elapsed"` // wall time of the run
}

// Run runs the chaos described by cfg until every echo has arrived or a gap
// is certain, and reports. The error is for a run that could not be made
// (bad config, a Send or Receive that failed, ctx ended), not for what the
// report shows.
func Run(ctx context.Context, cfg Config) (Report, error) {
	if len(cfg.URLs) == 0 {
		return Report{}, errors.New("multinode: no URLs")
	}
	if cfg.Total <= 0 {
		cfg.Total = DefaultTotal
	}
	if cfg.CutEvery <= 0 {
		cfg.CutEvery = DefaultCutEvery
	}
	start := time.Now()
	ev := newEventLog(cfg.URLs)
	var attempts atomic.Int64
	c, err := reconnect.New("", &reconnect.Options{
		Resume:         true,
		MinUptime:      time.Nanosecond, // every connection is short here
		MinDelay:       5 * time.Millisecond,
		MaxDelay:       50 * time.Millisecond,
		ConnectTimeout: 10 * time.Second,
		URL: func(context.Context) (string, error) {
			n := int(attempts.Add(1) - 1)
			every := strconv.Itoa(cfg.CutEvery)
			return cfg.URLs[n%len(cfg.URLs)] + "?drop=" + every + "&cut=" + every, nil
		},
		OnStateChange: ev.record,
	})
	if err != nil {
		return Report{}, err
	}
	defer c.Close(sdk.StatusNormalClosure, "")

	sent := make(chan error, 1)
	go func() { sent <- send(ctx, c, cfg.Total) }()
	got, err := receive(ctx, c, cfg, sent, ev)
	if err != nil {
		return Report{}, fmt.Errorf("%w after %d echoes; stats %+v; last events:\n%s", err, len(got), c.Stats(), ev.recent())
	}
	s := c.Stats()
	r := tally(got, cfg.Total)
	r.Retransmitted, r.Reconnects = s.Retransmitted, s.Reconnects
	r.Resumed, r.NotResumed, r.Missed, r.MaybeLost = s.Resumed, s.NotResumed, s.Missed, s.MaybeLost
	r.Failed, r.Plain, r.Opens = ev.counts()
	r.Elapsed = time.Since(start).Round(time.Millisecond).String()
	return r, nil
}

// send sends messages 0 … total−1.
func send(ctx context.Context, c *reconnect.Client, total int) error {
	for i := range uint64(total) {
		if err := c.Send(ctx, sdk.Binary, payload(i)); err != nil {
			return fmt.Errorf("send %d: %w", i, err)
		}
	}
	return nil
}

// payload is message seq: seq big-endian, then bytes derived from it, so
// that a corrupted echo is caught.
func payload(seq uint64) []byte {
	p := make([]byte, messageSize)
	binary.BigEndian.PutUint64(p, seq)
	for i := 8; i < len(p); i++ {
		p[i] = byte(seq>>(i%8)) ^ byte(i)
	}
	return p
}

// receive collects the echoes until all have come or, with everything sent
// and acknowledged, none has come for quietEnd. A corrupted echo is kept as
// sequence number ^0 (counted corrupted, never matching).
func receive(ctx context.Context, c *reconnect.Client, cfg Config, sent <-chan error, ev *eventLog) ([]uint64, error) {
	got := make([]uint64, 0, cfg.Total)
	senderDone := false
	var quietSince time.Time
	for len(got) < cfg.Total {
		rctx, cancel := context.WithTimeout(ctx, 250*time.Millisecond)
		_, p, err := c.Receive(rctx)
		cancel()
		if err == nil {
			seq := ^uint64(0)
			if len(p) == messageSize && string(p) == string(payload(binary.BigEndian.Uint64(p))) {
				seq = binary.BigEndian.Uint64(p)
			}
			got = append(got, seq)
			quietSince = time.Time{}
			if len(got)%cfg.CutEvery == 0 && cfg.OnProgress != nil {
				cfg.OnProgress(Progress{Received: len(got), Node: ev.latest()})
			}
			continue
		}
		if !errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
			return got, fmt.Errorf("receive: %w", err)
		}
		if !senderDone {
			select {
			case err := <-sent:
				if err != nil {
					return got, err
				}
				senderDone = true
			default:
			}
		}
		if s := c.Stats(); !senderDone || s.QueuedMessages > 0 || s.Unacked > 0 {
			quietSince = time.Time{}
			continue
		}
		if quietSince.IsZero() {
			quietSince = time.Now()
		} else if time.Since(quietSince) >= quietEnd {
			break
		}
	}
	return got, nil
}

// tally counts, in got (which should be 0 … total−1 in order), what is
// missing, duplicated, out of order and corrupted.
func tally(got []uint64, total int) Report {
	r := Report{Sent: total, Received: len(got)}
	seen := make(map[uint64]bool, total)
	prev, first := uint64(0), true // the last sound echo
	for _, v := range got {
		if v == ^uint64(0) {
			r.Corrupted++
			continue
		}
		if seen[v] {
			r.Duplicated++
		}
		seen[v] = true
		if !first && v <= prev {
			r.OutOfOrder++
		}
		prev, first = v, false
	}
	r.Missing = total - len(seen)
	return r
}

// eventLog keeps what the Client's state changes tell: the node of each
// connection, and the latest changes for an error message.
type eventLog struct {
	urls []string

	mu     sync.Mutex
	node   int   // of the latest open
	opens  []int // per node
	failed int
	plain  int
	last   []string
}

func newEventLog(urls []string) *eventLog {
	return &eventLog{urls: urls, opens: make([]int, len(urls))}
}

func (l *eventLog) record(ev reconnect.StateChange) {
	l.mu.Lock()
	defer l.mu.Unlock()
	node := l.nodeOf(ev.URL)
	switch {
	case ev.To == reconnect.Open:
		l.node = node
		if node >= 0 {
			l.opens[node]++
		}
		if ev.Mode != reconnect.ModeResume {
			l.plain++
		}
	case ev.From == reconnect.Connecting:
		l.failed++
	}
	l.last = append(l.last, fmt.Sprintf("node %d %v→%v resume %+v cause %v", node, ev.From, ev.To, ev.Resume, ev.Cause))
	if len(l.last) > 12 {
		l.last = l.last[1:]
	}
}

// nodeOf returns the index of the node url belongs to, or −1.
func (l *eventLog) nodeOf(url string) int {
	for i, u := range l.urls {
		if len(url) >= len(u) && url[:len(u)] == u {
			return i
		}
	}
	return -1
}

func (l *eventLog) latest() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.node
}

func (l *eventLog) counts() (failed, plain int, opens []int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.failed, l.plain, append([]int(nil), l.opens...)
}

func (l *eventLog) recent() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := ""
	for _, line := range l.last {
		s += line + "\n"
	}
	return s
}
