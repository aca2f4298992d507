#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# CLI suite for many boards: `tavle portfolio` (counts per template package, overdue,
# blocked, median days late and the authorities concerned, by status or phase, with
# sector and area filters), `tavle boards [--all] [--json]` (progress and overdue) and
# `tavle board rename|archive|unarchive|rm`. Four boards with known deadlines and
# statuses give exact figures; every bad input exits 2 and leaves the database
# byte-identical (sha256 of the file and its WAL).
# usage: portfolio.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"

TAVLE=${1:?usage: portfolio.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PY=/usr/bin/python3
[ -x "$TAVLE" ] || { echo "not an executable: $TAVLE" >&2; exit 1; }

export LC_ALL=C.UTF-8
export TAVLE_NOW=2027-03-01T09:00:00Z
sandbox portfolio
DB=$T/p.db
cd "$T" || exit 1

# A failing check shows the last command's stderr.
TAP_ON_FAIL='diag_file "$T/err" "stderr: " 5'
run() {
	"$TAVLE" --db "$DB" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}
expect() {
	local code=$1 desc=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$code" ]; then ok "$desc"; else not_ok "$desc" "exit $rc, expected $code"; fi
}
py() {
	local desc=$1 prog=$2 res
	res=$($PY -c "import json,sys
d = json.load(open('$T/out'))
$prog" 2>&1)
	if [ "$res" = ok ]; then ok "$desc"; else not_ok "$desc" "$res"; fi
}
contains() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else not_ok "$1" "'$3' not in $(basename "$2")"; fi
}
digest() { cat "$DB" "$DB-wal" 2>/dev/null | sha256sum; }
# refused DESCRIPTION ARGS...: exit 2, a message, and the database unchanged.
refused() {
	local desc=$1 before
	shift
	before=$(digest)
	run "$@"
	if [ "$rc" -ne 2 ]; then not_ok "$desc" "exit $rc, expected 2"
	elif [ ! -s "$T/err" ]; then not_ok "$desc" "no message"
	elif [ "$(digest)" != "$before" ]; then not_ok "$desc" "database changed"
	else ok "$desc"; fi
}

# ---- four boards; the template's deadlines all lie after the start ----
expect 0 "init A" init --name A --authority "Aabenraa Kommune" --start 2027-03-01
expect 0 "init B" init --name B --authority "Region Midtjylland" --sector region --start 2027-03-01
expect 0 "init C" init --name C --authority "Skattestyrelsen" --sector state --start 2027-03-01
expect 0 "init D" init --name D --authority "Esbjerg Kommune" --start 2027-03-01
expect 0 "portfolio json, nothing late" portfolio --json
py "no one late yet" "
assert d['boards'] == 4, d['boards']
assert [p['number'] for p in d['packages']] == list(range(10))
assert all(p['overdue'] == 0 and p['authorities'] == [] for p in d['packages'])
assert all(p['status']['todo'] == 4 for p in d['packages'])
print('ok')"

# Package 1: A 10 days late (doing), B 4, C 1; D done although past its deadline.
expect 0 "A late" --board A set 1 deadline 2027-02-19
expect 0 "A doing" --board A set 1 status doing
expect 0 "B late" --board B set 1 deadline 2027-02-25
expect 0 "C late" --board C set 1 deadline 2027-02-28
expect 0 "D past" --board D set 1 deadline 2027-02-01
expect 0 "D done" --board D set 1 status done
expect 0 "B blocked" --board B set 3 status blocked

expect 0 "portfolio json" portfolio --json
py "package 1 across boards" "
p = {x['number']: x for x in d['packages']}
one = p[1]
assert one['overdue'] == 3, one
assert one['median_days_late'] == 4, one['median_days_late']
assert one['status'] == {'todo': 2, 'doing': 1, 'blocked': 0, 'done': 1}, one['status']
assert [(a['name'], a['days_late'], a['status']) for a in one['authorities']] == \
	[('A', 10, 'doing'), ('B', 4, 'todo'), ('C', 1, 'todo')], one['authorities']
a = one['authorities'][0]
assert a['authority'] == 'Aabenraa Kommune' and a['sector'] == 'municipality' and a['id'] > 0
assert p[3]['blocked'] == 1 and p[3]['overdue'] == 0
assert [(a['name'], a['status'], a['days_late']) for a in p[3]['authorities']] == [('B', 'blocked', 0)]
assert one['area'] == 'org' and one['title']
print('ok')"

expect 0 "portfolio by sector" portfolio --sector municipality --json
py "municipalities only" "
assert d['boards'] == 2 and d['sector'] == 'municipality'
one = [x for x in d['packages'] if x['number'] == 1][0]
assert one['overdue'] == 1 and one['median_days_late'] == 10, one
assert [a['name'] for a in one['authorities']] == ['A']
print('ok')"
expect 0 "portfolio state" portfolio --sector state --json
py "state only" "
assert d['boards'] == 1
assert sum(x['overdue'] for x in d['packages']) == 1
print('ok')"
expect 0 "portfolio area" portfolio --area kom --json
py "area kom only" "
assert d['packages'] and all(x['area'] == 'kom' for x in d['packages'])
assert 1 not in [x['number'] for x in d['packages']]
print('ok')"
expect 0 "portfolio by phase" portfolio --by phase --json
py "phase counts add up" "
assert d['by'] == 'phase' and d['phases'], d['phases']
for x in d['packages']:
	assert sum(c['count'] for c in x['phase']) == x['authorities_total'] == 4, x
	assert len(x['phase']) == len(d['phases']) + 1
print('ok')"
expect 0 "portfolio table" portfolio
contains "table header" "$T/out" "median late"
contains "table lists the late" "$T/out" "Aabenraa Kommune"
contains "table says how many boards" "$T/out" "4 boards"
expect 0 "portfolio phase table" portfolio --by phase
contains "phase table has the blocked column" "$T/out" "blocked"

# ---- boards ----
expect 0 "boards json" boards --json
py "boards with progress" "
b = {x['name']: x for x in d}
assert sorted(b) == ['A', 'B', 'C', 'D'], sorted(b)
assert b['A']['overdue'] == 1 and b['A']['packages'] == 10 and b['A']['done'] == 0
assert b['D']['done'] == 1 and b['D']['overdue'] == 0
assert b['B']['sector'] == 'region' and b['B']['authority'] == 'Region Midtjylland'
print('ok')"
expect 0 "boards table" boards
contains "boards progress" "$T/out" "1/10"
contains "boards header" "$T/out" "overdue"

# ---- rename, archive, remove ----
expect 0 "rename" board rename A Aabenraa
contains "rename says" "$T/out" "renamed board A to Aabenraa"
expect 0 "boards after rename" boards --json
py "renamed" "
assert sorted(x['name'] for x in d) == ['Aabenraa', 'B', 'C', 'D']
print('ok')"
refused "rename to a taken name" board rename Aabenraa B
refused "rename unknown" board rename Nope X
refused "rename to empty" board rename B ""
refused "archive unknown" board archive Nope
expect 0 "archive" board archive C
expect 0 "boards hides archived" boards --json
py "C hidden" "
assert sorted(x['name'] for x in d) == ['Aabenraa', 'B', 'D']
print('ok')"
expect 0 "boards --all" boards --all --json
py "C kept" "
c = [x for x in d if x['name'] == 'C']
assert len(c) == 1 and c[0]['archived'] is True
print('ok')"
expect 0 "portfolio skips archived" portfolio --json
py "three boards" "
assert d['boards'] == 3
one = [x for x in d['packages'] if x['number'] == 1][0]
assert [a['name'] for a in one['authorities']] == ['Aabenraa', 'B'] and one['median_days_late'] == 7
print('ok')"
expect 0 "unarchive" board unarchive C
expect 0 "boards after unarchive" boards --json
py "C back" "
assert sorted(x['name'] for x in d) == ['Aabenraa', 'B', 'C', 'D']
print('ok')"
refused "rm without --yes in a pipe" board rm D
contains "rm says why" "$T/err" "--yes"
refused "rm unknown" board rm Nope --yes
expect 0 "rm" board rm D --yes
contains "rm says" "$T/out" "removed board D"
expect 0 "boards after rm" boards --all --json
py "D gone" "
assert sorted(x['name'] for x in d) == ['Aabenraa', 'B', 'C']
print('ok')"
expect 2 "board rm'd is not found" --board D list

# ---- bad input ----
refused "--by other" portfolio --by owner
refused "--sector other" portfolio --sector county
refused "--area other" portfolio --area xyz
refused "board without sub" board
refused "rename one argument" board rename B
expect 0 "check at the end" check

finish
