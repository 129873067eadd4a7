//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wasmws/wasmws/internal/tools/browser"
)

// TestReconnectingWebSocket runs the scenarios of testdata/rws.js, each in a
// page of its own, and checks what they record.
func TestReconnectingWebSocket(t *testing.T) {
	checks := rwsChecks()
	p := testPage(t)
	names := eval[[]string](p, "window.e2e.rws.names")
	if len(names) != len(checks) {
		t.Errorf("testdata/rws.js has %d scenarios, the test checks %d", len(names), len(checks))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			check, ok := checks[name]
			if !ok {
				t.Fatalf("no check for scenario %s", name)
			}
			r := eval[map[string]any](p, "window.e2e.rws.run("+strconv.Quote(name)+")")
			check(t, result{t: t, m: r, engine: browser.Chromium})
			if t.Failed() {
				j, _ := json.MarshalIndent(r, "", "  ")
				t.Logf("the scenario recorded:\n%s", j)
			}
		})
	}
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Logf("console errors (expected from refused handshakes):\n%s", strings.Join(errs, "\n"))
	}
}

// rwsChecks returns the check of each scenario of testdata/rws.js.
func rwsChecks() map[string]func(t *testing.T, r result) {
	return map[string]func(t *testing.T, r result){
		"reconnects":       checkReconnects,
		"outboxOrder":      checkOutboxOrder,
		"outboxBounds":     checkOutboxBounds,
		"sendAsyncPause":   checkSendAsyncPause,
		"closeStops":       checkCloseStops,
		"startClosed":      checkStartClosed,
		"urlProviders":     checkURLProviders,
		"invalidArguments": checkInvalidArguments,
		"heartbeat":        checkHeartbeat,
		"dataTypes":        checkDataTypes,
		"sendQueue":        checkSendQueue,
		"sendQueueLarge":   checkSendQueueLarge,
		"shouldReconnect":  checkShouldReconnect,
		"surface":          checkSurface,
		"giveUp":           checkGiveUp,
	}
}

// result is what a scenario returned, read by path ("a.b.0").
type result struct {
	t      *testing.T
	m      map[string]any
	engine string // the browser engine it ran in (browser.Chromium, ...)
}

// get returns the value at path, or nil.
func (r result) get(path string) any {
	var v any = r.m
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// eq checks that the value at path is want (compared as JSON values).
func (r result) eq(path string, want any) {
	r.t.Helper()
	got := r.get(path)
	wj, _ := json.Marshal(want)
	var w any
	_ = json.Unmarshal(wj, &w)
	if !reflect.DeepEqual(got, w) {
		r.t.Errorf("%s = %v want %v", path, fmt.Sprint(got), fmt.Sprint(w))
	}
}

// num returns the number at path.
func (r result) num(path string) float64 {
	f, _ := r.get(path).(float64)
	return f
}

// strs returns the strings at path.
func (r result) strs(path string) []string {
	var out []string
	for _, v := range anySlice(r.get(path)) {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

func anySlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// subsequence checks that want appears in got in order, other entries between.
func subsequence(t *testing.T, what string, got, want []string) {
	t.Helper()
	i := 0
	for _, g := range got {
		if i < len(want) && strings.HasPrefix(g, want[i]) {
			i++
		}
	}
	if i < len(want) {
		t.Errorf("%s: %q not found in order in\n%s", what, want[i], strings.Join(got, "\n"))
	}
}

func checkReconnects(t *testing.T, r result) {
	r.eq("initial", map[string]any{"readyState": 0, "state": "connecting"})
	subsequence(t, "events", r.strs("events"), []string{
		"open state=open", "message a", "message b",
		"close 1006 false state=waiting",
		// minUptime is long: the dropped connection counts as a failed
		// attempt, so the next is attempt 2.
		"reconnecting attempt=2 delay=number reason=string",
		"open state=open", "message c",
		"close 4000 true state=closed",
	})
	r.eq("isCustomEvent", true)
	if a := r.num("detail.attempt"); a != 2 {
		t.Errorf("detail.attempt = %v want 2", a)
	}
	if d := r.num("detail.delay"); d < 20 || d > 100 {
		t.Errorf("detail.delay = %v ms, want 20 to 100 (minReconnectionDelay, maxReconnectionDelay)", d)
	}
	if reason, _ := r.get("detail.reason").(string); !strings.Contains(reason, "1006") {
		t.Errorf("detail.reason = %q, want the close code 1006 in it", reason)
	}
	r.eq("duringWait.readyState", 0)
	if n := r.num("reconnects"); n < 1 {
		t.Errorf("stats.reconnects = %v want at least 1", n)
	}
	r.eq("final", map[string]any{"readyState": 3, "state": "closed"})
}

func checkOutboxOrder(t *testing.T, r result) {
	r.eq("queued", 200)
	if b := r.num("buffered"); b <= 0 {
		t.Errorf("bufferedAmount with 200 messages queued = %v, want more than 0", b)
	}
	r.eq("received", 200)
	r.eq("inOrder", true)
}

func checkOutboxBounds(t *testing.T, r result) {
	quota := map[string]any{"name": "QuotaExceededError", "dom": true}
	r.eq("countResults", []any{"ok", "ok", "ok", quota, quota})
	r.eq("byteResults", []any{"ok", "ok", "ok", quota, quota})
	r.eq("echoed", []any{"c0", "c1", "c2"})
	r.eq("asyncFull", quota) // never opened: sendAsync cannot wait for room and rejects
}

func checkSendQueue(t *testing.T, r result) {
	r.eq("received", 600)
	r.eq("firstMismatch", -1)
	r.eq("sent", 600)
	r.eq("queuedAfter", 0)
	r.eq("refused", 0)
}

func checkSendQueueLarge(t *testing.T, r result) {
	r.eq("received", 15)
	r.eq("firstMismatch", -1)
	r.eq("textEqual", true)
	r.eq("sent", 16)
	r.eq("queuedAfter", 0)
}

func checkSendAsyncPause(t *testing.T, r result) {
	if r.engine == browser.WebKit {
		// WebKit hands everything to its network process whatever the peer
		// reads (docs/ENGINES.md): sendAsync never waits for the paused
		// server; the outbox bound still holds.
		r.eq("sent", 1024)
		r.eq("whileBlocked.blocked", false)
		r.eq("full", map[string]any{"name": "QuotaExceededError", "dom": true})
		return
	}
	r.eq("whileBlocked.blocked", true)
	r.eq("whileBlocked.bufferedAboveHigh", true)
	r.eq("full", map[string]any{"name": "QuotaExceededError", "dom": true})
	r.eq("settled", "resolved")
	if n := r.num("after.lows"); n < 1 {
		t.Errorf("bufferedamountlow fired %v times, want at least once", n)
	}
}

func checkCloseStops(t *testing.T, r result) {
	// Waiting, there is no socket to close: close() closes at once, and
	// the close event follows the call, never inside it.
	r.eq("afterCall.readyState", 3)
	r.eq("final", map[string]any{"readyState": 3, "state": "closed"})
	r.eq("moreAttempts", 0)
	events := r.strs("events")
	if n := len(events); n < 2 || events[n-2] != "close() returned" || events[n-1] != "close 4000 true state=closed" {
		t.Errorf("events = %q, want the close() call to return, then the final close with its code", events)
	}
}

func checkStartClosed(t *testing.T, r result) {
	r.eq("initial", map[string]any{"readyState": 3, "state": "closed"})
	r.eq("idle", map[string]any{"events": 0, "attempts": 0})
	r.eq("afterReconnect", map[string]any{"readyState": 0, "state": "connecting"})
	r.eq("open.readyState", 1)
	r.eq("open.protocol", "chat")
	r.eq("echo", "hi")
	r.eq("reopened", 1)
}

func checkURLProviders(t *testing.T, r result) {
	for _, name := range []string{"string", "url", "function", "async", "flaky", "rejecting"} {
		r.eq(name+".echo", name)
		r.eq(name+".url", "?via="+name)
	}
	r.eq("string.reconnectings", 0)
	r.eq("async.reconnectings", 0)
	if n := r.num("flaky.reconnectings"); n != 2 {
		t.Errorf("flaky: %v reconnecting events, want 2 (it throws twice)", n)
	}
	if n := r.num("rejecting.reconnectings"); n != 1 {
		t.Errorf("rejecting: %v reconnecting events, want 1", n)
	}
}

func checkInvalidArguments(t *testing.T, r result) {
	syntax := map[string]any{"name": "SyntaxError", "dom": true}
	r.eq("fragment", syntax)
	r.eq("scheme", syntax)
	r.eq("protocols", syntax)
	r.eq("negative", map[string]any{"name": "RangeError", "dom": false})
	r.eq("factor", map[string]any{"name": "RangeError", "dom": false})
	r.eq("closeCode", map[string]any{"name": "InvalidAccessError", "dom": true})
	r.eq("closeReason", syntax)
}

func checkHeartbeat(t *testing.T, r result) {
	r.eq("got", []any{"app"})
	r.eq("state", "open")
	r.eq("refused", map[string]any{"name": "DataError", "dom": true})
	r.eq("copied", 0) // heartbeat echoes went into Go, and the Client kept them
}

func checkDataTypes(t *testing.T, r result) {
	r.eq("described", []any{
		"t1",
		"Blob 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
		"Blob 4,5,6",
		"Blob 10,11",
		"Blob 98,108,111,98",
		"t2",
		"Blob 9,9",
		"t3",
	})
	r.eq("arraybuffer", true)
	r.eq("binaryType", "arraybuffer")
	// Payloads went straight from the browser's socket to the listeners,
	// never through Go (reconnect.Options.Dial through internal/jsbridge took effect).
	r.eq("copied", 0)
	r.eq("event", map[string]any{"messageEvent": true, "type": "message", "target": true, "origin": true, "handlerSaw": true, "phaseAfter": float64(0)})
}

func checkShouldReconnect(t *testing.T, r result) {
	events := r.strs("plainEvents")
	if !slices.Contains(events, "close 1000 true state=closed") || slices.ContainsFunc(events, func(e string) bool { return strings.HasPrefix(e, "reconnecting") }) {
		t.Errorf("a server's 1000 should end the socket for good: %q", events)
	}
	r.eq("plainFinal", "closed")
	r.eq("asked", map[string]any{"code": 1000, "reason": "again", "wasClean": true})
	r.eq("opens", 2)
	r.eq("customFinal", "closed")
}

func checkSurface(t *testing.T, r result) {
	r.eq("constants", []any{0, 1, 2, 3, 1})
	r.eq("eventTarget", true)
	r.eq("handlers", []any{"onopen"})
	r.eq("marks", []any{1 << 20, 1 << 18})
	r.eq("binaryType", "blob")
}

// checkGiveUp: the events of a URL that keeps failing name it, resolved as
// the browser resolved it, and giving up has an event of its own (issue 16).
func checkGiveUp(t *testing.T, r result) {
	url, _ := r.get("expected").(string)
	if !strings.HasPrefix(url, "ws://") {
		t.Fatalf("expected URL %q is not a ws URL", url)
	}
	r.eq("events", []any{
		"close 1006 url=" + url + " state=waiting",
		"reconnecting attempt=2 url=" + url,
		"close 1006 url=" + url + " state=waiting",
		"reconnecting attempt=3 url=" + url,
		"giveup",
		"close 1006 url=" + url + " state=closed",
	})
	r.eq("giveup.attempts", 3) // maxRetries 2: three attempts in all
	r.eq("giveup.url", url)
	r.eq("giveup.isCustomEvent", true)
	r.eq("giveup.state", "closed")
	if reason, _ := r.get("giveup.reason").(string); !strings.Contains(reason, "gave up") {
		t.Errorf("giveup.reason = %q, want it to say it gave up", reason)
	}
	r.eq("final", "closed")
}
