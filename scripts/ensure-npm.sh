#!/bin/sh
# ensure-npm.sh makes sure npm is available for the TypeScript check of
# web/wasmws.d.ts (make tsc, e2e/types_test.go). Found: it prints the
# version. Not found: as root with apt-get, it installs Debian's nodejs and
# npm; otherwise it says what to install and fails.
set -eu
if command -v npm >/dev/null 2>&1; then
	echo "ensure-npm: npm $(npm --version)"
	exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "ensure-npm: npm not found; installing Debian's nodejs and npm"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
	echo "ensure-npm: npm $(npm --version)"
	exit 0
fi
echo "ensure-npm: npm not found: install Node.js and npm (Debian: apt-get install -y nodejs npm)" >&2
exit 1
