#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# One entry point for a fresh Debian 12 machine (run as root or as a sudoer):
#   tools/dev.sh run    install dependencies, build, open the board on the default database
#   tools/dev.sh test   install dependencies, build, run the whole test suite
#                       (normal build, then ASan+UBSan, then unit tests under valgrind)
#   tools/dev.sh deps   only install dependencies
#   tools/dev.sh build  only build (into ./build)
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS=(
	gcc pkg-config meson ninja-build
	libncurses-dev libsqlite3-dev libical-dev
	libcmocka-dev valgrind clang libclang-rt-14-dev
	tmux sqlite3 locales python3 python3-icalendar khal calcurse procps util-linux time
	libcurl4-openssl-dev libxml2-dev radicale
	libxlsxwriter-dev python3-openpyxl scdoc gettext openssh-server openssh-client sshfs
)

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

deps() {
	local missing=()
	for p in "${DEBS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	if ! command -v npm >/dev/null 2>&1; then
		missing+=(nodejs npm)
	fi
	if [ ${#missing[@]} -gt 0 ]; then
		echo "dev.sh: installing ${missing[*]}"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
	fi
	# Locales the tests run under.
	if ! locale -a 2>/dev/null | grep -qi '^da_DK.utf8$'; then
		as_root sed -i -e 's/^# *da_DK.UTF-8/da_DK.UTF-8/' -e 's/^# *en_US.UTF-8/en_US.UTF-8/' /etc/locale.gen
		as_root locale-gen >/dev/null
	fi
	# Independent iCalendar parser (ical.js) pinned by tests/ical/package-lock.json.
	if [ -f tests/ical/package-lock.json ] && [ ! -d tests/ical/node_modules ]; then
		(cd tests/ical && npm ci --no-audit --no-fund --loglevel=error)
	fi
}

build() {
	[ -d build ] || meson setup build >/dev/null
	ninja -C build
}

run_tests() {
	build
	meson test -C build --print-errorlogs --num-processes 2
	echo "== AddressSanitizer + UndefinedBehaviorSanitizer =="
	[ -d build-asan ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
	ninja -C build-asan
	# The kill -9 loop ran its 200 cycles in the normal build; 50 under the sanitizers.
	KILL_CYCLES=50 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		meson test -C build-asan --print-errorlogs --num-processes 2 --no-suite ical
	echo "== valgrind (unit tests) =="
	meson test -C build --setup=valgrind --suite unit --print-errorlogs --num-processes 2
}

case "${1:-}" in
deps) deps ;;
build) deps; build ;;
run) deps; build; shift; exec ./build/src/tavle "$@" ;;
test) deps; run_tests ;;
*) echo "usage: tools/dev.sh run|test|deps|build" >&2; exit 2 ;;
esac
