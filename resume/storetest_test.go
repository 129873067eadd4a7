//go:build !js

package resume_test

import (
	"testing"

	"github.com/wasmws/wasmws/resume"
	"github.com/wasmws/wasmws/resume/storetest"
)

// TestMemoryStoreConformance runs the Store conformance suite on
// MemoryStore (package redisstore runs it on the Redis store).
func TestMemoryStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, b storetest.Bounds) storetest.Store {
		s := resume.NewMemoryStore(&resume.MemoryOptions{MaxBytes: b.MaxBytes, MaxSessions: b.MaxSessions})
		return storetest.Store{Store: s, Usage: s.Usage}
	})
}
