#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# CLI of the programme views: phases (add, list with progress and warnings, set, rm),
# the plan warnings in `tavle check`, meetings, decisions, people and comments (add,
# list --json with ids, set, rm) and `tavle agenda [--days N] [--json]`, each read back
# as JSON with python3; then a table of bad inputs, each of which must exit 2, name
# the problem on stderr and leave the database byte-identical (sha256).
# usage: views.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
. "$(dirname "$0")/../lib/cli.sh"

TAVLE=${1:?usage: views.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PY=/usr/bin/python3
export LC_ALL=C.UTF-8
export TAVLE_NOW=2026-11-29T10:00:00Z
sandbox cli-views
DB=$T/v.db

# A failing check shows the last command's stderr.
TAP_ON_FAIL='diag_file "$T/err" "stderr: " 5'
py() { # py DESCRIPTION PROGRAM: python over the JSON in $T/out as d; must print ok
	local desc=$1 prog=$2 res
	res=$($PY -c "import json,sys
d = json.load(open('$T/out'))
$prog" 2>&1)
	if [ "$res" = ok ]; then ok "$desc"; else not_ok "$desc" "$res"; fi
}
digest() { cat "$DB" "$DB-wal" 2>/dev/null | sha256sum; }

expect 0 "init" init --authority "Ærø Kommune"

# ---- phases ----
expect 0 "phases --json" phases --json
py "phases carry id, progress and no warnings" '
assert len(d) == 4, d
for p in d:
    assert isinstance(p["id"], int) and p["done"] == 0 and p["total"] >= 1 and p["warnings"] == [], p
print("ok")'
expect 0 "add phase with not-before" add phase --name "Go-live på Ærø" --start 2028-05-28 \
	--end 2028-06-30 --not-before 2028-06-15 --reason "Administrationsportalen åbner"
expect 0 "phases --json" phases --json
py "the new phase and its warning" '
p = [p for p in d if p["name"] == "Go-live på Ærø"][0]
assert p["not_before"] == "2028-06-15" and p["reason"] == "Administrationsportalen åbner", p
assert p["position"] == 4 and p["total"] == 0, p
assert len(p["warnings"]) == 1 and "not-before day 2028-06-15" in p["warnings"][0], p
print("ok")'
PH=$($PY -c "import json; print([p['id'] for p in json.load(open('$T/out')) if p['name'] == 'Go-live på Ærø'][0])")
expect 0 "phases table" phases
contains "phases table shows progress" "0/2 done"
contains "phases table marks the warned phase" "! 0/0 done"
contains "phases table lists the warning" "warning: phase \"Go-live på Ærø\" starts 2028-05-28"
expect 0 "check exits 0 with plan warnings" check
contains "check prints the warning" "warning: phase \"Go-live på Ærø\" starts 2028-05-28, before its not-before day 2028-06-15 (Administrationsportalen åbner)"
contains "check counts the warnings" "ok (1 plan warning)"
expect 0 "set phase start" set phase "$PH" start 2028-06-15
expect 0 "check clean again" check
contains "check ok" "ok"
if grep -q warning "$T/out"; then not_ok "no warning left after the fix"; else ok "no warning left after the fix"; fi
# A package deadline outside its phase, and a phase overlapping the next.
expect 0 "set package 1 deadline before its phase" set 1 deadline 2026-11-20
expect 0 "set phase 1 end past the next start" set phase 1 end 2027-02-15
expect 0 "check" check
contains "package outside its phase" "package 1 \"Implementeringsopstart\" is due 2026-11-20, outside its phase \"Opstart\""
contains "overlapping phases" "phase \"Opstart\" ends 2027-02-15, after the next phase \"Analyse og forberedelse\" starts 2027-01-29"
contains "two warnings" "ok (2 plan warnings)"
expect 0 "set package 1 done" set 1 status done
expect 0 "phases --json" phases --json
py "progress counts done packages" '
p = d[0]
assert p["done"] == 1 and p["total"] == 2, p
print("ok")'
expect 0 "rm phase" rm phase "$PH"
expect 0 "phases --json" phases --json
py "phase removed" 'assert not [p for p in d if p["name"] == "Go-live på Ærø"]; print("ok")'

# ---- meetings ----
expect 0 "add meeting" add meeting --title "Infomøde i Ærøskøbing" --start "2026-12-03 13:00" \
	--end "2026-12-03 14:30" --kind info --place "Rådhuset" --region "Syddanmark" --url "https://example.dk/møde"
expect 0 "meetings --json" meetings --json
py "meeting fields and id" '
m = [m for m in d if m["title"] == "Infomøde i Ærøskøbing"][0]
assert all(isinstance(x["id"], int) for x in d)
assert (m["kind"], m["start"], m["end"], m["place"], m["region"], m["url"]) == ("info", "2026-12-03 13:00", "2026-12-03 14:30", "Rådhuset", "Syddanmark", "https://example.dk/møde"), m
print("ok")'
MID=$($PY -c "import json; print([m['id'] for m in json.load(open('$T/out')) if m['title'] == 'Infomøde i Ærøskøbing'][0])")
expect 0 "set meeting kind" set meeting "$MID" kind webinar
expect 0 "set meeting participants" set meeting "$MID" participants "Kontaktperson, projektgruppe"
expect 0 "meetings --json" meetings --json
py "meeting edited" '
m = [m for m in d if m["title"] == "Infomøde i Ærøskøbing"][0]
assert m["kind"] == "webinar" and m["participants"] == "Kontaktperson, projektgruppe", m
print("ok")'

# ---- agenda ----
expect 0 "agenda --json" agenda --json
py "agenda: overdue first, then upcoming by time, with ids" '
assert d["days"] == 30 and d["today"] == "2026-11-29", d
assert d["overdue"] == [], d["overdue"]
up = d["upcoming"]
assert up[0]["type"] == "meeting" and up[0]["title"] == "Infomøde i Ærøskøbing", up[0]
assert all("id" in x for x in up)
whens = [x["when"] for x in up]
assert whens == sorted(whens), whens
print("ok")'
expect 0 "set package 2 deadline in the past" set 2 deadline 2026-11-27
expect 0 "agenda --days 5 --json" agenda --days 5 --json
py "agenda --days 5: the overdue package and the meeting only" '
assert [(x["type"], x.get("number")) for x in d["overdue"]] == [("package", 2)], d["overdue"]
assert [x["type"] for x in d["upcoming"]] == ["meeting"], d["upcoming"]
print("ok")'
expect 0 "agenda table" agenda --days 14
contains "overdue heading" "Overdue"
contains "week heading" "Week 49, 2026"
# `list --overdue` uses the agenda's rule: a package whose own deadline is ahead but
# which has an overdue task is overdue work too (issue 16, item 8).
expect 0 "show 3 --json" show 3 --json
TID=$($PY -c "import json; print(json.load(open('$T/out'))['tasks'][0]['id'])")
expect 0 "a task of package 3 past its deadline" set task "$TID" deadline 2026-11-20
expect 0 "list --overdue --json" list --overdue --json
py "list --overdue: the late package and the one with a late task" '
assert sorted(p["number"] for p in d) == [2, 3], [p["number"] for p in d]
print("ok")'
expect 0 "set task back" set task "$TID" deadline 2027-01-20

# ---- decisions ----
expect 0 "add decision" add decision --title "Godkend tidsplanen" --area org --owner "Mette Ærø" --due 2026-12-20
expect 0 "decisions --json" decisions --json
DID=$($PY -c "import json; print([x['id'] for x in json.load(open('$T/out')) if x['title'] == 'Godkend tidsplanen'][0])")
py "decision fields" '
x = [x for x in d if x["title"] == "Godkend tidsplanen"][0]
assert (x["area"], x["owner"], x["due"], x["status"], x["decided"]) == ("org", "Mette Ærø", "2026-12-20", "open", None), x
print("ok")'
expect 0 "set decision status" set decision "$DID" status decided
expect 0 "set decision decided" set decision "$DID" decided today
expect 0 "set decision text" set decision "$DID" text "Tidsplanen er godkendt af direktionen."
expect 0 "decisions --json" decisions --json
py "decision edited" '
x = [x for x in d if x["title"] == "Godkend tidsplanen"][0]
assert (x["status"], x["decided"], x["text"]) == ("decided", "2026-11-29", "Tidsplanen er godkendt af direktionen."), x
print("ok")'
expect 0 "rm decision" rm decision "$DID"

# ---- decisions in the agenda and the calendar (issue 16): one rule for overdue ----
expect 0 "add an open decision past due" add decision --title "Vælg supportmodel" --area udd \
	--owner Direktionen --due 2026-11-20
expect 0 "add a decision decided past due" add decision --title "Allerede besluttet" --area kom \
	--due 2026-11-21
expect 0 "decisions --json" decisions --json
ODID=$($PY -c "import json; print([x['id'] for x in json.load(open('$T/out')) if x['title'] == 'Vælg supportmodel'][0])")
XDID=$($PY -c "import json; print([x['id'] for x in json.load(open('$T/out')) if x['title'] == 'Allerede besluttet'][0])")
expect 0 "set the second decision decided" set decision "$XDID" status decided
expect 0 "agenda --json with decisions" agenda --json
py "agenda: the open decision past due is overdue, the decided one is not listed" '
over = [(x["type"], x.get("number", x["id"])) for x in d["overdue"]]
assert over == [("decision", '"$ODID"'), ("package", 2)], over
x = d["overdue"][0]
assert (x["title"], x["area"], x["owner"], x["status"], x["when"]) == ("Vælg supportmodel", "udd", "Direktionen", "open", "2026-11-20"), x
assert all(y["id"] != '"$XDID"' for y in d["overdue"] + d["upcoming"] if y["type"] == "decision"), d
up = [x for x in d["upcoming"] if x["type"] == "decision"]
assert all(x["status"] == "open" and not x["overdue"] for x in up), up
print("ok")'
expect 0 "boards --json" boards --json
AGENDA_OVERDUE=$("$TAVLE" --db "$DB" agenda --json | $PY -c "import json,sys; print(len(json.load(sys.stdin)['overdue']))")
py "boards: the overdue count is the agenda's (packages, tasks, open decisions)" '
b = d["boards"] if isinstance(d, dict) else d
assert len(b) == 1 and b[0]["overdue"] == '"$AGENDA_OVERDUE"' == 2, (b, '"$AGENDA_OVERDUE"')
print("ok")'
expect 0 "set a task deadline in the past" set task 1 deadline 2026-11-28
expect 0 "boards --json" boards --json
py "boards: an open task past its deadline counts" '
b = d["boards"] if isinstance(d, dict) else d
assert b[0]["overdue"] == 3, b
print("ok")'
expect 0 "set the task deadline back" set task 1 deadline 2026-12-13
expect 0 "agenda table with decisions" agenda
contains "agenda table names the decision" "[U] decision #$ODID"
contains "agenda table gives its title" "Vælg supportmodel"
expect 0 "export ics with decisions" export ics -o "$T/a.ics"
UIDLINE=$(grep -A12 "^BEGIN:VEVENT" "$T/a.ics" | grep -B12 "SUMMARY:Beslutning: Vælg supportmodel" | grep "^UID:" | tail -n 1)
check "export ics: the decision is an all-day item with a UID" test -n "$UIDLINE"
check "export ics: its UID names the decision" grep -q "^UID:decision-[0-9]*-$ODID@tavle" <<<"$UIDLINE"
check "export ics: the decided decision is there too, ticked" grep -q "SUMMARY:✓ Beslutning: Allerede besluttet" "$T/a.ics"
expect 0 "export ics --todo with decisions" export ics -o "$T/e.ics" --todo "$T/t.ics"
check "export ics --todo: the decision is a VTODO with its own UID" \
	grep -q "^UID:decision-[0-9]*-$ODID-todo@tavle" "$T/t.ics"
expect 0 "set the open decision's title" set decision "$ODID" title "Vælg supportmodel nu"
expect 0 "export ics again" export ics -o "$T/b.ics"
check "re-export keeps the decision's UID" grep -qxF "$UIDLINE" "$T/b.ics"
check "re-export has the new title" grep -q "SUMMARY:Beslutning: Vælg supportmodel nu" "$T/b.ics"
expect 0 "rm decision" rm decision "$ODID"
expect 0 "rm decision" rm decision "$XDID"

# ---- people ----
expect 0 "add person" add person --name "Åse Øberg" --email aase@aeroe.dk --role area --area kom
expect 0 "people --json" people --json
PID=$($PY -c "import json; print([p['id'] for p in json.load(open('$T/out')) if p['name'] == 'Åse Øberg'][0])")
py "person fields" '
p = [p for p in d if p["name"] == "Åse Øberg"][0]
assert (p["role"], p["area"], p["email"]) == ("area", "kom", "aase@aeroe.dk"), p
print("ok")'
expect 0 "set person role" set person "$PID" role contact
expect 0 "people --json" people --json
py "person edited" 'assert [p["role"] for p in d if p["name"] == "Åse Øberg"] == ["contact"]; print("ok")'
expect 0 "rm person" rm person "$PID"

# ---- comments ----
expect 0 "add comment" add comment 1 "Hvem sender bilag 1 til ledelsen?"
expect 0 "add comment 2" add comment 1 "Kontaktpersonen gør det."
expect 0 "comments --json" comments 1 --json
py "comments newest last, with author and time" '
assert [c["text"] for c in d] == ["Hvem sender bilag 1 til ledelsen?", "Kontaktpersonen gør det."], d
assert all(c["id"] and c["author"] and c["created_at"] for c in d), d
print("ok")'

# ---- bad inputs: exit 2, the database byte-identical ----
while IFS='|' read -r desc args; do
	[ -z "$desc" ] && continue
	before=$(digest)
	eval "set -- $args"
	run "$@"
	if [ "$rc" -ne 2 ]; then not_ok "$desc" "exit $rc, expected 2"; continue; fi
	if [ ! -s "$T/err" ]; then not_ok "$desc" "nothing on stderr"; continue; fi
	if [ "$(digest)" != "$before" ]; then not_ok "$desc" "the database changed"; continue; fi
	ok "$desc"
done <<'EOF'
add phase without --end|add phase --name X --start 2027-01-01
add phase end before start|add phase --name X --start 2027-02-01 --end 2027-01-01
add phase impossible date|add phase --name X --start 2027-02-30 --end 2027-03-01
add phase not-before without reason|add phase --name X --start 2027-01-01 --end 2027-03-01 --not-before 2027-02-01
add phase reason without not-before|add phase --name X --start 2027-01-01 --end 2027-03-01 --reason "fordi"
add phase empty name|add phase --name "" --start 2027-01-01 --end 2027-03-01
set phase unknown field|set phase 1 bogus x
set phase no such id|set phase 999 name x
set phase bad date|set phase 1 start 2027-02-30
rm phase not a number|rm phase abc
rm phase no such id|rm phase 999
add meeting in the DST gap|add meeting --title M --start "2027-03-28 02:30" --end "2027-03-28 04:00"
add meeting end before start|add meeting --title M --start "2027-03-01 10:00" --end "2027-03-01 09:00"
add meeting unknown kind|add meeting --title M --start "2027-03-01 10:00" --end "2027-03-01 11:00" --kind party
add meeting without title|add meeting --start "2027-03-01 10:00" --end "2027-03-01 11:00"
set meeting unknown kind|set meeting 1 kind party
set meeting bad month|set meeting 1 start "2027-13-01 10:00"
rm meeting not a number|rm meeting abc
add decision unknown area|add decision --title D --area xyz
add decision bad due|add decision --title D --due tomorrowish
set decision unknown status|set decision 1 status maybe
rm decision no such id|rm decision 999
add person unknown role|add person --name P --role boss
add person unknown area|add person --name P --role area --area nope
set person unknown role|set person 1 role boss
rm person id 0|rm person 0
agenda negative days|agenda --days -1
agenda days not a number|agenda --days abc
comments no such package|comments 999
add comment empty|add comment 1 ""
add comment no such package|add comment 999 hej
EOF

finish
