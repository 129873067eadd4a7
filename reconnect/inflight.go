package reconnect

import "sync"

// maxPendingHeartbeats bounds the heartbeat messages awaiting their echo on
// one connection. Past it the peer evidently does not echo them all, and
// echoes stop confirming anything on that connection (they could no longer
// be matched to the right heartbeat).
const maxPendingHeartbeats = 64

// inflight keeps the messages handed to one connection until they provably
// left the client, and settles them when the connection ends: replay what
// never left, count as maybe lost what left after the last confirmation.
//
// Positions are byte offsets in the stream of payloads handed to the
// connection. At any moment handed − BufferedAmount bytes have left (been
// written to the socket, or to the browser's network stack). A message
// provably left when its last byte did; an empty message when a byte after it
// did. Those are dropped from the list, so it holds about the connection's
// high-water mark. Safe for concurrent use.
type inflight struct {
	mu         sync.Mutex
	list       []flight // handed, not provably left; list[0] starts at base
	base       int64
	handed     int64 // bytes handed
	dataHanded int   // data (non-heartbeat) messages handed
	dataLeft   int   // data messages that provably left: all before list[0]
	confirmed  int   // data messages the peer provably read: a prefix
	pending    []int // per heartbeat awaiting its echo: dataHanded when handed
	untracked  bool  // too many heartbeats unanswered: echoes confirm nothing
}

// flight is one handed message and, for data messages, its index among them
// (−1 for heartbeats).
type flight struct {
	m    message
	data int
}

// hand records m as accepted by the connection's Send. A heartbeat message
// becomes a confirmation candidate for every data message handed before it.
func (f *inflight) hand(m message) {
	f.mu.Lock()
	defer f.mu.Unlock()
	idx := -1
	if m.heartbeat {
		switch {
		case f.untracked:
		case len(f.pending) >= maxPendingHeartbeats:
			f.untracked, f.pending = true, nil
		default:
			f.pending = append(f.pending, f.dataHanded)
		}
	} else {
		idx = f.dataHanded
		f.dataHanded++
	}
	f.list = append(f.list, flight{m: m, data: idx})
	f.handed += m.size()
}

// advance drops the messages that provably left, given the connection's
// BufferedAmount, and returns how many data messages provably left so far.
// buffered is read under the lock, after handed: a Send that completes in
// between makes the count smaller, never larger.
func (f *inflight) advance(buffered func() int64) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	left := f.handed - buffered()
	for len(f.list) > 0 {
		n := f.list[0].m.size()
		end := f.base + n
		if end > left || (end == left && n == 0) {
			break
		}
		f.base = end
		if f.list[0].data >= 0 {
			f.dataLeft++
		}
		f.list[0] = flight{}
		f.list = f.list[1:]
	}
	return f.dataLeft
}

// confirm records that the peer read the first n data messages.
func (f *inflight) confirm(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.confirmed = max(f.confirmed, min(n, f.dataHanded))
}

// echo records the echo of the oldest heartbeat awaiting one: the peer read
// every data message handed before it.
func (f *inflight) echo() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.untracked || len(f.pending) == 0 {
		return
	}
	n := f.pending[0]
	f.pending = f.pending[1:]
	f.confirmed = max(f.confirmed, n)
}

// settle accounts for every data message once the connection has ended with
// final bytes still buffered. allRead says the peer provably read everything
// (a closing handshake the client started completed). trustTail says final is
// exactly what never left; when false nothing is replayed. It returns the
// messages to put back in the outbox, in order (those wholly in the final
// tail and not confirmed), and how many others were neither confirmed nor
// replayed: maybe lost.
func (f *inflight) settle(final int64, allRead, trustTail bool) (replay []message, maybeLost int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if allRead {
		f.confirmed = f.dataHanded
	}
	left := f.handed - final
	if !trustTail || left > f.handed {
		left = f.handed
	}
	start := f.base
	for _, fl := range f.list {
		n := fl.m.size()
		inTail := start > left || (start == left && n > 0)
		if inTail && fl.data >= f.confirmed {
			replay = append(replay, fl.m)
		}
		start += n
	}
	return replay, max(0, f.dataHanded-len(replay)-f.confirmed)
}
