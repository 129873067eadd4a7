#!/usr/bin/env bash
# compare-suites.sh NATIVE_LOG WASM_LOG PKG... checks that the behaviour
# suites ran on both targets with the same test names: one suite, two targets.
# It reads `go test -v` logs and fails loudly on any difference.
set -euo pipefail
native=$1 wasm=$2
shift 2
status=0
for pkg in "$@"; do
	path=github.com/wasmws/wasmws/${pkg#./}
	names() {
		# go test -v prints a package's results, then its ok/FAIL line.
		awk -v pkg="$path" '
			/^=== RUN/ || /^[ \t]*--- (PASS|FAIL|SKIP)/ { buf = buf $0 "\n"; next }
			$0 ~ "^(ok|FAIL)[ \t]+" pkg "[ \t]" { printf "%s", buf; buf = ""; next }
			/^(ok|FAIL)[ \t]/ { buf = "" }
		' "$1" | grep -E '^[ \t]*--- (PASS|FAIL|SKIP)' | sed -E 's/^[ \t]*--- (PASS|FAIL|SKIP): ([^ ]+).*/\1 \2/' | sort
	}
	n=$(names "$native") w=$(names "$wasm")
	nn=$(grep -c . <<<"$n" || true) wn=$(grep -c . <<<"$w" || true)
	if [ "$nn" -eq 0 ]; then
		echo "compare-suites: $pkg: no test results in $native"; status=1; continue
	fi
	if [ "$n" != "$w" ]; then
		echo "compare-suites: $pkg: the native and Chromium runs differ:"
		diff <(echo "$n") <(echo "$w") | head -40 || true
		status=1; continue
	fi
	pass=$(grep -c '^PASS ' <<<"$n" || true)
	echo "compare-suites: $pkg: $pass tests and subtests passed natively and in Chromium, same names"
done
exit $status
