# wasmws: the two commands are `make run` and `make test`. The Makefile is a
# thin layer over go and the scripts in scripts/; every tool it needs is
# installed by it (Chromium, Firefox and WebKit through
# scripts/ensure-browsers.sh, redis-server through scripts/ensure-redis.sh, staticcheck at a pinned version into bin/).

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
# The release: the CLI's --version and the npm package's version. Tag the
# Go module v$(VERSION) when releasing.
VERSION := $(shell cat VERSION)

.PHONY: all build web precompress npm run test test-native test-wasm $(ENGINES:%=test-wasm-%) browsers chromium redis bench bench-js tsc lint fmt clean

all: build

## build: the CLI (bin/wasmws, with the browser test runner `wasmws exec`),
## and the module of the JavaScript classes (web/wasmws.wasm, web/wasm_exec.js).
build: web precompress
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o bin/wasmws ./cmd/wasmws

# web/wasmws.wasm is built for size (bench/README.md measures
# each step): stripped, the standard library not inlined, then its data
# segments merged and its line tables replaced by one (Go tracebacks from
# it say line 0) after linking by internal/tools/wasmpack. e2e/ and
# benchrun build it so (wasmpack.WebBuildFlags and WebOptions, held to these
# lines by a test of wasmpack); WEB_PACKFLAGS= keeps the lines.
# syscall/js keeps its inlining: without it every js.Value call heap-allocates
# its argument slices (makeArgSlices), about 2 Go allocations per call on
# ReconnectingWebSocket's per-message path, for 1.4 KB brotli. ./wasm itself
# and safejs are not inlined either (-1,975 B brotli; bench/README.md "Size").
WEB_GCFLAGS := -gcflags=std=-l -gcflags=syscall/js= -gcflags=github.com/wasmws/wasmws/wasm=-l -gcflags=github.com/hack-pad/safejs/...=-l
WEB_PACKFLAGS := -drop-line-numbers
# A module that comes out the same as before keeps its modification time
# (the copy in bin/ remembers it), and wasm_exec.js is copied only when it
# differs: precompress then keeps their variants, which saves about 16 s of
# brotli on every make run and make build without a change.
WEB_PREV := bin/wasmws.wasm.prev
web:
	@mkdir -p bin && rm -f $(WEB_PREV) && if [ -f web/wasmws.wasm ]; then cp -p web/wasmws.wasm $(WEB_PREV); fi
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" $(WEB_GCFLAGS) -o web/wasmws.wasm ./wasm
	$(GO) run ./internal/tools/wasmpack/cmd/wasmpack $(WEB_PACKFLAGS) web/wasmws.wasm
	@if [ -f $(WEB_PREV) ] && cmp -s web/wasmws.wasm $(WEB_PREV); then touch -r $(WEB_PREV) web/wasmws.wasm; fi; rm -f $(WEB_PREV)
	cmp -s "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" web/wasm_exec.js || cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" web/wasm_exec.js

## precompress: brotli and gzip variants of the web assets, beside them
## (name.br, name.gz), which the bundled server sends to browsers that accept
## them, stamped with their file's time (the server serves a variant only then).
## Rewritten when that time differs.
WEB_ASSETS := web/wasmws.wasm web/wasm_exec.js web/wasmws.js web/wasmws.d.ts web/index.html web/demo.js web/demo.css
precompress: web
	@$(GO) run ./internal/tools/precompress $(WEB_ASSETS) >/dev/null

## npm: the npm package of the JavaScript classes (web/package.json; the
## version must be VERSION's, which e2e/npm_test.go checks), packed by npm into
## bin/npm/wasmws-wasmws-$(VERSION).tgz.
NPM_STAGE := bin/npm/package
npm: web
	@scripts/ensure-npm.sh >/dev/null
	rm -rf $(NPM_STAGE) && mkdir -p $(NPM_STAGE)
	cp web/package.json web/README.md web/wasmws.js web/wasmws.d.ts web/wasmws.wasm web/wasm_exec.js LICENSE $(NPM_STAGE)/
	cd bin/npm && npm pack --silent ./package

## run: serve web/ and the echo server at http://$(ADDR)/.
run: build
	./bin/wasmws serve -addr $(ADDR) -web web

## test: native race tests (among them the runner's own, in all three
## engines), then the suites compiled to wasm in headless Chromium, Firefox and
## WebKit (compare-suites checks that every target ran the same tests and
## prints the counts per target), then a smoke run of the benchmark (its figures are not judged; its output
## goes to $(OUT)/bench-smoke.log: make bench prints the tables). Only failures
## are printed as they come; it ends with one line per target,
## "<target>: N passed, N failed, N skipped", and fails if anything did.
## The full logs are in $(OUT)/.
TEST_TOTALS := native=$(OUT)/native.log $(foreach e,$(ENGINES),$(e)=$(OUT)/wasm-$(e).log)
test: browsers redis tsc build
	@rm -f $(OUT)/*.log; status=0; \
	$(MAKE) --no-print-directory test-native || status=1; \
	$(MAKE) --no-print-directory test-wasm || status=1; \
	scripts/compare-suites.sh $(OUT)/native.log $(ENGINES:%=$(OUT)/wasm-%.log) -- $(SUITES) || status=1; \
	echo "== bench smoke run (BENCH_QUICK=1; log: $(OUT)/bench-smoke.log)"; \
	if ! BENCH_QUICK=1 $(MAKE) --no-print-directory bench > $(OUT)/bench-smoke.log 2>&1; then \
		tail -n 30 $(OUT)/bench-smoke.log; echo "bench smoke run: FAILED"; status=1; fi; \
	echo; scripts/summarize.sh --totals $(TEST_TOTALS); \
	exit $$status

browsers:
	@scripts/ensure-browsers.sh

chromium:
	@scripts/ensure-browsers.sh chromium

# redis: redis-server for the tests that start their own (internal/testredis).
redis:
	@scripts/ensure-redis.sh

test-native:
	@mkdir -p $(OUT)
	@echo "== native: go test -race ./..."
	$(GO) test -race -count=1 -timeout 30m -v ./... 2>&1 | tee $(OUT)/native.log | scripts/summarize.sh

## test-wasm: the suites compiled to wasm, in each engine in turn
## (test-wasm-chromium, test-wasm-firefox, test-wasm-webkit); each run's log
## is $(OUT)/wasm-ENGINE.log and its wall time $(OUT)/wasm-ENGINE.time.
test-wasm: build
	@status=0; for e in $(ENGINES); do $(MAKE) --no-print-directory test-wasm-$$e || status=1; done; exit $$status

$(ENGINES:%=test-wasm-%): test-wasm-%: build
	@mkdir -p $(OUT)
	@echo "== $*: GOOS=js GOARCH=wasm go test $(SUITES)"
	@start=$$SECONDS status=0; \
	GOOS=js GOARCH=wasm $(GO) test -count=1 -v -timeout 15m -exec "$(CURDIR)/bin/wasmws exec -browser $*" $(SUITES) 2>&1 \
		| tee $(OUT)/wasm-$*.log | scripts/summarize.sh || status=$$?; \
	echo "$* $$((SECONDS - start))s" | tee $(OUT)/wasm-$*.time; \
	exit $$status

## bench: native, browser (Chromium, Firefox, WebKit), reconnect and wasm-size
## benchmarks (about 10 minutes);
## prints the tables and writes bench/results.json and bench/RESULTS.md.
## BENCH_QUICK=1: a one-minute smoke run, written to $(OUT)/bench instead so
## that it never overwrites the committed results (BENCH_OUT sets the directory).
BENCH_OUT ?= $(if $(BENCH_QUICK),$(OUT)/bench,bench)
bench: browsers redis
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
	rm -rf bin $(OUT) web/wasmws.wasm web/wasm_exec.js web/*.br web/*.gz
