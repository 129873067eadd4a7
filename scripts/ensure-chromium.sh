#!/bin/sh
# ensure-chromium.sh makes sure a Chromium is available for the browser
# tests (internal/browser, the GOOS=js runner internal/cmd/wasmexec).
#
# It looks where internal/browser.ExecPath looks: $WASMWS_CHROMIUM, then
# /usr/bin/chromium, then chromium, chromium-browser and google-chrome on
# $PATH. Found: it prints the path and version and exits 0. Not found: as root
# with apt-get, it installs Debian's chromium package and checks again;
# otherwise it prints what to install and exits 1.
set -eu

hint='install it with `apt-get install -y chromium` (Debian) or set WASMWS_CHROMIUM'

# find_chromium prints the path of the browser, or fails.
find_chromium() {
	if [ -n "${WASMWS_CHROMIUM:-}" ]; then
		command -v "$WASMWS_CHROMIUM"
		return
	fi
	if [ -x /usr/bin/chromium ]; then
		echo /usr/bin/chromium
		return
	fi
	for name in chromium chromium-browser google-chrome; do
		if command -v "$name"; then
			return
		fi
	done
	return 1
}

# report prints the browser's path and version; it fails if it does not run.
report() {
	# Debian's launcher script prints noise on stderr; the version is on stdout.
	version=$("$1" --version 2>/dev/null) || {
		echo "ensure-chromium: $1 does not run: $("$1" --version 2>&1 | tail -n 1)" >&2
		return 1
	}
	echo "ensure-chromium: $1: $version"
}

if path=$(find_chromium); then
	report "$path"
	exit 0
fi
if [ -n "${WASMWS_CHROMIUM:-}" ]; then
	echo "ensure-chromium: WASMWS_CHROMIUM=$WASMWS_CHROMIUM is not an executable: $hint" >&2
	exit 1
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "ensure-chromium: Chromium not found; installing Debian's chromium package" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update
	apt-get install -y chromium
	if path=$(find_chromium); then
		report "$path"
		exit 0
	fi
	echo "ensure-chromium: chromium is installed but not found on \$PATH: $hint" >&2
	exit 1
fi

echo "ensure-chromium: Chromium not found (looked for /usr/bin/chromium, and for chromium, chromium-browser, google-chrome on \$PATH): $hint" >&2
if [ "$(id -u)" != 0 ]; then
	echo "ensure-chromium: as root on Debian or Ubuntu, this script installs it itself (sudo $0)" >&2
fi
exit 1
