//go:build !js

package redisstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/wasmws/wasmws/internal/resumeproto"
	"github.com/wasmws/wasmws/internal/testredis"
	"github.com/wasmws/wasmws/resume"
)

// BenchmarkRedisMemory measures what Redis holds for the store (INFO
// used_memory, before and after): per session (a record of a new session,
// empty replay buffer), and per byte of payload in replay buffers (1 KiB
// messages, 100 per session). It reports bytes/session and
// bytes/buffered-byte; run it with -benchtime 1x:
//
//	go test -run '^$' -bench RedisMemory -benchtime 1x ./resume/redisstore
func BenchmarkRedisMemory(b *testing.B) {
	const sessions, perSession, size = 10_000, 100, 1024
	r := testredis.Start(b)
	ctx := context.Background()
	s, err := New(r.URL(), &Options{MaxSessions: sessions, MaxBytes: 1 << 40})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		if err := s.rdb.FlushDB(ctx).Err(); err != nil {
			b.Fatal(err)
		}
		before := usedMemory(b, s)
		for i := range sessions {
			rec := resume.Record{ID: fmt.Sprintf("%032x", i), Pending: resume.Hash{1}, Epoch: 1, Protocol: "chat", Limit: 1 << 20, Reserve: 1 << 20}
			if err := s.Create(ctx, rec); err != nil {
				b.Fatal(err)
			}
		}
		withSessions := usedMemory(b, s)
		payload := make([]byte, size)
		const buffered = 100 // sessions whose buffers are filled
		for i := range buffered {
			id := fmt.Sprintf("%032x", i)
			for seq := uint64(1); seq <= perSession; seq++ {
				if err := s.Append(ctx, id, 1, resumeproto.Message{Type: resumeproto.TypeBinary, Seq: seq, Payload: payload}, resume.Progress{}); err != nil {
					b.Fatal(err)
				}
			}
		}
		withBuffers := usedMemory(b, s)
		b.ReportMetric(float64(withSessions-before)/sessions, "bytes/session")
		b.ReportMetric(float64(withBuffers-withSessions)/(buffered*perSession*size), "bytes/buffered-byte")
	}
}

// usedMemory returns INFO memory's used_memory.
func usedMemory(b *testing.B, s *Store) int64 {
	info, err := s.rdb.Info(context.Background(), "memory").Result()
	if err != nil {
		b.Fatal(err)
	}
	for line := range strings.SplitSeq(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, "used_memory:"); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return n
		}
	}
	b.Fatal("no used_memory in INFO memory")
	return 0
}
