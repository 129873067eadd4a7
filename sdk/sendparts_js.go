//go:build js && wasm

package sdk

import (
	"slices"
	"syscall/js"

	"github.com/hack-pad/safejs"
)

// maxPartsHead is the longest head sendParts writes into the scratch array
// in front of its body (a resume DATA frame's header is at most 34 bytes).
// The scratch array may grow to maxRetainedSendBuffer + maxPartsHead, so
// that a frame whose payload is maxRetainedSendBuffer bytes still goes
// through it, as that payload alone would: a fresh 1 MiB Uint8Array per
// message is what a 1 MiB resume frame cost before.
const maxPartsHead = 64

// partsViews are the scratch array's subarrays that begin where a head of
// each length ends, made the first time each is needed and kept for as
// long as the scratch array (which is only ever replaced by a larger one).
type partsViews struct {
	forLen int // the scratchLen they were made for
	at     [maxPartsHead + 1]js.Value
}

// sendParts copies head and then body into the scratch array, each once,
// and has the shim send them as one binary message: the copy into
// JavaScript that send makes, without the concatenation in Go before it.
func (t *browserTransport) sendParts(head, body []byte) error {
	n := len(head) + len(body)
	if len(head) > maxPartsHead || n > maxRetainedSendBuffer+maxPartsHead {
		return t.send(Binary, slices.Concat(head, body), true)
	}
	if err := t.growScratch(n); err != nil {
		return err
	}
	// The scratch array and its views are Uint8Arrays: the copies cannot
	// panic.
	if len(head) > 0 {
		js.CopyBytesToJS(safejs.Unsafe(t.scratch), head)
	}
	if len(body) > 0 {
		v, err := t.partsView(len(head))
		if err != nil {
			return err
		}
		js.CopyBytesToJS(v, body)
	}
	err := t.sendFromScratch(Binary, n)
	if err == nil {
		t.countSent(n)
	}
	return err
}

// partsView returns the scratch array from offset off (≤ maxPartsHead) on.
func (t *browserTransport) partsView(off int) (js.Value, error) {
	if off == 0 {
		return safejs.Unsafe(t.scratch), nil
	}
	p := &t.parts
	if p.forLen != t.scratchLen {
		*p = partsViews{forLen: t.scratchLen}
	}
	if p.at[off].IsUndefined() {
		v, err := t.scratch.Call("subarray", off)
		if err != nil {
			return js.Value{}, err
		}
		p.at[off] = safejs.Unsafe(v)
	}
	return p.at[off], nil
}
