//go:build js && wasm

package main

import (
	"slices"
	"testing"

	"github.com/wasmws/wasmws/internal/tools/bench"
)

// TestMeasureOrderKeepsOutputOrder: a run measured in reverse reports its
// raws in the clients' own order at each size, as an unreversed run does.
func TestMeasureOrderKeepsOutputOrder(t *testing.T) {
	clients := []bench.Named{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	sizes := []int{16, 1024}
	if got := measureOrder(clients, false); !slices.Equal(names(got), []string{"a", "b", "c"}) {
		t.Errorf("measureOrder(false) = %v", names(got))
	}
	measured := measureOrder(clients, true)
	if !slices.Equal(names(measured), []string{"c", "b", "a"}) {
		t.Errorf("measureOrder(true) = %v", names(measured))
	}
	if !slices.Equal(names(clients), []string{"a", "b", "c"}) {
		t.Errorf("measureOrder changed its argument: %v", names(clients))
	}
	// bench.Run's order for the reversed clients: sizes outer.
	var raws []bench.Raw
	for _, size := range sizes {
		for _, c := range measured {
			raws = append(raws, bench.Raw{Client: c.Name, Size: size})
		}
	}
	inOrder(raws, clients, sizes)
	var got []string
	for _, r := range raws {
		got = append(got, r.Client+"/"+bench.SizeName(r.Size))
	}
	want := []string{"a/16 B", "b/16 B", "c/16 B", "a/1 KiB", "b/1 KiB", "c/1 KiB"}
	if !slices.Equal(got, want) {
		t.Errorf("inOrder = %v, want %v", got, want)
	}
}

func names(cs []bench.Named) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}
