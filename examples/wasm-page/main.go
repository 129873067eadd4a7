//go:build js && wasm

// Command wasm-page is the smallest complete web page that uses the SDK from
// Go compiled to WebAssembly: it dials the echo server that serves the page,
// sends one message, shows the echo in the page, closes, and returns. See
// README.md beside it for how to build and serve it, and for what happens
// when main returns.
package main

import (
	"context"
	"fmt"
	"syscall/js"
	"time"

	"github.com/wasmws/wasmws/sdk"
)

func main() {
	if err := run(); err != nil {
		show("error: " + err.Error())
	}
	// After this line the Go program exits: go.run's promise in index.html
	// resolves, and a callback into Go would throw. Return only once every
	// connection is closed (Close waits for that).
	show("main returned")
}

func run() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	// A relative URL resolves against the page, as the browser's own
	// WebSocket does: this is the echo server that served the page.
	c, err := sdk.Dial(ctx, "/echo", nil)
	if err != nil {
		return err
	}
	show("connected to " + c.URL())
	if err := c.SendText(ctx, "hello from Go"); err != nil {
		return err
	}
	typ, p, err := c.Receive(ctx)
	if err != nil {
		return err
	}
	show(fmt.Sprintf("received %v %q", typ, p))
	return c.Close(sdk.StatusNormalClosure, "done")
}

// show appends a line to the page's <pre id="log"> and to the console.
func show(line string) {
	fmt.Println(line) // wasm_exec.js sends stdout to console.log
	log := js.Global().Get("document").Call("getElementById", "log")
	log.Set("textContent", log.Get("textContent").String()+line+"\n")
}
