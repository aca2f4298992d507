#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# CLI suite: the built tavle binary against real database files in a private temporary
# directory, with a fixed clock. Every command's happy path, JSON read back with
# python3, a table of bad inputs (each must exit 2, name the problem on stderr and
# leave the database byte-identical), optimistic-concurrency conflicts, backup,
# template round trip, iCalendar export and import.
# usage: run.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"

TAVLE=${1:?usage: run.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PY=/usr/bin/python3
[ -x "$TAVLE" ] || { echo "not an executable: $TAVLE" >&2; exit 1; }

export LC_ALL=C.UTF-8
export TAVLE_NOW=2026-11-30T09:00:00Z
sandbox cli
DB=$T/a.db
cd "$T" || exit 1

# A failing check shows the last command's stderr.
TAP_ON_FAIL='diag_file "$T/err" "stderr: " 5'

# run ARGS...: run tavle on $DB; stdout in $T/out, stderr in $T/err, status in $rc.
run() {
	"$TAVLE" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# expect CODE DESCRIPTION ARGS...
expect() {
	local code=$1 desc=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$code" ]; then ok "$desc"; else not_ok "$desc" "exit $rc, expected $code"; fi
}
# py EXPR-PROGRAM: run python on $T/out as JSON in variable d; must print "ok".
py() {
	local desc=$1 prog=$2 res
	res=$($PY -c "import json,sys
d = json.load(open('$T/out'))
$prog" 2>&1)
	if [ "$res" = ok ]; then ok "$desc"; else not_ok "$desc" "$res"; fi
}
contains() { # contains DESCRIPTION FILE TEXT
	if grep -qF -- "$3" "$2"; then ok "$1"; else not_ok "$1" "'$3' not in $(basename "$2")"; fi
}
digest() { cat "$DB" "$DB-wal" 2>/dev/null | sha256sum; }

# ---- version, help, usage ----
"$TAVLE" --version >"$T/out" 2>"$T/err"
[ "$(cat "$T/out")" = "tavle 0.1.0" ] && ok "--version" || not_ok "--version" "$(cat "$T/out")"
"$TAVLE" --help >"$T/out" 2>&1 && grep -q "export ics" "$T/out" && ok "--help lists commands" || not_ok "--help lists commands"
"$TAVLE" list --help >"$T/out" 2>&1 && grep -q -- "--overdue" "$T/out" && ok "list --help from its table" || not_ok "list --help from its table"
"$TAVLE" add package --help >"$T/out" 2>&1 && grep -q -- "--area" "$T/out" && ok "add package --help" || not_ok "add package --help"
"$TAVLE" help export ics >"$T/out" 2>&1 && grep -q -- "--alarm" "$T/out" && ok "help export ics" || not_ok "help export ics"
[ ! -e "$DB" ] && ok "--help creates no database" || not_ok "--help creates no database"
# Issue 15: every date form the parser takes is in the help (-5d and the ISO T were
# accepted but undocumented).
"$TAVLE" set --help >"$T/out" 2>&1 && grep -qF -- "-5d" "$T/out" && grep -qF "YYYY-MM-DDTHH:MM" "$T/out" &&
	ok "set --help documents -5d and the ISO T form" || not_ok "set --help documents -5d and the ISO T form"
"$TAVLE" --db "$DB" </dev/null >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q "not a terminal" "$T/err" && ok "no command without a terminal" || not_ok "no command without a terminal"

# ---- init and first use ----
"$TAVLE" --db "$T/new.db" init --sector county >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q county "$T/err" && ok "init with a bad sector" || not_ok "init with a bad sector"
[ ! -e "$T/new.db" ] && ok "failed init leaves no database file" || not_ok "failed init leaves no database file"
"$TAVLE" --db "$T/new.db" init --template "$T/nowhere" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q nowhere "$T/err" && ok "init with a missing template dir" || not_ok "init with a missing template dir" "$(cat "$T/err")"
[ ! -e "$T/new.db" ] && ok "failed init leaves no database file" || not_ok "failed init leaves no database file"
expect 0 "init" init --authority "Ærø Kommune" --start 2026-12-01
contains "init message" "$T/out" "created board Næste generation Digital Post"
[ "$(stat -c %a "$DB")" = 600 ] && ok "database mode 600" || not_ok "database mode 600" "mode $(stat -c %a "$DB")"
expect 0 "boards --json" boards --json
py "boards json" "
assert len(d) == 1, d
b = d[0]
assert b['name'] == 'Næste generation Digital Post', b
assert b['authority'] == 'Ærø Kommune' and b['sector'] == 'municipality', b
assert b['start'] == '2026-12-01' and b['archived'] is False and b['id'] > 0, b
print('ok')"
expect 0 "list --json" list --json
py "template: 10 packages in 4 areas" "
assert len(d) == 10, len(d)
assert set(p['area'] for p in d) == {'org', 'kom', 'data', 'udd'}, [p['area'] for p in d]
for p in d:
    for k in ('id', 'number', 'title', 'area', 'status', 'owner', 'deadline', 'phase', 'phase_id', 'sections', 'tasks', 'version', 'updated_at'):
        assert k in p, k
    assert set(p['sections']) == {'background', 'requirements', 'process', 'involvement', 'output', 'materials'}
    for t in p['tasks']:
        for k in ('id', 'title', 'deadline', 'done', 'responsible', 'minimum', 'position', 'version'):
            assert k in t, k
print('ok')"
PKG=$($PY -c "import json; print(json.load(open('$T/out'))[0]['number'])" 2>/dev/null || echo 1)
expect 2 "second init with the default name" init
contains "default name taken" "$T/err" "already exists"

# Default path: $XDG_DATA_HOME, directories 0700; a read makes nothing there, init does.
XDG_DATA_HOME=$T/xdg "$TAVLE" boards >"$T/out" 2>"$T/err"
[ $? -eq 1 ] && [ ! -e "$T/xdg" ] && ok "a read on the default path with no database makes nothing" || not_ok "a read on the default path with no database makes nothing"
contains "no database message" "$T/err" "no database at $T/xdg/tavle/tavle.db (tavle init creates one)"
XDG_DATA_HOME=$T/xdg "$TAVLE" init >/dev/null 2>"$T/err"
[ $? -eq 0 ] && [ -f "$T/xdg/tavle/tavle.db" ] && ok "init under XDG_DATA_HOME" || not_ok "init under XDG_DATA_HOME"
[ "$(stat -c %a "$T/xdg/tavle")" = 700 ] && ok "data dir mode" || not_ok "data dir mode"
XDG_DATA_HOME=$T/xdg "$TAVLE" boards >"$T/out" 2>"$T/err"
contains "seeded board" "$T/out" "Næste generation Digital Post"
TAVLE_DB=$T/env.db "$TAVLE" list >/dev/null 2>&1
[ $? -eq 1 ] && [ ! -e "$T/env.db" ] && ok "TAVLE_DB with no database: nothing made" || not_ok "TAVLE_DB with no database: nothing made"
TAVLE_DB=$T/env.db "$TAVLE" init >/dev/null 2>&1 && TAVLE_DB=$T/env.db "$TAVLE" list >/dev/null 2>&1 && [ -f "$T/env.db" ] && ok "TAVLE_DB" || not_ok "TAVLE_DB"

# ---- reading ----
for cmd in "list" "list --area org" "list --status todo" "list --overdue" "show $PKG" "show $PKG --json" \
	"boards" "phases" "phases --json" "meetings" "meetings --json" "decisions --json" \
	"people --json" "comments $PKG --json" "log" "log --json" "agenda" "agenda --json --days 400" \
	"check" "export ics"; do
	before=$(digest)
	# shellcheck disable=SC2086
	expect 0 "$cmd" $cmd
	[ "$(digest)" = "$before" ] && ok "$cmd leaves the database unchanged" || not_ok "$cmd leaves the database unchanged"
	case $cmd in *--json*) py "$cmd is JSON" "print('ok')" ;; esac
done
run list
contains "list groups by area" "$T/out" "Organisatorisk forankring"
run list --overdue --json
py "overdue list is empty at the start" "assert d == [], d; print('ok')"

# In a terminal, list fits its width (measured in display columns, wide characters 2).
if command -v script >/dev/null 2>&1; then
	"$TAVLE" --db "$DB" set "$PKG" title "Kontaktperson for Ærø – æøå ÆØÅ 漢字 og en meget lang titel der ikke kan være der" >/dev/null 2>&1
	script -qc "stty cols 80 rows 30; $(printf '%q' "$TAVLE") --db $(printf '%q' "$DB") list" /dev/null >"$T/tty.out" 2>&1
	res=$($PY -c "
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(ch) in 'WF' else 0 if unicodedata.combining(ch) else 1 for ch in s)
lines = [l.rstrip('\r') for l in open(sys.argv[1], encoding='utf-8').read().split('\n') if l.strip()]
long = [l for l in lines if w(l) > 80]
print('ok' if lines and not long and any('…' in l for l in lines) else 'too wide or not clipped: %r' % (long or lines)[:2])" "$T/tty.out")
	[ "$res" = ok ] && ok "list in an 80-column terminal" || not_ok "list in an 80-column terminal" "$res"
	run list
	grep -q "der ikke kan være der" "$T/out" && ok "list to a pipe is not clipped" || not_ok "list to a pipe is not clipped"
else
	skip "list in an 80-column terminal" "script(1) missing"
fi

# ---- global options before and after ----
"$TAVLE" --db "$DB" --board 1 list --json >"$T/out" 2>"$T/err" && ok "global options before" || not_ok "global options before"
"$TAVLE" list --json --db "$DB" --board "Næste generation Digital Post" >"$T/out" 2>"$T/err" && ok "global options after" || not_ok "global options after"

# ---- set / show round trip ----
TITLE="Kontaktperson for Ærø – æøå ÆØÅ 漢字"
expect 0 "set title" set "$PKG" title "$TITLE"
expect 0 "show --json" show "$PKG" --json
py "title read back" "assert d['title'] == '''$TITLE''', d['title']; print('ok')"
expect 0 "set deadline relative" set "$PKG" deadline +3d
expect 0 "set status" set "$PKG" status doing
expect 0 "set owner" set "$PKG" owner "Mette Ærø Hansen"
expect 0 "set deadline DD-MM-YYYY" set "$PKG" deadline 03-12-2026
expect 0 "set section" set "$PKG" background "Linje 1
Linje 2"
expect 0 "show" show "$PKG" --json
py "fields read back" "
assert d['deadline'] == '2026-12-03', d['deadline']
assert d['status'] == 'doing' and d['owner'] == 'Mette Ærø Hansen', d
assert d['sections']['background'] == 'Linje 1\nLinje 2', d['sections']
print('ok')"
run list
contains "relative deadline" "$T/out" "in 3 days"
# A deadline with a time keeps it in JSON, in the agenda's and meetings' form
# ("YYYY-MM-DD HH:MM"), as the calendar export does; a date-only one stays a date.
expect 0 "set deadline with a time" set "$PKG" deadline "2027-01-05 09:30"
expect 0 "show --json with a timed deadline" show "$PKG" --json
py "show --json keeps the deadline's time" "assert d['deadline'] == '2027-01-05 09:30', d['deadline']; print('ok')"
expect 0 "list --json with a timed deadline" list --json
py "list --json keeps the deadline's time" "
p = [p for p in d if p['number'] == $PKG]
assert len(p) == 1 and p[0]['deadline'] == '2027-01-05 09:30', p
print('ok')"
expect 0 "export ics with a timed deadline" export ics
contains "export has the deadline's time" "$T/out" "DTSTART;TZID=Europe/Copenhagen:20270105T093000"
expect 0 "set deadline date only" set "$PKG" deadline 2027-01-05
expect 0 "show --json with a date-only deadline" show "$PKG" --json
py "show --json date-only deadline" "assert d['deadline'] == '2027-01-05', d['deadline']; print('ok')"
expect 0 "list --json with a date-only deadline" list --json
py "list --json date-only deadline" "
p = [p for p in d if p['number'] == $PKG]
assert len(p) == 1 and p[0]['deadline'] == '2027-01-05', p
print('ok')"
expect 0 "set deadline back" set "$PKG" deadline 03-12-2026
expect 0 "set --stdin" set "$PKG" process --stdin <<<"fra stdin"
expect 0 "show after stdin" show "$PKG" --json
py "stdin value" "assert d['sections']['process'] == 'fra stdin', d['sections']; print('ok')"

# ---- add and rm ----
expect 0 "add package" add package --area kom --title "Ny pakke" --deadline 2027-01-15 --owner Ole --status blocked
NEWPKG=$(sed -n 's/^added package \([0-9]*\).*/\1/p' "$T/out")
[ -n "$NEWPKG" ] && ok "add package prints the number" || not_ok "add package prints the number" "$(cat "$T/out")"
expect 0 "add task" add task "$NEWPKG" --title "En opgave" --deadline 2026-11-20 --responsible agency --minimum
TASK=$(sed -n 's/^added task \([0-9]*\).*/\1/p' "$T/out")
expect 0 "set task done" set task "$TASK" done yes
expect 0 "set task deadline with a time" set task "$TASK" deadline "2026-11-20 14:15"
expect 0 "show with a timed task" show "$NEWPKG" --json
py "show --json keeps the task deadline's time" "assert [t['deadline'] for t in d['tasks']] == ['2026-11-20 14:15'], d['tasks']; print('ok')"
expect 0 "list --json with a timed task" list --json
py "list --json keeps the task deadline's time" "
p = [p for p in d if p['number'] == $NEWPKG]
assert [t['deadline'] for t in p[0]['tasks']] == ['2026-11-20 14:15'], p
print('ok')"
expect 0 "set task deadline date only" set task "$TASK" deadline 2026-11-20
expect 0 "show with a date-only task" show "$NEWPKG" --json
py "show --json date-only task deadline" "assert [t['deadline'] for t in d['tasks']] == ['2026-11-20'], d['tasks']; print('ok')"
expect 0 "add meeting" add meeting --title "Infomøde Øst" --start "2027-01-10 10:00" --end "2027-01-10 12:00" --kind info --place "Odense" --region Syddanmark
MEET=$(sed -n 's/^added meeting \([0-9]*\).*/\1/p' "$T/out")
expect 0 "set meeting place" set meeting "$MEET" place "Vejle"
expect 0 "add phase" add phase --name "Testfase" --start 2027-02-01 --end 2027-03-01 --not-before 2027-01-20 --reason "portal åbner"
PHASE=$(sed -n 's/^added phase \([0-9]*\).*/\1/p' "$T/out")
expect 0 "set package phase" set "$NEWPKG" phase "Testfase"
expect 0 "list --phase" list --phase Testfase --json
py "phase filter" "assert [p['number'] for p in d] == [$NEWPKG], d; assert d[0]['phase'] == 'Testfase'; print('ok')"
expect 0 "add comment" add comment "$NEWPKG" "Spørgsmål: hvem ejer dette?"
COMMENT=$(sed -n 's/^added comment \([0-9]*\).*/\1/p' "$T/out")
expect 0 "comments" comments "$NEWPKG" --json
py "comment" "assert len(d) == 1 and d[0]['text'].startswith('Spørgsmål'), d; print('ok')"
expect 0 "add decision" add decision --title "Godkend plan" --area org --owner Direktion --due 2027-01-01 --text "Beslut"
DEC=$(sed -n 's/^added decision \([0-9]*\).*/\1/p' "$T/out")
expect 0 "set decision status" set decision "$DEC" status decided
# A removed decision that was in the calendar stays there cancelled (a tombstone under
# the UID it had), so subscribed calendars drop it; one never exported leaves nothing.
expect 0 "add decision to remove" add decision --title "Fjernes igen" --due 2027-02-01
DEC2=$(sed -n 's/^added decision \([0-9]*\).*/\1/p' "$T/out")
expect 0 "export ics before" export ics -o "$T/dec-before.ics"
expect 0 "rm decision" rm decision "$DEC2"
expect 0 "export ics after" export ics -o "$T/dec-after.ics"
UIDLINE=$(grep -a "^UID:decision-[0-9]*-$DEC2@tavle" "$T/dec-before.ics" | tr -d '\r')
if [ -n "$UIDLINE" ] && $PY - "$T/dec-after.ics" "${UIDLINE#UID:}" <<'PYEOF'
import sys
text = open(sys.argv[1], encoding="utf-8", newline="").read().replace("\r\n ", "")
ev = [e for e in text.split("BEGIN:VEVENT")[1:] if "UID:%s\r\n" % sys.argv[2] in e]
assert len(ev) == 1 and "STATUS:CANCELLED" in ev[0] and "Fjernes igen" in ev[0], ev
PYEOF
then ok "the removed decision is exported cancelled under its UID"; else not_ok "the removed decision is exported cancelled under its UID" "$UIDLINE"; fi
expect 0 "add person" add person --name "Mette Ærø Hansen" --email m@example.dk --role contact
PERSON=$(sed -n 's/^added person \([0-9]*\).*/\1/p' "$T/out")
expect 0 "set person email" set person "$PERSON" email mette@example.dk
expect 0 "set phase end" set phase "$PHASE" end 2027-03-15
expect 0 "set board authority" set board 1 authority "Ærø Kommune (test)"
expect 0 "agenda" agenda --days 60 --json
py "agenda has overdue task" "assert 'overdue' in d and 'upcoming' in d; print('ok')"
expect 0 "list --overdue after adds" list --overdue --json
expect 0 "log" log "$NEWPKG" --json
py "log has the set" "assert any(h['field'] == 'phase' for h in d), d; print('ok')"
expect 0 "log --since" log --since 2026-11-30

# ---- conflict ----
expect 0 "show for version" show "$PKG" --json
V=$($PY -c "import json; print(json.load(open('$T/out'))['version'])")
SUDO_USER=alice "$TAVLE" --db "$DB" set "$PKG" title "Alice var her" >/dev/null 2>&1
expect 1 "stale --version" set "$PKG" title "Bob var her" --version "$V"
contains "conflict names the user" "$T/err" "alice"
contains "conflict suggests --force" "$T/err" "--force"
expect 0 "--force" set "$PKG" title "Bob var her" --force
expect 0 "set title back" set "$PKG" title "$TITLE"

# ---- bad inputs: exit 2, a message naming the problem, database unchanged ----
BIG=$(head -c 100000 /dev/zero | tr '\0' 'x')
head -c 1048576 /dev/zero | tr '\0' 'y' >"$T/mb.txt"
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:2027-99-99\r\nEND:VCALENDAR\r\n' >"$T/broken.ics"
bad_input() { # KEYWORD ARGS...
	local kw=$1
	shift
	local before
	before=$(digest)
	run "$@"
	if [ "$rc" -ne 2 ]; then not_ok "bad input [$*]" "exit $rc, expected 2"
	elif ! grep -qiF -- "$kw" "$T/err"; then not_ok "bad input [$*]" "stderr does not name '$kw'"
	elif ! grep -q "^tavle: " "$T/err"; then not_ok "bad input [$*]" "stderr not 'tavle: ...'"
	elif [ "$(digest)" != "$before" ]; then not_ok "bad input [$*]" "database changed"
	else ok "bad input [$*]"; fi
}
bad_input 2027-02-30 set "$PKG" deadline 2027-02-30
bad_input 2027-13-01 set "$PKG" deadline 2027-13-01
bad_input 31-02-2027 set "$PKG" deadline 31-02-2027
bad_input 02:30 add meeting --title M --start "2027-03-28 02:30" --end "2027-03-28 04:00"
bad_input 2027-02-30 add meeting --title M --start "2027-02-30 10:00" --end "2027-03-01 11:00"
bad_input end add meeting --title M --start "2027-01-10 12:00" --end "2027-01-10 10:00"
bad_input end add phase --name P --start 2027-03-01 --end 2027-02-01
bad_input xyz add package --area xyz --title T
bad_input xyz list --area xyz
bad_input xyz export ics --area org,xyz
bad_input almost set "$PKG" status almost
bad_input almost list --status almost
bad_input colour set "$PKG" colour red
bad_input 999 show 999
bad_input 999 set 999 title X
bad_input abc show abc
bad_input 987654 set task 987654 title X
bad_input 987654 rm meeting 987654
bad_input nosuch --board nosuch list
bad_input nosuch list --board nosuch
bad_input nosuch set board nosuch name X
bad_input widget rm widget 1
bad_input widget add widget
bad_input frobnicate frobnicate
bad_input title set "$PKG" title ""
bad_input title add package --area org --title ""
bad_input title add package --area org --title "   "
bad_input title set "$PKG" title "$BIG"
bad_input title set "$PKG" title --stdin <"$T/mb.txt"
bad_input title set "$PKG" title $'ugyldig \xff\xfe utf-8'
bad_input title set "$PKG" title $'\e]0;x\a'
bad_input title add package --area org --title $'A\e[31mB'
bad_input title add task "$PKG" --title $'tab\x01ctl'
bad_input --foo list --foo
bad_input --bar show "$PKG" --bar
bad_input missing show
bad_input --title add package --area org
bad_input --title add package --area org --title
bad_input nobody add task "$PKG" --title T --responsible nobody
bad_input party add meeting --title M --start "2027-01-10 10:00" --end "2027-01-10 11:00" --kind party
bad_input birthdays export ics --what birthdays
bad_input county init --name Anden --sector county
bad_input 2027-02-30 init --name Anden --start 2027-02-30
bad_input "already exists" init --name "Næste generation Digital Post"
bad_input boss add person --name P --role boss
bad_input abc set "$PKG" title X --version abc
bad_input many agenda --days many
bad_input 2027-02-30 log --since 2027-02-30
bad_input 2027-02-30 add decision --title D --due 2027-02-30
bad_input comment add comment "$PKG" ""
bad_input nosuchphase set "$PKG" phase nosuchphase
bad_input nosuchphase list --phase nosuchphase
bad_input "too many" show "$PKG" extra
bad_input line import ics "$T/broken.ics"
bad_input end set meeting "$MEET" end "2020-01-01 10:00"
bad_input end set phase "$PHASE" end 2020-01-01
bad_input maybe set task "$TASK" done maybe
bad_input 02:30 set meeting "$MEET" start "2027-03-28 02:30"
bad_input "$NEWPKG" set "$PKG" number "$NEWPKG"
bad_input name set board 1 name ""
bad_input nope.ics import ics "$T/nope.ics"
bad_input reason add phase --name P --start 2027-02-01 --end 2027-03-01 --reason "ingen dato"

# The terminal never sees raw escapes from stored text; JSON stays valid for anything.
expect 0 "add package with odd title" add package --area udd --title $'Ærø 漢字 e\u0301'
expect 0 "list after odd title" list
if grep -q $'\e' "$T/out"; then not_ok "no raw ESC in list output"; else ok "no raw ESC in list output"; fi

# ---- backup ----
expect 0 "backup" backup "$T/copy.db"
[ "$(stat -c %a "$T/copy.db")" = 600 ] && ok "backup mode" || not_ok "backup mode"
"$TAVLE" --db "$T/copy.db" check >"$T/out" 2>"$T/err" && ok "check of the backup" || not_ok "check of the backup"
contains "check prints schema" "$T/out" "schema version"
expect 2 "backup refuses to overwrite" backup "$T/copy.db"
expect 0 "check --full" check --full
# A damaged copy: check reports the problem and exits 1, without repairing it.
cp "$T/copy.db" "$T/damaged.db"
$PY -c "import sqlite3,sys; c = sqlite3.connect(sys.argv[1]); c.execute('UPDATE tasks SET position = 0'); c.commit()" "$T/damaged.db"
"$TAVLE" --db "$T/damaged.db" check --full >"$T/out" 2>"$T/err"
[ $? -eq 1 ] && grep -q "problems" "$T/err" && [ -s "$T/out" ] && ok "check of a damaged database" || not_ok "check of a damaged database" "$(cat "$T/out" "$T/err")"
expect 1 "check of a missing database" --db "$T/none.db" check 2>/dev/null
run --db "$T/none.db" check
[ ! -e "$T/none.db" ] && ok "check creates no database" || not_ok "check creates no database"

# ---- template round trip ----
expect 0 "template export" template export "$T/tpl"
ls "$T/tpl"/*.txt >/dev/null 2>&1 && ok "template files written" || not_ok "template files written"
expect 0 "init from template" init --template "$T/tpl" --name "Kopi" --start 2026-12-01
contains "init from template message" "$T/out" "created board Kopi"
run list --json
cp "$T/out" "$T/list1.json"
run --board Kopi list --json
cp "$T/out" "$T/list2.json"
strip='
import json, sys
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in ("id", "uid", "phase_id", "version", "updated_at", "updated_by")}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
a = strip(json.load(open(sys.argv[1]))); b = strip(json.load(open(sys.argv[2])))
if a != b:
    for p, q in zip(a, b):
        if p != q: print("differs:", p, q); break
    else: print("lengths", len(a), len(b))
else: print("ok")'
res=$($PY -c "$strip" "$T/list1.json" "$T/list2.json" 2>&1)
[ "$res" = ok ] && ok "template round trip" || not_ok "template round trip" "$res"
expect 0 "default board unchanged by init" boards
grep -q '^\* *1 ' "$T/out" && ok "board 1 still default" || not_ok "board 1 still default" "$(cat "$T/out")"

# ---- iCalendar ----
expect 0 "export ics -o" export ics -o "$T/cal.ics"
# The calendar is named after its board ("authority · board"), not "tavle" for every
# board (issue 17, item 11); --all keeps "tavle".
NAMES=$($PY - "$T/cal.ics" <<'PYEOF'
import json, sys, subprocess
text = open(sys.argv[1], encoding="utf-8", newline="").read().replace("\r\n ", "")
print([l.split(":", 1)[1] for l in text.split("\r\n") if l.startswith(("NAME:", "X-WR-CALNAME:"))])
PYEOF
)
BNAME=$("$TAVLE" --db "$DB" boards --json | $PY -c 'import json,sys; b=[x for x in json.load(sys.stdin) if x["default"]][0]; print(b["authority"] + " · " + b["name"])')
if [ "$NAMES" = "['$BNAME', '$BNAME']" ]; then ok "the calendar's NAME and X-WR-CALNAME are the board's"; else not_ok "the calendar's NAME and X-WR-CALNAME are the board's" "$NAMES, wanted $BNAME"; fi
head -1 "$T/cal.ics" | grep -q '^BEGIN:VCALENDAR' && ok "export starts with BEGIN:VCALENDAR" || not_ok "export starts with BEGIN:VCALENDAR"
contains "export stats" "$T/err" "wrote"
run export ics
cmp -s "$T/out" "$T/cal.ics" && ok "stdout export equals file export" || not_ok "stdout export equals file export"
cp "$T/cal.ics" "$T/cal.keep"
bad_input xyz export ics -o "$T/cal.ics" --area xyz
cmp -s "$T/cal.ics" "$T/cal.keep" && ok "failed export left the previous file" || not_ok "failed export left the previous file"
expect 0 "export --all --todo --alarm" export ics --all -o "$T/all.ics" --todo "$T/todo.ics" --alarm -P1D
grep -q "BEGIN:VTODO" "$T/todo.ics" && ok "VTODO file" || not_ok "VTODO file"
SOURCE_DATE_EPOCH=1767225600 "$TAVLE" --db "$DB" export ics --what meetings -o "$T/m.ics" 2>"$T/err" && ok "export meetings" || not_ok "export meetings"
grep -q "DTSTAMP:20260101T000000Z" "$T/m.ics" && ok "SOURCE_DATE_EPOCH sets DTSTAMP" || not_ok "SOURCE_DATE_EPOCH sets DTSTAMP"
"$PY" -c "import icalendar,sys; icalendar.Calendar.from_ical(open(sys.argv[1],'rb').read())" "$T/m.ics" 2>/dev/null && ok "python icalendar parses the export" || not_ok "python icalendar parses the export"
expect 0 "init board for import" init --name "Import" --start 2026-12-01
expect 0 "import ics" --board Import import ics "$T/m.ics"
contains "import counts" "$T/out" "added"
expect 0 "import ics again" --board Import import ics "$T/m.ics"
contains "second import adds nothing" "$T/out" "added 0,"
expect 0 "import into the source board" --board 1 import ics "$T/m.ics"
contains "import into source: nothing added" "$T/out" "added 0,"

# A foreign calendar: add, then update by UID, then unchanged; an event without
# DTSTART is skipped with a reason.
foreign() { # SUMMARY
	printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:foreign-1@example.dk\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20270115T090000Z\r\nDTEND:20270115T100000Z\r\nSUMMARY:%s\r\nLOCATION:Vejle\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:foreign-2@example.dk\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:uden start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' "$1" >"$T/foreign.ics"
}
foreign "Møde om Digital Post"
expect 0 "import foreign" --board Import import ics "$T/foreign.ics"
contains "foreign added" "$T/out" "added 1, updated 0, unchanged 0, skipped 1"
contains "skipped line" "$T/out" "skipped"
foreign "Møde om Digital Post (flyttet)"
expect 0 "import foreign changed" --board Import import ics "$T/foreign.ics"
contains "foreign updated" "$T/out" "added 0, updated 1, unchanged 0"
expect 0 "import foreign again" --board Import import ics "$T/foreign.ics"
contains "foreign unchanged" "$T/out" "added 0, updated 0, unchanged 1"
expect 0 "meetings of Import" --board Import meetings --json
py "updated title and Copenhagen time" "
m = [x for x in d if x['uid'] == 'foreign-1@example.dk']
assert len(m) == 1, d
assert m[0]['title'] == 'Møde om Digital Post (flyttet)', m
assert m[0]['start'] == '2027-01-15 10:00' and m[0]['end'] == '2027-01-15 11:00', m
print('ok')"

# ---- rm ----
# --board Import above made that board the last used one; go back explicitly.
expect 0 "back to board 1" --board 1 set "$PKG" owner "Mette Ærø Hansen"
expect 0 "rm comment" rm comment "$COMMENT"
expect 0 "rm task" rm task "$TASK"
contains "rm prints what" "$T/out" "removed task"
expect 0 "rm meeting" rm meeting "$MEET"
expect 0 "rm decision" rm decision "$DEC"
expect 0 "rm person" rm person "$PERSON"
expect 0 "rm package" rm package "$NEWPKG"
expect 0 "rm phase" rm phase "$PHASE"
expect 2 "show removed package" show "$NEWPKG"
expect 0 "check at the end" check

finish
