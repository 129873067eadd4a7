package resumeproto

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestSenderCreditAndReplayLimit(t *testing.T) {
	t.Parallel()
	s := NewSender(10, 6)
	for i, want := range []bool{true, true, false} { // 4 bytes each: offsets 0, 4, then 8 ≥ 6
		if _, ok := s.Push(TypeBinary, make([]byte, 4)); ok != want {
			t.Fatalf("Push #%d = %v want %v (credit 6)", i+1, ok, want)
		}
	}
	if err := s.Credit(100); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Push(TypeBinary, make([]byte, 4)); !ok {
		t.Fatal("Push after credit refused")
	}
	if _, ok := s.Push(TypeBinary, make([]byte, 4)); ok { // 12 unacked bytes ≥ replay limit 10
		t.Fatal("Push beyond the replay limit accepted")
	}
	if n, b := s.Unacked(); n != 3 || b != 12 {
		t.Errorf("Unacked() = %d, %d want 3, 12", n, b)
	}
	for range 2 {
		s.Next()
	}
	if err := s.Ack(3); !errors.Is(err, ErrProtocol) {
		t.Errorf("Ack(3) after transmitting 2 = %v want ErrProtocol (ack beyond what was sent)", err)
	}
	if err := s.Ack(2); err != nil {
		t.Fatal(err)
	}
	if err := s.Ack(1); !errors.Is(err, ErrProtocol) {
		t.Errorf("Ack(1) after Ack(2) = %v want ErrProtocol (backwards)", err)
	}
	if err := s.Credit(99); !errors.Is(err, ErrProtocol) {
		t.Errorf("Credit(99) after Credit(100) = %v want ErrProtocol (backwards)", err)
	}
	if n, b := s.Unacked(); n != 1 || b != 4 {
		t.Errorf("Unacked() after Ack(2) = %d, %d want 1, 4", n, b)
	}
	if m, ok := s.Next(); !ok || m.Seq != 3 {
		t.Errorf("Next() = %v, %v want seq 3", m.Seq, ok)
	}
	if s.Rewind() != 1 {
		t.Error("Rewind() does not count the one unacked message")
	}
	if m, ok := s.Next(); !ok || m.Seq != 3 {
		t.Errorf("Next() after Rewind = %v, %v want seq 3 again", m.Seq, ok)
	}
}

func TestReceiverTake(t *testing.T) {
	t.Parallel()
	r := NewReceiver(8, false)
	r.Told() // limit 8 granted
	data := func(seq uint64, n int) *Frame {
		return &Frame{Kind: KindData, Type: TypeBinary, Seq: seq, Payload: make([]byte, n)}
	}
	testCases := []struct {
		f       *Frame
		deliver bool
		err     bool
	}{
		{data(1, 5), true, false},
		{data(1, 5), false, false}, // retransmission
		{data(3, 1), false, true},  // gap
		{data(2, 5), true, false},  // offset 5 < 8: runs past the limit, allowed
		{data(3, 1), false, true},  // offset 10 ≥ 8: beyond credit
	}
	for i, tc := range testCases {
		deliver, err := r.Take(tc.f)
		if deliver != tc.deliver || (err != nil) != tc.err {
			t.Errorf("step %d: Take(seq %d) = %v, %v want %v, error %v", i, tc.f.Seq, deliver, err, tc.deliver, tc.err)
		}
	}
	if !r.Stale() || r.Ack() != 2 {
		t.Errorf("after two messages: Stale() = %v, Ack() = %d want true, 2", r.Stale(), r.Ack())
	}
	r.Consume(1, 5)
	if got := r.Limit(); got != 13 {
		t.Errorf("Limit() after consuming 5 = %d want 13", got)
	}
	if !r.Urgent() {
		t.Error("Urgent() = false with 10 bytes unacked and 5 of credit to grant, window 8")
	}
	r.Told()
	if r.Stale() || r.Urgent() {
		t.Error("Stale or Urgent right after Told")
	}
}

func TestReceiverAckOnConsume(t *testing.T) {
	t.Parallel()
	r := NewReceiver(100, true)
	r.Told()
	if ok, _ := r.Take(&Frame{Seq: 1, Payload: []byte("ab")}); !ok {
		t.Fatal("Take refused")
	}
	if r.Ack() != 0 {
		t.Errorf("Ack() before Consume = %d want 0", r.Ack())
	}
	r.Consume(1, 2)
	if r.Ack() != 1 {
		t.Errorf("Ack() after Consume = %d want 1", r.Ack())
	}
}

func TestEndpointHandleRefusesWithoutChange(t *testing.T) {
	t.Parallel()
	e := Endpoint{Out: NewSender(1<<20, 1<<20), In: NewReceiver(1<<20, false)}
	e.In.Told()
	e.Out.Push(TypeText, []byte("x"))
	e.Out.Next()
	testCases := []struct {
		name string
		f    Frame
	}{
		{"ack beyond sent", Frame{Kind: KindAck, Ack: 2, Limit: 1 << 20}},
		{"limit backwards", Frame{Kind: KindAck, Ack: 1, Limit: 5}},
		{"hello mid-session", Frame{Kind: KindHello}},
		{"data gap with good ack", Frame{Kind: KindData, Type: TypeText, Seq: 2, Ack: 1, Limit: 1 << 20}},
	}
	for _, tc := range testCases {
		if _, err := e.Handle(&tc.f); !errors.Is(err, ErrProtocol) {
			t.Errorf("%s: Handle = %v want ErrProtocol", tc.name, err)
		}
		if n, _ := e.Out.Unacked(); n != 1 {
			t.Errorf("%s: the refused frame changed the replay buffer (%d messages)", tc.name, n)
		}
	}
}

// TestEngineChaos runs two endpoints over a simulated link that is cut at
// random, dropping every frame in flight, and resumes as PROTOCOL.md § 4
// says: every message arrives once, in order, both ways, and the replay
// buffers never pass their bound.
func TestEngineChaos(t *testing.T) {
	t.Parallel()
	for _, every := range []int{50, 500} {
		t.Run("cut every "+strconv.Itoa(every), func(t *testing.T) {
			t.Parallel()
			got := runChaos(t, 10_000, every, rand.New(rand.NewPCG(1, uint64(every))))
			if got.missingAB+got.missingBA+got.dupAB+got.dupBA != 0 {
				t.Errorf("missing %d/%d, duplicated %d/%d", got.missingAB, got.missingBA, got.dupAB, got.dupBA)
			}
			if got.retransmitted == 0 {
				t.Error("no message was retransmitted: the cuts tested nothing")
			}
		})
	}
}

type chaosResult struct {
	missingAB, missingBA, dupAB, dupBA, retransmitted int
}

func runChaos(t *testing.T, n, every int, rng *rand.Rand) chaosResult {
	const window, replay = 4096, 4096
	a := Endpoint{Out: NewSender(replay, window), In: NewReceiver(window, false)}
	b := Endpoint{Out: NewSender(replay, window), In: NewReceiver(window, true)}
	a.In.Told()
	b.In.Told()
	var ab, ba [][]byte // frames in flight
	var gotA, gotB []uint64
	pushedA, pushedB := 0, 0
	var res chaosResult
	deliver := func(to *Endpoint, p []byte, got *[]uint64) {
		f, err := Parse(p)
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		ev, err := to.Handle(&f)
		if err != nil {
			t.Fatalf("Handle(%+v): %v", f, err)
		}
		if ev == EventDeliver {
			v, _ := strconv.ParseUint(string(f.Payload), 10, 64)
			*got = append(*got, v)
			to.In.Consume(f.Seq, len(f.Payload)) // the application reads at once
		}
	}
	for step := 0; len(gotA) < n || len(gotB) < n; step++ {
		if step > 50*n {
			t.Fatalf("stuck: A got %d, B got %d", len(gotB), len(gotA))
		}
		// Each side pushes when it may, transmits, and acks when owed.
		if pushedA < n && a.Out.Ready() {
			a.Out.Push(TypeText, []byte(strconv.Itoa(pushedA)))
			pushedA++
		}
		if pushedB < n && b.Out.Ready() {
			b.Out.Push(TypeBinary, []byte(strconv.Itoa(pushedB)))
			pushedB++
		}
		if m, ok := a.Out.Next(); ok {
			ab = append(ab, a.AppendData(nil, m))
		} else if a.In.Stale() {
			ab = append(ab, a.AppendAck(nil))
		}
		if m, ok := b.Out.Next(); ok {
			ba = append(ba, b.AppendData(nil, m))
		} else if b.In.Stale() {
			ba = append(ba, b.AppendAck(nil))
		}
		for _, m := range []*Sender{a.Out, b.Out} {
			if _, bytes := m.Unacked(); bytes > replay+16 {
				t.Fatalf("replay buffer holds %d bytes, bound %d", bytes, replay)
			}
		}
		// The link delivers a random share of what is in flight.
		k := rng.IntN(len(ab) + 1)
		for _, p := range ab[:k] {
			deliver(&b, p, &gotA)
		}
		ab = ab[k:]
		k = rng.IntN(len(ba) + 1)
		for _, p := range ba[:k] {
			deliver(&a, p, &gotB)
		}
		ba = ba[k:]
		// Cut: drop what is in flight, then HELLO / WELCOME.
		if (len(gotA)+len(gotB))%every == 0 && rng.IntN(4) == 0 {
			ab, ba = nil, nil
			helloAck, helloLimit := a.In.Told()
			welcomeAck, welcomeLimit := b.In.Told()
			if err := b.Out.Ack(helloAck); err != nil {
				t.Fatal(err)
			}
			_ = b.Out.Credit(helloLimit)
			if err := a.Out.Ack(welcomeAck); err != nil {
				t.Fatal(err)
			}
			_ = a.Out.Credit(welcomeLimit)
			a.Out.Rewind()
			b.Out.Rewind()
		}
	}
	res.retransmitted = int(a.Out.Retransmitted() + b.Out.Retransmitted())
	res.missingAB, res.dupAB = check(gotA, n)
	res.missingBA, res.dupBA = check(gotB, n)
	return res
}

// check counts the missing and out-of-place values of got, which should
// be 0 … n−1 in order.
func check(got []uint64, n int) (missing, wrong int) {
	for i, v := range got {
		if v != uint64(i) {
			wrong++
		}
	}
	return max(n-len(got), 0), wrong
}

// TestSenderResendPace: after a Rewind, messages transmitted before go out
// at most ResendPace bytes (by cost) beyond the ack, and each ack widens the
// pace by what it frees; new messages are not held by it. Retransmitted
// counts what went out again, not what was rewound.
func TestSenderResendPace(t *testing.T) {
	t.Parallel()
	const size = 1024 - MessageCostOverhead // cost 1 KiB each
	s := NewSender(1<<30, 1<<30)
	for range 200 {
		s.Push(TypeBinary, make([]byte, size))
		s.Next()
	}
	if n := s.Rewind(); n != 200 {
		t.Fatalf("Rewind() = %d want 200", n)
	}
	var last uint64 // the last seq transmitted
	burst := func() int {
		n := 0
		for m, ok := s.Next(); ok; m, ok = s.Next() {
			n++
			last = m.Seq
		}
		return n
	}
	if n := burst(); n != ResendPace/1024 {
		t.Fatalf("first burst after Rewind: %d messages want %d (the pace)", n, ResendPace/1024)
	}
	if err := s.Ack(10); err != nil {
		t.Fatal(err)
	}
	if n := burst(); n != 20 { // 10 freed, and the pace grew by 10
		t.Errorf("burst after acking 10: %d messages want 20", n)
	}
	if got := s.Retransmitted(); got != ResendPace/1024+20 {
		t.Errorf("Retransmitted() = %d want %d", got, ResendPace/1024+20)
	}
	for s.Acked() < 200 { // ack all in flight, until every one went again
		if err := s.Ack(last); err != nil {
			t.Fatal(err)
		}
		burst()
	}
	s.Push(TypeBinary, make([]byte, size))
	s.Push(TypeBinary, make([]byte, size))
	if n := burst(); n != 2 {
		t.Errorf("new messages after the retransmission: %d sent want 2", n)
	}
	if got := s.Retransmitted(); got != 200 {
		t.Errorf("Retransmitted() after all = %d want 200", got)
	}
}
