//go:build !js

package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

// SizeResult is the size of one wasm module.
type SizeResult struct {
	Name   string `json:"name"`
	Build  string `json:"build"`  // how it was built
	Raw    int    `json:"raw"`    // bytes
	Gzip   int    `json:"gzip"`   // gzip -9
	Brotli int    `json:"brotli"` // brotli quality 11
	Error  string `json:"error,omitempty"`
}

// wasmBuild is a way to build: its name in the table and its flags.
type wasmBuild struct {
	name  string
	flags []string
}

// wasmProgram is a module the size section builds.
type wasmProgram struct{ name, pkg string }

var wasmPrograms = []wasmProgram{
	{"wasmws.wasm (./wasm: the engine of the JS classes)", "./wasm"},
	{"sdk.Conn echo client", "./internal/tools/benchwasm/sizes/sdkclient"},
	{"coder/websocket echo client", "./internal/tools/benchwasm/sizes/coderws"},
	{"minimal Go program (fmt.Println)", "./internal/tools/benchwasm/sizes/minimal"},
}

// runSizes builds each program for GOOS=js, as `go build` does by default
// and stripped (-ldflags=-s -w, full run only), and measures it; and the
// web/wasmws.wasm of the tree as it is, if built.
func (d *driver) runSizes(context.Context) error {
	builds := []wasmBuild{{"go build", nil}}
	if !d.cfg.quick {
		builds = append(builds, wasmBuild{"go build -ldflags='-s -w'", []string{"-ldflags=-s -w"}})
	}
	step, total := 0, len(builds)*len(wasmPrograms)
	for _, b := range builds {
		for _, p := range wasmPrograms {
			step++
			d.progress.step("size", step, total, p.pkg)
			out := filepath.Join(d.work, "size.wasm")
			r := SizeResult{Name: p.name, Build: b.name}
			if err := goBuild(jsEnv, out, p.pkg, b.flags...); err != nil {
				r.Error = firstLine(err.Error())
				if p.pkg == "./wasm" {
					r.Error = "pending issue 4: " + r.Error
				}
			} else {
				measureFile(out, &r)
			}
			d.report.Sizes = append(d.report.Sizes, r)
		}
	}
	d.runSizeSteps()
	if _, err := os.Stat("web/wasmws.wasm"); err == nil {
		r := SizeResult{Name: "web/wasmws.wasm as built in the tree", Build: "(make)"}
		measureFile("web/wasmws.wasm", &r)
		d.report.Sizes = append(d.report.Sizes, r)
	}
	return nil
}

// measureFile fills r with the sizes of the file at path.
func measureFile(path string, r *SizeResult) {
	b, err := os.ReadFile(path)
	if err != nil {
		r.Error = err.Error()
		return
	}
	r.Raw = len(b)
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	r.Gzip = gz.Len()
	var br bytes.Buffer
	bw := brotli.NewWriterLevel(&br, brotli.BestCompression)
	bw.Write(b)
	bw.Close()
	r.Brotli = br.Len()
}
