//go:build !js

package wasmexec

import (
	"errors"
	"maps"
	"testing"
	"time"
)

func TestRunTimeout(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		name string
		args []string
		env  string // WASMWS_EXEC_TIMEOUT
		want time.Duration
		err  bool
	}{
		{name: "default", want: DefaultTimeout},
		{name: "go test", args: []string{"-test.paniconexit0", "-test.timeout=10m0s", "-test.v=true"}, want: 10*time.Minute + TimeoutGrace},
		{name: "two args", args: []string{"-test.timeout", "5s"}, want: 5*time.Second + TimeoutGrace},
		{name: "double dash", args: []string{"--test.timeout=5s"}, want: 5*time.Second + TimeoutGrace},
		{name: "zero", args: []string{"-test.timeout=0s"}, want: DefaultTimeout},
		{name: "after args", args: []string{"arg", "-test.timeout=5s"}, want: DefaultTimeout},
		{name: "bad flag", args: []string{"-test.timeout=soon"}, want: DefaultTimeout},
		{name: "env wins", args: []string{"-test.timeout=5s"}, env: "1h", want: time.Hour},
		{name: "env zero", env: "0", want: 0},
		{name: "env bad", env: "soon", err: true},
		{name: "env negative", env: "-1s", err: true},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			getenv := func(name string) string {
				if name == EnvTimeout {
					return tc.env
				}
				return ""
			}
			got, why, err := runTimeout(testFlags{args: tc.args}, getenv)
			if (err != nil) != tc.err || (err != nil && !errors.Is(err, ErrUsage)) {
				t.Fatalf("runTimeout(%q) error = %v want error %v (ErrUsage)", tc.args, err, tc.err)
			}
			if got != tc.want {
				t.Errorf("runTimeout(%q) = %v (%s) want %v", tc.args, got, why, tc.want)
			}
		})
	}
}

func TestPageEnv(t *testing.T) {
	t.Parallel()
	environ := []string{"PATH=/bin", "WASMWS_X=1", "GODEBUG=a=1", "GOOS=js", "WASMWS_ECHO_URL=ws://other/echo", "HOME=/root", "GOCOVERDIR=/c", "MINE=m"}
	testCases := []struct {
		name string
		pass []string
		want map[string]string
	}{
		{name: "defaults", want: map[string]string{
			"HOME": "/", "TMPDIR": "/tmp", "WASMWS_X": "1", "GODEBUG": "a=1", "GOCOVERDIR": "/c",
			"WASMWS_ECHO_URL": "ws://127.0.0.1:1/echo",
		}},
		{name: "named", pass: []string{"MINE", "ABSENT"}, want: map[string]string{
			"HOME": "/", "TMPDIR": "/tmp", "WASMWS_X": "1", "GODEBUG": "a=1", "GOCOVERDIR": "/c",
			"WASMWS_ECHO_URL": "ws://127.0.0.1:1/echo", "MINE": "m",
		}},
		{name: "all", pass: []string{"all"}, want: map[string]string{
			"HOME": "/", "TMPDIR": "/tmp", "WASMWS_X": "1", "GODEBUG": "a=1", "GOCOVERDIR": "/c",
			"WASMWS_ECHO_URL": "ws://127.0.0.1:1/echo", "MINE": "m", "PATH": "/bin", "GOOS": "js",
		}},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := pageEnv(environ, tc.pass, "ws://127.0.0.1:1/echo"); !maps.Equal(got, tc.want) {
				t.Errorf("pageEnv(%q) = %v want %v", tc.pass, got, tc.want)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	environ := []string{"A=1", "AB=2", "B=", "A=3"}
	for name, want := range map[string]string{"A": "3", "AB": "2", "B": "", "C": ""} {
		if got := lookup(environ, name); got != want {
			t.Errorf("lookup(%q) = %q want %q", name, got, want)
		}
	}
}
