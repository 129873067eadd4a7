//go:build !js

package redisstore

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/wasmws/wasmws/internal/testredis"
	"github.com/wasmws/wasmws/resume/storetest"
)

// TestConformance runs the Store conformance suite on the Redis store; each
// test has its own prefix in one redis-server.
func TestConformance(t *testing.T) {
	r := testredis.Start(t)
	var n atomic.Int64
	storetest.Run(t, func(t *testing.T, b storetest.Bounds) storetest.Store {
		s := newTestStore(t, r.URL(), &Options{
			Prefix:   fmt.Sprintf("{t%d}:", n.Add(1)),
			MaxBytes: b.MaxBytes, MaxSessions: b.MaxSessions,
		})
		return storetest.Store{Store: s, Usage: func() (int, int64, int64) {
			sessions, reserved, bytes, err := s.Usage(context.Background())
			if err != nil {
				t.Errorf("Usage: %v", err)
			}
			return sessions, reserved, bytes
		}}
	})
}

func newTestStore(t *testing.T, url string, o *Options) *Store {
	t.Helper()
	s, err := New(url, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
