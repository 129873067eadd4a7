//go:build !js

package browser

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestNewConsole starts Chromium, loads a page that writes to the console,
// throws and fails a request, and checks what the callback received.
// Chromium is required: without it the test fails and says how to install it.
func TestNewConsole(t *testing.T) {
	if _, err := ExecPath(); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><link rel="icon" href="data:,"><script>
			console.log("hello %s", "page", {a: 1});
			console.warn("careful");
			fetch("/missing").then(() => { throw new Error("boom"); });
		</script>`))
	}))
	defer ts.Close()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var (
		mu  sync.Mutex
		got []string
	)
	exception := make(chan struct{})
	bctx, cancelBrowser, err := New(ctx, &Options{Console: func(kind, text string) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, kind+": "+text)
		if kind == KindException {
			close(exception)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer cancelBrowser()
	if err := chromedp.Do(bctx, chromedp.Navigate(ts.URL)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exception:
	case <-ctx.Done():
		t.Fatal("no exception reported")
	}

	mu.Lock()
	defer mu.Unlock()
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"log: hello page {a: 1}",
		"warning: careful",
		"browser.error: Failed to load resource: the server responded with a status of 404 (Not Found) (" + ts.URL + "/missing)",
		"exception: Uncaught (in promise) Error: boom",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("console lacks %q; got:\n%s", want, all)
		}
	}
}

func TestNewBadExecPath(t *testing.T) {
	t.Parallel()
	_, _, err := New(context.Background(), &Options{ExecPath: "/nonexistent/chromium"})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/chromium") {
		t.Errorf("New with a bad ExecPath: error %v, want one naming the path", err)
	}
}
