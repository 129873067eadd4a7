//go:build !js

package server

import (
	"bytes"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

func TestCheckOrigin(t *testing.T) {
	t.Parallel()
	patterns := []string{"*.example.com", "https://app.test:8443"}
	testCases := []struct {
		host, origin string
		ok           bool
	}{
		{"srv:9998", "", true},
		{"srv:9998", "http://srv:9998", true},
		{"srv:9998", "https://SRV:9998", true},
		{"srv:9998", "http://localhost", true},
		{"srv:9998", "http://localhost:3000", true},
		{"srv:9998", "http://LocalHost:3000", true},
		{"srv:9998", "http://127.0.0.1:8080", true},
		{"srv:9998", "http://[::1]:5173", true},
		{"srv:9998", "http://a.example.com", true},
		{"srv:9998", "https://app.test:8443", true},
		{"srv:9998", "http://app.test:8443", false}, // the pattern names the scheme
		{"srv:9998", "http://example.com", false},
		{"srv:9998", "http://srv:9999", false},
		{"srv:9998", "http://evil.test", false},
		{"srv:9998", "http://127.0.0.2", false},
		{"srv:9998", "http://localhost.evil.test", false},
		{"srv:9998", "null", false},
		{"srv:9998", "://bad", false},
	}
	for _, tc := range testCases {
		t.Run(tc.origin, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("GET", "http://"+tc.host+"/echo", nil)
			if tc.origin != "" {
				r.Header.Set("Origin", tc.origin)
			}
			err := checkOrigin(r, patterns)
			if got := err == nil; got != tc.ok {
				t.Errorf("checkOrigin(host %q, origin %q) = %v, want allowed %v", tc.host, tc.origin, err, tc.ok)
			}
		})
	}
}

func TestValidOriginPatterns(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	in := []string{"*.ok.test", "[bad", "fine.test"}
	got := validOriginPatterns(in, log)
	if want := []string{"*.ok.test", "fine.test"}; !slices.Equal(got, want) {
		t.Errorf("validOriginPatterns(%q) = %q want %q", in, got, want)
	}
	if want := []string{"*.ok.test", "[bad", "fine.test"}; !slices.Equal(in, want) {
		t.Errorf("validOriginPatterns changed its input to %q", in)
	}
	if !strings.Contains(logs.String(), "[bad") {
		t.Errorf("log = %q, want it to name the malformed pattern", logs.String())
	}
}
