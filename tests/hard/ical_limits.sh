#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Calendar import limits (issue 15, item 11): a hostile .ics once took 5.49 GB for a
# 66.5 MB file. Each case generates a file (gen_hostile_ics.py) and imports it under a
# virtual-memory cap of the promise, 10 times the file plus 64 MiB, on top of what
# the helper maps before reading anything (measured here, not assumed). A file over
# 16 MiB and the shapes libical cannot hold cheaply (too many properties, components
# or parameters, too long a line) are refused with a message naming the limit and the
# database byte-identical; files at the limits import within the cap.
# usage: ical_limits.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"

TAVLE=${1:?usage: ical_limits.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
GEN="/usr/bin/python3 $HERE/gen_hostile_ics.py"
[ -x "$TAVLE" ] || { echo "not an executable: $TAVLE"; exit 1; }
# A sanitizer build maps terabytes of shadow memory at start, so no `ulimit -v` cap can
# hold it: the memory promise is measured on the plain build (and by the benchmark).
if ldd "$TAVLE" "$(dirname "$TAVLE")/tavle-helper" 2>/dev/null | grep -Eq 'lib(a|ub|t|m)san'; then
	skip_all "a sanitizer build cannot run under ulimit -v"
fi

export LC_ALL=C.UTF-8
export TAVLE_NOW=2026-11-30T09:00:00Z
sandbox icslim
DB=$T/a.db
cd "$T" || exit 1
TAP_ON_FAIL='diag_file "$T/err" "stderr: " 3'
digest() { cat "$DB" "$DB-wal" 2>/dev/null | sha256sum | cut -d' ' -f1; }

"$TAVLE" --db "$DB" init --start 2026-12-01 >/dev/null 2>&1 && ok "init" || { not_ok "init"; finish; exit 1; }

# What the helper maps before it reads the file: the smallest cap (KiB, in 16 MiB
# steps) under which a tiny import succeeds, on a copy of the database.
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:t\r\nDTSTART:20270101T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >"$T/tiny.ics"
BASE=
for kib in $(seq 32768 16384 524288); do
	cp "$DB" "$T/probe.db"
	if (ulimit -v "$kib"; "$TAVLE" --db "$T/probe.db" import ics "$T/tiny.ics") >/dev/null 2>&1; then
		BASE=$kib
		break
	fi
done
rm -f "$T/probe.db"*
if [ -z "$BASE" ]; then not_ok "a tiny import runs under some cap up to 512 MiB"; finish; exit 1; fi
ok "a tiny import runs under a cap of $((BASE / 1024)) MiB"

# import SIZE_BYTES: run the import of $T/x.ics under BASE + 10 x size + 64 MiB.
import_capped() {
	local bytes cap
	bytes=$(stat -c %s "$T/x.ics")
	cap=$((BASE + bytes * 10 / 1024 + 65536))
	(ulimit -v "$cap"; "$TAVLE" --db "$DB" import ics "$T/x.ics") >"$T/out" 2>"$T/err"
}

# refused SHAPE MB KEYWORD: the import exits 2 naming KEYWORD, the database unchanged.
refused() {
	local name="refused: $1 ($2 MB)"
	$GEN "$1" "$2" >"$T/x.ics" || { not_ok "$name" "generator failed"; return; }
	local before rc
	before=$(digest)
	import_capped
	rc=$?
	if [ "$rc" -ne 2 ]; then not_ok "$name" "exit $rc, expected 2"
	elif ! grep -q '^tavle: ' "$T/err"; then not_ok "$name" "stderr is not 'tavle: ...'"
	elif ! grep -qiF -- "$3" "$T/err"; then not_ok "$name" "stderr does not name '$3'"
	elif [ "$(digest)" != "$before" ]; then not_ok "$name" "database changed"
	else ok "$name"; fi
}

# imported SHAPE MB COUNT: the import succeeds under the cap and adds COUNT meetings.
imported() {
	local name="imported within the cap: $1 ($2 MB)"
	$GEN "$1" "$2" >"$T/x.ics" || { not_ok "$name" "generator failed"; return; }
	if ! import_capped; then not_ok "$name" "exit $?"
	elif ! grep -q "^added $3," "$T/out"; then not_ok "$name" "$(head -c 200 "$T/out")"
	else ok "$name"; fi
}

refused one-property 17.5 "over 16 MiB"
grep -qF "16.7 MiB" "$T/err" && ok "the refusal names the file's size" || not_ok "the refusal names the file's size"
refused one-property 15 "more than 1000 properties in one component"
refused many-properties 15 "more than 100000 properties"
refused many-components 15 "more than 20000 components"
refused long-line 15 "longer than 256 KiB"
refused folded-line 15 "longer than 256 KiB"
refused many-parameters 15 "more than 100 parameters"
imported at-property-limits 15 100
imported at-component-limits 15 19990
"$TAVLE" --db "$DB" check >/dev/null 2>&1 && ok "check at the end" || not_ok "check at the end"
finish
