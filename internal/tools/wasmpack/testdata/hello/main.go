// Command hello prints values read from every kind of data the Go linker
// puts in a module's initial memory (string and type data, initialised
// variables, the function tables the runtime searches to name a PC and to
// walk the stack), so that the output changes if packing breaks any of them.
package main

import (
	"fmt"
	"path"
	"runtime"
	"strings"
)

var table = map[string][]int{"primes": {2, 3, 5, 7, 11}, "zero": {0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}

type point struct {
	X, Y int
	Tag  string
}

func main() {
	pc, file, line, _ := runtime.Caller(0)
	fmt.Println(runtime.FuncForPC(pc).Name(), path.Base(file), line)
	runtime.GC() // walks every goroutine's stack
	stack := make([]byte, 4096)
	stack = stack[:runtime.Stack(stack, false)]
	fmt.Println("frames naming main.main:", strings.Count(string(stack), "main.main("))
	fmt.Printf("%+v %v %q\n", point{3, -4, "p"}, table["primes"], strings.ToUpper("straße ǆ"))
	fmt.Println(table["zero"], fmt.Sprint(1.5e300, uint64(1)<<63))
	defer func() { fmt.Println("recovered:", recover()) }()
	var m map[string]int
	m["x"] = 1
}
