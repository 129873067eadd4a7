//go:build js && wasm

// Command sdkclient is the echo client of coderws on sdk.Conn, for the
// benchmark's size table: the SDK alone, without the JS classes of wasm/.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/wasmws/wasmws/sdk"
)

func main() {
	ctx := context.Background()
	c, err := sdk.Dial(ctx, os.Getenv("WASMWS_ECHO_URL"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := c.SendText(ctx, "hello"); err != nil {
		fmt.Println(err)
		return
	}
	_, p, err := c.Receive(ctx)
	fmt.Println(string(p), err)
	c.Close(sdk.StatusNormalClosure, "")
}
