//go:build js && wasm

// Command coderws is an echo client on coder/websocket's wasm Conn, for the
// benchmark's size table.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/coder/websocket"
)

func main() {
	ctx := context.Background()
	c, _, err := websocket.Dial(ctx, os.Getenv("WASMWS_ECHO_URL"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.CloseNow()
	if err := c.Write(ctx, websocket.MessageText, []byte("hello")); err != nil {
		fmt.Println(err)
		return
	}
	_, p, err := c.Read(ctx)
	fmt.Println(string(p), err)
	c.Close(websocket.StatusNormalClosure, "")
}
