//go:build !js

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmws/wasmws/e2e/multinode"
	"github.com/wasmws/wasmws/internal/testredis"
	"github.com/wasmws/wasmws/internal/tools/browser"
	"github.com/wasmws/wasmws/internal/tools/wasmexec"
)

// multiNodeTimeout bounds one run, client and orchestration.
const multiNodeTimeout = 5 * time.Minute

// TestMultiNode is the multi-node resume chaos (issue 14): three `wasmws
// serve` processes share their sessions in one Redis; a reconnect.Client in
// resume mode moves to the next node on every reconnect while the nodes cut
// each connection once they have read 50 messages (a TCP cut) or written 50
// echoes (a cut in the middle of the next one), whichever comes first;
// 10,000 sequence-numbered messages go each way (sent, and echoed). A third of the
// way through, the node the client is on is killed with SIGKILL and stays
// dead (every third attempt is refused from then on); two thirds through,
// another node is restarted (SIGTERM, then a new process on the same port).
// Every echo must arrive once and in order, every reconnect must resume.
//
// It runs natively (the client in this process) and in Chromium (the same
// client compiled to wasm: multinode/jsclient, run by wasmexec). The Go
// client is the one tested in the browser because resume mode is a
// property of package reconnect, which the JS class drives; Chromium is
// the cheapest engine to start.
func TestMultiNode(t *testing.T) {
	bin := buildWasmws(t)
	t.Run("native", func(t *testing.T) {
		runMultiNode(t, bin, func(ctx context.Context, urls []string, progress func(multinode.Progress)) (multinode.Report, error) {
			return multinode.Run(ctx, multinode.Config{URLs: urls, OnProgress: progress})
		})
	})
	t.Run(browser.Chromium, func(t *testing.T) {
		program := buildJSClient(t)
		runMultiNode(t, bin, func(ctx context.Context, urls []string, progress func(multinode.Progress)) (multinode.Report, error) {
			return runJSClient(ctx, program, urls, progress)
		})
	})
}

// chaosClient runs the client half against the nodes' URLs, calling
// progress as the echoes come.
type chaosClient func(ctx context.Context, urls []string, progress func(multinode.Progress)) (multinode.Report, error)

func runMultiNode(t *testing.T, bin string, client chaosClient) {
	redis := testredis.Start(t)
	nodes := make([]*node, 3)
	urls := make([]string, len(nodes))
	for i := range nodes {
		nodes[i] = startNode(t, bin, "-resume-store", redis.URL())
		urls[i] = nodes[i].echoURL()
	}
	ctx, cancel := context.WithTimeout(context.Background(), multiNodeTimeout)
	defer cancel()

	plan := newChaosPlan(nodes, multinode.DefaultTotal)
	r, err := client(ctx, urls, plan.progress)
	faults := plan.wait()
	if err != nil {
		t.Fatalf("%v\nnodes' stderr:\n%s", err, allStderr(nodes))
	}
	t.Logf("multinode chaos (%s): sent %d, received %d, missing %d, duplicated %d, out of order %d, corrupted %d, retransmitted %d, reconnects %d, resumed %d, not resumed %d (missed %d, maybe lost %d), plain %d, refused attempts %d, opens per node %v; %s; in %s",
		t.Name(), r.Sent, r.Received, r.Missing, r.Duplicated, r.OutOfOrder, r.Corrupted, r.Retransmitted,
		r.Reconnects, r.Resumed, r.NotResumed, r.Missed, r.MaybeLost, r.Plain, r.Failed, r.Opens, faults, r.Elapsed)
	checkMultiNode(t, r, faults)
	if t.Failed() {
		t.Logf("nodes' stderr:\n%s", allStderr(nodes))
	}
}

// checkMultiNode checks a run's report and that its faults happened.
func checkMultiNode(t *testing.T, r multinode.Report, f chaosFaults) {
	t.Helper()
	if r.Missing+r.Duplicated+r.OutOfOrder+r.Corrupted != 0 {
		t.Errorf("missing %d, duplicated %d, out of order %d, corrupted %d want 0, 0, 0, 0",
			r.Missing, r.Duplicated, r.OutOfOrder, r.Corrupted)
	}
	// Resumed counts resumed open events (not a resume exchange cut
	// between its WELCOME and the open): one per reconnect.
	if r.NotResumed != 0 || r.Plain != 0 || r.Resumed != r.Reconnects {
		t.Errorf("%d reconnects: %d resumed, %d not resumed, %d in plain mode; want every one resumed",
			r.Reconnects, r.Resumed, r.NotResumed, r.Plain)
	}
	// A connection carries at most 50 messages each way, retransmissions
	// included.
	if want := r.Sent/multinode.DefaultCutEvery - 1; r.Reconnects < want {
		t.Errorf("%d reconnects for %d messages, want at least %d: the cuts did not happen", r.Reconnects, r.Sent, want)
	}
	if f.killed < 0 || f.restarted < 0 || f.err != nil {
		t.Errorf("faults: %s; want a node killed and another restarted", f)
	}
	if f.killed >= 0 && r.Failed == 0 {
		t.Errorf("no attempt refused after node %d was killed: the client never tried it", f.killed)
	}
}

// chaosPlan kills and restarts nodes as the client's progress reaches a
// third and two thirds of the stream.
type chaosPlan struct {
	nodes []*node
	total int
	ch    chan multinode.Progress
	done  chan chaosFaults
}

// chaosFaults is what a chaosPlan did: the indexes of the nodes killed and
// restarted (−1: none), and when.
type chaosFaults struct {
	killed, restarted     int
	killedAt, restartedAt int // echoes received by then
	err                   error
}

func (f chaosFaults) String() string {
	s := fmt.Sprintf("node %d killed at %d echoes, node %d restarted at %d", f.killed, f.killedAt, f.restarted, f.restartedAt)
	if f.err != nil {
		s += " (" + f.err.Error() + ")"
	}
	return s
}

func newChaosPlan(nodes []*node, total int) *chaosPlan {
	p := &chaosPlan{
		nodes: nodes, total: total,
		// One progress per 50 echoes: the buffer never fills.
		ch:   make(chan multinode.Progress, total/multinode.DefaultCutEvery+1),
		done: make(chan chaosFaults, 1),
	}
	go p.run()
	return p
}

// progress is the client's OnProgress.
func (p *chaosPlan) progress(pr multinode.Progress) {
	select {
	case p.ch <- pr:
	default: // more progress than planned for: the latest counts, not every one
	}
}

// wait ends the plan, once the client has returned, and reports what it did.
func (p *chaosPlan) wait() chaosFaults {
	close(p.ch)
	return <-p.done
}

func (p *chaosPlan) run() {
	f := chaosFaults{killed: -1, restarted: -1}
	defer func() { p.done <- f }()
	for pr := range p.ch {
		switch {
		case f.killed < 0 && pr.Received >= p.total/3:
			victim := max(pr.Node, 0) // the node the client is on
			p.nodes[victim].kill()
			f.killed, f.killedAt = victim, pr.Received
		case f.killed >= 0 && f.restarted < 0 && f.err == nil && pr.Received >= 2*p.total/3:
			n := pr.Node
			if n < 0 || n == f.killed {
				n = (f.killed + 1) % len(p.nodes)
			}
			if f.err = p.nodes[n].restart(); f.err == nil {
				f.restarted, f.restartedAt = n, pr.Received
			}
		}
	}
}

func allStderr(nodes []*node) string {
	var b strings.Builder
	for _, n := range nodes {
		b.WriteString(n.stderr())
	}
	return b.String()
}

// buildJSClient builds multinode/jsclient for GOOS=js GOARCH=wasm.
func buildJSClient(t *testing.T) string {
	t.Helper()
	program := filepath.Join(t.TempDir(), "jsclient.wasm")
	cmd := exec.Command("go", "build", "-o", program, "./multinode/jsclient")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building multinode/jsclient: %v\n%s", err, out)
	}
	return program
}

// runJSClient runs program in Chromium against urls, passing the progress
// lines it prints to progress, and returns the report it prints.
func runJSClient(ctx context.Context, program string, urls []string, progress func(multinode.Progress)) (multinode.Report, error) {
	out := &lineWriter{progress: progress}
	var stderr bytes.Buffer
	err := wasmexec.Run(ctx, browser.Chromium, wasmexec.Config{
		Program: program,
		Environ: append(os.Environ(),
			multinode.EnvURLs+"="+strings.Join(urls, ","),
			wasmexec.EnvEchoURL+"="+urls[0]), // the page needs no echo server of its own
		Stdout: out,
		Stderr: &syncWriter{w: &stderr},
	})
	r, ok := out.result()
	switch {
	case err != nil:
		return multinode.Report{}, fmt.Errorf("jsclient: %v\nstderr:\n%s", err, stderr.String())
	case !ok:
		return multinode.Report{}, fmt.Errorf("jsclient printed no report\nstdout:\n%s\nstderr:\n%s", out.text(), stderr.String())
	}
	return r, nil
}

// lineWriter reads jsclient's standard output line by line: progress goes
// to progress as it comes, the report is kept.
type lineWriter struct {
	progress func(multinode.Progress)

	mu      sync.Mutex
	partial []byte
	other   []string // lines that are neither, for an error message
	report  *multinode.Report
}

func (w *lineWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.partial = append(w.partial, b...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			return len(b), nil
		}
		line := string(w.partial[:i])
		w.partial = w.partial[i+1:]
		switch p, r, ok := multinode.ParseLine(line); {
		case ok && p != nil:
			w.progress(*p)
		case ok && r != nil:
			w.report = r
		default:
			w.other = append(w.other, line)
		}
	}
}

func (w *lineWriter) result() (multinode.Report, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.report == nil {
		return multinode.Report{}, false
	}
	return *w.report, true
}

func (w *lineWriter) text() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.other, "\n") + string(w.partial)
}

// syncWriter makes a writer safe for concurrent use.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}
