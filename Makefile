# wasmws: the two commands are `make run` and `make test`. The Makefile is a
# thin layer over go and the scripts in scripts/; every tool it needs is
# installed by it (Chromium, Firefox and WebKit through
# scripts/ensure-browsers.sh, staticcheck at a pinned version into bin/).

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
GO ?= go
export PATH := $(PATH):/usr/local/go/bin

STATICCHECK_VERSION := v0.8.2
# TypeScript checks web/wasmws.d.ts (e2e/types_test.go pins the same version).
TYPESCRIPT_VERSION := 5.9.3
ADDR ?= 127.0.0.1:9998
# Packages whose behaviour suite runs natively and in every browser engine.
SUITES := ./sdk ./reconnect
# The browser engines the suites run in (wasmws exec -browser), in this order.
ENGINES := chromium firefox webkit
OUT := test-output

.PHONY: all build web run test test-native test-wasm $(ENGINES:%=test-wasm-%) browsers chromium bench bench-js tsc lint fmt clean

all: build

## build: the CLI (bin/wasmws, with the browser test runner `wasmws exec`),
## and the module of the JavaScript classes (web/wasmws.wasm, web/wasm_exec.js).
build: web
	$(GO) build -o bin/wasmws ./cmd/wasmws

web:
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o web/wasmws.wasm ./wasm
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" web/wasm_exec.js

## run: serve web/ and the echo server at http://$(ADDR)/.
run: build
	./bin/wasmws serve -addr $(ADDR) -web web

## test: native race tests (among them the runner's own, in all three engines),
## then the suites compiled to wasm in headless Chromium, Firefox and WebKit,
## then a smoke run of the benchmark (its figures are not judged).
test: browsers tsc build test-native test-wasm
	@scripts/compare-suites.sh $(OUT)/native.log $(ENGINES:%=$(OUT)/wasm-%.log) -- $(SUITES)
	BENCH_QUICK=1 $(MAKE) --no-print-directory bench

browsers:
	@scripts/ensure-browsers.sh

chromium:
	@scripts/ensure-browsers.sh chromium

test-native:
	@mkdir -p $(OUT)
	@echo "== native: go test -race ./..."
	$(GO) test -race -count=1 -v ./... 2>&1 | tee $(OUT)/native.log | scripts/summarize.sh

## test-wasm: the suites compiled to wasm, in each engine in turn
## (test-wasm-chromium, test-wasm-firefox, test-wasm-webkit); each run's log
## is $(OUT)/wasm-ENGINE.log and its wall time $(OUT)/wasm-ENGINE.time.
test-wasm: $(ENGINES:%=test-wasm-%)

$(ENGINES:%=test-wasm-%): test-wasm-%: build
	@mkdir -p $(OUT)
	@echo "== $*: GOOS=js GOARCH=wasm go test $(SUITES)"
	@start=$$SECONDS status=0; \
	GOOS=js GOARCH=wasm $(GO) test -count=1 -v -timeout 15m -exec "$(CURDIR)/bin/wasmws exec -browser $*" $(SUITES) 2>&1 \
		| tee $(OUT)/wasm-$*.log | scripts/summarize.sh || status=$$?; \
	echo "$* $$((SECONDS - start))s" | tee $(OUT)/wasm-$*.time; \
	exit $$status

## bench: native, browser, reconnect and wasm-size benchmarks (under 10 minutes);
## prints the tables and writes bench/results.json and bench/RESULTS.md.
## BENCH_QUICK=1: a one-minute smoke run, written to $(OUT)/bench instead so
## that it never overwrites the committed results (BENCH_OUT sets the directory).
BENCH_OUT ?= $(if $(BENCH_QUICK),$(OUT)/bench,bench)
bench: chromium
	$(GO) run ./bench/cmd/benchrun -out $(BENCH_OUT)

## bench-js: echo throughput of wasmws.WebSocket and ReconnectingWebSocket
## against the browser's WebSocket, in Chromium (e2e/bench_test.go).
bench-js: chromium
	$(GO) test -run '^$$' -bench Echo -benchtime 5x -timeout 30m ./e2e

## tsc: TypeScript, pinned, into bin/typescript, for e2e/types_test.go.
tsc: bin/typescript/node_modules/.bin/tsc

bin/typescript/node_modules/.bin/tsc:
	@scripts/ensure-npm.sh
	npm install --prefix bin/typescript --no-audit --no-fund typescript@$(TYPESCRIPT_VERSION)

## lint: gofmt, go vet and staticcheck, natively and for GOOS=js GOARCH=wasm.
lint: bin/staticcheck
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt wants to change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...
	bin/staticcheck ./...
	GOOS=js GOARCH=wasm bin/staticcheck ./...

bin/staticcheck:
	GOBIN=$(CURDIR)/bin $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin $(OUT) web/wasmws.wasm web/wasm_exec.js
