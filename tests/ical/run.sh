#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# iCalendar conformance driver: generate tavle's exports of the fixture board, then have
# independent parsers read them. Each parser's checks are TAP checks (tests/lib/tap.sh);
# exit 1 if any check fails.
# A missing tool is a failure, never a skip (CI installs them: see tools/dev.sh).
# Usage: tests/ical/run.sh BUILD_DIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
build=${1:?usage: run.sh BUILD_DIR}
build=$(cd "$build" && pwd)
gen="$build/tests/ical/gen_export"
work=$(mktemp -d "${TMPDIR:-/tmp}/tavle-ical.XXXXXX")
at_exit 'rm -rf "$work"'
trap 'exit 130' INT TERM

need() {
	if ! command -v "$1" >/dev/null 2>&1; then
		not_ok "required tool '$1' is installed" "$2"
		return 1
	fi
	return 0
}

# relay NAME COMMAND...: a checker prints "ok    WHAT" or "FAIL  WHAT" per check; each
# becomes a TAP check, any other line a "# " line, and the checker's status a check
# of its own (NAME), so a checker that dies early fails.
relay() {
	local name=$1 line
	shift
	"$@" >"$work/relay.out" 2>&1
	local rc=$?
	while IFS= read -r line; do
		case $line in
		"ok    "*) ok "${line#ok    }" ;;
		"FAIL  "*) not_ok "${line#FAIL  }" ;;
		*) diag "$line" ;;
		esac
	done <"$work/relay.out"
	if [ "$rc" -eq 0 ]; then ok "$name"; else not_ok "$name" "exit status $rc"; fi
}

if [ ! -x "$gen" ]; then
	not_ok "gen_export built" "$gen"
	finish
	exit 1
fi
mkdir -p "$work/out"
if "$gen" "$work/out" >"$work/gen.log" 2>&1; then
	ok "gen_export wrote $(ls "$work/out" | grep -c '\.ics$') files"
else
	not_ok "gen_export" "$(cat "$work/gen.log")"
	finish
	exit 1
fi

# --- ical.js ---
if need node "Debian package nodejs"; then
	if [ ! -d "$here/node_modules/ical.js" ]; then
		if need npm "Debian package npm"; then
			(cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >"$work/npm.log" 2>&1 ||
				not_ok "npm ci in tests/ical" "$(cat "$work/npm.log")"
		fi
	fi
	if [ -d "$here/node_modules/ical.js" ]; then
		relay "ical.js checks" node "$here/check_icaljs.mjs" "$work/out"
	else
		not_ok "ical.js is installed in tests/ical/node_modules"
	fi
fi

# --- python3-icalendar ---
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import icalendar' 2>/dev/null; then
	relay "python-icalendar checks" /usr/bin/python3 "$here/check_pyical.py" "$work/out"
else
	not_ok "python3-icalendar is installed" "Debian package python3-icalendar"
fi

# --- khal ---
if need khal "Debian package khal"; then
	mkdir -p "$work/khal"
	relay "khal checks" /usr/bin/python3 "$here/check_khal.py" "$work/out" "$work/khal"
fi

# --- calcurse ---
if need calcurse "Debian package calcurse"; then
	mkdir -p "$work/calcurse"
	relay "calcurse checks" /usr/bin/python3 "$here/check_calcurse.py" "$work/out" "$work/calcurse"
fi

finish
