package sdk_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/sdk"
)

func TestEcho(t *testing.T) {
	testCases := []struct {
		name string
		typ  sdk.MessageType
		data []byte
	}{
		{"text", sdk.Text, []byte("hello")},
		{"binary", sdk.Binary, []byte{0, 1, 2, 0xff}},
		{"empty text", sdk.Text, []byte{}},
		{"empty binary", sdk.Binary, nil},
		{"non-ASCII text", sdk.Text, []byte("héllo, 世界 🌍")},
		{"1 MiB binary", sdk.Binary, pattern(7, 1<<20)},
		{"1 MiB text", sdk.Text, []byte(strings.Repeat("abcdefgh", 1<<17))},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := dial(t, "", nil)
			if err := c.Send(testContext(t), tc.typ, tc.data); err != nil {
				t.Fatalf("Send() = %v", err)
			}
			typ, got := receive(t, c)
			if typ != tc.typ || !bytes.Equal(got, tc.data) {
				t.Errorf("echo = %v %d bytes, want %v %d bytes (equal: %v)", typ, len(got), tc.typ, len(tc.data), bytes.Equal(got, tc.data))
			}
			if got == nil {
				t.Errorf("Receive() returned a nil slice for an empty message; want empty, non-nil")
			}
		})
	}
}

// TestEchoSizesInTurn sends binary messages whose sizes change from one to
// the next, repeat, and outgrow the send buffer: in the browser they share one
// reused Uint8Array and a view of it kept while the size repeats, so a stale
// view or buffer would send the wrong bytes.
func TestEchoSizesInTurn(t *testing.T) {
	sizes := []int{10, 10, 5000, 10, 5000, 5000, 3, 70000, 3, 0, 70000, 2 << 20, 70000, 10}
	c := dial(t, "", &sdk.Options{HighWaterMark: 8 << 20})
	for i, n := range sizes {
		if err := c.Send(testContext(t), sdk.Binary, pattern(i, n)); err != nil {
			t.Fatalf("Send(%d bytes) = %v", n, err)
		}
	}
	for i, n := range sizes {
		if _, got := receive(t, c); !bytes.Equal(got, pattern(i, n)) {
			t.Fatalf("echo %d: %d bytes, want %d bytes of pattern %d", i, len(got), n, i)
		}
	}
}

func TestSendText(t *testing.T) {
	c := dial(t, "", nil)
	if err := c.SendText(testContext(t), "über"); err != nil {
		t.Fatalf("SendText() = %v", err)
	}
	if typ, p := receive(t, c); typ != sdk.Text || string(p) != "über" {
		t.Errorf("echo = %v %q want Text über", typ, p)
	}
}

// TestEchoOrder sends many messages from one goroutine while another
// receives, and checks every echo arrives once, in order.
func TestEchoOrder(t *testing.T) {
	c := dial(t, "", nil)
	ctx := testContext(t)
	const n = 500
	errc := make(chan error, 1)
	go func() {
		for i := range n {
			if err := c.Send(ctx, sdk.Binary, pattern(i, 100+i)); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	for i := range n {
		_, p := receive(t, c)
		if !bytes.Equal(p, pattern(i, 100+i)) {
			t.Fatalf("echo %d is not message %d (len %d)", i, i, len(p))
		}
	}
	if err := <-errc; err != nil {
		t.Fatalf("Send() = %v", err)
	}
}

// TestConcurrentUse sends and receives from several goroutines at once.
func TestConcurrentUse(t *testing.T) {
	c := dial(t, "", nil)
	ctx := testContext(t)
	const senders, each = 4, 50
	var wg sync.WaitGroup
	for s := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if err := c.Send(ctx, sdk.Binary, []byte{byte(s), byte(i)}); err != nil {
					t.Errorf("Send() = %v", err)
					return
				}
				_ = c.BufferedAmount()
				_ = c.ReadyState()
			}
		}()
	}
	next := make([]int, senders)
	for range senders * each {
		_, p := receive(t, c)
		if len(p) != 2 || int(p[1]) != next[p[0]] {
			t.Fatalf("echo %v out of order: want sender %d message %d", p, p[0], next[p[0]])
		}
		next[p[0]]++
	}
	wg.Wait()
}

func TestStates(t *testing.T) {
	c, err := sdk.New(wstest.EchoURL(t, "hang=10s"), nil)
	if err != nil {
		t.Fatalf("New() = %v", err)
	}
	if got := c.ReadyState(); got != sdk.Connecting {
		t.Errorf("after New, ReadyState() = %v want Connecting", got)
	}
	if err := c.SendText(testContext(t), "early"); !errors.Is(err, sdk.ErrInvalidState) {
		t.Errorf("Send while Connecting = %v, want ErrInvalidState", err)
	}
	if _, ok := c.CloseStatus(); ok {
		t.Errorf("CloseStatus() reports closed while Connecting")
	}
	_ = c.Close(sdk.StatusNormalClosure, "")

	c = dial(t, "", nil)
	if got := c.ReadyState(); got != sdk.Open {
		t.Errorf("after Dial, ReadyState() = %v want Open", got)
	}
	select {
	case <-c.Opened():
	default:
		t.Errorf("Opened() not closed after Dial")
	}
	if err := c.Close(sdk.StatusNormalClosure, ""); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	if got := c.ReadyState(); got != sdk.Closed {
		t.Errorf("after Close, ReadyState() = %v want Closed", got)
	}
	select {
	case <-c.Done():
	default:
		t.Errorf("Done() not closed after Close returned")
	}
	if err := c.Close(sdk.StatusNormalClosure, ""); !errors.Is(err, sdk.ErrClosed) {
		t.Errorf("second Close() = %v, want ErrClosed", err)
	}
	if err := c.SendText(testContext(t), "late"); !errors.Is(err, sdk.ErrClosed) {
		t.Errorf("Send after Close = %v, want ErrClosed", err)
	}
	if _, err := receiveClose(t, c); !errors.Is(err, sdk.ErrClosed) {
		t.Errorf("Receive after Close = %v, want ErrClosed", err)
	}
}

// TestCloseWhileConnecting fails the connection, as the browser does.
func TestCloseWhileConnecting(t *testing.T) {
	c, err := sdk.New(wstest.EchoURL(t, "hang=10s"), nil)
	if err != nil {
		t.Fatalf("New() = %v", err)
	}
	if err := c.Close(sdk.StatusNormalClosure, ""); err != nil {
		t.Fatalf("Close() while Connecting = %v", err)
	}
	ce := waitDone(t, c)
	if ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
		t.Errorf("CloseStatus() = %+v, want 1006 unclean", ce)
	}
	select {
	case <-c.Opened():
		t.Errorf("Opened() closed for a connection that never opened")
	default:
	}
}

func TestDialContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(testContext(t))
	cancel()
	if _, err := sdk.Dial(ctx, wstest.EchoURL(t, "hang=10s"), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Dial(cancelled ctx) = %v, want context.Canceled", err)
	}
}

func TestReceiveContext(t *testing.T) {
	c := dial(t, "", nil)
	ctx, cancel := context.WithCancel(testContext(t))
	cancel()
	if _, _, err := c.Receive(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Receive(cancelled ctx) = %v, want context.Canceled", err)
	}
	// The connection is unharmed.
	if err := c.SendText(testContext(t), "still here"); err != nil {
		t.Fatalf("Send() = %v", err)
	}
	if _, p := receive(t, c); string(p) != "still here" {
		t.Errorf("echo = %q", p)
	}
}

func TestInvalidMessage(t *testing.T) {
	c := dial(t, "", nil)
	testCases := []struct {
		name string
		typ  sdk.MessageType
		p    []byte
	}{
		{"zero type", 0, []byte("x")},
		{"type 3", 3, []byte("x")},
		{"text not UTF-8", sdk.Text, []byte{'a', 0xff}},
	}
	for _, tc := range testCases {
		if err := c.Send(testContext(t), tc.typ, tc.p); !errors.Is(err, sdk.ErrInvalidMessage) {
			t.Errorf("%s: Send() = %v, want ErrInvalidMessage", tc.name, err)
		}
	}
	if got := c.BufferedAmount(); got != 0 {
		t.Errorf("rejected messages left BufferedAmount() = %d", got)
	}
}

func TestSubprotocols(t *testing.T) {
	testCases := []struct {
		name      string
		query     string
		protocols []string
		want      string
		fails     bool
	}{
		{"none offered", "", nil, "", false},
		{"chat", "", []string{"chat"}, "chat", false},
		{"first known", "", []string{"unknown", "echo-protocol", "chat"}, "echo-protocol", false},
		{"server selects none", "", []string{"unknown"}, "", true},
		{"server selects one not offered", "protocol=bogus", []string{"chat"}, "", true},
		{"server selects none of known", "protocol=", []string{"chat"}, "", true},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := sdk.Dial(testContext(t), wstest.EchoURL(t, tc.query), &sdk.Options{Protocols: tc.protocols})
			if tc.fails {
				var ce sdk.CloseError
				if !errors.As(err, &ce) || ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
					t.Fatalf("Dial(protocols %q) = %v, want a CloseError 1006 unclean", tc.protocols, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Dial(protocols %q) = %v", tc.protocols, err)
			}
			defer c.Close(sdk.StatusNormalClosure, "")
			if got := c.Protocol(); got != tc.want {
				t.Errorf("Protocol() = %q want %q", got, tc.want)
			}
			if got := c.Extensions(); got != "" {
				t.Errorf("Extensions() = %q, want none (the server disables compression)", got)
			}
		})
	}
}

func TestPing(t *testing.T) {
	c := dial(t, "", nil)
	err := c.Ping(testContext(t))
	if !native { // page code cannot ping
		if !errors.Is(err, sdk.ErrUnsupported) {
			t.Fatalf("Ping() in the browser = %v, want ErrUnsupported", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("Ping() = %v", err)
	}
}

func TestCloseNow(t *testing.T) {
	c := dial(t, "", nil)
	if err := c.CloseNow(); err != nil {
		t.Fatalf("CloseNow() = %v", err)
	}
	ce, ok := c.CloseStatus()
	if !ok || ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
		t.Errorf("CloseStatus() after CloseNow = %+v, %v, want 1006 unclean", ce, ok)
	}
	if err := c.CloseNow(); !errors.Is(err, sdk.ErrClosed) {
		t.Errorf("second CloseNow() = %v, want ErrClosed", err)
	}
	if err := c.Close(sdk.StatusNormalClosure, ""); !errors.Is(err, sdk.ErrClosed) {
		t.Errorf("Close() after CloseNow = %v, want ErrClosed", err)
	}
	if !c.CloseCalled() {
		t.Errorf("CloseCalled() = false after CloseNow")
	}
}

func TestValidateHelpers(t *testing.T) {
	if err := (&sdk.Options{LowWaterMark: 5, HighWaterMark: 4}).Validate(); !errors.Is(err, sdk.ErrInvalidOptions) {
		t.Errorf("Validate() = %v, want ErrInvalidOptions", err)
	}
	if err := (*sdk.Options)(nil).Validate(); err != nil {
		t.Errorf("nil Options Validate() = %v", err)
	}
	if err := sdk.ValidateMessage(sdk.Text, []byte{0xff}); !errors.Is(err, sdk.ErrInvalidMessage) {
		t.Errorf("ValidateMessage(invalid UTF-8) = %v, want ErrInvalidMessage", err)
	}
}
