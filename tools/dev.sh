#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# One entry point for a fresh Debian 12 machine (run as root or as a sudoer):
#   tools/dev.sh run    install what building and running need, build, open the board
#                       on the default database (arguments after `run` go to tavle)
#   tools/dev.sh test   install that, the packaging and the test tools, build, run the whole
#                       test suite
#                       (normal build, then ASan+UBSan, then unit tests under valgrind)
#   tools/dev.sh deb    install that and the packaging tools ([deb]), build the Debian package
#                       into build-deb/ (tavle_VERSION_amd64.deb) from a copy of the tree
#   tools/dev.sh deps [build|test]   only install (default: test)
#   tools/dev.sh build  install [build], only build (into ./build)
# The packages come from tools/debian-packages, the one list (README quotes it).
# Development builds treat warnings as errors (-Dwerror=true); a plain `meson setup`
# (a distribution's builder, a newer compiler) does not.
set -euo pipefail
cd "$(dirname "$0")/.."

# The packages of the named sections of tools/debian-packages, one a line.
packages() {
	awk -v want=" $* " '
		/^[ \t]*(#|$)/ { next }
		/^\[/ { sec = substr($1, 2, length($1) - 2); next }
		index(want, " " sec " ") { print $1 }' tools/debian-packages
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# deps SECTION...: apt-get install whatever of those sections is not installed yet.
deps() {
	local missing=() p
	while read -r p; do
		case $p in
		nodejs|npm) command -v npm >/dev/null 2>&1 && continue ;;
		esac
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done < <(packages "$@")
	if [ ${#missing[@]} -gt 0 ]; then
		echo "dev.sh: installing ${missing[*]}"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
	fi
}

# What the test suite needs beyond packages: its locales and ical.js.
test_deps() {
	deps build deb test
	if ! locale -a 2>/dev/null | grep -qi '^da_DK.utf8$' || ! locale -a 2>/dev/null | grep -qi '^en_US.utf8$'; then
		as_root sed -i -e 's/^# *da_DK.UTF-8/da_DK.UTF-8/' -e 's/^# *en_US.UTF-8/en_US.UTF-8/' /etc/locale.gen
		as_root locale-gen >/dev/null
	fi
	# Independent iCalendar parser (ical.js) pinned by tests/ical/package-lock.json.
	if [ -f tests/ical/package-lock.json ] && [ ! -d tests/ical/node_modules ]; then
		(cd tests/ical && npm ci --no-audit --no-fund --loglevel=error)
	fi
}

# build [TESTS]: configure ./build once (TESTS: the tests option, auto by default), build.
build() {
	local tests=${1:-auto}
	if [ -d build ]; then
		[ "$tests" = auto ] || meson configure build -Dtests="$tests" >/dev/null
	else
		meson setup build -Dwerror=true -Dtests="$tests" -Dpublish=enabled -Dxlsx=enabled >/dev/null
	fi
	ninja -C build
}

run_tests() {
	build enabled
	meson test -C build --print-errorlogs --num-processes 2
	echo "== AddressSanitizer + UndefinedBehaviorSanitizer =="
	[ -d build-asan ] || meson setup build-asan -Dwerror=true -Dtests=enabled -Dpublish=enabled -Dxlsx=enabled -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
	ninja -C build-asan
	# The kill -9 loop ran its 200 cycles in the normal build; 50 under the sanitizers.
	# The Debian package is built and checked once, in the normal build's run.
	KILL_CYCLES=50 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		meson test -C build-asan --print-errorlogs --num-processes 2 --no-suite ical --no-suite deb
	echo "== valgrind (unit tests) =="
	meson test -C build --setup=valgrind --suite unit --print-errorlogs --num-processes 2
}

case "${1:-}" in
deps) shift; if [ "${1:-test}" = build ]; then deps build; else test_deps; fi ;;
build) deps build; build ;;
run) deps build; build; shift; exec ./build/src/tavle "$@" ;;
test) test_deps; run_tests ;;
deb) deps build deb; exec tools/build-deb ;;
packages) shift; packages "${@:-build deb test}" ;;
*) echo "usage: tools/dev.sh run|test|deb|deps [build|test]|build|packages [build] [deb] [test]" >&2; exit 2 ;;
esac
