package reconnect_test

import (
	"encoding/binary"
	"strconv"
	"testing"
	"time"

	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// TestResumeModeReported: a server that selects wasmws.resume.v1 puts the
// connection in resume mode, the application protocol is negotiated inside,
// and the open event says so.
func TestResumeModeReported(t *testing.T) {
	t.Parallel()
	ev := newEvents()
	c := dial(t, "", fast(reconnect.Options{
		Options: sdk.Options{Protocols: []string{"chat"}},
		Resume:  true, OnStateChange: ev.record,
	}))
	open := ev.waitFor(t, "Open", func(e reconnect.StateChange) bool { return e.To == reconnect.Open })
	if open.Mode != reconnect.ModeResume || !open.Resume.NewSession || open.Resume.Epoch != 1 {
		t.Errorf("open event: mode %v, resume %+v want resume, a new session, epoch 1", open.Mode, open.Resume)
	}
	if p := c.Protocol(); p != "chat" {
		t.Errorf("Protocol() = %q want chat (selected inside the protocol)", p)
	}
	echo(t, c, "hello")
	c.Reconnect()
	again := ev.waitFor(t, "Open", func(e reconnect.StateChange) bool { return e.To == reconnect.Open })
	if !again.Resume.Resumed || again.Resume.Epoch != 2 {
		t.Errorf("after Reconnect: resume %+v want resumed, epoch 2", again.Resume)
	}
	echo(t, c, "again")
}

// TestResumeFallsBackToPlain: a server that selects another protocol gets a
// plain connection, with safe replay as usual.
func TestResumeFallsBackToPlain(t *testing.T) {
	t.Parallel()
	ev := newEvents()
	c := dial(t, "protocol=chat", fast(reconnect.Options{
		Options: sdk.Options{Protocols: []string{"chat"}},
		Resume:  true, OnStateChange: ev.record,
	}))
	open := ev.waitFor(t, "Open", func(e reconnect.StateChange) bool { return e.To == reconnect.Open })
	if open.Mode != reconnect.ModePlain {
		t.Errorf("open event: mode %v want plain", open.Mode)
	}
	echo(t, c, "plain")
}

// TestResumeChaos sends 10,000 sequence-numbered messages while the server
// cuts the connection (no close frame) after every 50 or 500 messages it
// reads, and checks the echoes: none missing, none twice, all in order.
func TestResumeChaos(t *testing.T) {
	for _, every := range []int{50, 500} {
		t.Run("drop="+itoa(every), func(t *testing.T) {
			runResumeChaos(t, "drop="+itoa(every), 10_000)
		})
	}
}

func runResumeChaos(t *testing.T, query string, total int) {
	const size = 32
	c := dial(t, query, fast(reconnect.Options{
		Resume:    true,
		MinUptime: time.Nanosecond, // every connection is short here
	}))
	ctx := testContext(t)
	start := time.Now()
	sent := make(chan error, 1)
	go func() {
		p := make([]byte, size)
		for i := range uint64(total) {
			binary.BigEndian.PutUint64(p, i)
			if err := c.Send(ctx, sdk.Binary, p); err != nil {
				sent <- err
				return
			}
		}
		sent <- nil
	}()
	got := make([]uint64, 0, total)
	for len(got) < total {
		_, p, err := c.Receive(ctx)
		if err != nil {
			t.Fatalf("Receive() = %v after %d echoes", err, len(got))
		}
		got = append(got, binary.BigEndian.Uint64(p))
	}
	if err := <-sent; err != nil {
		t.Fatalf("Send() = %v", err)
	}
	elapsed := time.Since(start)
	missing, duplicated, disordered := tally(got, total)
	s := c.Stats()
	t.Logf("resume chaos (%s, %s): sent %d, received %d, missing %d, duplicated %d, out of order %d, retransmitted %d, reconnects %d, resumed %d, not resumed %d, in %v",
		target, query, total, len(got), missing, duplicated, disordered, s.Retransmitted, s.Reconnects, s.Resumed, s.NotResumed, elapsed.Round(time.Millisecond))
	if missing+duplicated+disordered != 0 {
		t.Errorf("missing %d, duplicated %d, out of order %d want 0, 0, 0", missing, duplicated, disordered)
	}
	if s.NotResumed != 0 || s.Resumed < s.Reconnects {
		t.Errorf("%d reconnects, %d resumed, %d not resumed: every reconnect should resume", s.Reconnects, s.Resumed, s.NotResumed)
	}
	if s.Reconnects == 0 {
		t.Error("no reconnect: the cuts tested nothing")
	}
}

// tally counts, in got (which should be 0 … total−1 in order), the values
// missing, those seen more than once, and those not above their
// predecessor.
func tally(got []uint64, total int) (missing, duplicated, disordered int) {
	seen := make(map[uint64]int, total)
	for i, v := range got {
		seen[v]++
		if seen[v] == 2 {
			duplicated++
		}
		if i > 0 && v <= got[i-1] {
			disordered++
		}
	}
	return total - len(seen), duplicated, disordered
}

func itoa(n int) string { return strconv.Itoa(n) }
