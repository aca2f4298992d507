#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Danish working days on the command line (issue 18): `tavle holidays [YEAR]` lists a
# year's public holidays and customary days off (text in English, Danish and ISO
# dates; --json read back by python; a bad year refused), and a date a person sets on
# a weekend or a holiday (set, add) is kept with a note naming the day, in English and
# Danish, while a working day gets no note.
# usage: holidays.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
. "$(dirname "$0")/../lib/cli.sh"

TAVLE=${1:?usage: holidays.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PY=/usr/bin/python3
export LC_ALL=C.UTF-8
export TAVLE_NOW=2026-11-29T10:00:00Z
sandbox cli-holidays
DB=$T/h.db

TAP_ON_FAIL='diag_file "$T/out" "stdout: " 40; diag_file "$T/err" "stderr: " 5'
da() { # da ARGS...: tavle in Danish
	LC_ALL=da_DK.UTF-8 "$TAVLE" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# ---- tavle holidays ----
expect 0 "holidays 2026" holidays 2026
contains "påskedag 2026" "Sun  2026-04-05  påskedag"
contains "grundlovsdag is a customary day off" "2026-06-05  grundlovsdag           customary day off"
contains "nytårsaftensdag counted" "2026-12-31  nytårsaftensdag"
lacks "no store bededag in 2026" "store bededag"
[ "$(wc -l <"$T/out")" -eq 13 ] && ok "13 days in 2026" || not_ok "13 days in 2026" "$(wc -l <"$T/out") lines"
expect 0 "holidays 2023" holidays 2023
contains "store bededag 2023" "Fri  2023-05-05  store bededag"
expect 0 "holidays: this year by default" holidays
contains "default year is TAVLE_NOW's" "2026-12-25  juledag"
da holidays 2027
[ "$rc" -eq 0 ] && ok "holidays in Danish" || not_ok "holidays in Danish" "exit $rc"
contains "Danish dates and names" "søn.  28. mar. 2027  påskedag"
contains "Danish: customary day off" "grundlovsdag           sædvanlig fridag"
LC_ALL=en_US.UTF-8 "$TAVLE" --db "$DB" holidays 2027 >"$T/out" 2>"$T/err"
contains "English names under an English locale" "Sun  2027-03-28  Easter Sunday"
expect 0 "holidays --json" holidays 2028 --json
$PY - "$T/out" <<'PYEOF' && ok "holidays --json reads back" || not_ok "holidays --json reads back"
import json, sys
h = json.load(open(sys.argv[1], encoding='utf-8'))
assert len(h) == 13, len(h)
d = {x['key']: x for x in h}
assert d['easter_sunday']['date'] == '2028-04-16'
assert d['ascension_day']['date'] == '2028-05-25'
assert d['whit_monday']['date'] == '2028-06-05' and d['constitution_day']['date'] == '2028-06-05'
assert d['constitution_day']['kind'] == 'customary' and d['good_friday']['kind'] == 'public'
assert d['easter_sunday']['name_da'] == 'påskedag' and d['easter_sunday']['name_en'] == 'Easter Sunday'
assert d['new_years_day']['weekend'] is True
assert [x['date'] for x in h] == sorted(x['date'] for x in h)
PYEOF
expect 2 "holidays: year 0 refused" holidays 0
expect 2 "holidays: a word refused" holidays next
expect 0 "holidays --help" holidays --help
contains "help says what counts" "store bededag (until 2023)"
"$TAVLE" --help >"$T/out" 2>&1
contains "tavle --help lists holidays" "holidays [YEAR]"

# ---- notes on dates set on days off ----
expect 0 "init" init
expect 0 "set deadline on a Saturday" set 1 deadline 2027-05-29
contains "kept: set as usual" "set (version"
contains "note names the Saturday" "note: 2027-05-29 is a Saturday"
expect 0 "show 1" show 1 --json
contains "the Saturday is kept" '"deadline": "2027-05-29"'
expect 0 "set deadline on påskedag" set 1 deadline 5.4.2026
contains "note names påskedag" "note: 2026-04-05 is påskedag"
expect 0 "set deadline on a working day" set 1 deadline 2026-04-07
lacks "no note on a working day" "note:"
expect 0 "set meeting start on grundlovsdag" set meeting 1 start "2026-06-05 10:00"
contains "note names grundlovsdag" "note: 2026-06-05 is grundlovsdag, a customary day off"
expect 0 "set phase end on a Sunday" set phase 1 end 2027-01-03
contains "phase end on a Sunday" "note: 2027-01-03 is a Sunday"
expect 0 "set title: no note" set 1 title "Ny titel"
lacks "no note for text" "note:"
da set 1 deadline 2027-05-29
contains "Danish note" "bemærk: lør. 29. maj 2027 er en lørdag"
da set 1 deadline 2026-04-05
contains "Danish note with the holiday" "bemærk: søn. 5. apr. 2026 er påskedag"
da set 1 deadline 2026-12-24
contains "Danish note for a customary day off" "bemærk: tor. 24. dec. 2026 er juleaftensdag, en sædvanlig fridag"
expect 0 "add task on langfredag" add task 1 --title "Langfredag" --deadline 2026-04-03
contains "add task: note" "note: 2026-04-03 is langfredag"
expect 0 "add package on a Sunday" add package --area org --title "Søndag" --deadline 2026-11-15
contains "add package: note" "note: 2026-11-15 is a Sunday"
expect 0 "add meeting on 2. juledag" add meeting --title "Jul" --start "2026-12-26 10:00" --end 11:00
contains "add meeting: note" "note: 2026-12-26 is 2. juledag"
expect 0 "add decision due on nytårsdag" add decision --title "Nytår" --due 2027-01-01
contains "add decision: note" "note: 2027-01-01 is nytårsdag"
expect 0 "add phase over Easter" add phase --name "Påske" --start 2027-03-25 --end 2027-03-30
contains "add phase: start noted" "note: 2027-03-25 is skærtorsdag"
lacks "add phase: a working end, no note" "2027-03-30 is"
expect 0 "add a one-day phase on a Sunday" add phase --name "Søndag" --start 2027-01-03 --end 2027-01-03
[ "$(grep -c '^note:' "$T/out")" -eq 1 ] && ok "one-day phase: one note" || not_ok "one-day phase: one note" "$(grep -c '^note:' "$T/out") notes"
expect 0 "add task on a working day" add task 1 --title "Hverdag" --deadline 2026-12-30
lacks "add task: no note on a working day" "note:"

finish
