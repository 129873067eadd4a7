//go:build !js

// Package storetest is the conformance suite of [resume.Store]: one set of
// behaviour tests that every implementation runs, [resume.MemoryStore]
// (package resume's tests) and the Redis store (package redisstore's), so
// that a server behaves the same whichever store it has. Only tests import
// it.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/resumeproto"
	"github.com/wasmws/wasmws/resume"
)

// Bounds are the bounds a test asks of a new store.
type Bounds struct {
	MaxBytes    int64
	MaxSessions int
}

// Store is a store under test, with its usage.
type Store struct {
	resume.Store
	// Usage returns the sessions held, the bytes reserved for them and the
	// payload bytes of their replay buffers.
	Usage func() (sessions int, reserved, bytes int64)
}

// NewStore returns an empty store with bounds b (zero: the store's
// defaults); it is closed at t.Cleanup.
type NewStore func(t *testing.T, b Bounds) Store

// Run runs the suite on the stores newStore makes.
func Run(t *testing.T, newStore NewStore) {
	tests := []struct {
		name string
		f    func(*testing.T, NewStore)
	}{
		{"Secrets", testSecrets},
		{"Unknown", testUnknown},
		{"Fencing", testFencing},
		{"Replay", testReplay},
		{"Progress", testProgress},
		{"AppendProgress", testAppendProgress},
		{"Bounds", testBounds},
		{"Tombstone", testTombstone},
		{"Expiry", testExpiry},
		{"RacingClaims", testRacingClaims},
		{"ClaimFencesWriter", testClaimFencesWriter},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.f(t, newStore)
		})
	}
}

var ctx = context.Background()

// create adds session id with pending secret h(1), as a server does.
func create(t *testing.T, s resume.Store, id string) {
	t.Helper()
	if err := s.Create(ctx, resume.Record{ID: id, Pending: h(1), Epoch: 1, Protocol: "chat", Limit: 7, Reserve: 100}); err != nil {
		t.Fatalf("Create(%s): %v", id, err)
	}
}

// h returns a distinct secret hash for each n.
func h(n byte) resume.Hash { return resume.Hash{n, 0xff, n} }

func msg(seq uint64, payload string) resumeproto.Message {
	return resumeproto.Message{Type: resumeproto.TypeBinary, Seq: seq, Payload: []byte(payload)}
}

func claim(t *testing.T, s resume.Store, id string, secret, next resume.Hash, ack uint64) resume.Claimed {
	t.Helper()
	c, err := s.Claim(ctx, id, secret, next, ack)
	if err != nil {
		t.Fatalf("Claim(%s, ack %d): %v", id, ack, err)
	}
	return c
}

// testSecrets: Claim takes the pending or the current secret, rotates
// them, and Confirm makes the pending one current.
func testSecrets(t *testing.T, newStore NewStore) {
	s := newStore(t, Bounds{})
	create(t, s, "a")
	if _, err := s.Claim(ctx, "a", h(9), h(2), 0); !errors.Is(err, resume.ErrRefused) {
		t.Fatalf("Claim with a wrong secret = %v want ErrRefused", err)
	}
	c := claim(t, s, "a", h(1), h(2), 0)
	if r := c.Record; r.Epoch != 2 || r.Current != h(1) || r.Pending != h(2) || r.Protocol != "chat" || r.Limit != 7 || r.Reserve != 100 {
		t.Fatalf("Claim with the pending secret: record %+v want epoch 2, current h1, pending h2, chat, limit 7, reserve 100", r)
	}
	c = claim(t, s, "a", h(1), h(3), 0) // the client never got h2
	if r := c.Record; r.Epoch != 3 || r.Current != h(1) || r.Pending != h(3) {
		t.Fatalf("Claim with the current secret: record %+v want epoch 3, current h1, pending h3", r)
	}
	if err := s.Confirm(ctx, "a", 3); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Claim(ctx, "a", h(1), h(4), 0); !errors.Is(err, resume.ErrRefused) {
		t.Fatalf("Claim with the secret replaced by Confirm = %v want ErrRefused", err)
	}
	if _, err := s.Claim(ctx, "a", h(2), h(4), 0); !errors.Is(err, resume.ErrRefused) {
		t.Fatalf("Claim with a superseded pending secret = %v want ErrRefused", err)
	}
	c = claim(t, s, "a", h(3), h(4), 0)
	if r := c.Record; r.Epoch != 4 || r.Current != h(3) || r.Pending != h(4) {
		t.Fatalf("Claim after Confirm: record %+v want epoch 4, current h3, pending h4", r)
	}
}

// testUnknown: a session never created is unknown, without counts.
func testUnknown(t *testing.T, newStore NewStore) {
	s := newStore(t, Bounds{})
	_, err := s.Claim(ctx, "nope", h(1), h(2), 0)
	var exp *resume.ExpiredError
	if !errors.Is(err, resume.ErrUnknown) || errors.As(err, &exp) {
		t.Errorf("Claim of an unknown session = %v want plain ErrUnknown", err)
	}
	if err := s.Append(ctx, "nope", 1, msg(1, "x"), resume.Progress{}); !errors.Is(err, resume.ErrUnknown) {
		t.Errorf("Append to an unknown session = %v want ErrUnknown", err)
	}
}

// testFencing: every write with an epoch other than the session's fails
// with ErrSuperseded and changes nothing.
func testFencing(t *testing.T, newStore NewStore) {
	s := newStore(t, Bounds{})
	create(t, s, "a")
	claim(t, s, "a", h(1), h(2), 0) // epoch 2
	for _, epoch := range []uint64{1, 3} {
		for name, err := range map[string]error{
			"Confirm": s.Confirm(ctx, "a", epoch),
			"Append":  s.Append(ctx, "a", epoch, msg(1, "x"), resume.Progress{}),
			"Update":  s.Update(ctx, "a", epoch, resume.Progress{InSeq: 5, InOffset: 50, Limit: 99}),
			"Detach":  s.Detach(ctx, "a", epoch, time.Nanosecond),
			"Delete":  s.Delete(ctx, "a", epoch, false),
		} {
			if !errors.Is(err, resume.ErrSuperseded) {
				t.Errorf("%s with epoch %d (the session's is 2) = %v want ErrSuperseded", name, epoch, err)
			}
		}
	}
	time.Sleep(10 * time.Millisecond) // past the refused Detach's TTL
	c := claim(t, s, "a", h(1), h(3), 0)
	if r := c.Record; r.Epoch != 3 || r.Pending != h(3) || r.InSeq != 0 || r.OutSent != 0 || r.Limit != 7 || len(c.Replay) != 0 {
		t.Errorf("after refused writes: record %+v, %d replayed want epoch 3 and nothing changed", r, len(c.Replay))
	}
}

// testReplay: the replay buffer keeps appended messages in order, with
// their types and payloads, until acknowledged by Update or Claim; an ack
// out of range is refused.
func testReplay(t *testing.T, newStore NewStore) {
	s := newStore(t, Bounds{})
	create(t, s, "a")
	sent := []resumeproto.Message{
		{Type: resumeproto.TypeText, Seq: 1, Payload: []byte("one")},
		{Type: resumeproto.TypeBinary, Seq: 2, Payload: []byte{0, 1, 0xff, 0}},
		{Type: resumeproto.TypeBinary, Seq: 3, Payload: nil},
		{Type: resumeproto.TypeText, Seq: 4, Payload: bytes.Repeat([]byte("z"), 1000)},
	}
	for _, m := range sent {
		if err := s.Append(ctx, "a", 1, m, resume.Progress{Limit: 7}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Update(ctx, "a", 1, resume.Progress{OutAcked: 1, Limit: 7}); err != nil {
		t.Fatal(err)
	}
	if _, _, b := s.Usage(); b != 1004 {
		t.Errorf("Usage bytes after acking seq 1 = %d want 1004", b)
	}
	for _, ack := range []uint64{0, 5} {
		if _, err := s.Claim(ctx, "a", h(1), h(2), ack); !errors.Is(err, resume.ErrAckOutOfRange) {
			t.Errorf("Claim with ack %d (acked 1, sent 4) = %v want ErrAckOutOfRange", ack, err)
		}
	}
	c := claim(t, s, "a", h(1), h(2), 1)
	checkReplay(t, c, sent[1:])
	if c.Record.OutAcked != 1 || c.Record.OutSent != 4 {
		t.Errorf("record acked %d, sent %d want 1, 4", c.Record.OutAcked, c.Record.OutSent)
	}
	c = claim(t, s, "a", h(1), h(3), 3)
	checkReplay(t, c, sent[3:])
	c = claim(t, s, "a", h(1), h(4), 4)
	checkReplay(t, c, nil)
	if _, _, b := s.Usage(); b != 0 {
		t.Errorf("Usage bytes after acking everything = %d want 0", b)
	}
}

func checkReplay(t *testing.T, c resume.Claimed, want []resumeproto.Message) {
	t.Helper()
	if len(c.Replay) != len(want) {
		t.Fatalf("Claim replayed %d messages want %d", len(c.Replay), len(want))
	}
	for i, m := range c.Replay {
		w := want[i]
		if m.Seq != w.Seq || m.Type != w.Type || !bytes.Equal(m.Payload, w.Payload) {
			t.Errorf("replay[%d] = seq %d type %d %d bytes want seq %d type %d %d bytes", i, m.Seq, m.Type, len(m.Payload), w.Seq, w.Type, len(w.Payload))
		}
	}
}

// testProgress: Update's counts come back in the next Claim's record.
func testProgress(t *testing.T, newStore NewStore) {
	s := newStore(t, Bounds{})
	create(t, s, "a")
	if err := s.Update(ctx, "a", 1, resume.Progress{InSeq: 12, InOffset: 3400, Limit: 1 << 40}); err != nil {
		t.Fatal(err)
	}
	r := claim(t, s, "a", h(1), h(2), 0).Record
	if r.InSeq != 12 || r.InOffset != 3400 || r.Limit != 1<<40 {
		t.Errorf("record after Update: in %d, offset %d, limit %d want 12, 3400, %d", r.InSeq, r.InOffset, r.Limit, uint64(1)<<40)
	}
}

// testAppendProgress: Append records the progress it carries with the
// message, and counts the offset.
func testAppendProgress(t *testing.T, newStore NewStore) {
	s := newStore(t, Bounds{})
	create(t, s, "a")
	s.Append(ctx, "a", 1, msg(1, "abc"), resume.Progress{InSeq: 2, InOffset: 20, Limit: 30})
	if err := s.Append(ctx, "a", 1, msg(2, "de"), resume.Progress{InSeq: 5, InOffset: 50, OutAcked: 1, Limit: 99}); err != nil {
		t.Fatal(err)
	}
	c := claim(t, s, "a", h(1), h(2), 1)
	r := c.Record
	if r.InSeq != 5 || r.InOffset != 50 || r.Limit != 99 || r.OutAcked != 1 || r.OutSent != 2 || r.OutOffset != 5 {
		t.Errorf("record after Append = in %d, offset %d, limit %d, acked %d, sent %d, out offset %d want 5, 50, 99, 1, 2, 5",
			r.InSeq, r.InOffset, r.Limit, r.OutAcked, r.OutSent, r.OutOffset)
	}
	checkReplay(t, c, []resumeproto.Message{msg(2, "de")})
}

// testBounds: Create fails with ErrFull past MaxSessions or MaxBytes (the
// reserves), and succeeds again once a Delete frees room.
func testBounds(t *testing.T, newStore NewStore) {
	s := newStore(t, Bounds{MaxBytes: 250, MaxSessions: 3})
	create(t, s, "a")
	create(t, s, "b") // 200 of 250 bytes reserved
	if err := s.Create(ctx, resume.Record{ID: "c", Epoch: 1, Reserve: 100}); !errors.Is(err, resume.ErrFull) {
		t.Errorf("Create past MaxBytes = %v want ErrFull", err)
	}
	if err := s.Create(ctx, resume.Record{ID: "c", Epoch: 1, Reserve: 10}); err != nil {
		t.Fatalf("Create within both bounds: %v", err)
	}
	if err := s.Create(ctx, resume.Record{ID: "d", Epoch: 1}); !errors.Is(err, resume.ErrFull) {
		t.Errorf("Create past MaxSessions = %v want ErrFull", err)
	}
	if n, reserved, _ := s.Usage(); n != 3 || reserved != 210 {
		t.Errorf("Usage() = %d sessions, %d reserved want 3, 210", n, reserved)
	}
	if err := s.Delete(ctx, "b", 1, false); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, resume.Record{ID: "d", Epoch: 1, Reserve: 100}); err != nil {
		t.Errorf("Create after a Delete freed room: %v", err)
	}
}

// testTombstone: a session deleted with a tombstone answers Claim with its
// counts; without one, it is unknown.
func testTombstone(t *testing.T, newStore NewStore) {
	s := newStore(t, Bounds{})
	for _, id := range []string{"a", "b"} {
		create(t, s, id)
		s.Append(ctx, id, 1, msg(1, "x"), resume.Progress{})
		s.Append(ctx, id, 1, msg(2, "y"), resume.Progress{})
		s.Update(ctx, id, 1, resume.Progress{InSeq: 4, OutAcked: 1})
	}
	if err := s.Delete(ctx, "a", 1, true); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "b", 1, false); err != nil {
		t.Fatal(err)
	}
	var exp *resume.ExpiredError
	if _, err := s.Claim(ctx, "a", h(1), h(2), 1); !errors.As(err, &exp) || exp.Ack != 4 || exp.Sent != 2 || !errors.Is(err, resume.ErrExpired) {
		t.Errorf("Claim of a tombstoned session = %v want an *ExpiredError{Ack 4, Sent 2}", err)
	}
	if _, err := s.Claim(ctx, "b", h(1), h(2), 1); !errors.Is(err, resume.ErrUnknown) || errors.As(err, &exp) {
		t.Errorf("Claim of a session deleted without tombstone = %v want plain ErrUnknown", err)
	}
	if n, reserved, b := s.Usage(); n != 0 || reserved != 0 || b != 0 {
		t.Errorf("Usage() after deleting both = %d, %d, %d want 0, 0, 0", n, reserved, b)
	}
}

// testExpiry: a detached session can be claimed before its TTL; past it,
// it has expired, leaving a tombstone with its counts, and its room is
// free. (Expiry is checked only after the TTL has surely passed: no
// outcome depends on how fast the test runs.)
func testExpiry(t *testing.T, newStore NewStore) {
	s := newStore(t, Bounds{MaxSessions: 1})
	create(t, s, "a")
	s.Append(ctx, "a", 1, msg(1, "x"), resume.Progress{})
	s.Update(ctx, "a", 1, resume.Progress{InSeq: 3})
	if err := s.Detach(ctx, "a", 1, time.Hour); err != nil {
		t.Fatal(err)
	}
	claim(t, s, "a", h(1), h(2), 0) // epoch 2: the expiry is cancelled
	if err := s.Detach(ctx, "a", 2, time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	var exp *resume.ExpiredError
	if _, err := s.Claim(ctx, "a", h(1), h(3), 0); !errors.As(err, &exp) || exp.Ack != 3 || exp.Sent != 1 {
		t.Fatalf("Claim after the TTL = %v want an *ExpiredError{Ack 3, Sent 1}", err)
	}
	if n, reserved, b := s.Usage(); n != 0 || reserved != 0 || b != 0 {
		t.Errorf("Usage() after expiry = %d, %d, %d want 0, 0, 0", n, reserved, b)
	}
	// A detached session past its TTL makes room for a new one even if
	// nobody claims it.
	create(t, s, "b")
	s.Detach(ctx, "b", 1, time.Millisecond)
	time.Sleep(20 * time.Millisecond)
	if err := s.Create(ctx, resume.Record{ID: "c", Epoch: 1}); err != nil {
		t.Errorf("Create when the only session held has expired: %v", err)
	}
}

// testRacingClaims: several processes claim one session at once with the
// same secret; each claim gets its own epoch, and only the latest claimer's
// writes are accepted.
func testRacingClaims(t *testing.T, newStore NewStore) {
	s := newStore(t, Bounds{})
	create(t, s, "a")
	const n = 8
	epochs := make(chan uint64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c, err := s.Claim(ctx, "a", h(1), h(byte(10+i)), 0)
			if err != nil {
				t.Errorf("Claim: %v", err)
				return
			}
			epochs <- c.Record.Epoch
		})
	}
	wg.Wait()
	close(epochs)
	seen := map[uint64]bool{}
	latest := uint64(0)
	for e := range epochs {
		if seen[e] {
			t.Fatalf("two claims got epoch %d", e)
		}
		seen[e] = true
		latest = max(latest, e)
	}
	if latest != n+1 {
		t.Fatalf("latest epoch %d want %d", latest, n+1)
	}
	for e := range seen {
		err := s.Append(ctx, "a", e, msg(1, "x"), resume.Progress{})
		if e == latest && err != nil {
			t.Errorf("Append by the winner (epoch %d) = %v", e, err)
		}
		if e != latest && !errors.Is(err, resume.ErrSuperseded) {
			t.Errorf("Append by a loser (epoch %d) = %v want ErrSuperseded", e, err)
		}
	}
}

// testClaimFencesWriter: process A appends and acknowledges while process
// B claims the session. Every write of A that succeeded is in what B's
// Claim returns, and every one after it failed: no message is both lost to
// B and accepted from A, none is in both.
func testClaimFencesWriter(t *testing.T, newStore NewStore) {
	s := newStore(t, Bounds{})
	create(t, s, "a")
	var accepted []uint64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for seq := uint64(1); seq <= 500; seq++ {
			err := s.Append(ctx, "a", 1, msg(seq, fmt.Sprint(seq)), resume.Progress{InSeq: seq})
			if errors.Is(err, resume.ErrSuperseded) {
				// Once superseded, A stops: its later writes would fail too.
				if err := s.Update(ctx, "a", 1, resume.Progress{InSeq: seq}); !errors.Is(err, resume.ErrSuperseded) {
					t.Errorf("Update by the superseded writer = %v want ErrSuperseded", err)
				}
				return
			}
			if err != nil {
				t.Errorf("Append %d: %v", seq, err)
				return
			}
			accepted = append(accepted, seq)
		}
	}()
	time.Sleep(time.Millisecond) // let A start; either order is checked below
	c := claim(t, s, "a", h(1), h(2), 0)
	<-done
	if n := uint64(len(accepted)); len(c.Replay) != len(accepted) || c.Record.OutSent != n || c.Record.InSeq != n {
		t.Fatalf("B's claim holds %d messages (sent %d, in %d), A had %d accepted", len(c.Replay), c.Record.OutSent, c.Record.InSeq, n)
	}
	for i, m := range c.Replay {
		if m.Seq != accepted[i] || string(m.Payload) != fmt.Sprint(accepted[i]) {
			t.Fatalf("replay[%d] = seq %d %q want %d", i, m.Seq, m.Payload, accepted[i])
		}
	}
}
