//go:build !js

package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// checkOrigin allows a WebSocket handshake by its Origin header: no Origin
// (not a browser), the same host as the request, a loopback host on any port,
// or a host matching one of patterns (see [Options.OriginPatterns]).
func checkOrigin(r *http.Request, patterns []string) error {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return nil
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return fmt.Errorf("origin %q is not a URL with a host", origin)
	}
	if strings.EqualFold(u.Host, r.Host) {
		return nil
	}
	switch strings.ToLower(u.Hostname()) {
	case "localhost", "127.0.0.1", "::1":
		return nil
	}
	for _, p := range patterns {
		target := u.Host
		if strings.Contains(p, "://") {
			target = u.Scheme + "://" + u.Host
		}
		if ok, _ := path.Match(strings.ToLower(p), strings.ToLower(target)); ok {
			return nil
		}
	}
	return fmt.Errorf("origin %q may not open WebSockets on %q (see the -origin flag of wasmws serve)", origin, r.Host)
}

// validOriginPatterns returns the patterns path.Match accepts, logging the
// others.
func validOriginPatterns(patterns []string, log *slog.Logger) []string {
	valid := patterns[:0:0]
	for _, p := range patterns {
		if _, err := path.Match(p, ""); err != nil {
			log.Warn("ignoring malformed origin pattern", "pattern", p, "err", err)
			continue
		}
		valid = append(valid, p)
	}
	return valid
}
