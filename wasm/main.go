//go:build js && wasm

package main

import (
	"syscall"

	"github.com/hack-pad/safejs"
)

// version is the module's version, reported as wasmws.version.
const version = "0.1.0"

// registerName is the global function, set by wasmws.js, that receives the
// engine.
const registerName = "__wasmwsRegister"

func main() {
	if err := run(); err != nil {
		// println writes to standard error, as os.Stderr would, without
		// linking more of package os.
		println("wasmws: " + err.Error())
		syscall.Exit(1)
	}
	select {} // the engine serves JavaScript calls from now on
}

// run creates the engine and hands it to wasmws.js.
func run() error {
	reg, err := safejs.Global().Get(registerName)
	if err != nil {
		return err
	}
	if reg.Type() != safejs.TypeFunction {
		return errString("globalThis." + registerName + " is not a function: load this module with wasmws.js")
	}
	obj, err := newEngine().object()
	if err != nil {
		return err
	}
	_, err = reg.Invoke(obj)
	return err
}

// errString is an error with a fixed text.
type errString string

func (e errString) Error() string { return string(e) }
