#!/usr/bin/env bash
# compare-suites.sh NATIVE_LOG WASM_LOG... -- PKG... checks that the behaviour
# suites ran on every target with the same test names: one suite, natively and
# in each browser engine. It reads `go test -v` logs and fails loudly on any
# difference; when all agree it prints one line per package with the count of
# tests and subtests per target (issue 11 asks for the counts). A browser
# log's target is the engine in its name (wasm-firefox.log: firefox). Without
# `--` the form is the older NATIVE_LOG WASM_LOG PKG... (one browser).
#
# Tests declared in *_notjs_test.go (native only) or *_js_test.go (browser
# only, every engine) are the exceptions; each such file says why it is
# target-specific. There are no engine-only tests: where an engine departs
# from the others, the same test asserts what the SDK documents for it.
set -euo pipefail
native=$1
shift
wasm=()
if [[ " $* " == *" -- "* ]]; then
	while [ "$1" != -- ]; do wasm+=("$1"); shift; done
	shift
else
	wasm=("$1"); shift
fi
status=0

# target LOG names the target of a browser log.
target() {
	local base
	base=$(basename "$1" .log)
	case $base in
	wasm-*) echo "${base#wasm-}" ;;
	*) echo chromium ;;
	esac
}

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
	if [ -z "$n" ]; then
		echo "compare-suites: $pkg: no test results in $native"; status=1; continue
	fi
	if grep -q '^FAIL ' <<<"$n"; then
		echo "compare-suites: $pkg: failures in $native"; status=1
	fi
	counts="native $(grep -c . <<<"$n")"
	ok=1
	for log in "${wasm[@]}"; do
		eng=$(target "$log")
		w=$(results "$log" "$pkg" | without "$browserOnly")
		if [ -z "$w" ]; then
			echo "compare-suites: $pkg: no test results in $log"; status=1 ok=0; continue
		fi
		if grep -q '^FAIL ' <<<"$w"; then
			echo "compare-suites: $pkg: failures in $log ($eng):"
			grep '^FAIL ' <<<"$w" | head -20
			status=1 ok=0
		fi
		if [ "$n" != "$w" ]; then
			echo "compare-suites: $pkg: the native and $eng runs differ (< native, > $eng):"
			diff <(echo "$n") <(echo "$w") | head -40 || true
			status=1 ok=0
		fi
		counts="$counts, $eng $(grep -c . <<<"$w")"
	done
	[ "$ok" = 1 ] || continue
	no=$(grep -c . <<<"$nativeOnly" || true) bo=$(grep -c . <<<"$browserOnly" || true)
	echo "compare-suites: $pkg: the same tests and subtests passed on every target ($counts)" \
		"(plus $no native-only, $bo browser-only tests, declared in *_notjs_test.go / *_js_test.go)"
done
exit $status
