//go:build !js

// These examples run natively only, against the bundled server in-process
// (package server does not build for the browser); they document delivery,
// which is the same on both targets.

package reconnect_test

import (
	"context"
	"fmt"
	"log"
	"net"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
	"github.com/wasmws/wasmws/server"
)

// Losses are reported, never hidden: the server echoes a message and then
// cuts the connection without a closing handshake. Without a heartbeat there
// was no confirmation point after the message left, so the client cannot
// know whether the peer read it: it reports it as maybe lost (and does not
// resend it), then reconnects.
func ExampleStateChange() {
	s := server.New(server.Options{})
	hs := httptest.NewServer(s)
	defer hs.Close()
	defer s.Shutdown(context.Background())

	events := make(chan reconnect.StateChange, 16)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := reconnect.Dial(ctx, "ws"+strings.TrimPrefix(hs.URL, "http")+"/echo?drop=1", &reconnect.Options{
		MinDelay:      time.Millisecond,
		OnStateChange: func(ev reconnect.StateChange) { events <- ev },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close(sdk.StatusNormalClosure, "")
	c.SendText(ctx, "one")
	_, p, _ := c.Receive(ctx)
	fmt.Println("echo:", string(p))
	// The events tell the story in order; Stats, read meanwhile, may
	// already count a reconnect whose events are still in the channel.
	lost := false
	for ev := range events {
		if ev.From == reconnect.Open && ev.To == reconnect.Waiting {
			fmt.Printf("connection lost: replayed %d, maybe lost %d\n", ev.Replayed, ev.MaybeLost)
			lost = true
		}
		if ev.To == reconnect.Open && lost {
			fmt.Println("reconnected")
			return
		}
	}
	// Output:
	// echo: one
	// connection lost: replayed 0, maybe lost 1
	// reconnected
}

// Messages sent while no connection is open wait in the outbox and go out,
// in order, once one is. Those still there when the Client closes are never
// sent, and the last StateChange says how many (Unsent).
func ExampleClient_Send_queued() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there: every attempt fails

	last := make(chan reconnect.StateChange, 1)
	c, err := reconnect.New("ws://"+addr+"/echo", &reconnect.Options{
		OnStateChange: func(ev reconnect.StateChange) {
			if ev.To == reconnect.Closed {
				last <- ev
			}
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	fmt.Println(c.SendText(ctx, "queued 1"), c.SendText(ctx, "queued 2"))
	c.Close(sdk.StatusNormalClosure, "")
	fmt.Println("unsent:", (<-last).Unsent)
	// Output:
	// <nil> <nil>
	// unsent: 2
}

// The two heartbeat modes, which bound how long a dead link goes unnoticed
// and give the confirmation points that keep "maybe lost" small (see the
// package documentation, Delivery guarantee).
func ExampleOptions_heartbeat() {
	// Natively, with HeartbeatMessage nil: protocol pings. An answered ping
	// confirms every message that left before it.
	native := &reconnect.Options{
		HeartbeatInterval: 10 * time.Second,
		HeartbeatTimeout:  25 * time.Second, // default: twice the interval
	}

	// In the browser, pages cannot send pings, so the heartbeat is a message
	// the server echoes (DefaultHeartbeatMessage when nil). Its echo
	// confirms every message sent before it, if the peer answers in order.
	// Receive never returns the echo, and Send refuses that exact message.
	browser := &reconnect.Options{
		HeartbeatInterval: 10 * time.Second,
		HeartbeatMessage:  []byte(`{"type":"ping"}`),
	}

	for _, opts := range []*reconnect.Options{native, browser} {
		opts.OnStateChange = func(ev reconnect.StateChange) {
			if ev.MaybeLost > 0 {
				log.Printf("%d messages may not have reached the server: %v", ev.MaybeLost, ev.Cause)
			}
		}
	}
	c, err := reconnect.New("wss://example.com/feed", native)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close(sdk.StatusNormalClosure, "")
}
