//go:build !js

package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

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
		if err := s.Ping(ctx); err != nil {
			log.Warn("resume store: redis does not answer; serving anyway", "err", err)
		}
		return s, s, nil
	}
	return nil, nil, fmt.Errorf("-resume-store %q: want memory or redis://HOST:PORT/DB", spec)
}
