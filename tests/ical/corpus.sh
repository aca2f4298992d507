#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The foreign corpus (tests/data/ical/foreign) imported by tavle and read by ical.js:
# corpus.py compares them file by file (see its header). ical.js comes from
# package-lock.json through npm ci, as for run.sh; a missing node or npm is a failure,
# never a skip.
# usage: tests/ical/corpus.sh path/to/tavle path/to/tests/data
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/sandbox.sh"
TAVLE=${1:?usage: corpus.sh path/to/tavle DATA}
DATA=${2:?usage: corpus.sh path/to/tavle DATA}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
case $DATA in /*) ;; *) DATA=$PWD/$DATA ;; esac
export LC_ALL=C.UTF-8
export TAVLE_NOW=2026-11-30T09:00:00Z
sandbox icalcorpus
trap 'exit 130' INT TERM

# The crash check of a sanitizer build (CORPUS_CRASH_ONLY=1, meson.build) needs no
# ical.js.
tools="node npm /usr/bin/python3"
[ "${CORPUS_CRASH_ONLY:-}" = 1 ] && tools=/usr/bin/python3
for tool in $tools; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "required tool '$tool' is installed"
		finish
		exit 1
	fi
done
if [ "${CORPUS_CRASH_ONLY:-}" != 1 ] && [ ! -d "$here/node_modules/ical.js" ]; then
	(cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >"$T/npm.log" 2>&1 ||
		not_ok "npm ci in tests/ical" "$(cat "$T/npm.log")"
fi
if [ "${CORPUS_CRASH_ONLY:-}" != 1 ] && [ ! -d "$here/node_modules/ical.js" ]; then
	not_ok "ical.js is installed in tests/ical/node_modules"
	finish
	exit 1
fi

mkdir -p "$T/db"
/usr/bin/python3 "$here/corpus.py" "$TAVLE" "$DATA/ical/foreign" "$here/icaljs_events.mjs" "$T/db" >"$T/out" 2>&1
rc=$?
while IFS= read -r line; do
	case $line in
	"ok    "*) ok "${line#ok    }" ;;
	"FAIL  "*) not_ok "${line#FAIL  }" ;;
	*) diag "${line#\# }" ;;
	esac
done <"$T/out"
[ "$rc" -eq 0 ] && ok "corpus.py finished" || not_ok "corpus.py finished" "exit status $rc"
finish
