//go:build !js

package main

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func TestHandle(t *testing.T) {
	t.Parallel()
	b64 := base64.StdEncoding.EncodeToString
	testCases := []struct {
		name       string
		events     []event
		done       bool
		code       int    // want exitCode(code) when not 0
		err        string // want an error containing this
		stdout     string
		stderr     string
		wantStderr string // stderr must contain this
	}{
		{
			name: "output in order",
			events: []event{
				{kind: eventReport, text: "1" + b64([]byte("par"))},
				{kind: eventReport, text: "2" + b64([]byte("err\n"))},
				{kind: eventReport, text: "1" + b64([]byte("tial\n"))},
			},
			stdout: "partial\n",
			stderr: "err\n",
		},
		{name: "exit 0", events: []event{{kind: eventReport, text: "x0"}}, done: true},
		{name: "exit 3", events: []event{{kind: eventReport, text: "x3"}}, done: true, code: 3},
		{
			name:   "stop at exit",
			events: []event{{kind: eventReport, text: "x0"}, {kind: eventReport, text: "1" + b64([]byte("late"))}},
			done:   true,
		},
		{
			name:   "harness error",
			events: []event{{kind: eventReport, text: "e" + b64([]byte("CompileError: bad"))}},
			done:   true,
			err:    "running the program: CompileError: bad",
		},
		{
			name:       "console",
			events:     []event{{kind: eventConsole, sub: "log", text: "hi"}},
			wantStderr: "wasmexec: console.log: hi\n",
		},
		{
			name:       "exception",
			events:     []event{{kind: eventConsole, sub: "exception", text: "Uncaught Error: x\n    at f"}},
			done:       true,
			err:        "uncaught exception in the page: Uncaught Error: x",
			wantStderr: "    at f",
		},
		{name: "crash", events: []event{{kind: eventCrash}}, done: true, err: "crashed"},
		{name: "bad report", events: []event{{kind: eventReport, text: "1!!"}}, done: true, err: "bad output"},
		{name: "unknown report", events: []event{{kind: eventReport, text: "?"}}, done: true, err: "unknown report"},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr strings.Builder
			r := &runner{stdout: &stdout, stderr: &stderr}
			done, err := r.handle(tc.events)
			if done != tc.done {
				t.Errorf("done = %v want %v", done, tc.done)
			}
			var code exitCode
			switch {
			case tc.code != 0:
				if !errors.As(err, &code) || int(code) != tc.code {
					t.Errorf("err = %v want exit code %d", err, tc.code)
				}
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("err = %v want one containing %q", err, tc.err)
				}
			case err != nil:
				t.Errorf("err = %v want nil", err)
			}
			if stdout.String() != tc.stdout {
				t.Errorf("stdout = %q want %q", stdout.String(), tc.stdout)
			}
			if tc.wantStderr != "" {
				if !strings.Contains(stderr.String(), tc.wantStderr) {
					t.Errorf("stderr = %q want it to contain %q", stderr.String(), tc.wantStderr)
				}
			} else if stderr.String() != tc.stderr {
				t.Errorf("stderr = %q want %q", stderr.String(), tc.stderr)
			}
		})
	}
}
