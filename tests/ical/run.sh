#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# iCalendar conformance driver: generate tavle's exports of the fixture board, then have
# independent parsers read them. One line per check; exit 1 if any check fails.
# A missing tool is a failure, never a skip (CI installs them: see tools/dev.sh).
# Usage: tests/ical/run.sh BUILD_DIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run.sh BUILD_DIR}
build=$(cd "$build" && pwd)
gen="$build/tests/ical/gen_export"
work=$(mktemp -d "${TMPDIR:-/tmp}/tavle-ical.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
failures=0

ok()   { echo "ok    $*"; }
bad()  { echo "FAIL  $*"; failures=$((failures + 1)); }
need() {
	if ! command -v "$1" >/dev/null 2>&1; then
		bad "required tool '$1' is not installed ($2)"
		return 1
	fi
	return 0
}

if [ ! -x "$gen" ]; then
	echo "FAIL  $gen not built"
	exit 1
fi
mkdir -p "$work/out"
if "$gen" "$work/out" >"$work/gen.log" 2>&1; then
	ok "gen_export wrote $(ls "$work/out" | grep -c '\.ics$') files"
else
	cat "$work/gen.log"
	bad "gen_export"
	exit 1
fi

# --- ical.js ---
if need node "Debian package nodejs"; then
	if [ ! -d "$here/node_modules/ical.js" ]; then
		if need npm "Debian package npm"; then
			(cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >"$work/npm.log" 2>&1 ||
				{ cat "$work/npm.log"; bad "npm ci in tests/ical"; }
		fi
	fi
	if [ -d "$here/node_modules/ical.js" ]; then
		node "$here/check_icaljs.mjs" "$work/out" || bad "ical.js checks"
	else
		bad "ical.js is not installed in tests/ical/node_modules"
	fi
fi

# --- python3-icalendar ---
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import icalendar' 2>/dev/null; then
	/usr/bin/python3 "$here/check_pyical.py" "$work/out" || bad "python-icalendar checks"
else
	bad "python3-icalendar is not installed (Debian package python3-icalendar)"
fi

# --- khal ---
if need khal "Debian package khal"; then
	mkdir -p "$work/khal"
	/usr/bin/python3 "$here/check_khal.py" "$work/out" "$work/khal" || bad "khal checks"
fi

# --- calcurse ---
if need calcurse "Debian package calcurse"; then
	mkdir -p "$work/calcurse"
	/usr/bin/python3 "$here/check_calcurse.py" "$work/out" "$work/calcurse" || bad "calcurse checks"
fi

if [ "$failures" -ne 0 ]; then
	echo "ical conformance: $failures failure(s)"
	exit 1
fi
echo "ical conformance: all checks passed"
