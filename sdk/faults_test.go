package sdk_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/sdk"
)

// TestServerClose covers close codes and reasons sent by the server, and
// that messages received before the close are still delivered.
func TestServerClose(t *testing.T) {
	testCases := []struct {
		name   string
		query  string
		code   sdk.StatusCode
		reason string
	}{
		{"1000 at once", "close=1000", sdk.StatusNormalClosure, ""},
		{"1001 after one message", "close=1001&reason=bye&after=1", sdk.StatusGoingAway, "bye"},
		{"1012 service restart", "close=1012&after=1", sdk.StatusServiceRestart, ""},
		{"4001 non-ASCII reason", "close=4001&reason=%C3%BCber&after=1", 4001, "über"},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := dial(t, tc.query, nil)
			if strings.Contains(tc.query, "after=1") {
				if err := c.SendText(testContext(t), "one"); err != nil {
					t.Fatalf("Send() = %v", err)
				}
				if _, p := receive(t, c); string(p) != "one" {
					t.Fatalf("echo = %q want one", p)
				}
			}
			ce, _ := receiveClose(t, c)
			code, clean := seenCloseCode(tc.code)
			reason := tc.reason
			if !clean {
				reason = ""
			}
			if ce.Code != code || ce.Reason != reason || ce.WasClean != clean {
				t.Errorf("CloseError = %+v, want %v %q clean %v", ce, code, reason, clean)
			}
			if st := waitDone(t, c); st != ce {
				t.Errorf("CloseStatus() = %+v, Receive said %+v", st, ce)
			}
		})
	}
}

// TestMessagesBeforeClose: pushed messages queued before the server's close
// are all delivered, then the close.
func TestMessagesBeforeClose(t *testing.T) {
	c := dial(t, "push=3&size=10&close=4000&reason=done", nil)
	waitDone(t, c)
	for i := range 3 {
		if _, p := receive(t, c); !bytes.Equal(p, pattern(i, 10)) {
			t.Fatalf("message %d = %v", i, p)
		}
	}
	if ce, _ := receiveClose(t, c); ce.Code != 4000 || ce.Reason != "done" {
		t.Errorf("CloseError = %+v want 4000 done", ce)
	}
}

func TestDrop(t *testing.T) {
	c := dial(t, "drop=1", nil)
	if err := c.SendText(testContext(t), "one"); err != nil {
		t.Fatalf("Send() = %v", err)
	}
	if _, p := receive(t, c); string(p) != "one" {
		t.Fatalf("echo = %q", p)
	}
	ce, _ := receiveClose(t, c)
	if ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
		t.Errorf("after drop, CloseError = %+v want 1006 unclean", ce)
	}
}

func TestRejectedHandshake(t *testing.T) {
	for _, status := range []string{"403", "503"} {
		t.Run(status, func(t *testing.T) {
			t.Parallel()
			_, err := sdk.Dial(testContext(t), wstest.EchoURL(t, "reject="+status), nil)
			var ce sdk.CloseError
			if !errors.As(err, &ce) || ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
				t.Fatalf("Dial(reject=%s) = %v, want CloseError 1006 unclean", status, err)
			}
			if !errors.Is(err, sdk.ErrClosed) {
				t.Errorf("Dial(reject=%s) = %v, does not match ErrClosed", status, err)
			}
		})
	}
}

func TestDelay(t *testing.T) {
	c := dial(t, "delay=20ms", nil)
	for i := range 5 {
		if err := c.Send(testContext(t), sdk.Binary, []byte{byte(i)}); err != nil {
			t.Fatalf("Send() = %v", err)
		}
	}
	for i := range 5 {
		if _, p := receive(t, c); len(p) != 1 || p[0] != byte(i) {
			t.Fatalf("echo %d = %v", i, p)
		}
	}
}

func TestPush(t *testing.T) {
	c := dial(t, "push=5&size=1000", nil)
	for i := range 5 {
		typ, p := receive(t, c)
		if typ != sdk.Binary || !bytes.Equal(p, pattern(i, 1000)) {
			t.Fatalf("pushed message %d = %v %d bytes, want the pattern", i, typ, len(p))
		}
	}
	c = dial(t, "push=2&size=30&pushtype=text", nil)
	for i := range 2 {
		typ, p := receive(t, c)
		if typ != sdk.Text || len(p) != 30 || p[0] != byte('a'+i%26) {
			t.Fatalf("pushed text %d = %v %q", i, typ, p)
		}
	}
}
