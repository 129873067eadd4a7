//go:build !js

package wasmexec

import (
	"slices"
	"testing"
)

func TestFlagsWithout(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		args, want []string
	}{
		{[]string{"-test.v=true", "-test.cpuprofile=/p/cpu.out", "-test.run=X"}, []string{"-test.v=true", "-test.run=X"}},
		{[]string{"-test.cpuprofile", "cpu.out", "-test.run=X"}, []string{"-test.run=X"}},
		{[]string{"-test.run=X"}, []string{"-test.run=X"}},
		{[]string{"arg", "-test.cpuprofile=x"}, []string{"arg", "-test.cpuprofile=x"}},
	}
	for _, tc := range testCases {
		if got := (testFlags{args: tc.args}).without("cpuprofile"); !slices.Equal(got, tc.want) {
			t.Errorf("without(%q) = %q want %q", tc.args, got, tc.want)
		}
	}
}

func TestFlagsWriteDirs(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		name       string
		args       []string
		gocoverdir string
		want       []string
	}{
		{name: "none", args: []string{"-test.v=true"}, want: []string{}},
		{
			name: "go test -cover -coverprofile",
			args: []string{"-test.gocoverdir=/w/b001/gocoverdir", "-test.coverprofile=/w/b001/_cover_.out", "-test.testlogfile=/w/b001/testlog.txt"},
			want: []string{"/w/b001", "/w/b001/gocoverdir"},
		},
		{
			name: "profiles in outputdir",
			args: []string{"-test.cpuprofile=cpu.out", "-test.memprofile=sub/mem.out", "-test.outputdir=/out"},
			want: []string{"/out", "/out/sub"},
		},
		{name: "relative to the package", args: []string{"-test.trace=t.out"}, want: []string{"/pkg"}},
		{name: "GOCOVERDIR", gocoverdir: "cov", want: []string{"/pkg/cov"}},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := (testFlags{args: tc.args}).writeDirs("/pkg", tc.gocoverdir); !slices.Equal(got, tc.want) {
				t.Errorf("writeDirs = %q want %q", got, tc.want)
			}
		})
	}
}
