//go:build js && wasm

// Command covmain is a program (not a test) of ../../engines_test.go, built
// with -cover: it writes its coverage to $GOCOVERDIR when it exits.
package main

import "fmt"

func main() {
	fmt.Println("covmain:", double(2))
}

func double(x int) int {
	return 2 * x
}
