//go:build !js

package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// fakePage does what page/agent.js does, with fns as the page's functions,
// until the agent says it is done or stops listening (as agent.js, whose
// loop ends on a failed fetch).
func fakePage(t *testing.T, base string, fns map[string]func(json.RawMessage) (any, error)) {
	for {
		res, err := http.Get(base + "next")
		if err != nil {
			return
		}
		if res.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("next: the page could not read the answer (no Access-Control-Allow-Origin: *)")
		}
		if res.StatusCode == http.StatusNoContent {
			res.Body.Close()
			return
		}
		var c struct {
			ID  int             `json:"id"`
			Fn  string          `json:"fn"`
			Arg json.RawMessage `json:"arg"`
		}
		err = json.NewDecoder(res.Body).Decode(&c)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || err != nil {
			continue
		}
		reply := map[string]any{"id": c.ID}
		if v, err := fns[c.Fn](c.Arg); err != nil {
			reply["error"] = err.Error()
		} else {
			reply["value"] = v
		}
		body, _ := json.Marshal(reply)
		res, err = http.Post(base+"result", "text/plain", strings.NewReader(string(body)))
		if err != nil {
			t.Errorf("POST result: %v", err)
			return
		}
		res.Body.Close()
	}
}

func TestAgent(t *testing.T) {
	var mu sync.Mutex
	var logged []string
	a, err := startAgent(func(line string) {
		mu.Lock()
		logged = append(logged, line)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		fakePage(t, a.url, map[string]func(json.RawMessage) (any, error){
			"double": func(arg json.RawMessage) (any, error) {
				var n int
				err := json.Unmarshal(arg, &n)
				return 2 * n, err
			},
			"fail": func(json.RawMessage) (any, error) { return nil, errString("no such thing") },
		})
	})
	ctx := context.Background()
	never := make(chan struct{})
	for i := range 3 {
		var got int
		if err := a.call(ctx, never, "double", 20+i, &got); err != nil || got != 40+2*i {
			t.Errorf("double(%d) = %d, %v; want %d", 20+i, got, err, 40+2*i)
		}
	}
	if err := a.call(ctx, never, "fail", nil, new(int)); err == nil || !strings.Contains(err.Error(), "no such thing") {
		t.Errorf("fail: err %v, want the page's error", err)
	}
	res, err := http.Post(a.url+"log", "text/plain", strings.NewReader("bench: [1/2] x"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	a.close()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if len(logged) != 1 || logged[0] != "bench: [1/2] x" {
		t.Errorf("logged %q, want the one line posted", logged)
	}
	// A call after the page left fails when the browser ends.
	ended := make(chan struct{})
	close(ended)
	if err := a.call(ctx, ended, "double", 1, new(int)); err == nil {
		t.Error("call with the browser ended: no error")
	}
}

type errString string

func (e errString) Error() string { return string(e) }
