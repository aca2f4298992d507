#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# A task's owner on the command line (issue 16, item 9): `set task P.N owner NAME` sets
# it and "" clears it, `add task --owner` gives one, `show --json` has "owner" on every
# task (null when none), `show` prints it in a column of its own only when a task of
# the package has an owner (a package without task owners prints as before), and the
# plain CSV export fills its owner column for tasks too (empty when none, as before).
# usage: task_owner.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
. "$(dirname "$0")/../lib/cli.sh"

TAVLE=${1:?usage: task_owner.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
export LC_ALL=C.UTF-8
export TAVLE_NOW=2026-11-29T10:00:00Z
sandbox cli-task-owner
DB=$T/o.db

TAP_ON_FAIL='diag_file "$T/out" "stdout: " 40; diag_file "$T/err" "stderr: " 5'
# owners DESCRIPTION WANT: the owners of package 1's tasks in `show 1 --json`, as
# "a,b,..." with "-" for null
owners() {
	run show 1 --json
	local got
	got=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(",".join("-" if t["owner"] is None else t["owner"] for t in d["tasks"]))' "$T/out")
	if [ "$got" = "$2" ]; then ok "$1"; else not_ok "$1" "got $got, expected $2"; fi
}

expect 0 "init" init
run show 1
cp "$T/out" "$T/show-before"
run export csv -o -
cp "$T/out" "$T/csv-before"
owners "show --json: every task has \"owner\", null when none" "-,-,-,-,-,-"

expect 0 "set task 1.1 owner" set task 1.1 owner "Mette Holm"
owners "... shown by show --json" "Mette Holm,-,-,-,-,-"
run show 1
if grep -E '^\[ \] +1\.1 .*Mette Holm +Bekræft' "$T/out" >/dev/null; then
	ok "show prints the task's owner before its title"
else
	not_ok "show prints the task's owner before its title"
fi
run export csv -o -
contains "csv: the task's row has its owner in the owner column" \
	"task,1,org,Organisational anchoring,Bekræft eller indmeld kontaktperson,todo,Mette Holm,"
expect 0 "log" log 1
contains "log lists the task owner change" "Mette Holm"

expect 0 "an empty owner clears it" set task 1.1 owner ""
owners "... null again in show --json" "-,-,-,-,-,-"
run show 1
if cmp -s "$T/out" "$T/show-before"; then ok "show without task owners prints as before"
else not_ok "show without task owners prints as before"; fi
run export csv -o -
if cmp -s "$T/out" "$T/csv-before"; then ok "csv without task owners keeps its bytes"
else not_ok "csv without task owners keeps its bytes"; fi

expect 0 "add task --owner" add task 1 --title "Ny opgave" --owner "Kim Olsen"
owners "... the new task has the owner" "-,-,-,-,-,-,Kim Olsen"
long=$(printf 'x%.0s' $(seq 1 300))
expect 2 "add task --owner refuses a name over the limit" add task 1 --title "Lang" --owner "$long"
finish
