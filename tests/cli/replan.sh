#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Re-planning on the command line (issue 18): a board made from the template keeps
# each template date's offset, the date seeded on the working day the rule gives; a
# date a person sets is hand-set (offset cleared); `set board NAME start DATE
# --dry-run` prints the preview (how many dates move, the hand-set ones kept, the
# first and last change) and changes nothing; without it every date still following
# the template moves (on a Danish working day: deadlines and phase ends to the working
# day before, meetings and phase starts after), the hand-set one stays, `log` shows
# each as re-planned, `check` stays clean and the export carries a higher SEQUENCE. A
# refused date changes nothing; moving a phase's start moves its packages' and tasks'
# dates.
# usage: replan.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
. "$(dirname "$0")/../lib/cli.sh"

TAVLE=${1:?usage: replan.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PY=/usr/bin/python3
export LC_ALL=C.UTF-8
export TAVLE_NOW=2026-11-29T10:00:00Z
sandbox cli-replan
DB=$T/r.db
TAP_ON_FAIL='diag_file "$T/out" "stdout: " 40; diag_file "$T/err" "stderr: " 5'

# The dates of the board as "kind id field date offset" lines, and the start.
dates() {
	$PY - "$DB" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
q = [("package", "select id, deadline, deadline_offset from packages"),
     ("task", "select id, deadline, deadline_offset from tasks"),
     ("phase-start", "select id, start_date, start_offset from phases"),
     ("phase-end", "select id, end_date, end_offset from phases"),
     ("meeting-start", "select id, start_at, start_offset from meetings"),
     ("meeting-end", "select id, end_at, end_offset from meetings"),
     ("decision", "select id, due, due_offset from decisions")]
print("start", db.execute("select start_date from boards").fetchone()[0])
for k, sql in q:
    for r in db.execute(sql + " order by id"):
        print(k, *r)
PYEOF
}

# Every date with an offset is the working day the rule gives from the start.
# usage: follows START (reads the holidays of 2026..2029 from tavle)
follows() {
	for y in 2026 2027 2028 2029; do "$TAVLE" holidays $y --json >"$T/hol$y.json"; done
	$PY - "$DB" "$1" "$T"/hol20*.json <<'PYEOF'
import datetime as dt, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
start = dt.date.fromisoformat(sys.argv[2])
hol = set()
for f in sys.argv[3:]:
    hol |= {dt.date.fromisoformat(h["date"]) for h in json.load(open(f, encoding="utf-8"))}
work = lambda d: d.weekday() < 5 and d not in hol
def rule(off, later):
    d = start + dt.timedelta(days=off)
    while not work(d):
        d += dt.timedelta(days=1 if later else -1)
    return d
n = 0
for t, dc, oc, later in [("packages", "deadline", "deadline_offset", 0),
        ("tasks", "deadline", "deadline_offset", 0), ("phases", "start_date", "start_offset", 1),
        ("phases", "end_date", "end_offset", 0), ("meetings", "start_at", "start_offset", 1),
        ("meetings", "end_at", "end_offset", 1), ("decisions", "due", "due_offset", 0)]:
    for i, d, off in db.execute(f"select id, {dc}, {oc} from {t} where {oc} is not null"):
        want = rule(off, later)
        assert d[:10] == want.isoformat(), (t, i, d, off, want)
        assert work(dt.date.fromisoformat(d[:10])), (t, i, d)
        n += 1
assert n > 50, n
PYEOF
}

expect 0 "init" init --name R --authority "Ærø Kommune" --start 2026-12-01
dates >"$T/seeded"
n_off=$(grep -vc ' None$' "$T/seeded")
[ "$n_off" -gt 60 ] && ok "the template's dates keep their offsets ($n_off)" || not_ok "the template's dates keep their offsets" "$n_off"
# Day 200 from 1 December 2026 is Saturday 19 June 2027: seeded on the Friday before,
# the offset kept the template's.
grep -q '^package 2 2027-06-18 200$' "$T/seeded" && ok "package offset: days from the start, the date on a working day" || not_ok "package offset: days from the start, the date on a working day"
follows 2026-12-01 && ok "seeding: every template date on the working day the rule gives" || not_ok "seeding: every template date on the working day the rule gives"

# A person sets package 0's deadline: hand-set.
pkg0=$($PY -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select id from packages where number = 0').fetchone()[0])" "$DB")
expect 0 "hand-set package 0" set 0 deadline 2027-01-15
dates >"$T/before"
grep -q "^package $pkg0 2027-01-15 None$" "$T/before" && ok "an edit clears the offset (hand-set)" || not_ok "an edit clears the offset (hand-set)"

# The preview.
expect 0 "set board start --dry-run" set board R start 2027-01-04 --dry-run
contains "preview: how many move" "Moving the start from 2026-12-01 to 2027-01-04 moves"
contains "preview: the hand-set date kept" "1 hand-set date is kept"
contains "preview: the kept one named" "kept (hand-set): package 0"
contains "preview: first change" "first change:"
contains "preview: last change" "last change:"
contains "preview: nothing changed" "nothing changed (--dry-run)"
dates >"$T/after-dry"
cmp -s "$T/before" "$T/after-dry" && ok "--dry-run changes nothing" || not_ok "--dry-run changes nothing"
moves=$(sed -n 's/.* moves \([0-9]*\) date.*/\1/p' "$T/out" | head -1)
[ -n "$moves" ] && [ "$moves" -gt 50 ] && ok "the preview counts the moves ($moves)" || not_ok "the preview counts the moves" "'$moves'"

# A refused date: nothing changes.
expect 2 "a start that is no date is refused" set board R start 2027-13-01
dates >"$T/after-bad"
cmp -s "$T/before" "$T/after-bad" && ok "a refused date leaves the database unchanged" || not_ok "a refused date leaves the database unchanged"

"$TAVLE" --db "$DB" export ics -o "$T/before.ics" >/dev/null 2>&1
expect 0 "set board start" set board R start 2027-01-04
contains "the set prints the preview too" "Moving the start from 2026-12-01 to 2027-01-04 moves $moves"
dates >"$T/after"
grep -q "^start 2027-01-04$" "$T/after" && ok "the board starts on the new day" || not_ok "the board starts on the new day"
grep -q "^package $pkg0 2027-01-15 None$" "$T/after" && ok "the hand-set date is kept" || not_ok "the hand-set date is kept"
follows 2027-01-04 && ok "every template date moved to start + offset, on a working day" || not_ok "every template date moved to start + offset, on a working day"
changed=$(diff "$T/before" "$T/after" | grep -c '^>')
[ "$changed" -eq $((moves + 1)) ] && ok "exactly the previewed dates moved (+ the start)" || not_ok "exactly the previewed dates moved" "$changed lines vs $moves"

expect 0 "log --json" log --json
$PY - "$T/out" "$moves" <<'PYEOF' && ok "log: each moved date as re-planned, in one change with the start" || not_ok "log: each moved date as re-planned, in one change with the start"
import json, sys
h = json.load(open(sys.argv[1], encoding="utf-8"))
start = [x for x in h if x["kind"] == "board" and x["field"] == "start"][-1]
assert start["old"] == "2026-12-01" and start["new"] == "2027-01-04", start
same = [x for x in h if x["change_id"] == start["change_id"] and x is not start]
dates = [x for x in same if not x["field"].endswith("_offset")]
assert len(dates) == int(sys.argv[2]), len(dates)
assert all(x["op"] == "set" and x["field"] in ("deadline", "start", "end", "due") for x in dates)
PYEOF
expect 0 "log" log
n_rp=$(grep -c "re-planned" "$T/out")
[ "$n_rp" -eq "$moves" ] && ok "log: each moved date shown as re-planned" || not_ok "log: each moved date shown as re-planned" "$n_rp of $moves"
lacks "log: offsets are bookkeeping, not shown" "_offset"

expect 0 "check stays clean" check
contains "check: ok" "ok"

"$TAVLE" --db "$DB" export ics -o "$T/after.ics" >/dev/null 2>&1
$PY - "$T/before.ics" "$T/after.ics" <<'PYEOF' && ok "export: moved dates with a higher SEQUENCE" || not_ok "export: moved dates with a higher SEQUENCE"
import re, sys
def events(p):
    text = open(p, encoding="utf-8").read().replace("\r\n ", "").replace("\r\n", "\n")
    out = {}
    for ev in re.findall(r"BEGIN:VEVENT\n(.*?)END:VEVENT", text, re.S):
        f = dict(l.split(":", 1)[0].split(";")[0:1] + [l.split(":", 1)[1]] for l in ev.splitlines() if ":" in l)
        out[f["UID"]] = f
    return out
a, b = events(sys.argv[1]), events(sys.argv[2])
moved = [u for u in a if u in b and a[u]["DTSTART"] != b[u]["DTSTART"]]
assert len(moved) > 20, len(moved)
for u in moved:
    assert int(b[u].get("SEQUENCE", 0)) > int(a[u].get("SEQUENCE", 0)), u
PYEOF

# The same start again: nothing left to move.
expect 0 "the same start again: dry run" set board R start 2027-01-04 --dry-run
contains "nothing moves" "moves 0 dates"

# A phase: its packages' and tasks' template dates move by the phase's move.
dates >"$T/before-phase"
ph=$(awk '$1 == "phase-start" && $4 != "None" {print $2; exit}' "$T/before-phase")
ph_start=$(awk -v p="$ph" '$1 == "phase-start" && $2 == p {print $3}' "$T/before-phase")
expect 0 "phase move --dry-run" set phase "$ph" start 2027-01-11 --dry-run
contains "phase preview" "Moving the start from $ph_start to 2027-01-11 moves"
dates >"$T/after-dry-phase"
cmp -s "$T/before-phase" "$T/after-dry-phase" && ok "phase --dry-run changes nothing" || not_ok "phase --dry-run changes nothing"
expect 0 "phase move" set phase "$ph" start 2027-01-11
$PY - "$DB" "$ph" "$ph_start" 2027-01-11 "$pkg0" <<'PYEOF' && ok "the phase's template dates moved by the shift; others and the hand-set stay" || not_ok "the phase's template dates moved by the shift; others and the hand-set stay"
import datetime as dt, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ph, old, new, pkg0 = int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
shift = (dt.date.fromisoformat(new) - dt.date.fromisoformat(old)).days
start = dt.date.fromisoformat(db.execute("select start_date from boards").fetchone()[0])
assert db.execute("select start_date from phases where id = ?", (ph,)).fetchone()[0] == new
n = 0
for t in ("packages", "tasks"):
    sql = ("select p.id, p.deadline, p.deadline_offset, p.phase_id from packages p" if t == "packages" else
           "select t.id, t.deadline, t.deadline_offset, p.phase_id from tasks t join packages p on p.id = t.package_id")
    for i, d, off, pid in db.execute(sql):
        if off is None:
            continue
        day = dt.date.fromisoformat(d[:10])
        assert day.weekday() < 5, (t, i, d)
        if pid == ph:
            n += 1
            assert abs((day - start).days - off) <= 4, (t, i, d, off)
assert n > 0
assert db.execute("select deadline from packages where id = ?", (pkg0,)).fetchone()[0] == "2027-01-15"
PYEOF
diff <(grep -v '^package\|^task\|^phase-start' "$T/before-phase") <(dates | grep -v '^package\|^task\|^phase-start') >/dev/null && ok "a phase move leaves meetings, decisions and phase ends alone" || not_ok "a phase move leaves meetings, decisions and phase ends alone"

# Danish.
LC_ALL=da_DK.UTF-8 "$TAVLE" --db "$DB" set board R start 2027-02-01 --dry-run >"$T/out" 2>"$T/err"
contains "Danish preview" "Flytning af starten fra 2027-01-04 til 2027-02-01 flytter"
contains "Danish: nothing changed" "intet ændret (--dry-run)"

# A board made before schema 11 (offsets NULL) follows nothing: nothing moves.
$PY -c "import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); [db.execute(f'update {t} set {c} = null') for t, c in [('packages','deadline_offset'),('tasks','deadline_offset'),('phases','start_offset'),('phases','end_offset'),('meetings','start_offset'),('meetings','end_offset'),('decisions','due_offset')]]; db.commit()" "$DB"
expect 0 "an old board: dry run" set board R start 2027-03-01 --dry-run
contains "an old board: nothing follows the template" "moves 0 dates"

finish
