package reconnect_test

import (
	"context"
	"log"
	"time"

	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// A client that survives its network: queued sends, one stream of received
// messages, heartbeats, and a log line for every state change.
func ExampleDial() {
	ctx := context.Background()
	c, err := reconnect.Dial(ctx, "wss://example.com/feed", &reconnect.Options{
		HeartbeatInterval: 15 * time.Second,
		MaxRetries:        10,
		OnStateChange: func(ev reconnect.StateChange) {
			log.Printf("%v → %v (attempt %d, next in %v): %v; replayed %d, maybe lost %d",
				ev.From, ev.To, ev.Attempt, ev.Delay, ev.Cause, ev.Replayed, ev.MaybeLost)
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close(sdk.StatusNormalClosure, "")

	if err := c.SendText(ctx, `{"subscribe":"prices"}`); err != nil {
		log.Fatal(err) // not queued: the Client is closed, or ctx ended
	}
	for {
		_, p, err := c.Receive(ctx)
		if err != nil {
			log.Fatal(err) // the Client is Closed: see c.Err()
		}
		log.Printf("%s", p)
	}
}
