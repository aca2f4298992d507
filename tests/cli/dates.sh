#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Dates as Danes write them, through the command line: every command that reads a date
# (set ... deadline, add task --deadline, add meeting --start/--end, set meeting end,
# add phase, add decision --due, init --start) takes the forms of tavle/date.h
# (18.12.2026, 18. dec., +2w, fredag, i morgen, a time alone as a meeting's end) under
# LC_ALL=C.UTF-8 and da_DK.UTF-8 alike, stores ISO, and refuses an impossible date
# with a message that names the problem and lists what is accepted, in the interface
# language. The clock is fixed at Saturday 2026-12-05.
# usage: dates.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"

TAVLE=${1:?usage: dates.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PY=/usr/bin/python3
export TAVLE_NOW=2026-12-05T09:00:00Z
sandbox cli-dates
DB=$T/d.db
TAP_ON_FAIL='diag_file "$T/out" "out: " 5; diag_file "$T/err" "err: " 5'

# The Danish catalogue of this build, when there is one and the locale exists.
LOCALEDIR=$(cd "$(dirname "$TAVLE")/../po" 2>/dev/null && pwd)
LOCALES="C.UTF-8"
if [ -f "$LOCALEDIR/da/LC_MESSAGES/tavle.mo" ] &&
	locale -a 2>/dev/null | grep -qi '^da_DK\.utf-\?8$'; then
	export TAVLE_LOCALEDIR=$LOCALEDIR
	LOCALES="C.UTF-8 da_DK.UTF-8"
fi

run() { # run LOCALE ARGS...
	local loc=$1
	shift
	env LC_ALL="$loc" "$TAVLE" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# json_field DESCRIPTION FIELD WANT: $T/out is JSON with FIELD == WANT
json_field() {
	local res
	res=$($PY -c "import json,sys
d = json.load(open('$T/out'))
print('ok' if d['$2'] == '$3' else repr(d['$2']))" 2>&1)
	if [ "$res" = ok ]; then ok "$1"; else not_ok "$1" "$2 is $res, not $3"; fi
}

run C.UTF-8 init --name Dates --start 1.6.2026
[ "$rc" -eq 0 ] && ok "init --start 1.6.2026" || not_ok "init --start 1.6.2026" "exit $rc"

# ---- package deadlines in both languages ----
# input|stored deadline (today is Saturday 2026-12-05)
cases='18.12.2026|2026-12-18
18-12-2026|2026-12-18
18. dec.|2026-12-18
18. dec. 2026|2026-12-18
18 Dec 2026|2026-12-18
Dec 18|2026-12-18
18/12|2026-12-18
18.12.|2026-12-18
1-2-2027|2027-02-01
1/2|2027-02-01
2026-12-18|2026-12-18
+2w|2026-12-19
+1m|2027-01-05
-5d|2026-11-30
fredag|2026-12-11
friday|2026-12-11
lørdag|2026-12-12
i morgen|2026-12-06
tomorrow|2026-12-06
1. maj|2027-05-01'
for loc in $LOCALES; do
	while IFS='|' read -r in want; do
		run "$loc" set 1 deadline "$in"
		if [ "$rc" -ne 0 ]; then
			not_ok "$loc: set 1 deadline '$in'" "exit $rc"
			continue
		fi
		run "$loc" show 1 --json
		json_field "$loc: set 1 deadline '$in' stores $want" deadline "$want"
	done <<<"$cases"
done

# ---- refusals name the problem and list what is accepted ----
run C.UTF-8 show 1 --json
before=$(cat "$T/out")
run C.UTF-8 set 1 deadline 31-02-2027
[ "$rc" -eq 2 ] && grep -qF "no such day (February 2027 has 28 days)" "$T/err" &&
	grep -qF "Write e.g. 18.12.2026, 18 Dec" "$T/err" &&
	ok "C: 31-02-2027 refused, naming the problem and the forms" ||
	not_ok "C: 31-02-2027 refused, naming the problem and the forms" "exit $rc"
run C.UTF-8 set 1 deadline 29.2.2027
[ "$rc" -eq 2 ] && grep -qF "February 2027 has 28 days" "$T/err" &&
	ok "C: 29.2.2027 refused" || not_ok "C: 29.2.2027 refused" "exit $rc"
run C.UTF-8 show 1 --json
[ "$(cat "$T/out")" = "$before" ] && ok "a refused date changes nothing" ||
	not_ok "a refused date changes nothing"
if [ "$LOCALES" != C.UTF-8 ]; then
	run da_DK.UTF-8 set 1 deadline 31-02-2027
	[ "$rc" -eq 2 ] && grep -qF "ingen sådan dag (februar 2027 har 28 dage)" "$T/err" &&
		grep -qF "Skriv fx 18.12.2026, 18. dec.," "$T/err" &&
		ok "da: 31-02-2027 refused in Danish, with the forms" ||
		not_ok "da: 31-02-2027 refused in Danish, with the forms" "exit $rc"
	run da_DK.UTF-8 set 1 deadline 'næste uge'
	[ "$rc" -eq 2 ] && grep -qF "ikke en dato. Skriv fx" "$T/err" &&
		ok "da: garbage refused in Danish, with the forms" ||
		not_ok "da: garbage refused in Danish, with the forms" "exit $rc"
else
	skip "Danish messages" "no Danish translations or no da_DK.UTF-8 locale"
fi

# ---- tasks, meetings, phases, decisions ----
run C.UTF-8 add task 1 --title "Dansk dato" --deadline "18. dec."
[ "$rc" -eq 0 ] && ok "add task --deadline '18. dec.'" || not_ok "add task --deadline '18. dec.'" "exit $rc"
run C.UTF-8 add meeting --title Infomøde --start "18.12.2026 9:30" --end 11:30
[ "$rc" -eq 0 ] && ok "add meeting, end a time alone" || not_ok "add meeting, end a time alone" "exit $rc"
run C.UTF-8 meetings --json
res=$($PY -c "import json
d = json.load(open('$T/out'))
m = [x for x in (d if isinstance(d, list) else d.get('meetings', [])) if x['title'] == 'Infomøde'][0]
print('ok' if (m['start'], m['end']) == ('2026-12-18 09:30', '2026-12-18 11:30') else (m['start'], m['end']))" 2>&1)
[ "$res" = ok ] && ok "the meeting's end is on its start's day" || not_ok "the meeting's end is on its start's day" "$res"
MEET=$($PY -c "import json
d = json.load(open('$T/out'))
print([x for x in (d if isinstance(d, list) else d.get('meetings', [])) if x['title'] == 'Infomøde'][0]['id'])" 2>/dev/null)
run C.UTF-8 set meeting "$MEET" end 12.15
[ "$rc" -eq 0 ] && ok "set meeting end 12.15" || not_ok "set meeting end 12.15" "exit $rc"
run C.UTF-8 meetings --json
res=$($PY -c "import json
d = json.load(open('$T/out'))
m = [x for x in (d if isinstance(d, list) else d.get('meetings', [])) if x['title'] == 'Infomøde'][0]
print('ok' if m['end'] == '2026-12-18 12:15' else m['end'])" 2>&1)
[ "$res" = ok ] && ok "set meeting end: a time alone on the start's day" ||
	not_ok "set meeting end: a time alone on the start's day" "$res"
run C.UTF-8 add meeting --title Webinar --start "i morgen kl. 10" --end "i morgen 11:00"
[ "$rc" -eq 0 ] && ok "add meeting --start 'i morgen kl. 10'" || not_ok "add meeting --start 'i morgen kl. 10'" "exit $rc"
run C.UTF-8 add meeting --title Forkert --start "18.12.2026 9:30" --end 31.02.2027
[ "$rc" -eq 2 ] && grep -qF "February 2027" "$T/err" && ok "impossible meeting end refused" ||
	not_ok "impossible meeting end refused" "exit $rc"
run C.UTF-8 add phase --name Pilot --start "1. feb. 2027" --end "+3m"
[ "$rc" -eq 0 ] && ok "add phase --start '1. feb. 2027' --end +3m" || not_ok "add phase with Danish dates" "exit $rc"
run C.UTF-8 add decision --title Beslutning --due fredag
[ "$rc" -eq 0 ] && ok "add decision --due fredag" || not_ok "add decision --due fredag" "exit $rc"

finish
