//go:build !js

package main

import (
	"path/filepath"

	"github.com/wasmws/wasmws/internal/tools/wasmpack"
)

// sizeStep is one step from `go build` towards what `make build` writes
// into web/wasmws.wasm: its flags and how wasmpack packs it after linking
// (nil: not packed).
type sizeStep struct {
	build string // as the table shows it
	flags []string
	pack  *wasmpack.Options
}

// stdNoInline are go build flags with the standard library not inlined,
// but for syscall/js.
var stdNoInline = []string{"-trimpath", "-ldflags=-s -w", "-gcflags=std=-l", "-gcflags=syscall/js="}

// makeBuildStep is the Makefile's web target: stdNoInline, and neither
// ./wasm nor safejs inlined.
var makeBuildStep = sizeStep{"make build: -ldflags='-s -w' -gcflags=std=-l -gcflags=syscall/js= -gcflags=<./wasm, safejs>=-l + wasmpack -drop-line-numbers",
	wasmpack.WebBuildFlags(), wasmpack.WebOptions()}

// sizeSteps are measured in this order after the plain builds of runSizes;
// a quick run measures only makeBuildStep.
var sizeSteps = []sizeStep{
	{"-ldflags='-s -w' + wasmpack", []string{"-trimpath", "-ldflags=-s -w"}, &wasmpack.Options{MaxGap: wasmpack.DefaultMaxGap}},
	{"-ldflags='-s -w' -gcflags=std=-l -gcflags=syscall/js=", stdNoInline, nil},
	{"-ldflags='-s -w' -gcflags=std=-l -gcflags=syscall/js= + wasmpack", stdNoInline, &wasmpack.Options{MaxGap: wasmpack.DefaultMaxGap}},
	makeBuildStep,
}

// runSizeSteps measures wasmws.wasm after each of sizeSteps, and the
// minimal Go program built as make build builds wasmws.wasm: the floor of
// any Go module.
func (d *driver) runSizeSteps() {
	type job struct {
		prog wasmProgram
		step sizeStep
	}
	var jobs []job
	steps := sizeSteps
	if d.cfg.quick {
		steps = []sizeStep{makeBuildStep}
	}
	for _, s := range steps {
		jobs = append(jobs, job{wasmPrograms[0], s})
	}
	if !d.cfg.quick {
		jobs = append(jobs, job{wasmPrograms[len(wasmPrograms)-1], makeBuildStep})
	}
	for i, j := range jobs {
		d.progress.step("size steps", i+1, len(jobs), j.prog.pkg)
		r := SizeResult{Name: j.prog.name, Build: j.step.build}
		out := filepath.Join(d.work, "step.wasm")
		if err := goBuild(jsEnv, out, j.prog.pkg, j.step.flags...); err != nil {
			r.Error = firstLine(err.Error())
		} else if _, err := packIf(j.step.pack, out); err != nil {
			r.Error = firstLine(err.Error())
		} else {
			measureFile(out, &r)
		}
		d.report.Sizes = append(d.report.Sizes, r)
	}
}

// packIf packs the module at path with opts, unless opts is nil.
func packIf(opts *wasmpack.Options, path string) (wasmpack.Stats, error) {
	if opts == nil {
		return wasmpack.Stats{}, nil
	}
	return wasmpack.PackFile(path, path, opts)
}
