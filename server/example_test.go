//go:build !js

package server_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/wasmws/wasmws/sdk"
	"github.com/wasmws/wasmws/server"
)

// The echo server in a test: an [httptest.Server] around [server.New], and a
// client of its /echo endpoint.
func Example() {
	s := server.New(server.Options{})
	hs := httptest.NewServer(s)
	defer hs.Close()
	defer s.Shutdown(context.Background()) // closes the WebSockets first

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := sdk.Dial(ctx, "ws"+strings.TrimPrefix(hs.URL, "http")+"/echo", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close(sdk.StatusNormalClosure, "")
	c.SendText(ctx, "hello")
	typ, p, err := c.Receive(ctx)
	fmt.Println(typ, string(p), err)
	// Output: Text hello <nil>
}

// Fault injection by query string: here the server closes with 4001 "bye"
// after echoing one message, as a test of a client's close handling would
// ask. See the package documentation for drop, delay, pause, push and
// reject.
func Example_faultInjection() {
	s := server.New(server.Options{})
	hs := httptest.NewServer(s)
	defer hs.Close()
	defer s.Shutdown(context.Background())

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	url := "ws" + strings.TrimPrefix(hs.URL, "http") + "/echo?close=4001&reason=bye&after=1"
	c, err := sdk.Dial(ctx, url, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	c.SendText(ctx, "one")
	for {
		_, p, err := c.Receive(ctx)
		var ce sdk.CloseError
		if errors.As(err, &ce) {
			fmt.Println("closed:", int(ce.Code), ce.Reason, "clean:", ce.WasClean)
			return
		}
		fmt.Println("echo:", string(p))
	}
	// Output:
	// echo: one
	// closed: 4001 bye clean: true
}

// A standalone server, as "wasmws serve" runs it: timeouts from
// [server.Server.HTTPServer], and a graceful shutdown on SIGINT or SIGTERM
// that closes every WebSocket with 1001 first.
func ExampleServer_HTTPServer() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	s := server.New(server.Options{WebDir: "web", OriginPatterns: []string{"*.example.com"}})
	srv := s.HTTPServer("127.0.0.1:9998")
	go func() {
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	<-ctx.Done()

	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := errors.Join(s.Shutdown(sctx), srv.Shutdown(sctx)); err != nil {
		log.Print(err)
	}
}
