//go:build js && wasm

package main

import (
	"slices"

	"github.com/wasmws/wasmws/internal/tools/bench"
)

// measureOrder returns the order in which one run measures clients: theirs,
// or with reverse its reverse. Within a run every client is dialled and
// warmed first, then each measured in turn, so a client's place is part of
// its conditions (the instance's heap and the garbage of the slices before
// it); the driver reverses every other pair of rounds so that no row always
// runs first or last (bench/README.md).
func measureOrder(clients []bench.Named, reverse bool) []bench.Named {
	if !reverse {
		return clients
	}
	out := slices.Clone(clients)
	slices.Reverse(out)
	return out
}

// inOrder sorts raws into bench.Run's order for clients and sizes: sizes
// outer, at each size the clients in their order, whatever order they were
// measured in.
func inOrder(raws []bench.Raw, clients []bench.Named, sizes []int) {
	key := func(r bench.Raw) [2]int {
		return [2]int{
			slices.Index(sizes, r.Size),
			slices.IndexFunc(clients, func(c bench.Named) bool { return c.Name == r.Client }),
		}
	}
	slices.SortStableFunc(raws, func(a, b bench.Raw) int {
		ka, kb := key(a), key(b)
		if ka[0] != kb[0] {
			return ka[0] - kb[0]
		}
		return ka[1] - kb[1]
	})
}
