//go:build !js

package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/redis/go-redis/v9"

	"github.com/wasmws/wasmws/resume"
	"github.com/wasmws/wasmws/resume/redisstore"
)

// resumeStoreUsage is the help of serve's -resume-store flag.
const resumeStoreUsage = "where resume-mode sessions live: `memory` (this process only) or " +
	"redis://HOST:PORT/DB (shared: a client may resume on any server using the same Redis; " +
	"rediss:// for TLS, redis://user:password@... to authenticate)"

// openResumeStore returns the store spec names, and what closes it: nil for
// memory (the server's own default). A Redis that does not answer is
// logged, not fatal: the server serves meanwhile (see package server).
func openResumeStore(ctx context.Context, spec string, log *slog.Logger) (resume.Store, io.Closer, error) {
	switch {
	case spec == "" || spec == "memory":
		return nil, nil, nil
	case strings.HasPrefix(spec, "redis://"), strings.HasPrefix(spec, "rediss://"):
		s, err := redisstore.New(spec, nil)
		if err != nil {
			return nil, nil, err
		}
		// The Redis client's own lines go to the server's log, in its format.
		redisLogger.Store(log)
		redisLogOnce.Do(func() { redis.SetLogger(redisLog{}) })
		if err := s.Ping(ctx); err != nil {
			log.Warn("resume store: redis does not answer; serving anyway", "err", err)
		}
		return s, s, nil
	}
	return nil, nil, fmt.Errorf("-resume-store %q: want memory or redis://HOST:PORT/DB", spec)
}

// The Redis client logs through one process-wide logger, which it reads at
// each line: redisLog, set when the first Redis store opens, writes to the
// log of the last server that opened one (the one server of a command;
// tests run several).
var (
	redisLogOnce sync.Once
	redisLogger  atomic.Pointer[slog.Logger]
)

// redisLog writes the Redis client's log lines (which log.Printf wrote,
// in another format) as warnings of redisLogger.
type redisLog struct{}

// Printf logs one line of the Redis client.
func (redisLog) Printf(ctx context.Context, format string, v ...any) {
	redisLogger.Load().WarnContext(ctx, strings.TrimPrefix(fmt.Sprintf(format, v...), "redis: "), "from", "redis client")
}
