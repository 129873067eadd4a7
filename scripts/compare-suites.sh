#!/usr/bin/env bash
# compare-suites.sh NATIVE_LOG WASM_LOG PKG... checks that the behaviour
# suites ran on both targets with the same test names: one suite, two targets.
# It reads `go test -v` logs and fails loudly on any difference; when both
# agree it prints nothing (COMPARE_VERBOSE=1: one line per package). Tests declared
# in *_notjs_test.go (native only) or *_js_test.go (browser only) are the
# exceptions; each such file says why it is target-specific.
set -euo pipefail
native=$1 wasm=$2
shift 2
status=0

# results LOG PKG prints "PASS TestName/sub" lines for PKG's tests in LOG.
results() {
	local path=github.com/wasmws/wasmws/${2#./}
	awk -v pkg="$path" '
		/^=== RUN/ || /^[ \t]*--- (PASS|FAIL|SKIP)/ { buf = buf $0 "\n"; next }
		$0 ~ "^(ok|FAIL)[ \t]+" pkg "([ \t]|$)" { printf "%s", buf; buf = ""; next }
		/^(ok|FAIL)[ \t]/ { buf = "" }
	' "$1" | grep -E '^[ \t]*--- (PASS|FAIL|SKIP)' | sed -E 's/^[ \t]*--- (PASS|FAIL|SKIP): ([^ ]+).*/\1 \2/' | sort || true
}

# declared PKG GLOB prints the top-level test names declared in PKG/GLOB files.
declared() {
	cat "$1"/$2 2>/dev/null | sed -nE 's/^func ((Test|Fuzz|Example)[A-Za-z0-9_]*)\(.*/\1/p' | sort -u || true
}

# without NAMES drops the results of the tests NAMES (and their subtests).
without() {
	local names=$1
	if [ -z "$names" ]; then cat; return; fi
	grep -vE "^[A-Z]+ ($(paste -sd'|' <<<"$names"))(/|$)" || true
}

for pkg in "$@"; do
	nativeOnly=$(declared "$pkg" '*_notjs_test.go')
	browserOnly=$(declared "$pkg" '*_js_test.go')
	n=$(results "$native" "$pkg" | without "$nativeOnly")
	w=$(results "$wasm" "$pkg" | without "$browserOnly")
	if [ -z "$n" ] || [ -z "$w" ]; then
		echo "compare-suites: $pkg: no test results in $native or $wasm"; status=1; continue
	fi
	if grep -q '^FAIL ' <<<"$n$w"; then
		echo "compare-suites: $pkg: failures in the logs"; status=1; continue
	fi
	if [ "$n" != "$w" ]; then
		echo "compare-suites: $pkg: the native and Chromium runs differ (< native, > Chromium):"
		diff <(echo "$n") <(echo "$w") | head -40 || true
		status=1; continue
	fi
	both=$(grep -c . <<<"$n")
	no=$(grep -c . <<<"$nativeOnly" || true) bo=$(grep -c . <<<"$browserOnly" || true)
	[ -n "${COMPARE_VERBOSE:-}" ] && echo "compare-suites: $pkg: $both tests and subtests passed natively and in Chromium with the same names" \
		"(plus $no native-only, $bo browser-only tests, declared in *_notjs_test.go / *_js_test.go)"
done
exit $status
