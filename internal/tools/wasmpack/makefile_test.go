package wasmpack

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The Makefile's web target spells out the flags that e2e and benchrun take
// from WebBuildFlags and WebOptions: a change to one without the other
// fails here, not as a module that differs between make build and the tests.
func TestMakefileBuildsAsWebBuildFlags(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	makefile := string(b)
	variable := func(name string) []string {
		m := regexp.MustCompile(`(?m)^` + name + ` :=(.*)$`).FindStringSubmatch(makefile)
		if m == nil {
			t.Fatalf("Makefile has no %s", name)
		}
		return strings.Fields(m[1])
	}
	const recipe = `GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" $(WEB_GCFLAGS) -o web/wasmws.wasm ./wasm`
	if !strings.Contains(makefile, recipe) {
		t.Fatalf("Makefile's web target no longer builds with\n%s\n(update WebBuildFlags and this test together)", recipe)
	}
	want := WebBuildFlags()
	got := append([]string{"-trimpath", "-ldflags=-s -w"}, variable("WEB_GCFLAGS")...)
	if !slices.Equal(got, want) {
		t.Errorf("Makefile builds with %q, WebBuildFlags() is %q", got, want)
	}
	if pack := variable("WEB_PACKFLAGS"); !slices.Equal(pack, []string{"-drop-line-numbers"}) || !WebOptions().DropLineNumbers {
		t.Errorf("Makefile packs with %q, WebOptions() drops line numbers: %v", pack, WebOptions().DropLineNumbers)
	}
}
