package reconnect

import (
	"fmt"
	"slices"
	"testing"

	"github.com/wasmws/wasmws/sdk"
)

// TestSettle: which messages are replayed and how many are maybe lost, from
// the sizes handed, the final BufferedAmount and the confirmations.
func TestSettle(t *testing.T) {
	const hb = -1 // a heartbeat of 4 bytes
	testCases := []struct {
		name      string
		sizes     []int // data message sizes, hb for a heartbeat
		confirmed int   // data messages confirmed (a ping)
		echoes    int   // heartbeat echoes received
		final     int64
		allRead   bool
		trustTail bool
		replay    []int // indexes into sizes
		maybeLost int
	}{
		{"nothing left", []int{10, 10, 10}, 0, 0, 30, false, true, []int{0, 1, 2}, 0},
		{"all left, none confirmed", []int{10, 10, 10}, 0, 0, 0, false, true, nil, 3},
		{"tail of two", []int{10, 10, 10}, 0, 0, 20, false, true, []int{1, 2}, 1},
		{"straddling", []int{10, 10, 10}, 0, 0, 15, false, true, []int{2}, 2},
		{"confirmed by ping", []int{10, 10, 10, 10}, 2, 0, 10, false, true, []int{3}, 1},
		{"clean close of ours", []int{10, 10, 10}, 0, 0, 0, true, true, nil, 0},
		{"clean close with a tail: trust the handshake", []int{10, 10}, 0, 0, 10, true, true, nil, 0},
		{"tail not final", []int{10, 10, 10}, 1, 0, 20, false, false, nil, 2},
		{"heartbeat echoed", []int{10, 10, hb, 10, 10}, 0, 1, 10, false, true, []int{4}, 1},
		{"heartbeat not echoed", []int{10, 10, hb, 10, 10}, 0, 0, 10, false, true, []int{4}, 3},
		{"heartbeat in the tail", []int{10, hb, 10}, 0, 0, 14, false, true, []int{2}, 1},
		{"empty at the boundary is ambiguous", []int{10, 0, 10}, 0, 0, 10, false, true, []int{2}, 2},
		{"empty after the boundary never left", []int{10, 10, 0}, 0, 0, 10, false, true, []int{1, 2}, 1},
		{"empty before the boundary left", []int{0, 10}, 0, 0, 5, false, true, nil, 2},
		{"all empty", []int{0, 0}, 0, 0, 0, false, true, nil, 2},
		{"overcount never replays confirmed", []int{10, 10}, 2, 0, 20, false, true, nil, 0},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var f inflight
			var msgs []message
			for i, n := range tc.sizes {
				var m message
				if n == hb {
					m = newMsg(sdk.Text, []byte("ping"), true)
				} else {
					data := []byte(fmt.Sprint(i))
					data = append(data, make([]byte, max(n-len(data), 0))...)
					m = newMsg(sdk.Binary, data[:n], false)
				}
				msgs = append(msgs, m)
				f.hand(m)
			}
			f.confirm(tc.confirmed)
			for range tc.echoes {
				f.echo()
			}
			replay, lost := f.settle(tc.final, tc.allRead, tc.trustTail)
			var want []message
			for _, i := range tc.replay {
				want = append(want, msgs[i])
			}
			if !slices.EqualFunc(replay, want, func(a, b message) bool { return string(a.Bytes()) == string(b.Bytes()) }) || lost != tc.maybeLost {
				t.Errorf("settle(%d) = %d replayed, %d maybe lost; want %v, %d", tc.final, len(replay), lost, tc.replay, tc.maybeLost)
			}
		})
	}
}

// TestAdvance: messages are dropped from the list once provably left, so
// memory follows the connection's buffer; settling after that is unchanged.
func TestAdvance(t *testing.T) {
	var f inflight
	buffered := int64(0)
	for range 100 {
		f.hand(newMsg(sdk.Binary, make([]byte, 10), false))
		buffered += 10
		if buffered > 50 {
			buffered = 50 // the connection writes as fast as it can
		}
		f.advance(func() int64 { return buffered })
	}
	if len(f.list) != 5 || f.dataLeft != 95 {
		t.Errorf("after advance: %d in flight, %d left; want 5, 95", len(f.list), f.dataLeft)
	}
	if got := f.advance(func() int64 { return 0 }); got != 100 || len(f.list) != 0 {
		t.Errorf("advance(0) = %d, %d in flight; want 100, 0", got, len(f.list))
	}
	// An empty message right at the boundary stays: it may not have left.
	f.hand(newMsg(sdk.Binary, nil, false))
	if got := f.advance(func() int64 { return 0 }); got != 100 {
		t.Errorf("advance with an empty message at the boundary = %d want 100", got)
	}
}

// TestHeartbeatsUnanswered: past maxPendingHeartbeats, echoes confirm
// nothing more on the connection.
func TestHeartbeatsUnanswered(t *testing.T) {
	var f inflight
	for range maxPendingHeartbeats + 1 {
		f.hand(newMsg(sdk.Binary, []byte{1}, false))
		f.hand(newMsg(sdk.Text, []byte("ping"), true))
	}
	f.echo()
	if _, lost := f.settle(0, false, true); lost != maxPendingHeartbeats+1 {
		t.Errorf("maybe lost = %d want %d: an echo confirmed after tracking stopped", lost, maxPendingHeartbeats+1)
	}
}
