#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# CLI suite for status collected up the loop (issue 20): boards' CVR numbers (set board,
# init --cvr; a bad one refused, nothing written) and `tavle portfolio import FILE|DIR`.
# Three authorities keep boards in three databases (different sectors and CVR numbers,
# known overdue packages under a fixed clock), write `report status --json`, and a fourth,
# programme database imports the reports from files and from a directory; `portfolio
# --json` then lists the three authorities as reported boards with the overdue counts
# their own databases give. A newer report replaces, an older or the same one is
# ignored; a bad or missing CVR, an unknown format, a truncated (half-written) file, a
# non-JSON file and a FIFO are refused with a message and leave the programme database
# identical (a digest of its SQL dump); in a directory one bad file does not stop the
# others. Stale reports are flagged after report-stale-days (default 14).
# usage: portfolio_import.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"

TAVLE=${1:?usage: portfolio_import.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PY=/usr/bin/python3
[ -x "$TAVLE" ] || { echo "not an executable: $TAVLE" >&2; exit 1; }

export LC_ALL=C.UTF-8
export TAVLE_NOW=2027-03-01T09:00:00Z
sandbox portfolio_import
cd "$T" || exit 1
P=$T/programme.db
mkdir -p "$T/reports"

TAP_ON_FAIL='diag_file "$T/err" "stderr: " 5'
# run DB ARGS...: tavle on database DB, output in $T/out and $T/err, status in $rc.
run() {
	local db=$1
	shift
	"$TAVLE" --db "$db" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}
expect() {
	local code=$1 desc=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$code" ]; then ok "$desc"; else not_ok "$desc" "exit $rc, expected $code"; fi
}
# py DESCRIPTION PROGRAM: d is the JSON of $T/out; the program prints ok.
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
# The digest of a database's SQL dump (read-only: the check itself changes nothing).
digest() {
	$PY -c "import hashlib,sqlite3,sys
c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
print(hashlib.sha256('\n'.join(c.iterdump()).encode()).hexdigest())" "$1"
}
# refused CODE DESCRIPTION WORDS DB ARGS...: exit CODE, stderr says WORDS, and DB's dump
# is unchanged.
refused() {
	local code=$1 desc=$2 words=$3 db=$4 before
	shift 4
	before=$(digest "$db")
	run "$db" "$@"
	if [ "$rc" -ne "$code" ]; then not_ok "$desc" "exit $rc, expected $code"
	elif ! grep -qF -- "$words" "$T/err"; then not_ok "$desc" "stderr lacks '$words'"
	elif [ "$(digest "$db")" != "$before" ]; then not_ok "$desc" "database changed"
	else ok "$desc"; fi
}
# A copy of report $1 changed by the python statement $3 (on r), written to $2.
edit_report() {
	$PY -c "import json,sys
r = json.load(open(sys.argv[1]))
$3
json.dump(r, open(sys.argv[2], 'w'))" "$1" "$2"
}

# ---- three authorities, three databases; the template's deadlines lie after the start ----
A=$T/aabenraa.db B=$T/region.db C=$T/skat.db
expect 0 "init with --cvr (DK prefix and spaces)" "$A" init --name Opstart \
	--authority "Aabenraa Kommune" --start 2027-03-01 --cvr "DK 29 18 00 08"
refused 2 "init --cvr failing the modulus-11 check" "modulus-11" "$A" init --name Anden \
	--cvr 29180009
run "$A" boards --json
py "only the first board was made, its CVR stored as 8 digits" \
	"print('ok' if [b['cvr'] for b in d] == ['29180008'] else d)"
expect 0 "init B" "$B" init --name "Region M" --authority "Region Midtjylland" \
	--sector region --start 2027-03-01
refused 2 "set board cvr: 7 digits refused" "does not have 8 digits" "$B" \
	set board "Region M" cvr 2918001
refused 2 "set board cvr: a wrong digit refused" "is not a CVR number" "$B" \
	set board "Region M" cvr 29180017
expect 0 "set board cvr" "$B" set board "Region M" cvr 29180016
expect 0 "init C without a CVR" "$C" init --name Skat --authority Skattestyrelsen \
	--sector state --start 2027-03-01

# Overdue on 2027-03-01: A packages 1 and 2 (9 days each), B package 3 (4 days).
expect 0 "A: package 1 late" "$A" set 1 deadline 2027-02-20
expect 0 "A: package 2 late" "$A" set 2 deadline 2027-02-20
expect 0 "B: package 3 late" "$B" set 3 deadline 2027-02-25
for x in A B C; do
	db=${!x}
	run "$db" report status --json -o "$T/reports/$x.json"
done
ok_reports=1
for x in A B C; do [ -s "$T/reports/$x.json" ] || ok_reports=0; done
if [ $ok_reports = 1 ]; then ok "three reports written"; else not_ok "three reports written"; fi
run "$A" report status --json
py "the report carries the CVR in the board's identity, format 1" \
	"print('ok' if d['board']['cvr'] == '29180008' and d['format'] == 1 else d['board'])"

# ---- refused: C has no CVR yet ----
refused 2 "a report without a CVR number is refused" "no CVR number" "$P" \
	portfolio import "$T/reports/C.json"
expect 0 "C gets its CVR" "$C" set board Skat cvr 29180024
run "$C" report status --json -o "$T/reports/C.json"

# ---- import from a file, then from the directory ----
expect 0 "import one file into a new programme database" "$P" portfolio import \
	"$T/reports/A.json"
contains "... said imported" "$T/out" "imported the report of Aabenraa Kommune (CVR 29180008)"
expect 0 "import the directory" "$P" portfolio import "$T/reports"
contains "... A again: already imported" "$T/out" "is already imported"
contains "... the counts" "$T/out" "2 imported, 0 replaced, 1 ignored, 0 refused"
expect 0 "portfolio --json" "$P" portfolio --json
py "three authorities, reported, with their overdue counts" "
a = {x['authority']: x for x in d['authority_status']}
want = {'Aabenraa Kommune': ('29180008', 2, 18), 'Region Midtjylland': ('29180016', 1, 4),
	'Skattestyrelsen': ('29180024', 0, 0)}
got = {k: (v['cvr'], v['overdue'], v['days_late']) for k, v in a.items()}
assert got == want, got
assert all(v['reported'] and v['reported_at'] == '2027-03-01T09:00:00Z' and not v['stale']
	and v['id'] is None for v in a.values()), a
assert d['boards'] == 0 and d['reported_boards'] == 3 and d['stale_days'] == 14, d
assert a['Region Midtjylland']['sector'] == 'region'
print('ok')"
# The figures equal what each authority's own portfolio says of its board.
for x in A B C; do
	db=${!x}
	run "$db" portfolio --json
	$PY -c "import json; print(json.load(open('$T/out'))['authority_status'][0]['overdue'])" \
		>"$T/local_$x"
done
run "$P" portfolio --json
py "the reported counts equal the authorities' own" "
a = {x['cvr']: x['overdue'] for x in d['authority_status']}
own = {c: int(open('$T/local_' + x).read()) for c, x in
	(('29180008', 'A'), ('29180016', 'B'), ('29180024', 'C'))}
print('ok' if a == own else (a, own))"
# With --area, a reported board's figures are the report's figures of that area: the
# same as the authority's own portfolio of that area says.
for area in org kom data udd; do
	for x in A B C; do
		db=${!x}
		run "$db" portfolio --json --area $area
		$PY -c "import json; s = json.load(open('$T/out'))['authority_status'][0]
print(s['packages_done'], s['packages_total'], s['overdue'], s['days_late'], s['minimum'])" \
			>"$T/area_$x"
	done
	run "$P" portfolio --json --area $area
	py "--area $area: each reported board has the area's figures, as its own portfolio" "
a = {x['cvr']: x for x in d['authority_status']}
for c, x in (('29180008', 'A'), ('29180016', 'B'), ('29180024', 'C')):
	r = a[c]
	got = '%s %s %s %s %s' % (r['packages_done'], r['packages_total'], r['overdue'],
		r['days_late'], r['minimum'])
	own = open('$T/area_' + x).read().strip()
	assert got == own, (c, got, own)
print('ok')"
done
run "$P" boards --json
py "reported boards are not boards (read-only, nothing to open)" \
	"print('ok' if d == [] else d)"
expect 2 "a board command on reports only: refused" "$P" list
contains "... saying the database holds only reports, and where they are seen" "$T/err" \
	"holds no board of its own, only the status reports of 3 authorities: see them with tavle portfolio"
expect 0 "portfolio text" "$P" portfolio
contains "... lists the reported boards" "$T/out" "Reported boards"
contains "... with Region Midtjylland's CVR" "$T/out" "29180016"

# ---- a newer report replaces, an older one is ignored ----
export TAVLE_NOW=2027-03-08T09:00:00Z
expect 0 "A: package 1 done a week later" "$A" set 1 status done
run "$A" report status --json -o "$T/newer-A.json"
run "$A" portfolio --json
a_own=$($PY -c "import json; print(json.load(open('$T/out'))['authority_status'][0]['overdue'])")
expect 0 "import the newer report" "$P" portfolio import "$T/newer-A.json"
contains "... replaces the older" "$T/out" "replaces the one of 2027-03-01T09:00:00Z"
run "$P" portfolio --json
py "A's figures are the newer report's" "
a = [x for x in d['authority_status'] if x['cvr'] == '29180008'][0]
assert a['reported_at'] == '2027-03-08T09:00:00Z', a
assert a['overdue'] == $a_own and a['packages_done'] == 1, a
print('ok')"
before=$(digest "$P")
expect 0 "import the older report again" "$P" portfolio import "$T/reports/A.json"
contains "... ignored, said" "$T/out" "is older than the one kept, of 2027-03-08T09:00:00Z"
if [ "$(digest "$P")" = "$before" ]; then ok "... nothing changed"; else
	not_ok "... nothing changed"; fi

# ---- refused files: a message each, the programme database identical ----
edit_report "$T/newer-A.json" "$T/badcvr.json" "r['board']['cvr'] = '29180009'"
refused 2 "a bad CVR is refused" "CVR number '29180009' is not a CVR number" "$P" \
	portfolio import "$T/badcvr.json"
edit_report "$T/newer-A.json" "$T/nocvr.json" "del r['board']['cvr']"
refused 2 "a report without a CVR is refused" "no CVR number" "$P" \
	portfolio import "$T/nocvr.json"
edit_report "$T/newer-A.json" "$T/format2.json" "r['format'] = 2; r['report_time'] = '2027-12-01T00:00:00Z'"
refused 2 "an unknown format is refused" "format 2 is not one this tavle reads" "$P" \
	portfolio import "$T/format2.json"
size=$(stat -c %s "$T/newer-A.json")
head -c $((size / 2)) "$T/newer-A.json" >"$T/half.json"
refused 2 "a truncated (half-written) report is refused" "not a complete JSON object" "$P" \
	portfolio import "$T/half.json"
# Cut inside a character: after the first byte of the report's first "æ" (Danish text
# such as "Næste generation").
$PY -c "import sys; b = open(sys.argv[1], 'rb').read(); i = b.index('æ'.encode()); open(sys.argv[2], 'wb').write(b[:i + 1])" \
	"$T/newer-A.json" "$T/cutchar.json"
refused 2 "a report cut inside a character is refused as cut short" "not a complete JSON object" "$P" \
	portfolio import "$T/cutchar.json"
printf 'Status for uge 10: alt går godt\n' >"$T/notes.json"
refused 2 "a file that is not JSON is refused" "not a complete JSON object" "$P" \
	portfolio import "$T/notes.json"
printf '\x00\x01\x02binary' >"$T/binary.json"
refused 2 "binary data is refused" "not JSON text" "$P" portfolio import "$T/binary.json"
refused 2 "a missing file is refused" "refused" "$P" portfolio import "$T/missing.json"
mkdir "$T/empty"
refused 2 "a directory without reports: nothing read" "no status reports" "$P" \
	portfolio import "$T/empty"

# A directory with bad files and a good one: the good one imported, exit 1.
mkdir "$T/mixed"
cp "$T/badcvr.json" "$T/mixed/0-badcvr.json"
cp "$T/half.json" "$T/mixed/1-half.json"
mkfifo "$T/mixed/2-fifo.json"
cp "$T/reports/A.json" "$T/mixed/.hidden-partial.json"
echo ignored >"$T/mixed/readme.txt"
edit_report "$T/reports/B.json" "$T/mixed/3-newer-B.json" \
	"r['report_time'] = '2027-03-08T09:00:00Z'; r['totals']['packages_done'] = 3"
expect 1 "a directory with bad files: exit 1" "$P" portfolio import "$T/mixed"
contains "... the bad CVR named" "$T/err" "0-badcvr.json: refused"
contains "... the truncated one named" "$T/err" "1-half.json: refused"
contains "... the FIFO refused unopened" "$T/err" "2-fifo.json: refused: not a regular file"
contains "... the good one imported after them" "$T/out" "3-newer-B.json: the report of Region Midtjylland"
contains "... the counts" "$T/out" "0 imported, 1 replaced, 0 ignored, 3 refused"
run "$P" portfolio --json
py "B replaced, the hidden file and the .txt not read" "
b = [x for x in d['authority_status'] if x['cvr'] == '29180016'][0]
assert b['packages_done'] == 3 and b['reported_at'] == '2027-03-08T09:00:00Z', b
assert d['reported_boards'] == 3, d
print('ok')"

# ---- stale reports ----
export TAVLE_NOW=2027-04-01T09:00:00Z
run "$P" portfolio --json
py "reports older than 14 days are stale" "
s = {x['cvr']: (x['age_days'], x['stale']) for x in d['authority_status']}
want = {'29180008': (24, True), '29180016': (24, True), '29180024': (31, True)}
print('ok' if s == want else s)"
mkdir -p "$XDG_CONFIG_HOME/tavle"
echo "report-stale-days 30" >"$XDG_CONFIG_HOME/tavle/config"
run "$P" portfolio --json
py "report-stale-days 30: only the 31-day-old one is stale" "
s = {x['cvr']: x['stale'] for x in d['authority_status']}
want = {'29180008': False, '29180016': False, '29180024': True}
print('ok' if s == want and d['stale_days'] == 30 else (s, d['stale_days']))"
run "$P" portfolio
contains "portfolio text flags the stale one" "$T/out" "31d, stale"
rm "$XDG_CONFIG_HOME/tavle/config"

# ---- a programme database with local boards too: side by side ----
expect 0 "a local board in the programme database" "$P" init --name Egen \
	--authority "Egen Kommune" --start 2027-03-01 --cvr 29180032
run "$P" portfolio --json
py "local and reported boards side by side" "
k = [(x['name'], x['reported']) for x in d['authority_status']]
assert k[0] == ('Egen', False) and d['authority_status'][0]['cvr'] == '29180032', k
assert len(k) == 4 and all(r for _, r in k[1:]), k
assert d['boards'] == 1 and d['reported_boards'] == 3
print('ok')"
run "$P" portfolio --sector region --json
py "the sector filter applies to reported boards" "
print('ok' if [x['authority'] for x in d['authority_status']] == ['Region Midtjylland'] else d['authority_status'])"

finish
