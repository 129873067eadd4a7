//go:build js && wasm

package sdk_test

import (
	"context"
	"testing"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/internal/wstest"
)

func TestZZProbe(t *testing.T) {
	ua, _ := safejs.Global().Get("navigator")
	uas, _ := ua.Get("userAgent")
	s, _ := uas.String()
	t.Logf("UA %s", s)
	ctor, _ := safejs.Global().Get("WebSocket")
	u8, _ := safejs.Global().Get("Uint8Array")
	key := pauseKey(t)
	ws, err := ctor.New(wstest.EchoURL(t, "pause="+key))
	if err != nil {
		t.Fatal(err)
	}
	ba := func() int64 { v, _ := ws.Get("bufferedAmount"); f, _ := v.Float(); return int64(f) }
	rs := func() int64 { v, _ := ws.Get("readyState"); f, _ := v.Float(); return int64(f) }
	for rs() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	buf, _ := u8.New(1 << 20)
	for i := 0; i < 24; i++ {
		ws.Call("send", buf)
	}
	t.Logf("after 24 MiB sends: %d", ba())
	b0 := ba()
	ws.Call("send", "x")
	t.Logf("send 1 text: delta %d", ba()-b0)
	time.Sleep(300 * time.Millisecond)
	t.Logf("after 300ms: %d", ba())
	ws.Call("close", 1000)
	t.Logf("right after close(): %d rs %d", ba(), rs())
	for i := 0; i < 10; i++ {
		time.Sleep(50 * time.Millisecond)
		t.Logf("+%dms: %d rs %d", 50*(i+1), ba(), rs())
	}
	ws2, _ := ctor.New(wstest.EchoURL(t, "resume="+key))
	_ = ws2
	time.Sleep(500 * time.Millisecond)
	t.Logf("after resume: %d rs %d", ba(), rs())
	_ = context.Background()
}
