#!/usr/bin/env bash
# summarize.sh turns `go test -v` output into what a reader of `make test`
# needs, and nothing that looks like a failure when nothing failed:
#
#   summarize.sh < LOG            prints the failures only: each failed test's
#                                 output (its t.Log/t.Error lines) and its
#                                 --- FAIL line, build errors, panics, and the
#                                 FAIL line of each failed package. Passing and
#                                 skipped tests print nothing.
#   summarize.sh --totals NAME=LOG...
#                                 prints one line per log, in the plain form
#                                 "NAME: N passed, N failed, N skipped",
#                                 counting tests and subtests; a package that
#                                 failed without a failed test (a build error,
#                                 a panic, a timeout) counts as one failure.
#
# The full logs are kept by tee (test-output/*.log).
set -uo pipefail

# The awk program reads one log. mode "filter" prints failures; mode
# "totals" prints the counts line for name.
read -r -d '' prog <<'AWK'
function flush_test(name) { delete buf[name] }
function emit(name,   k, n) {
	# the test and its subtests, in the order their lines came
	n = split(order[name], k, SUBSEP)
	for (i = 1; i <= n; i++) if (k[i] != "") printf "%s", buf[k[i]]
}
/^=== (RUN|CONT|NAME|PAUSE)[ \t]/ {
	cur = $3
	if (!(cur in seen)) { seen[cur] = 1; top = cur; sub(/\/.*/, "", top); order[top] = order[top] SUBSEP cur }
	next
}
/^[ \t]*--- PASS/ { passed++; next }
/^[ \t]*--- SKIP/ { skipped++; next }
/^[ \t]*--- FAIL/ {
	failed++; pkgfailed = 1
	name = $3
	if (mode == "filter") { if (name !~ /\//) emit(name); print }
	next
}
/^panic: / { if (mode == "filter" && cur != "") { top = cur; sub(/\/.*/, "", top); emit(top) } inpanic = 1 }
/^FAIL$/ { next }
/^(ok|FAIL)[ \t]/ {
	if ($1 == "FAIL" && !pkgfailed) { failed++ }
	if (mode == "filter" && $1 == "FAIL") print
	inpanic = 0; pkgfailed = 0; delete buf; delete order; delete seen; cur = ""
	next
}
/^PASS$/ { next }
/^\? / { next }
/^# / || /^[^ \t].*\.go:[0-9]+:[0-9]+: / { if (mode == "filter") print; next }
{
	if (inpanic) { if (mode == "filter") print; next }
	if (cur != "") buf[cur] = buf[cur] $0 "\n"
}
END {
	if (mode == "totals") printf "%s: %d passed, %d failed, %d skipped\n", name_, passed, failed, skipped
}
AWK

if [ "${1:-}" = "--totals" ]; then
	shift
	for pair in "$@"; do
		name=${pair%%=*} log=${pair#*=}
		if [ ! -s "$log" ]; then
			echo "$name: no log at $log"
			continue
		fi
		awk -v mode=totals -v name_="$name" "$prog" "$log"
	done
	exit 0
fi
awk -v mode=filter "$prog"
