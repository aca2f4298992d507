#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The command line says what the board says (issue 16, item 10): `tavle show` and
# `tavle comments` give comment times in the board's local time (Copenhagen, as the
# detail view shows them) while --json keeps the stored UTC instant; tasks are
# numbered P.N (package number . position) in `tavle show` and `tavle agenda`, as in
# the calendar export; `set task` and `rm task` take P.N as well as the old ids.
# usage: small.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
. "$(dirname "$0")/../lib/cli.sh"

TAVLE=${1:?usage: small.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
export LC_ALL=C.UTF-8
export TAVLE_NOW=2026-11-29T10:00:00Z
sandbox cli-small
DB=$T/s.db

TAP_ON_FAIL='diag_file "$T/out" "stdout: " 40; diag_file "$T/err" "stderr: " 5'

expect 0 "init" init
expect 0 "add comment" add comment 1 "Hvem sender bilag 1?"

# ---- comment times: local, whatever TZ says; JSON keeps UTC ----
for tz in UTC America/New_York Asia/Tokyo; do
	TZ=$tz run show 1
	contains "show: comment time in local time (TZ=$tz)" "root, 2026-11-29 11:00:"
	lacks "show: no UTC instant (TZ=$tz)" "2026-11-29T10:00:00Z"
done
expect 0 "comments" comments 1
contains "comments: local time" "root, 2026-11-29 11:00:"
expect 0 "show --json" show 1 --json
contains "show --json keeps the UTC instant" '"created_at": "2026-11-29T10:00:00Z"'
expect 0 "comments --json" comments 1 --json
contains "comments --json keeps the UTC instant" '"created_at": "2026-11-29T10:00:00Z"'

# ---- tasks numbered P.N ----
expect 0 "show 1" show 1
contains "show: task 1.1" "1.1  2026-12-11"
contains "show: task 1.6" "1.6  2026-12-29"
lacks "show: no task ids" "#6"
expect 0 "agenda" agenda
contains "agenda: task 0.1" "[K] task 0.1"
contains "agenda: task 1.2" "[O] task 1.2"
lacks "agenda: no task ids" "task #"
expect 0 "export ics" export ics
if grep -qF "SUMMARY:Frist: 1.2 Giv kontaktpersonen" "$T/out"; then ok "calendar: task 1.2"
else not_ok "calendar: task 1.2" "not in the export"; fi

# ---- set task / rm task take P.N and the old ids ----
expect 0 "set task P.N" set task 1.2 title "Giv adgang"
expect 0 "show 1" show 1
contains "set task 1.2 changed the second task" "Giv adgang"
expect 0 "set task by id" set task 3 title "Deltag i infomøde 1 (id)"
expect 0 "show 1" show 1
contains "set task by id still works" "Deltag i infomøde 1 (id)"
expect 2 "set task P.N out of range" set task 1.99 title x
expect 2 "set task no such package" set task 42.1 title x
expect 0 "rm task P.N" rm task 1.6
expect 0 "show 1" show 1
lacks "rm task 1.6 removed the sixth task" "1.6  2026-12-29"
contains "five tasks left" "1.5  2026-12-29"

finish
