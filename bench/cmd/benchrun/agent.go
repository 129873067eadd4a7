//go:build !js

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// agent drives the benchmark page in an engine benchrun has no DevTools
// connection to (Firefox, WebKit): the page (page/agent.js) long-polls
// GET /next for a call of one of its functions, runs it and posts the
// result to /result; console lines arrive at /log. It listens on a loopback
// port of its own, so the page's requests are cross-origin; it allows them.
type agent struct {
	url   string // http://127.0.0.1:PORT/
	srv   *http.Server
	calls chan agentCall // to the page; unbuffered: one call at a time
	log   func(line string)

	mu      sync.Mutex
	nextID  int
	pending map[int]chan agentReply
	closed  chan struct{}
}

type agentCall struct {
	ID  int    `json:"id"`
	Fn  string `json:"fn"`
	Arg any    `json:"arg"`
}

type agentReply struct {
	ID    int             `json:"id"`
	Value json.RawMessage `json:"value"`
	Error string          `json:"error"`
}

// agentPoll is how long GET /next waits for a call before the page asks
// again.
const agentPoll = 20 * time.Second

// startAgent listens on a free loopback port; log receives the page's
// console lines.
func startAgent(log func(string)) (*agent, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	a := &agent{
		url: "http://" + ln.Addr().String() + "/", calls: make(chan agentCall),
		log: log, pending: map[int]chan agentReply{}, closed: make(chan struct{}),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /next", a.serveNext)
	mux.HandleFunc("POST /result", a.serveResult)
	mux.HandleFunc("POST /log", a.serveLog)
	a.srv = &http.Server{Handler: allowAnyOrigin(mux), ReadHeaderTimeout: 10 * time.Second}
	go a.srv.Serve(ln)
	return a, nil
}

// allowAnyOrigin lets the page, served from the echo server's port, read
// the agent's answers.
func allowAnyOrigin(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		h.ServeHTTP(w, r)
	})
}

func (a *agent) serveNext(w http.ResponseWriter, r *http.Request) {
	t := time.NewTimer(agentPoll)
	defer t.Stop()
	select {
	case c := <-a.calls:
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(c)
	case <-a.closed:
		w.WriteHeader(http.StatusNoContent)
	case <-t.C:
		w.WriteHeader(http.StatusAccepted) // nothing yet: ask again
	case <-r.Context().Done():
	}
}

func (a *agent) serveResult(w http.ResponseWriter, r *http.Request) {
	var rep agentReply
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<20)).Decode(&rep); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	a.mu.Lock()
	ch := a.pending[rep.ID]
	delete(a.pending, rep.ID)
	a.mu.Unlock()
	if ch != nil {
		ch <- rep // buffered
	}
}

func (a *agent) serveLog(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	a.log(string(b))
}

// call runs fn(arg) in the page and decodes what it resolved into out. It
// fails when ctx ends or when done (the browser ended) is closed first.
func (a *agent) call(ctx context.Context, done <-chan struct{}, fn string, arg, out any) error {
	a.mu.Lock()
	a.nextID++
	id := a.nextID
	ch := make(chan agentReply, 1)
	a.pending[id] = ch
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		delete(a.pending, id)
		a.mu.Unlock()
	}()
	select {
	case a.calls <- agentCall{ID: id, Fn: fn, Arg: arg}:
	case <-done:
		return errors.New("the browser ended")
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case rep := <-ch:
		if rep.Error != "" {
			return fmt.Errorf("%s in the page: %s", fn, rep.Error)
		}
		return json.Unmarshal(rep.Value, out)
	case <-done:
		return errors.New("the browser ended")
	case <-ctx.Done():
		return ctx.Err()
	}
}

// close tells the page it is done and stops listening.
func (a *agent) close() {
	close(a.closed)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	a.srv.Shutdown(ctx)
}
