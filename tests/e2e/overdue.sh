#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Overdue work in sight (issue 16, item 8), on the board at 80x24: a package with
# three overdue tasks shows "!3", its progress "1/6" and its open minimum requirements
# on its card (in colour and in monochrome, where the text says it alone); each area
# column's late count is the number of overdue items of that area in `tavle agenda
# --json` (packages, tasks and open decisions past due; the decided one not).
. "$(dirname "$0")/lib.sh"

make_db
# Package 2 (org): three tasks past their deadline, one ticked; package 4 (data) late.
cli set task 7 deadline 2026-11-20 >/dev/null
cli set task 8 deadline 2026-11-21 >/dev/null
cli set task 9 deadline 2026-11-22 >/dev/null
cli set task 12 done yes >/dev/null
cli set 4 deadline 2026-11-25 >/dev/null
cli add decision --title "Vælg supportmodel" --area udd --owner Direktionen --due 2026-11-15 >/dev/null
cli add decision --title "Allerede besluttet" --area kom --due 2026-11-16 >/dev/null
DID=$(cli decisions --json | $PY -c 'import json,sys; print([x["id"] for x in json.load(sys.stdin) if x["title"] == "Allerede besluttet"][0])')
cli set decision "$DID" status decided >/dev/null

# The agenda's overdue items per area (areas in board order: org kom data udd).
late=$(cli agenda --json | $PY -c '
import json, sys
d = json.load(sys.stdin)
n = {a: 0 for a in ("org", "kom", "data", "udd")}
for x in d["overdue"]:
    n[x["area"]] += 1
print(" ".join(str(n[a]) for a in ("org", "kom", "data", "udd")))')
check "the agenda counts 3 tasks, 1 package and 1 decision overdue" test "$late" = "3 0 1 1"

# Column headers "N/M done, K late" in board order, from the screen.
header_late() {
	capture | sed -n 3p | $PY -c '
import re, sys
line = sys.stdin.read()
cols = re.findall(r"\d+/\d+ done(?:, (\d+) late)?", line)
print(" ".join(c or "0" for c in cols))'
}

for mode in colour mono; do
	if [ $mode = mono ]; then start 80 24 NO_COLOR=1; else start 80 24; fi
	check "$mode: board drawn" wait_for "Uddannelse"
	scr=$(capture)
	check "$mode: package 2's card shows its three overdue tasks, progress and minimum requirements done of all" \
		grep -qF "!3 1/6 M 0/4" <<<"$scr"
	check "$mode: a card without overdue tasks shows progress and minimum requirements" \
		grep -qE "(▌| )0/6 M 0/3 " <<<"$scr"
	got=$(header_late)
	if [ "$got" = "$late" ]; then
		ok "$mode: each column's late count is the agenda's ($got)"
	else
		not_ok "$mode: each column's late count is the agenda's" "screen $got, agenda $late"
	fi
done

# Ticking one overdue task in the CLI: the card and the header follow on reload.
cli set task 7 done yes >/dev/null
start 80 24
wait_for "Uddannelse"
check "after ticking a task the card shows !2 2/6" wait_for "!2 2/6 M 1/4"
check "and the org column counts 2 late" wait_for "0/3 done, 2 late"

finish
