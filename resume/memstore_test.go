//go:build !js

package resume

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/wasmws/wasmws/internal/resumeproto"
)

func TestMemoryStoreBounds(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryStore(&MemoryOptions{MaxBytes: 3 << 20, MaxSessions: 5})
	for i := range 3 {
		if err := s.Create(ctx, Record{ID: string(rune('a' + i)), Epoch: 1, Reserve: 1 << 20}); err != nil {
			t.Fatalf("Create #%d: %v", i+1, err)
		}
	}
	if err := s.Create(ctx, Record{ID: "d", Epoch: 1, Reserve: 1 << 20}); !errors.Is(err, ErrFull) {
		t.Errorf("Create past MaxBytes = %v want ErrFull", err)
	}
	if err := s.Append(ctx, "a", 1, resumeproto.Message{Seq: 1, Payload: make([]byte, 1000)}, Progress{}); err != nil {
		t.Fatal(err)
	}
	if n, reserved, bytes := s.Usage(); n != 3 || reserved != 3<<20 || bytes != 1000 {
		t.Errorf("Usage() = %d, %d, %d want 3, %d, 1000", n, reserved, bytes, 3<<20)
	}
	if err := s.Update(ctx, "a", 1, Progress{OutAcked: 1}); err != nil {
		t.Fatal(err)
	}
	if _, _, bytes := s.Usage(); bytes != 0 {
		t.Errorf("after the ack the buffer holds %d bytes want 0", bytes)
	}
	if err := s.Append(ctx, "a", 2, resumeproto.Message{Seq: 2}, Progress{}); !errors.Is(err, ErrSuperseded) {
		t.Errorf("Append with a newer epoch than the session's = %v want ErrSuperseded", err)
	}
	if err := s.Delete(ctx, "b", 1, false); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, Record{ID: "d", Epoch: 1, Reserve: 1 << 20}); err != nil {
		t.Errorf("Create after a Delete freed room: %v", err)
	}
}

// TestMemoryStoreExpires: a detached session expires after its TTL by
// itself, leaving a tombstone with its counts, which expires in turn.
func TestMemoryStoreExpires(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		s := NewMemoryStore(&MemoryOptions{TombstoneTTL: time.Hour})
		secret := Hash{1}
		s.Create(ctx, Record{ID: "a", Current: secret, Epoch: 1, Reserve: 10})
		s.Append(ctx, "a", 1, resumeproto.Message{Seq: 1, Payload: []byte("x")}, Progress{})
		s.Update(ctx, "a", 1, Progress{InSeq: 4})
		s.Detach(ctx, "a", 1, time.Minute)
		time.Sleep(59 * time.Second)
		if _, err := s.Claim(ctx, "a", secret, Hash{2}, 0); err != nil {
			t.Fatalf("Claim before the TTL: %v", err)
		}
		s.Detach(ctx, "a", 2, time.Minute)
		time.Sleep(time.Minute + time.Second)
		_, err := s.Claim(ctx, "a", Hash{2}, Hash{3}, 0)
		var exp *ExpiredError
		if !errors.As(err, &exp) || exp.Ack != 4 || exp.Sent != 1 {
			t.Fatalf("Claim after the TTL = %v want an *ExpiredError{Ack 4, Sent 1}", err)
		}
		if n, reserved, bytes := s.Usage(); n != 0 || reserved != 0 || bytes != 0 {
			t.Errorf("Usage() after expiry = %d, %d, %d want 0, 0, 0", n, reserved, bytes)
		}
		time.Sleep(time.Hour)
		if _, err := s.Claim(ctx, "a", Hash{2}, Hash{3}, 0); !errors.Is(err, ErrUnknown) || errors.As(err, &exp) {
			t.Errorf("Claim after the tombstone's TTL = %v want plain ErrUnknown", err)
		}
	})
}

// TestMemoryStoreRace: two connections (two server processes, with a
// shared store) claim one session at once; the later claim wins and the
// earlier one's writes are refused, so only one of them carries on.
func TestMemoryStoreRace(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryStore(nil)
	secret := Hash{1}
	s.Create(ctx, Record{ID: "a", Current: secret, Epoch: 1})
	results := make(chan Claimed, 2)
	for i := range 2 {
		go func() {
			c, err := s.Claim(ctx, "a", secret, Hash{byte(10 + i)}, 0)
			if err != nil {
				t.Errorf("Claim: %v", err)
			}
			results <- c
		}()
	}
	a, b := <-results, <-results
	if a.Record.Epoch == b.Record.Epoch {
		t.Fatalf("both claims got epoch %d", a.Record.Epoch)
	}
	older, newer := min(a.Record.Epoch, b.Record.Epoch), max(a.Record.Epoch, b.Record.Epoch)
	msg := resumeproto.Message{Seq: 1, Payload: []byte("x")}
	if err := s.Append(ctx, "a", older, msg, Progress{}); !errors.Is(err, ErrSuperseded) {
		t.Errorf("Append by the loser (epoch %d) = %v want ErrSuperseded", older, err)
	}
	if err := s.Append(ctx, "a", newer, msg, Progress{}); err != nil {
		t.Errorf("Append by the winner (epoch %d) = %v", newer, err)
	}
}
