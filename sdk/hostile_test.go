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
			c := dial(t, tc.query, nil)
			_, p, err := c.Receive(testContext(t))
			var ce sdk.CloseError
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
	t.Run("close code 1005 answering ours", func(t *testing.T) {
		t.Parallel()
		c := dial(t, "rawclose=880203ed", nil)
		_ = c.Close(sdk.StatusNormalClosure, "")
		ce, _ := c.CloseStatus()
		if firefoxAccepts("close code 1005 answering ours") == "1005" {
			if ce.Code != sdk.StatusNoStatusRcvd {
				t.Errorf("Firefox: CloseStatus() = %+v, want 1005", ce)
			}
			return
		}
		if ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
			t.Errorf("CloseStatus() = %+v, want 1006 unclean", ce)
		}
	})
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
