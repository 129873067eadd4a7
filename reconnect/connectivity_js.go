//go:build js && wasm

package reconnect

import (
	"sync"
	"sync/atomic"

	"github.com/hack-pad/safejs"
)

// connectivity tells the Client about the network and the page: the global
// object's online and offline events (a window's or a worker's) and, where
// there is a document, its visibilitychange event. Its three callbacks are
// created once per Client and released by close. Each feature is detected:
// where one is missing, the Client does without it.
type connectivity struct {
	wakeCh  chan struct{} // capacity 1
	down    atomic.Bool
	mu      sync.Mutex
	release []func()
}

func newConnectivity() *connectivity {
	n := &connectivity{wakeCh: make(chan struct{}, 1)}
	global := safejs.Global()
	if nav, err := global.Get("navigator"); err == nil && !nav.IsUndefined() {
		if v, err := nav.Get("onLine"); err == nil && v.Type() == safejs.TypeBoolean {
			on, _ := v.Bool()
			n.down.Store(!on)
		}
	}
	n.listen(global, "online", func() {
		n.down.Store(false)
		n.signal()
	})
	n.listen(global, "offline", func() { n.down.Store(true) })
	if doc, err := global.Get("document"); err == nil && !doc.IsUndefined() && !doc.IsNull() {
		n.listen(doc, "visibilitychange", func() {
			v, err := doc.Get("visibilityState")
			if err != nil {
				return
			}
			if s, _ := v.String(); s == "visible" {
				n.signal()
			}
		})
	}
	return n
}

// listen adds fn as a listener of event on target, if target has
// addEventListener.
func (n *connectivity) listen(target safejs.Value, event string, fn func()) {
	add, err := target.Get("addEventListener")
	if err != nil || add.Type() != safejs.TypeFunction {
		return
	}
	f, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		fn()
		return nil
	})
	if err != nil {
		return
	}
	if _, err := target.Call("addEventListener", event, f.Value()); err != nil {
		f.Release()
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.release = append(n.release, func() {
		_, _ = target.Call("removeEventListener", event, f.Value())
		f.Release()
	})
}

// signal asks a waiting Client to attempt at once. It never blocks: it runs
// on the JavaScript event loop.
func (n *connectivity) signal() {
	select {
	case n.wakeCh <- struct{}{}:
	default:
	}
}

// wake returns a channel that receives when the network comes back or the
// page becomes visible.
func (n *connectivity) wake() <-chan struct{} { return n.wakeCh }

// drain forgets signals received so far.
func (n *connectivity) drain() {
	select {
	case <-n.wakeCh:
	default:
	}
}

// offline reports whether the browser said the network is down.
func (n *connectivity) offline() bool { return n.down.Load() }

// close removes the listeners and releases their callbacks.
func (n *connectivity) close() {
	n.mu.Lock()
	release := n.release
	n.release = nil
	n.mu.Unlock()
	for _, r := range release {
		r()
	}
}

// quietNet returns a connectivity that listens to nothing: always online,
// never woken. Tests under testing/synctest use it, since a JavaScript
// callback created in a bubble would belong to it.
func quietNet() *connectivity { return &connectivity{wakeCh: make(chan struct{}, 1)} }
