//go:build js && wasm

package sdk

import (
	"errors"
	"strings"

	"github.com/hack-pad/safejs"
)

// Engine normalisations: where Chromium, Firefox and WebKit depart from the
// WHATWG standard or from each other, the browser transport makes the Go API
// behave as the standard says, found by behaviour, never by user agent. The
// measured differences and the SDK's answer to each are in docs/ENGINES.md.

// errProtocolNotSelected fails a connection whose server selected none of the
// offered subprotocols. The standard fails it (Chromium does); Firefox and
// WebKit open it with protocol "".
var errProtocolNotSelected = errors.New("wasmws: server selected none of the offered subprotocols")

// resolveURL resolves url against the page's API base URL (the document's
// base URL, or the worker's location) with the URL parser, as the standard's
// WebSocket constructor does, and returns the absolute URL. Firefox's
// constructor refuses the empty string instead of resolving it to the page's
// own URL; given an absolute URL every engine agrees. Without a URL parser
// or a base URL, url is returned unchanged for the constructor to judge.
func resolveURL(url string) (string, error) {
	global := safejs.Global()
	ctor, err := global.Get("URL")
	if err != nil || ctor.Type() != safejs.TypeFunction {
		return url, nil
	}
	base := pageBaseURL(global)
	if base == "" {
		return url, nil
	}
	u, err := ctor.New(url, base)
	if err != nil {
		return "", wrapErr(ErrSyntax, strings.TrimPrefix(err.Error(), "JavaScript error: "))
	}
	href, err := u.Get("href")
	if err != nil {
		return url, nil
	}
	s, err := href.String()
	if err != nil {
		return url, nil
	}
	return s, nil
}

// pageBaseURL returns document.baseURI in a window, location.href in a
// worker, or "".
func pageBaseURL(global safejs.Value) string {
	for _, path := range [][2]string{{"document", "baseURI"}, {"location", "href"}} {
		obj, err := global.Get(path[0])
		if err != nil || obj.Type() != safejs.TypeObject {
			continue
		}
		v, err := obj.Get(path[1])
		if err != nil || v.Type() != safejs.TypeString {
			continue
		}
		if s, err := v.String(); err == nil && s != "" {
			return s
		}
	}
	return ""
}

// refuseUnselectedProtocol fails the connection, as the standard does, when
// it opened although protocols were offered and the server selected none,
// and reports whether it did. The application sees what it sees in
// Chromium: an error (jsbridge.Hooks.Error), then Closed with 1006, not
// clean, and Dial's error matches errProtocolNotSelected. With
// jsbridge.Hooks.EngineSemantics the engine's own behaviour is kept.
func (t *browserTransport) refuseUnselectedProtocol(protocol string) bool {
	if protocol != "" || len(t.c.opts.Protocols) == 0 || (t.hooks != nil && t.hooks.EngineSemantics) {
		return false
	}
	if t.hooks != nil && t.hooks.Error != nil {
		t.hooks.Error()
	}
	t.freezeBuffered()
	t.stopShim()
	t.callClose()
	t.release()
	t.closedWith(CloseError{Code: StatusAbnormalClosure}, errProtocolNotSelected)
	return true
}

// failedCloseCode returns the CloseError of a close event. When an error
// event came first, the browser failed the connection, and the standard
// then reports code 1006, not clean, as Chromium and Firefox do. WebKit
// reports instead the code of the close frame it refused (a peer's answer
// to our close frame with the reserved code 1005 gives 1005, with a reason
// that is not UTF-8 its code, 1000 say), not clean: the SDK reports 1006
// with no reason. With jsbridge.Hooks.EngineSemantics the engine's own
// behaviour is kept.
func (t *browserTransport) failedCloseCode(ce CloseError) CloseError {
	t.mu.Lock()
	failed := t.failed
	t.mu.Unlock()
	if !failed || ce.WasClean || (t.hooks != nil && t.hooks.EngineSemantics) {
		return ce
	}
	return CloseError{Code: StatusAbnormalClosure}
}

// freezeBuffered records BufferedAmount as the SDK reports the connection
// Closed, once: from then on BufferedAmount returns that value. The standard
// says bufferedAmount does not fall once the connection is closed; WebKit
// lets it fall to 0 after the close event, and every engine may still send
// after the SDK gave up on a closing handshake (Close after CloseTimeout,
// CloseNow). Frozen, the Go API keeps one number for a closed connection on
// every engine: what had not left when the SDK reported it Closed.
func (t *browserTransport) freezeBuffered() {
	b := t.liveBuffered()
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.frozen {
		t.bufferedAtClose, t.frozen = b, true
	}
}

// frozenBuffered returns the value freezeBuffered recorded, if it ran.
func (t *browserTransport) frozenBuffered() (int64, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.bufferedAtClose, t.frozen
}

// Sends after the browser's WebSocket has left OPEN while the Conn is still
// Open (the peer's close frame has arrived; the close event has not yet):
// the standard has send() then discard the message and add its size to
// bufferedAmount; WebKit adds the frame header too (6, 8 or 14 bytes more).
// So the SDK does not call send then (the shim checks readyState before
// every send, see sendScratch; larger messages ask socketLeftOpen first):
// it counts the message itself with countDiscarded, and BufferedAmount
// grows by the message's size on every engine, which keeps safe replay's
// tail exact.

// socketLeftOpen reports whether the browser's WebSocket is no longer OPEN.
func (t *browserTransport) socketLeftOpen() bool {
	return t.stateFn.Invoke().Int() != int(Open)
}

// countDiscarded counts a message of n bytes that the SDK did not send
// because the socket had left OPEN (send counts it in sentSinceBuffered as
// every message).
func (t *browserTransport) countDiscarded(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.discarded += int64(n)
}

// liveBuffered is the browser's bufferedAmount plus the messages the SDK
// counted for it after the socket left OPEN.
func (t *browserTransport) liveBuffered() int64 {
	b := t.rawBuffered()
	t.mu.Lock()
	defer t.mu.Unlock()
	return b + t.discarded
}
