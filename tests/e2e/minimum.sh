#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Minimum requirements in the board (issue 18), at 80x24 and 200x60, English and
# Danish: each card with minimum requirements shows "M done/total" beside its task
# count; the filter (f) "Open minimum requirements" keeps only packages with some not
# done; the view 7 lists every minimum requirement under its area with a done count,
# Enter opens the task in the package's detail, where x marks it done, and back in the
# view the line, the area's count and the title's total follow; the portfolio's
# authorities matrix (6, m) shows the minimum requirements met. After each step the
# screen equals its redraw (Ctrl-L), and every count agrees with `tavle minimum --json`.
. "$(dirname "$0")/lib.sh"

# same_after_redraw NAME: the screen equals its redraw.
same_after_redraw() {
	local before after
	sleep 0.2
	before=$(capture)
	send C-l
	sleep 0.2
	after=$(capture)
	if [ "$before" = "$after" ]; then ok "$SIZE: $1: the screen equals its redraw"; else
		not_ok "$SIZE: $1: the screen equals its redraw" \
			"$(diff <(echo "$before") <(echo "$after") | head -10)"
	fi
}
# min_json EXPR: a Python expression over `minimum --json` as d.
min_json() { cli minimum --json | $PY -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

for SIZE in 80x24 200x60; do
	make_db
	start "${SIZE%x*}" "${SIZE#*x}"
	check "$SIZE: board drawn" wait_for "[U]"
	check "$SIZE: package 1's card: no task done, 0 of its 3 minimum requirements" \
		wait_for "0/6 M 0/3"
	check "$SIZE: package 3's card: 0 of 1" wait_for "0/5 M 0/1"
	same_after_redraw "board"

	send 7
	check "$SIZE: 7 opens the minimum requirements view" \
		wait_for "7 minimum requirements, 0/28 done"
	check "$SIZE: ... under its area, with the area's count" \
		wait_for "Organisatorisk forankring  (0 of 8 done)"
	check "$SIZE: ... a line: not done, number, deadline, title" \
		wait_re '\[ \] 1\.1 +2026-12-11 +Bekræft eller indmeld kontaktperson'
	check "$SIZE: ... the first line is selected" line_has_reverse "Bekræft eller indmeld"
	same_after_redraw "minimum view"
	send j
	check "$SIZE: j moves to the next requirement" line_has_reverse "Deltag i infomøde 1"
	send k
	send Enter
	check "$SIZE: Enter opens the task in the package's detail" wait_for "package 1"
	check "$SIZE: ... with the task selected" line_has_reverse "Bekræft eller indmeld"
	send x
	check "$SIZE: x marks it done" wait_json 1 'p["tasks"][0]["done"]' True
	send q
	check "$SIZE: back in the view, the line is done" \
		wait_re '\[x\] 1\.1 +2026-12-11 +Bekræft'
	check "$SIZE: ... the area's count follows" \
		wait_for "Organisatorisk forankring  (1 of 8 done)"
	check "$SIZE: ... the title's total follows" wait_for "7 minimum requirements, 1/28 done"
	check "$SIZE: ... as tavle minimum counts" [ "$(min_json 'd["done"], d["total"]')" = "1 28" ]
	same_after_redraw "minimum view after x"

	send q
	check "$SIZE: q goes back to the board" wait_for "1/6 M 1/3"
	# All of package 3's one minimum requirement done: the filter leaves it out.
	cli set task 3.5 done yes >/dev/null
	send f
	check "$SIZE: the filter menu offers open minimum requirements" \
		wait_for "Open minimum requirements"
	send 9
	check "$SIZE: filtered" wait_for "[filtered]"
	check "$SIZE: ... package 3 (all met) is left out" wait_gone "Forretningsbehov"
	check "$SIZE: ... package 1 (2 of 3 open) stays" wait_for "Implementerings"
	same_after_redraw "filtered board"
	send Escape
	check "$SIZE: Esc clears the filter" wait_for "Forretningsbehov"

	send 6
	check "$SIZE: portfolio" wait_for "portfolio"
	send m
	check "$SIZE: the authorities matrix has a minimum column" wait_for "Minimum"
	check "$SIZE: ... with the board's met/total" wait_re "Næste generation.* 2/28 "
	same_after_redraw "portfolio matrix"
	send q
done

# Danish, 80x24: the same view in Danish words.
SIZE=da
make_db
start 80 24 LC_ALL=da_DK.UTF-8
check "da: board drawn" wait_for "[U]"
check "da: the card mark is the same in Danish" wait_for "0/6 M 0/3"
send 7
check "da: the view's title" wait_for "7 minimumskrav, 0/28 færdige"
check "da: the area's count" wait_for "Organisatorisk forankring  (0 af 8 færdige)"
check "da: a Danish date" wait_re '\[ \] 1\.1 +11\. dec\. 2026'
check "da: the hint line" wait_for "åbn opgaven"
send f
send q
send f
check "da: the filter item" wait_for "Åbne minimumskrav"
send Escape
same_after_redraw "Danish board"
finish
