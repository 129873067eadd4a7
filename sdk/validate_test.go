package sdk_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wasmws/wasmws/internal/testpki"
	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/sdk"
)

// TestNewURL runs the WebSocket constructor's URL rules through New, so the
// browser's own parser (GOOS=js) and ParseURL (native) answer the same cases.
func TestNewURL(t *testing.T) {
	host := wstest.EchoHost(t)
	testCases := []struct {
		name, url, want string
		err             error
	}{
		{"ws", "ws://" + host + "/echo", "ws://" + host + "/echo", nil},
		{"http becomes ws", "http://" + host + "/echo", "ws://" + host + "/echo", nil},
		{"https becomes wss", "https://127.0.0.1:1/x", "wss://127.0.0.1:1/x", nil},
		{"upper-case scheme", "WS://" + host + "/echo", "ws://" + host + "/echo", nil},
		{"upper-case host", "ws://LOCALHOST:1/a", "ws://localhost:1/a", nil},
		{"empty path", "ws://" + host, "ws://" + host + "/", nil},
		{"default port dropped", "ws://127.0.0.1:80/p", "ws://127.0.0.1/p", nil},
		{"wss default port dropped", "wss://127.0.0.1:443/p", "wss://127.0.0.1/p", nil},
		{"query kept", "ws://" + host + "/echo?a=1&b", "ws://" + host + "/echo?a=1&b", nil},
		{"surrounding spaces", "  ws://" + host + "/echo \n", "ws://" + host + "/echo", nil},
		{"fragment", "ws://" + host + "/echo#frag", "", sdk.ErrSyntax},
		{"empty fragment", "ws://" + host + "/echo#", "", sdk.ErrSyntax},
		{"ftp scheme", "ftp://" + host + "/", "", sdk.ErrSyntax},
		{"file scheme", "file:///etc/passwd", "", sdk.ErrSyntax},
		{"extra slashes", "ws:///127.0.0.1:1/x", "ws://127.0.0.1:1/x", nil},
		{"backslashes", `ws:\\127.0.0.1:1\x`, "ws://127.0.0.1:1/x", nil},
		{"no host", "ws://", "", sdk.ErrSyntax},
		{"no host, query", "ws://?x", "", sdk.ErrSyntax},
		{"port too big", "ws://127.0.0.1:65536/", "", sdk.ErrSyntax},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := sdk.New(tc.url, nil)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("New(%q) = %v, want %v", tc.url, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("New(%q) = %v", tc.url, err)
			}
			defer c.Close(sdk.StatusNormalClosure, "")
			if got := c.URL(); got != tc.want {
				t.Errorf("New(%q).URL() = %q want %q", tc.url, got, tc.want)
			}
		})
	}
}

// TestNewRelativeURL: the browser resolves a relative URL against the
// page's base URL; natively there is no base, so it is ErrSyntax.
func TestNewRelativeURL(t *testing.T) {
	for _, rel := range []string{"/echo", "", "::", "echo?x=1"} {
		c, err := sdk.New(rel, nil)
		if !resolvesRelativeURLs {
			if !errors.Is(err, sdk.ErrSyntax) {
				t.Errorf("New(%q) = %v, want ErrSyntax", rel, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("New(%q) = %v", rel, err)
			continue
		}
		if got := c.URL(); !strings.HasPrefix(got, "ws://") {
			t.Errorf("New(%q).URL() = %q, want ws://<page host>/...", rel, got)
		}
		_ = c.Close(sdk.StatusNormalClosure, "")
	}
}

func TestNewProtocols(t *testing.T) {
	url := wstest.EchoURL(t, "")
	testCases := []struct {
		name      string
		protocols []string
		err       error
	}{
		{"none", nil, nil},
		{"one", []string{"chat"}, nil},
		{"token characters", []string{"a!#$%&'*+-.^_`|~z09"}, nil},
		{"empty", []string{""}, sdk.ErrSyntax},
		{"space", []string{"a b"}, sdk.ErrSyntax},
		{"separator", []string{"a/b"}, sdk.ErrSyntax},
		{"comma", []string{"a,b"}, sdk.ErrSyntax},
		{"non-ASCII", []string{"é"}, sdk.ErrSyntax},
		{"control", []string{"a\x01"}, sdk.ErrSyntax},
		{"duplicate", []string{"chat", "chat"}, sdk.ErrSyntax},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := sdk.New(url, &sdk.Options{Protocols: tc.protocols})
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("New(protocols %q) = %v, want %v", tc.protocols, err, tc.err)
			}
			if c != nil {
				_ = c.Close(sdk.StatusNormalClosure, "")
			}
		})
	}
}

func TestCloseValidation(t *testing.T) {
	testCases := []struct {
		name   string
		code   sdk.StatusCode
		reason string
		err    error
	}{
		{"999", 999, "", sdk.ErrInvalidAccess},
		{"1001 going away", sdk.StatusGoingAway, "", sdk.ErrInvalidAccess},
		{"1008", sdk.StatusPolicyViolation, "", sdk.ErrInvalidAccess},
		{"1011", sdk.StatusInternalError, "", sdk.ErrInvalidAccess},
		{"2999", 2999, "", sdk.ErrInvalidAccess},
		{"5000", 5000, "", sdk.ErrInvalidAccess},
		{"code checked before reason", 1001, strings.Repeat("x", 200), sdk.ErrInvalidAccess},
		{"reason 124 bytes", sdk.StatusNormalClosure, strings.Repeat("x", 124), sdk.ErrSyntax},
		{"reason 42 euro signs (126 bytes)", 4000, strings.Repeat("€", 42), sdk.ErrSyntax},
		{"reason not UTF-8", 4000, "\xff", sdk.ErrSyntax},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := dial(t, "", nil)
			if err := c.Close(tc.code, tc.reason); !errors.Is(err, tc.err) {
				t.Fatalf("Close(%d, %d bytes) = %v, want %v", tc.code, len(tc.reason), err, tc.err)
			}
			if got := c.ReadyState(); got != sdk.Open {
				t.Errorf("after a rejected Close, ReadyState() = %v want Open", got)
			}
		})
	}
}

// TestCloseCodes closes with each kind of valid code and reason and checks
// what the server's reply carries back.
func TestCloseCodes(t *testing.T) {
	testCases := []struct {
		name     string
		code     sdk.StatusCode
		reason   string
		wantCode sdk.StatusCode
	}{
		{"1000", sdk.StatusNormalClosure, "bye", sdk.StatusNormalClosure},
		{"3000", 3000, "", 3000},
		{"4999", 4999, "last", 4999},
		{"reason 123 bytes", 4000, strings.Repeat("x", 123), 4000},
		{"reason 41 euro signs (123 bytes)", 4000, strings.Repeat("€", 41), 4000},
		{"no code", 0, "", sdk.StatusNoStatusRcvd},
		{"reason without code means 1000", 0, "why", sdk.StatusNormalClosure},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := dial(t, "", nil)
			if err := c.Close(tc.code, tc.reason); err != nil {
				t.Fatalf("Close(%d, %q) = %v", tc.code, tc.reason, err)
			}
			ce, ok := c.CloseStatus()
			if !ok || ce.Code != tc.wantCode || !ce.WasClean {
				t.Errorf("CloseStatus() = %+v, %v want code %v, clean", ce, ok, tc.wantCode)
			}
			if tc.wantCode != sdk.StatusNoStatusRcvd && ce.Reason != tc.reason {
				t.Errorf("CloseStatus().Reason = %q want %q", ce.Reason, tc.reason)
			}
		})
	}
}

func TestInvalidOptions(t *testing.T) {
	url := wstest.EchoURL(t, "")
	testCases := []struct {
		name string
		opts sdk.Options
	}{
		{"negative ReadLimit", sdk.Options{ReadLimit: -1}},
		{"negative HighWaterMark", sdk.Options{HighWaterMark: -1}},
		{"negative LowWaterMark", sdk.Options{LowWaterMark: -1}},
		{"negative ReceiveBuffer", sdk.Options{ReceiveBuffer: -1}},
		{"negative CloseTimeout", sdk.Options{CloseTimeout: -1}},
		{"LowWaterMark above HighWaterMark", sdk.Options{HighWaterMark: 10, LowWaterMark: 11}},
		{"LowWaterMark above default HighWaterMark", sdk.Options{LowWaterMark: 2 << 20}},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := sdk.New(url, &tc.opts); !errors.Is(err, sdk.ErrInvalidOptions) {
				t.Fatalf("New(%+v) = %v, want ErrInvalidOptions", tc.opts, err)
			}
		})
	}
}

func TestOptionsNotModified(t *testing.T) {
	opts := &sdk.Options{Protocols: []string{"chat"}}
	c := dial(t, "", opts)
	if opts.HighWaterMark != 0 || opts.ReadLimit != 0 || len(opts.Protocols) != 1 {
		t.Errorf("Dial changed the caller's options: %+v", *opts)
	}
	if got := c.Protocol(); got != "chat" {
		t.Errorf("Protocol() = %q want chat", got)
	}
}

func TestHeaderOption(t *testing.T) {
	c, err := sdk.New(wstest.EchoURL(t, ""), &sdk.Options{Header: map[string][]string{"X-Test": {"1"}}})
	if !native {
		if !errors.Is(err, sdk.ErrUnsupported) {
			t.Fatalf("New with Header = %v, want ErrUnsupported", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("New with Header = %v", err)
	}
	_ = c.Close(sdk.StatusNormalClosure, "")
}

func TestInsecureOption(t *testing.T) {
	c, err := sdk.New(wstest.EchoURL(t, ""), &sdk.Options{InsecureSkipVerify: true})
	if !native { // the browser decides what to trust
		if !errors.Is(err, sdk.ErrUnsupported) {
			t.Fatalf("New with InsecureSkipVerify = %v, want ErrUnsupported", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("New with InsecureSkipVerify = %v", err)
	}
	_ = c.Close(sdk.StatusNormalClosure, "")
}

// TestTLSOptions: natively, New parses the PEM options and rejects bad ones
// with ErrInvalidOptions (Validate too); in the browser, which decides what
// certificates to trust and present, any of them makes New fail with
// ErrUnsupported, and Validate, which does not know the target, accepts them.
func TestTLSOptions(t *testing.T) {
	pki := testpki.New(t)
	other := testpki.New(t)
	testCases := []struct {
		name string
		opts sdk.Options
		bad  bool // natively ErrInvalidOptions
	}{
		{"RootCAs", sdk.Options{RootCAs: pki.CACert}, false},
		{"two RootCAs and text around", sdk.Options{RootCAs: append(append([]byte("ours:\n"), pki.CACert...), other.CACert...)}, false},
		{"client pair", sdk.Options{ClientCertificate: pki.ClientCert, ClientKey: pki.ClientKey}, false},
		{"RootCAs not PEM", sdk.Options{RootCAs: []byte("not a certificate")}, true},
		{"RootCAs key only", sdk.Options{RootCAs: pki.ClientKey}, true},
		{"RootCAs corrupt block", sdk.Options{RootCAs: testpki.PEM("CERTIFICATE", []byte("junk"))}, true},
		{"certificate without key", sdk.Options{ClientCertificate: pki.ClientCert}, true},
		{"key without certificate", sdk.Options{ClientKey: pki.ClientKey}, true},
		{"mismatched pair", sdk.Options{ClientCertificate: pki.ClientCert, ClientKey: other.ClientKey}, true},
		{"certificate not PEM", sdk.Options{ClientCertificate: []byte("x"), ClientKey: pki.ClientKey}, true},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.opts.Validate()
			if native && tc.bad {
				if !errors.Is(err, sdk.ErrInvalidOptions) {
					t.Errorf("Validate() = %v, want ErrInvalidOptions", err)
				}
			} else if err != nil {
				t.Errorf("Validate() = %v, want nil", err)
			}
			c, err := sdk.New(wstest.EchoURL(t, ""), &tc.opts)
			switch {
			case !native:
				if !errors.Is(err, sdk.ErrUnsupported) {
					t.Errorf("New() = %v, want ErrUnsupported", err)
				}
			case tc.bad:
				if !errors.Is(err, sdk.ErrInvalidOptions) {
					t.Errorf("New() = %v, want ErrInvalidOptions", err)
				}
			case err != nil:
				t.Errorf("New() = %v", err)
			}
			if c != nil {
				_ = c.Close(sdk.StatusNormalClosure, "")
			}
		})
	}
}
