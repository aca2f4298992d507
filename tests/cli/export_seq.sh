#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Calendar exports whose every change calendars notice (issue 17, items 9 and 10). An
# item's exported text derives from other rows too: a task's SUMMARY holds its
# package's number and its own position, a package's DESCRIPTION its phase name and
# board name, a decision's its board. After each change below the board is exported
# again and ical_seq.py (python3-icalendar) checks that every UID whose text or dates
# changed has a higher SEQUENCE and a later-or-equal LAST-MODIFIED, and that no UID's
# SEQUENCE went down. Then the board cases: `board archive` leaves the board's items in
# `export --all` as STATUS:CANCELLED (for 30 days), `board unarchive` brings them back
# with a higher SEQUENCE, and `board rm` leaves cancellations (tombstones that outlive
# the board) instead of UIDs that silently vanish. Restoring an older backup is a change
# too: what goes back to older text rises again, what the backup lacks is cancelled.
# usage: export_seq.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
. "$(dirname "$0")/../lib/cli.sh"

TAVLE=${1:?usage: export_seq.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
export LC_ALL=C.UTF-8
export TAVLE_USER=test
sandbox cli-export-seq
DB=$T/s.db

TAP_ON_FAIL='diag_file "$T/out" "stdout: " 20; diag_file "$T/err" "stderr: " 5'

if ! "$PY" -c 'import icalendar' 2>/dev/null; then
	skip_all "python3-icalendar is not installed"
fi

# The clock moves one minute per step, so LAST-MODIFIED can be seen to move.
minute=0
tick() {
	minute=$((minute + 1))
	export TAVLE_NOW=$(printf '2026-11-29T10:%02d:00Z' "$minute")
}
tick

n=0
# export_to FILE [ARGS]: the board's calendar (or --all) into FILE
export_to() {
	local f=$1
	shift
	"$TAVLE" --db "$DB" export ics "$@" -o "$f" >"$T/out" 2>"$T/err"
}
# step DESCRIPTION MIN ARGS...: run the change, export, compare with the last export;
# at least MIN UIDs must have changed (so the check is not vacuous)
step() {
	local desc=$1 min=$2
	shift 2
	tick
	run "$@"
	if [ "$rc" -ne 0 ]; then not_ok "$desc" "exit $rc"; return; fi
	n=$((n + 1))
	export_to "$T/e$n.ics" --board "$CUR"
	local got prc
	"$PY" "$HERE/ical_seq.py" changed "$T/e$((n - 1)).ics" "$T/e$n.ics" >"$T/out" 2>&1
	prc=$?
	got=$(tail -n 1 "$T/out")
	if [ "$prc" -eq 0 ] && [ "$got" -ge "$min" ] 2>/dev/null; then
		ok "$desc: $got changed UIDs, each with a higher SEQUENCE"
	else
		not_ok "$desc" "$(head -n 5 "$T/out" | tr '\n' ' ')"
	fi
}

expect 0 "init board A" init --name A --start 2026-12-01
tick
expect 0 "init board B" init --name B --start 2026-12-01
CUR=A
export_to "$T/e0.ics" --board "$CUR"

step "package renumber (its tasks' summaries)" 6 --board A set package 3 number 42
step "phase rename (its packages' descriptions)" 2 --board A set phase 2 name "Analyse"
step "task delete (the later tasks move up)" 3 --board A rm task 42.2
CUR=A2
step "board rename (packages' and decisions' descriptions)" 10 board rename A A2
step "package area change (its tasks' descriptions and colours)" 5 \
	--board A2 set package 42 area kom
step "phase rename back" 2 --board A2 set phase 2 name "Analyse og forberedelse"
CUR=A
step "board rename back" 10 board rename A2 A

# Restore of an older backup: the items whose text goes back rise again, and an item
# added after the backup is cancelled, not silently gone.
tick
expect 0 "backup" backup "$T/bk.db"
tick
expect 0 "renumber after the backup" --board A set package 42 number 43
expect 0 "a task added after the backup" --board A add task 43 --title "Ny opgave" \
	--deadline 2027-05-05
tick
export_to "$T/pre.ics" --board A
tick
expect 0 "restore the backup" restore "$T/bk.db"
tick
export_to "$T/post.ics" --board A
if "$PY" "$HERE/ical_seq.py" kept "$T/pre.ics" "$T/post.ics" >"$T/out" 2>&1 &&
	[ "$(tail -n 1 "$T/out")" -ge 5 ]; then
	ok "restore: $(tail -n 1 "$T/out") changed UIDs rise, none is lost"
else
	not_ok "restore: changed UIDs rise, none is lost" "$(head -n 3 "$T/out" | tr '\n' ' ')"
fi
if grep -q "SUMMARY:Ny opgave" "$T/post.ics" && grep -B12 "SUMMARY:Ny opgave" "$T/post.ics" |
	grep -q "STATUS:CANCELLED"; then
	ok "restore: the task added after the backup is cancelled"
else
	not_ok "restore: the task added after the backup is cancelled"
fi

# Archive and unarchive: B's items are cancelled in --all, then come back.
tick
export_to "$T/all0.ics" --all
export_to "$T/b0.ics" --board B
tick
expect 0 "board archive B" board archive B
tick
export_to "$T/all1.ics" --all
if "$PY" "$HERE/ical_seq.py" cancelled "$T/b0.ics" "$T/all1.ics" >"$T/out" 2>&1; then
	ok "archived: each of B's $(tail -n 1 "$T/out") UIDs is cancelled in --all"
else
	not_ok "archived: B's UIDs cancelled in --all" "$(head -n 3 "$T/out" | tr '\n' ' ')"
fi
if "$PY" "$HERE/ical_seq.py" changed "$T/all0.ics" "$T/all1.ics" >"$T/out" 2>&1; then
	ok "archived: no SEQUENCE in --all went down"
else
	not_ok "archived: no SEQUENCE in --all went down" "$(head -n 3 "$T/out" | tr '\n' ' ')"
fi
# 31 days later the cancellations are gone, as a removed item's tombstone goes.
TAVLE_NOW=2027-01-01T10:00:00Z export_to "$T/all-late.ics" --all
if grep -q "STATUS:CANCELLED" "$T/all-late.ics"; then
	not_ok "31 days after archiving the cancellations are gone"
else
	ok "31 days after archiving the cancellations are gone"
fi
tick
expect 0 "board unarchive B" board unarchive B
tick
export_to "$T/all2.ics" --all
if "$PY" "$HERE/ical_seq.py" live "$T/all1.ics" "$T/all2.ics" "$T/b0.ics" >"$T/out" 2>&1; then
	ok "unarchived: B's $(tail -n 1 "$T/out") UIDs are back, not cancelled, with a higher SEQUENCE"
else
	not_ok "unarchived: B's UIDs are back" "$(head -n 3 "$T/out" | tr '\n' ' ')"
fi

# Remove B: its items leave tombstones that outlive the board.
export_to "$T/b1.ics" --board B
tick
expect 0 "board rm B" board rm B --yes
tick
export_to "$T/all3.ics" --all
if "$PY" "$HERE/ical_seq.py" cancelled "$T/b1.ics" "$T/all3.ics" >"$T/out" 2>&1; then
	ok "removed: each of B's $(tail -n 1 "$T/out") UIDs is cancelled in --all"
else
	not_ok "removed: B's UIDs cancelled in --all" "$(head -n 3 "$T/out" | tr '\n' ' ')"
fi
if "$PY" "$HERE/ical_seq.py" changed "$T/all2.ics" "$T/all3.ics" >"$T/out" 2>&1; then
	ok "removed: no SEQUENCE in --all went down"
else
	not_ok "removed: no SEQUENCE in --all went down" "$(head -n 3 "$T/out" | tr '\n' ' ')"
fi
expect 0 "check stays clean after board rm" check
TAVLE_NOW=2027-01-01T10:00:00Z export_to "$T/all-late2.ics" --all
if grep -q "STATUS:CANCELLED" "$T/all-late2.ics"; then
	not_ok "31 days after board rm its cancellations are gone"
else
	ok "31 days after board rm its cancellations are gone"
fi

finish
