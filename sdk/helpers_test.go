package sdk_test

import (
	"context"
	"errors"
	"testing"

	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/sdk"
)

// testContext bounds a test's waits (wstest.Timeout).
func testContext(t *testing.T) context.Context {
	t.Helper()
	return wstest.Context(t)
}

// dial opens a connection to the echo endpoint with query, closing it at the
// end of the test.
func dial(t *testing.T, query string, opts *sdk.Options) *sdk.Conn {
	t.Helper()
	c, err := sdk.Dial(testContext(t), wstest.EchoURL(t, query), opts)
	if err != nil {
		t.Fatalf("Dial(%q) = %v", query, err)
	}
	t.Cleanup(func() { _ = c.Close(sdk.StatusNormalClosure, "") })
	return c
}

// receive returns the next message or fails the test.
func receive(t *testing.T, c *sdk.Conn) (sdk.MessageType, []byte) {
	t.Helper()
	typ, p, err := c.Receive(testContext(t))
	if err != nil {
		t.Fatalf("Receive() = %v", err)
	}
	return typ, p
}

// receiveClose reads until Receive fails and returns that error and the
// CloseError it carries.
func receiveClose(t *testing.T, c *sdk.Conn) (sdk.CloseError, error) {
	t.Helper()
	ctx := testContext(t)
	for {
		_, _, err := c.Receive(ctx)
		if err == nil {
			continue
		}
		var ce sdk.CloseError
		if !errors.As(err, &ce) {
			t.Fatalf("Receive() = %v, want a CloseError", err)
		}
		if !errors.Is(err, sdk.ErrClosed) {
			t.Errorf("Receive() = %v, which does not match ErrClosed", err)
		}
		return ce, err
	}
}

// waitDone waits for c to be Closed and returns its CloseStatus.
func waitDone(t *testing.T, c *sdk.Conn) sdk.CloseError {
	t.Helper()
	select {
	case <-c.Done():
	case <-testContext(t).Done():
		t.Fatalf("connection not Closed after %v (state %v)", wstest.Timeout, c.ReadyState())
	}
	ce, ok := c.CloseStatus()
	if !ok {
		t.Fatalf("CloseStatus() reports not closed after Done")
	}
	return ce
}

// pattern returns n bytes whose byte j is byte(seed+j), the server's push
// content.
func pattern(seed, n int) []byte {
	p := make([]byte, n)
	for j := range p {
		p[j] = byte(seed + j)
	}
	return p
}
