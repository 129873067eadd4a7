package reconnect

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wasmws/wasmws/sdk"
)

func TestDefaults(t *testing.T) {
	o, err := (*Options)(nil).withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if o.MinDelay != DefaultMinDelay || o.MaxDelay != DefaultMaxDelay || o.Factor != 2 || o.Jitter != 1 ||
		o.MinUptime != DefaultMinUptime || o.ConnectTimeout != DefaultConnectTimeout || o.MaxRetries != 0 ||
		o.MaxQueuedMessages != 1024 || o.MaxQueuedBytes != 8<<20 || o.HeartbeatInterval != 0 ||
		o.HeartbeatTimeout != 0 || o.ShouldReconnect == nil || o.CloseTimeout != sdk.DefaultCloseTimeout {
		t.Errorf("defaults = %+v", o)
	}
	o, _ = (&Options{HeartbeatInterval: time.Second, Jitter: NoJitter, MaxDelay: 100 * time.Millisecond}).withDefaults()
	if o.HeartbeatTimeout != 2*time.Second || o.Jitter != 0 || o.MinDelay != 100*time.Millisecond {
		t.Errorf("derived defaults = %+v", o)
	}
	if (o.HeartbeatMessage == nil) != canPing {
		t.Errorf("HeartbeatMessage = %q with canPing %v", o.HeartbeatMessage, canPing)
	}
}

// TestNewInvalid: input that can never work fails New at once.
func TestNewInvalid(t *testing.T) {
	provider := func(context.Context) (string, error) { return "ws://x/", nil }
	testCases := []struct {
		name string
		url  string
		opts Options
		want error
	}{
		{"negative delay", "ws://x/", Options{MinDelay: -1}, sdk.ErrInvalidOptions},
		{"min above max", "ws://x/", Options{MinDelay: 2 * time.Second, MaxDelay: time.Second}, sdk.ErrInvalidOptions},
		{"factor below 1", "ws://x/", Options{Factor: 0.5}, sdk.ErrInvalidOptions},
		{"jitter above 1", "ws://x/", Options{Jitter: 1.5}, sdk.ErrInvalidOptions},
		{"negative retries", "ws://x/", Options{MaxRetries: -1}, sdk.ErrInvalidOptions},
		{"timeout not above interval", "ws://x/", Options{HeartbeatInterval: time.Second, HeartbeatTimeout: time.Second}, sdk.ErrInvalidOptions},
		{"heartbeat type", "ws://x/", Options{HeartbeatType: 7}, sdk.ErrInvalidOptions},
		{"heartbeat not UTF-8", "ws://x/", Options{HeartbeatMessage: []byte{0xff}}, sdk.ErrInvalidOptions},
		{"low above high", "ws://x/", Options{Options: sdk.Options{LowWaterMark: 2 << 20}}, sdk.ErrInvalidOptions},
		{"bad protocol", "ws://x/", Options{Options: sdk.Options{Protocols: []string{"a b"}}}, sdk.ErrSyntax},
		{"url and provider", "ws://x/", Options{URL: provider}, sdk.ErrInvalidOptions},
		{"fragment", "ws://x/#f", Options{}, sdk.ErrSyntax},
		{"scheme", "ftp://x/", Options{}, sdk.ErrSyntax},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if c, err := New(tc.url, &tc.opts); !errors.Is(err, tc.want) {
				if c != nil {
					_ = c.Close(sdk.StatusNormalClosure, "")
				}
				t.Errorf("New(%q, %+v) = %v want %v", tc.url, tc.opts, err, tc.want)
			}
		})
	}
}

// TestSendInvalid: messages that could never be sent are refused up front.
func TestSendInvalid(t *testing.T) {
	c, err := newClient("ws://x/", &Options{MinDelay: time.Hour, MaxQueuedBytes: 4, HeartbeatInterval: time.Hour,
		HeartbeatMessage: []byte("hb")}, deps{dial: neverDial, net: quietNet})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(sdk.StatusNormalClosure, "")
	ctx := context.Background()
	for _, tc := range []struct {
		typ  sdk.MessageType
		p    string
		want error
	}{
		{0, "a", sdk.ErrInvalidMessage},
		{sdk.Text, "\xff", sdk.ErrInvalidMessage},
		{sdk.Binary, "12345", ErrMessageTooLarge},
		{sdk.Text, "hb", sdk.ErrInvalidMessage},
	} {
		if err := c.Send(ctx, tc.typ, []byte(tc.p)); !errors.Is(err, tc.want) {
			t.Errorf("Send(%v, %q) = %v want %v", tc.typ, tc.p, err, tc.want)
		}
	}
	if err := c.Send(ctx, sdk.Binary, []byte("hb")); err != nil {
		t.Errorf("Send(Binary, hb) = %v: only the heartbeat's type is refused", err)
	}
	if s := c.Stats(); s.QueuedMessages != 1 {
		t.Errorf("queued %d messages, want 1", s.QueuedMessages)
	}
}

func neverDial(ctx context.Context, url string, opts *sdk.Options) (connection, error) {
	return nil, errRefused
}
