package sdk_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wasmws/wasmws/sdk"
)

// Echo one message through a server and close cleanly.
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	c, err := sdk.Dial(ctx, "ws://127.0.0.1:9998/echo", &sdk.Options{Protocols: []string{"chat"}})
	if err != nil {
		fmt.Println("dial:", err)
		return
	}
	defer c.Close(sdk.StatusNormalClosure, "bye")

	if err := c.SendText(ctx, "hello"); err != nil {
		fmt.Println("send:", err)
		return
	}
	typ, p, err := c.Receive(ctx)
	fmt.Println(typ, string(p), err)
}

// Read until the connection closes, then report how it closed.
func ExampleConn_Receive() {
	var c *sdk.Conn // from sdk.Dial
	if c == nil {
		return
	}
	for {
		typ, p, err := c.Receive(context.Background())
		var ce sdk.CloseError
		switch {
		case errors.As(err, &ce):
			fmt.Println("closed:", ce.Code, ce.Reason, "clean:", ce.WasClean)
			return
		case err != nil:
			fmt.Println("receive:", err)
			return
		}
		fmt.Println(typ, len(p))
	}
}

func ExampleValidateClose() {
	fmt.Println(sdk.ValidateClose(sdk.StatusNormalClosure, "done"))
	fmt.Println(errors.Is(sdk.ValidateClose(sdk.StatusGoingAway, ""), sdk.ErrInvalidAccess))
	// Output:
	// <nil>
	// true
}

func ExampleParseURL() {
	u, err := sdk.ParseURL("HTTPS://Example.COM:443/chat?room=1")
	fmt.Println(u, err)
	_, err = sdk.ParseURL("ws://example.com/#top")
	fmt.Println(errors.Is(err, sdk.ErrSyntax))
	// Output:
	// wss://example.com/chat?room=1 <nil>
	// true
}
