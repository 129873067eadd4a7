package sdk_test

import (
	"errors"
	"testing"

	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/sdk"
)

// TestHostileServer: the bundled server's raw faults play a server that
// breaks the protocol; the connection fails (1006, not clean) on both
// targets, as the browser fails it, and nothing it sent is delivered.
// Natively the cause matches ErrProtocol; the browser tells a page no cause.
func TestHostileServer(t *testing.T) {
	testCases := []struct {
		name  string
		query string
	}{
		{"masked frame", "raw=82850101010169646d6d6e"},
		{"close reason not UTF-8", "raw=880403e8fffe"},
		{"close code 1005", "raw=880203ed"},
		{"close frame of one byte", "raw=880103"},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var ce sdk.CloseError
			c, err := sdk.Dial(testContext(t), wstest.EchoURL(t, tc.query), nil)
			if err != nil {
				// Firefox may fail such a connection before it opens
				// (documented): Dial then fails as Receive would.
				if firefoxAccepts(tc.name) != "unopened" {
					t.Fatalf("Dial(%q) = %v", tc.query, err)
				}
				if !errors.As(err, &ce) || ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
					t.Errorf("Firefox: Dial() = %v, want CloseError 1006 unclean", err)
				}
				return
			}
			t.Cleanup(func() { _ = c.Close(sdk.StatusNormalClosure, "") })
			_, p, err := c.Receive(testContext(t))
			switch firefoxAccepts(tc.name) { // Firefox: documented, not normalised
			case "deliver":
				if err != nil {
					t.Errorf("Firefox: Receive() = %v, want the message delivered", err)
				}
				return
			case "1005":
				if !errors.As(err, &ce) || ce.Code != sdk.StatusNoStatusRcvd {
					t.Errorf("Firefox: Receive() = %v, want CloseError 1005", err)
				}
				return
			}
			switch {
			case err == nil:
				t.Fatalf("Receive() = %q, want the connection failed", p)
			case !errors.As(err, &ce) || ce.Code != sdk.StatusAbnormalClosure || ce.WasClean:
				t.Errorf("Receive() = %v, want CloseError 1006 unclean", err)
			case native && !errors.Is(err, sdk.ErrProtocol):
				t.Errorf("Receive() = %v, want an error matching ErrProtocol", err)
			}
		})
	}
	// Answers to our close frame that break the protocol. WebKit reports the
	// code of the frame it refused (1005, 1000), not clean; the SDK reports
	// 1006 as the standard says.
	for _, tc := range []struct{ name, query string }{
		{"close code 1005 answering ours", "rawclose=880203ed"},
		{"close reason not UTF-8 answering ours", "rawclose=880403e8fffe"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := dial(t, tc.query, nil)
			_ = c.Close(sdk.StatusCode(3000), "")
			ce, _ := c.CloseStatus()
			if firefoxAccepts(tc.name) == "1005" {
				if ce.Code != sdk.StatusNoStatusRcvd {
					t.Errorf("Firefox: CloseStatus() = %+v, want 1005", ce)
				}
				return
			}
			if ce != (sdk.CloseError{Code: sdk.StatusAbnormalClosure}) {
				t.Errorf("CloseStatus() = %+v, want 1006 unclean", ce)
			}
		})
	}
	t.Run("wrong accept", func(t *testing.T) {
		t.Parallel()
		_, err := sdk.Dial(testContext(t), wstest.EchoURL(t, "badaccept=1"), nil)
		var ce sdk.CloseError
		if !errors.As(err, &ce) || ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
			t.Errorf("Dial() = %v, want CloseError 1006 unclean", err)
		}
		if native && !errors.Is(err, sdk.ErrProtocol) {
			t.Errorf("Dial() = %v, want an error matching ErrProtocol", err)
		}
	})
	t.Run("sound script", func(t *testing.T) {
		// The control: a script that keeps the rules works.
		t.Parallel()
		c := dial(t, "raw=81026869", nil)
		if typ, p := receive(t, c); typ != sdk.Text || string(p) != "hi" {
			t.Errorf("Receive() = %v %q, want Text hi", typ, p)
		}
		_ = c.Close(sdk.StatusNormalClosure, "")
		if ce, _ := c.CloseStatus(); ce != (sdk.CloseError{Code: sdk.StatusNormalClosure, WasClean: true}) {
			t.Errorf("CloseStatus() = %+v, want 1000 clean", ce)
		}
	})
}
