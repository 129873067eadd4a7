#!/usr/bin/env bash
# summarize.sh filters `go test -v` output on stdin down to what a reader of
# `make test` needs: every top-level test result, failures with their
# messages, and go test's per-package lines. The full log is kept by tee.
set -uo pipefail
awk '
	/^--- (PASS|FAIL|SKIP)/          { print; next }
	/^    --- FAIL/                  { print; next }
	/^[ \t]+[A-Za-z0-9_]+\.go:[0-9]+:/  { print; next }
	/^(ok|FAIL|PASS|panic:|---)/     { print; next }
	/^\?/                            { next }
	/^(FAIL|ok)\s/                   { print; next }
'
