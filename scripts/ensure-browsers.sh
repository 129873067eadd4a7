#!/bin/sh
# ensure-browsers.sh makes sure the browser engines of the tests are
# available: Chromium (internal/tools/browser, e2e, bench), and Firefox and
# WebKit for `wasmws exec` (internal/tools/wasmexec).
#
# Usage: scripts/ensure-browsers.sh [chromium] [firefox] [webkit]
# (no argument: all three).
#
# It looks where package internal/tools/browser looks ($WASMWS_CHROMIUM,
# $WASMWS_FIREFOX, $WASMWS_WEBKIT_DRIVER, $WASMWS_MINIBROWSER, $WASMWS_XVFB,
# else the Debian paths and $PATH). Each engine found is printed with its
# version. For the missing ones: as root with apt-get, it installs their
# Debian packages (chromium, firefox-esr, webkit2gtk-driver, xvfb) in one go
# and checks again; otherwise it prints which packages to install and exits 1.
set -eu

engines=${*:-chromium firefox webkit}

# first_exec prints the first of its arguments that is an executable (a path,
# a glob of paths, or a name on $PATH), or fails.
first_exec() {
	for c in "$@"; do
		for p in $c; do
			if command -v "$p" 2>/dev/null; then
				return 0
			fi
		done
	done
	return 1
}

# find_parts prints "what path" lines for the programs of engine $1, or
# prints the missing program and fails.
find_parts() {
	case $1 in
	chromium)
		p=$(first_exec ${WASMWS_CHROMIUM:-/usr/bin/chromium chromium chromium-browser google-chrome}) || { echo "Chromium"; return 1; }
		echo "chromium $p"
		;;
	firefox)
		p=$(first_exec ${WASMWS_FIREFOX:-/usr/bin/firefox-esr firefox-esr firefox}) || { echo "Firefox"; return 1; }
		echo "firefox $p"
		;;
	webkit)
		d=$(first_exec ${WASMWS_WEBKIT_DRIVER:-/usr/bin/WebKitWebDriver WebKitWebDriver}) || { echo "WebKitWebDriver"; return 1; }
		m=$(first_exec ${WASMWS_MINIBROWSER:-'/usr/lib/*/webkit2gtk-4.1/MiniBrowser' '/usr/lib/*/webkit2gtk-4.0/MiniBrowser'}) || { echo "MiniBrowser"; return 1; }
		x=$(first_exec ${WASMWS_XVFB:-/usr/bin/Xvfb Xvfb}) || { echo "Xvfb"; return 1; }
		echo "webkit $d"
		echo "webkit $m"
		echo "webkit $x"
		;;
	*)
		echo "ensure-browsers: unknown engine $1 (want chromium, firefox or webkit)" >&2
		exit 2
		;;
	esac
}

# packages prints the Debian packages of engine $1.
packages() {
	case $1 in
	chromium) echo chromium ;;
	firefox) echo firefox-esr ;;
	webkit) echo webkit2gtk-driver xvfb ;;
	esac
}

# report prints the engine's programs with a version where one is cheap.
report() {
	find_parts "$1" | while read -r engine path; do
		case $path in
		*chromium* | *chrome* | *firefox*) v=$("$path" --version 2>/dev/null | tail -n 1) || v="(does not run)" ;;
		*) v="" ;;
		esac
		echo "ensure-browsers: $engine: $path${v:+: $v}"
	done
}

missing=""
for e in $engines; do
	if find_parts "$e" >/dev/null; then
		report "$e"
	else
		missing="$missing $e"
	fi
done
[ -z "$missing" ] && exit 0

# A variable that names a missing program is a mistake to fix, not a
# package to install.
for v in WASMWS_CHROMIUM WASMWS_FIREFOX WASMWS_WEBKIT_DRIVER WASMWS_MINIBROWSER WASMWS_XVFB; do
	eval "val=\${$v:-}"
	if [ -n "$val" ] && ! command -v "$val" >/dev/null 2>&1; then
		echo "ensure-browsers: $v=$val is not an executable" >&2
		exit 1
	fi
done

pkgs=$(for e in $missing; do packages "$e"; done | tr '\n' ' ')
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "ensure-browsers: missing:$missing; installing $pkgs" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update
	# shellcheck disable=SC2086
	apt-get install -y --no-install-recommends $pkgs
	status=0
	for e in $missing; do
		if find_parts "$e" >/dev/null; then
			report "$e"
		else
			echo "ensure-browsers: $e: $(find_parts "$e" || true) still not found after installing $(packages "$e")" >&2
			status=1
		fi
	done
	exit $status
fi

for e in $missing; do
	echo "ensure-browsers: $e: $(find_parts "$e" || true) not found: install it with \`apt-get install -y $(packages "$e")\` (Debian) or set its WASMWS_* variable" >&2
done
if [ "$(id -u)" != 0 ]; then
	echo "ensure-browsers: as root on Debian or Ubuntu, this script installs them itself (sudo $0)" >&2
fi
exit 1
