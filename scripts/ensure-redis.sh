#!/bin/sh
# ensure-redis.sh makes sure redis-server is available for the tests that
# start their own (internal/testredis: the Redis session store, and the
# multi-node tests). It looks where testredis looks ($WASMWS_REDIS_SERVER,
# /usr/bin/redis-server, then $PATH) and prints what it found with its
# version. If it is missing: as root with apt-get, it installs Debian's
# redis-server package; otherwise it says how to and exits 1.
#
# Installing the package may start a system Redis service on port 6379; the
# tests do not use it (each starts its own on a free port).
set -eu

find_redis() {
	for c in ${WASMWS_REDIS_SERVER:-} /usr/bin/redis-server redis-server; do
		if command -v "$c" 2>/dev/null; then
			return 0
		fi
	done
	return 1
}

report() {
	echo "ensure-redis: $1: $("$1" --version 2>/dev/null || echo '(does not run)')"
}

if p=$(find_redis); then
	report "$p"
	exit 0
fi
if [ -n "${WASMWS_REDIS_SERVER:-}" ]; then
	echo "ensure-redis: WASMWS_REDIS_SERVER=$WASMWS_REDIS_SERVER is not an executable" >&2
	exit 1
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "ensure-redis: redis-server missing; installing redis-server" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update
	apt-get install -y --no-install-recommends redis-server
	if p=$(find_redis); then
		report "$p"
		exit 0
	fi
	echo "ensure-redis: redis-server still not found after installing it" >&2
	exit 1
fi
echo "ensure-redis: redis-server not found: install it with \`apt-get install -y redis-server\` (Debian) or set WASMWS_REDIS_SERVER" >&2
if [ "$(id -u)" != 0 ]; then
	echo "ensure-redis: as root on Debian or Ubuntu, this script installs it itself (sudo $0)" >&2
fi
exit 1
