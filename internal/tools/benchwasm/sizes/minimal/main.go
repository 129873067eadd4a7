//go:build js && wasm

// Command minimal is the smallest Go wasm program: the size of the runtime
// alone, for the benchmark's size table.
package main

import "fmt"

func main() { fmt.Println("hello") }
