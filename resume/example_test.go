//go:build !js

package resume_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/resume"
	"github.com/wasmws/wasmws/sdk"
)

// An echo server in resume mode and its client, package reconnect with
// Options.Resume: the session outlives its connection, so each message
// arrives once and in order across the reconnection.
func Example() {
	srv := resume.NewServer(func(s *resume.Session) {
		ctx := context.Background()
		for {
			typ, p, err := s.Receive(ctx) // each client message once, in order
			if err != nil {
				return // the session ended: ErrSessionEnded, ErrExpired, ...
			}
			if err := s.Send(ctx, typ, p); err != nil { // waits for the client's credit
				return
			}
		}
	}, nil)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	defer srv.Shutdown(context.Background())

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	url := "ws" + strings.TrimPrefix(hs.URL, "http")
	c, err := reconnect.Dial(ctx, url, &reconnect.Options{Resume: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close(sdk.StatusNormalClosure, "")
	fmt.Println(c.Mode())

	c.SendText(ctx, "one")
	c.Reconnect() // a new connection, the same session
	c.SendText(ctx, "two")
	for range 2 {
		_, p, err := c.Receive(ctx)
		fmt.Println(string(p), err)
	}
	// Output:
	// resume
	// one <nil>
	// two <nil>
}
