//go:build !js

package wasmexec

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRelay(t *testing.T) {
	t.Parallel()
	type record struct{ path, body string }
	testCases := []struct {
		name           string
		records        []record
		code           int    // want ExitCode of the result; -1: not ended
		err            string // want the error to contain this
		stdout, stderr string
	}{
		{
			name:    "output in order, then exit 0",
			records: []record{{"out?fd=1", "par"}, {"out?fd=2", "err\n"}, {"out?fd=1", "tial\n"}, {"exit?code=0", ""}, {"out?fd=1", "late"}},
			stdout:  "partial\n",
			stderr:  "err\n",
		},
		{name: "exit 3", records: []record{{"exit?code=3", ""}}, code: 3},
		{name: "not ended", records: []record{{"out?fd=1", "x"}}, code: -1, stdout: "x"},
		{name: "harness failure", records: []record{{"fail", "CompileError: bad\n  at x"}}, code: 1, err: "running the program: CompileError: bad |   at x"},
		{name: "console", records: []record{{"console?kind=log", "hi"}}, code: -1, stderr: "wasmexec: console.log: hi\n"},
		{
			name:    "exception",
			records: []record{{"console?kind=exception", "Uncaught Error: x\n    at f"}},
			code:    1,
			err:     "uncaught exception in the page: Uncaught Error: x",
			stderr:  "wasmexec: console.exception: Uncaught Error: x\n    at f\n",
		},
		{name: "bad exit", records: []record{{"exit?code=x", ""}}, code: 1, err: "bad exit code"},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr strings.Builder
			rl := newRelay(&stdout, &stderr)
			for _, r := range tc.records {
				req := httptest.NewRequest(http.MethodPost, harnessPrefix+r.path, strings.NewReader(r.body))
				rl.ServeHTTP(httptest.NewRecorder(), req)
			}
			select {
			case err := <-rl.result:
				if tc.code == -1 {
					t.Fatalf("ended with %v want not ended", err)
				}
				if got := ExitCode(err); got != tc.code {
					t.Errorf("exit code %d (%v) want %d", got, err, tc.code)
				}
				if tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
					t.Errorf("error %v want one containing %q", err, tc.err)
				}
			default:
				if tc.code != -1 {
					t.Fatal("not ended")
				}
			}
			if stdout.String() != tc.stdout || stderr.String() != tc.stderr {
				t.Errorf("stdout, stderr = %q, %q want %q, %q", stdout.String(), stderr.String(), tc.stdout, tc.stderr)
			}
		})
	}
}
