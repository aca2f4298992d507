#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Spreadsheet exports read back by real readers: `export csv` with python's csv module
# in both dialects (RFC 4180 with ',' and no BOM; --excel with BOM, ';' and CRLF),
# `export xlsx` with openpyxl (sheets, values, date cells, fills, frozen header),
# atomic writes (a failed export leaves the old file) and usage errors.
# usage: sheet.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
TAVLE=${1:?usage: sheet.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PY=/usr/bin/python3
export LC_ALL=C.UTF-8 TAVLE_NOW=2026-11-30T09:00:00Z
sandbox sheet
cd "$T" || exit 1
export TAVLE_DB=$T/a.db
# A failing check shows the last command's stderr.
TAP_ON_FAIL='diag_file err "stderr: " 5'

"$TAVLE" init >/dev/null 2>err && ok "init" || not_ok "init"
"$TAVLE" add meeting --title '=HYPERLINK("http://x"), "q"' --start "2027-01-05 10:00" \
	--end "2027-01-05 11:30" --place 'Rådhuset; sal 2' >/dev/null 2>err && ok "add meeting" || not_ok "add meeting"
"$TAVLE" set 1 status done >/dev/null 2>err && ok "set status" || not_ok "set status"
"$TAVLE" add decision --title 'Vælg leverandør' --area data --due 2027-02-01 >/dev/null 2>err && ok "add decision" ||
	not_ok "add decision"

# Plain CSV on stdout and into a file: the same bytes.
"$TAVLE" export csv >plain.csv 2>err && ok "export csv" || not_ok "export csv"
"$TAVLE" export csv -o file.csv 2>err && ok "export csv -o" || not_ok "export csv -o"
cmp -s plain.csv file.csv && ok "export csv: stdout and -o the same" || not_ok "export csv: stdout and -o the same"
"$TAVLE" export csv --excel -o excel.csv 2>err && ok "export csv --excel" || not_ok "export csv --excel"

$PY - <<'PYEOF' && ok "csv read back" || not_ok "csv read back"
import csv, io, sys
ok = True
def check(cond, what):
    global ok
    if not cond:
        print("# csv:", what); ok = False
plain = open('plain.csv', 'rb').read()
excel = open('excel.csv', 'rb').read()
check(not plain.startswith(b'\xef\xbb\xbf'), 'plain CSV has no BOM')
check(excel.startswith(b'\xef\xbb\xbf'), '--excel starts with a BOM')
for name, data in (('plain', plain), ('excel', excel)):
    check(data.count(b'\r\n') == data.count(b'\n'), name + ': every line ends in CRLF')
rows = list(csv.DictReader(io.StringIO(plain.decode('utf-8'), newline='')))
xrows = list(csv.DictReader(io.StringIO(excel.decode('utf-8-sig'), newline=''), delimiter=';'))
check(len(rows) == len(xrows) and len(rows) > 50, 'both dialects have the same rows: %d %d' % (len(rows), len(xrows)))
kinds = {r['kind'] for r in rows}
check(kinds == {'package', 'task', 'phase', 'meeting'}, 'kinds: %s' % kinds)
p1 = [r for r in rows if r['kind'] == 'package' and r['package'] == '1']
check(len(p1) == 1 and p1[0]['status'] == 'done' and p1[0]['area'] == 'org', 'package 1: %s' % p1)
import re
for r in rows:
    for col in ('start', 'end', 'deadline'):
        check(r[col] == '' or re.fullmatch(r'\d{4}-\d\d-\d\d( \d\d:\d\d)?', r[col]), 'ISO date: %r' % r[col])
m = [r for r in rows if r['title'].startswith('=HYPERLINK')]
check(len(m) == 1 and m[0]['title'] == '=HYPERLINK("http://x"), "q"', 'plain CSV keeps the title exactly: %s' % m)
check(m and m[0]['start'] == '2027-01-05 10:00' and m[0]['end'] == '2027-01-05 11:30', 'meeting times')
check(m and m[0]['place'] == 'Rådhuset; sal 2', 'UTF-8 and separator in a field')
xm = [r for r in xrows if 'HYPERLINK' in r['title']]
check(len(xm) == 1 and xm[0]['title'] == '\'=HYPERLINK("http://x"), "q"', '--excel guards a formula: %s' % xm)
check(xm and xm[0]['place'] == 'Rådhuset; sal 2', '--excel quotes the separator')
xl = [r for r in xrows if r['kind'] == 'meeting' and ',' in r['package']]
check(xl and all(re.fullmatch(r'\d+(, \d+)+', r['package']) for r in xl), '--excel package lists are not decimal numbers: %s' % [r['package'] for r in xl])
sys.exit(0 if ok else 1)
PYEOF

# xlsx read back with openpyxl.
"$TAVLE" export xlsx -o board.xlsx 2>err && ok "export xlsx" || not_ok "export xlsx"
$PY - <<'PYEOF' && ok "xlsx read back" || not_ok "xlsx read back"
import datetime, sys
import openpyxl
ok = True
def check(cond, what):
    global ok
    if not cond:
        print("# xlsx:", what); ok = False
wb = openpyxl.load_workbook('board.xlsx')
check(wb.sheetnames == ['timeline', 'packages', 'tasks', 'phases', 'meetings', 'decisions'], wb.sheetnames)
for ws in wb.worksheets:
    check(ws.freeze_panes == 'A2', '%s: header frozen (%s)' % (ws.title, ws.freeze_panes))
    check(ws['A1'].font.b, '%s: bold header' % ws.title)
pk = wb['packages']
check([c.value for c in pk[1]][:3] == ['Number', 'Area', 'Title'], 'packages header')
rows = list(pk.iter_rows(min_row=2))
check(len(rows) == 10, 'ten template packages: %d' % len(rows))
r1 = [r for r in rows if r[0].value == 1][0]
check(r1[3].value == 'Done', 'status name: %r' % r1[3].value)
check(r1[6].is_date and isinstance(r1[6].value, datetime.datetime), 'deadline is a date cell: %r' % r1[6].value)
check(r1[6].number_format == 'yyyy-mm-dd', 'date format: %r' % r1[6].number_format)
fill = r1[0].fill
check(fill.fill_type == 'solid' and fill.fgColor.rgb.endswith('FFE699'), 'org fill: %s %s' % (fill.fill_type, fill.fgColor.rgb))
areas = {}
for r in rows:
    areas[r[1].value] = r[1].fill.fgColor.rgb[-6:]
check(len(set(areas.values())) == 4, 'four area fills: %s' % areas)
mt = wb['meetings']
m = [r for r in mt.iter_rows(min_row=2) if r[3].value and r[3].value.startswith('=HYPER')]
check(len(m) == 1 and m[0][3].data_type == 's', 'formula-like title stays a string')
check(m and m[0][0].value == datetime.datetime(2027, 1, 5, 10, 0), 'meeting start: %r' % (m and m[0][0].value))
check(m and m[0][1].value == datetime.datetime(2027, 1, 5, 11, 30), 'meeting end')
check(m and m[0][0].number_format == 'yyyy-mm-dd hh:mm', 'time format')
tl = wb['timeline']
starts = [r[0].value for r in tl.iter_rows(min_row=2)]
check(len(starts) > 50 and all(isinstance(s, datetime.datetime) for s in starts), 'timeline dates')
check(starts == sorted(starts), 'timeline in date order')
kinds = {r[2].value for r in tl.iter_rows(min_row=2)}
check(kinds == {'phase', 'meeting', 'package', 'task'}, 'timeline kinds %s' % kinds)
tk = wb['tasks']
check(tk.max_row > 30, 'tasks rows')
dc = [r for r in wb['decisions'].iter_rows(min_row=2) if r[0].value == 'Vælg leverandør']
check(len(dc) == 1 and dc[0][1].value == 'Data and systems' and dc[0][0].value == 'Vælg leverandør' and dc[0][3].value == datetime.datetime(2027, 2, 1), 'decision')
check(dc and dc[0][0].fill.fgColor.rgb.endswith('BDD7EE'), 'decision area fill')
sys.exit(0 if ok else 1)
PYEOF

# Danish names follow the language.
LC_ALL= LANG=da_DK.UTF-8 "$TAVLE" export csv 2>err | grep -q '^package,1,org,Organisatorisk forankring,' && ok "Danish area names under LANG=da_DK.UTF-8" ||
	not_ok "Danish area names under LANG=da_DK.UTF-8"
LC_ALL= LANG=da_DK.UTF-8 LANGUAGE=en "$TAVLE" export csv 2>err | grep -q '^package,1,org,Organisational anchoring,' && ok "LANGUAGE=en gives English names" ||
	not_ok "LANGUAGE=en gives English names"

# Atomic: an export into a missing directory fails and names it; an existing file
# survives a failed export (read-only directory).
"$TAVLE" export xlsx -o nodir/x.xlsx >/dev/null 2>err && not_ok "export into a missing directory fails" || ok "export into a missing directory fails"
grep -q nodir err && ok "the error names the directory" || not_ok "the error names the directory"
mkdir ro && echo old >ro/x.csv && chmod 555 ro
if [ "$(id -u)" != 0 ]; then
	"$TAVLE" export csv -o ro/x.csv 2>err && not_ok "export into a read-only directory fails" || ok "export into a read-only directory fails"
	[ "$(cat ro/x.csv)" = old ] && ok "failed export leaves the old file" || not_ok "failed export leaves the old file"
else
	skip "export into a read-only directory fails" "root writes anywhere"
fi
chmod 755 ro
# Usage errors exit 2.
"$TAVLE" export xlsx >/dev/null 2>err; [ $? = 2 ] && ok "export xlsx without -o: exit 2" || not_ok "export xlsx without -o: exit 2"
"$TAVLE" export xlsx -o - >stdout.xlsx 2>err && [ "$(head -c 2 stdout.xlsx)" = PK ] &&
	ok "export xlsx -o - writes the workbook to standard output (not a terminal)" ||
	not_ok "export xlsx -o - writes the workbook to standard output (not a terminal)"
"$TAVLE" export csv --bogus >/dev/null 2>err; [ $? = 2 ] && ok "unknown option: exit 2" || not_ok "unknown option: exit 2"
ls "$T" | grep -q '^\.\?tmp\|\.tmp' && not_ok "no temporary files left behind" || ok "no temporary files left behind"

finish
