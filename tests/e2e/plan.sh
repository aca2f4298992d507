#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Blocked and why, dependencies and board settings in the board (issue 18), at 80x24
# and 200x60: s -> Blocked in a package's detail asks "Blocked because…" (optional;
# Esc changes nothing), the status line shows the reason, one u takes status and
# reason back; the After field takes "2,6"-style lists and keeps a refused one (the
# package itself, a cycle) in its prompt with the reason; a package due before one
# it comes after is a plan warning in the title line and at the head of the agenda,
# which also lists blocked packages with their reasons; the timeline marks each
# package's dependencies (◂4); a fresh board's title says how to set it up (b e), and
# the switcher's e edits its settings (the contact person here), after which the
# title shows the authority again. Each change is checked in the database too, and
# after each step the screen equals its redraw.
. "$(dirname "$0")/lib.sh"

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
board_json() { cli boards --json | $PY -c "import json,sys; d=json.load(sys.stdin)[0]; print($1)"; }

for SIZE in 80x24 200x60; do
	make_db
	start "${SIZE%x*}" "${SIZE#*x}"
	check "$SIZE: board drawn" wait_for "[U]"
	check "$SIZE: a fresh board's title says how to set it up" wait_for "b e: set up the board"
	same_after_redraw "fresh board"

	# Package 4's detail: block it, with a reason.
	send l l
	send Enter
	check "$SIZE: package 4's detail" wait_for "package 4"
	send s
	check "$SIZE: the status menu" wait_for "Blokeret"
	send 3
	check "$SIZE: blocking asks why" wait_for "Blocked because"
	send Escape
	check "$SIZE: Esc blocks nothing" wait_for "Status not changed"
	check "$SIZE: ... the package is not blocked" wait_json 4 'p["status"]' todo
	send s
	wait_for "Blokeret"
	send 3
	wait_for "Blocked because"
	send_text "Venter på leverandør"
	send Enter
	check "$SIZE: the status line shows the reason" wait_for "[!] Blokeret — Venter på leverandør"
	check "$SIZE: ... as stored" wait_json 4 'p["blocked_reason"]' "Venter på leverandør"
	same_after_redraw "blocked"
	send u
	check "$SIZE: one u takes status and reason back" wait_json 4 'p["status"], p["blocked_reason"]' "todo None"
	check "$SIZE: ... on the screen too" wait_gone "Venter på leverandør"
	send C-r
	check "$SIZE: Ctrl-R blocks it again" wait_json 4 'p["blocked_reason"]' "Venter på leverandør"

	# The After field: refusals stay in the prompt; a valid list is kept.
	for _ in 1 2 3 4 5 6; do send j; done
	check "$SIZE: the After field" line_has_reverse "After"
	send e
	check "$SIZE: e asks for the list" wait_for "After packages (e.g. 2,6; empty for none):"
	send_text "4"
	send Enter
	check "$SIZE: the package itself is refused in the prompt" \
		wait_for "package 4 cannot come after itself"
	send BSpace
	send_text "2"
	send Enter
	check "$SIZE: a cycle is refused in the prompt" wait_for "4 → 2 → 4 would be a cycle"
	send BSpace
	send_text "7"
	send Enter
	check "$SIZE: 4 after 7 is kept" wait_json 4 'p["after"]' "[7]"
	check "$SIZE: ... shown with the package's title" wait_for "7 Intern og ekstern"
	check "$SIZE: ... 4 due before 7: a plan warning in the title" wait_for "! 1 plan warning"
	same_after_redraw "after set"

	send 3
	check "$SIZE: the agenda heads with the warning" \
		wait_for "! package 4 \"Kortlægning af systemer og data\" is due"
	check "$SIZE: ... and the blocked package with its reason" \
		wait_for "Blocked: 4 Kortlægning af systemer og data — Venter på leverandør"
	same_after_redraw "agenda"
	send 2
	check "$SIZE: the timeline marks package 2 after 4" wait_re "2 Ledelses.* ◂4 │"
	check "$SIZE: ... and package 4 after 7" wait_re "4 Kortlægning.* ◂7 │"
	same_after_redraw "timeline"

	# Board settings from the switcher.
	send b
	check "$SIZE: the switcher" wait_for "settings"
	send e
	check "$SIZE: e edits the board's settings" wait_for "Contact person"
	send 5
	check "$SIZE: the contact person's prompt" wait_for "Contact person:"
	send_text "Mette Holm"
	send Enter
	sleep 0.5
	check "$SIZE: the contact is stored" [ "$(board_json 'd["contact"]')" = "Mette Holm" ]
	# The CVR number (issue 20): a number failing the modulus-11 check is refused with
	# the reason and the prompt kept; corrected, it is stored as eight digits.
	send e
	check "$SIZE: the settings list the CVR number" wait_for "CVR number"
	send 6
	check "$SIZE: the CVR number's prompt" wait_for "CVR number:"
	send_text "DK 29180009"
	send Enter
	check "$SIZE: a bad CVR number is refused with the reason" wait_for "is not a CVR number"
	check "$SIZE: ... and nothing is stored" [ "$(board_json 'd["cvr"]')" = "None" ]
	send BSpace
	send_text "8"
	send Enter
	sleep 0.5
	check "$SIZE: the corrected CVR number is stored as 8 digits" \
		[ "$(board_json 'd["cvr"]')" = "29180008" ]
	send q
	check "$SIZE: set up: the title shows the authority again" wait_for "Min myndighed"
	check "$SIZE: ... not the hint" wait_gone "b e: set up the board"
	same_after_redraw "set up"
	send q
done

SIZE=da
make_db
start 80 24 LC_ALL=da_DK.UTF-8
check "da: the set-up hint in Danish" wait_for "b e: sæt tavlen op"
send Enter
wait_for "pakke 1"
send s
wait_for "Blokeret"
send 3
check "da: the question in Danish" wait_for "Blokeret fordi"
send Escape
check "da: nothing changed, said in Danish" wait_for "Status ikke ændret"
finish
