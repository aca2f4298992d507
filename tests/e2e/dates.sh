#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Dates as Danes write them, typed into the TUI's prompts (issue 16 #3): the package
# deadline prompt takes "18. dec." (the form tavle itself shows) and "fredag"; a
# refused date keeps the prompt open with the typed text and the reason, and Esc
# cancels it (#1); an impossible date is refused in Danish with the problem and the
# accepted forms and changes nothing; and a new meeting's end typed as a time alone
# ("11:30") is on its start's day, after a refused end kept the flow open, and one
# at 02:30 on 31 Oct 2027 is said to be the first of the two 02:30s. A
# prefilled date is selected, so typing replaces it (#2), and at 80 columns the
# Danish hint ends before the value. The clock is Sunday 2026-11-29 (lib.sh).
. "$(dirname "$0")/lib.sh"

make_db
N=1
# Does the bottom line show TEXT in reverse video (selected)?
line_has_reverse_text() {
	local tries=$((TIMEOUT * 20))
	while [ $tries -gt 0 ]; do
		capture_e | tail -n 1 |
			grep -qE $'\x1b\\[([0-9;]*;)?7(;[0-9;]*)?m(\x1b\\[[0-9;]*m)*'"$1" && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}

start 100 30
wait_for "Uddannelse"
send Enter
check "detail opens" wait_for "Baggrund"
send g
send D
check "deadline prompt" wait_for "Deadline ("
send C-u
send_text "18. dec."
send Enter
check "deadline typed as tavle shows it (18. dec.)" wait_json $N 'p["deadline"]' 2026-12-18
send D
wait_for "Deadline ("
send C-u
send_text "fredag"
send Enter
check "deadline typed as a weekday (fredag: the next Friday)" wait_json $N 'p["deadline"]' 2026-12-04
send D
wait_for "Deadline ("
send C-u
send_text "1/2"
send Enter
check "deadline typed day first (1/2: 1 February)" wait_json $N 'p["deadline"]' 2027-02-01

# A refused date keeps the prompt open with the text and the reason (issue 16 #1):
# what is typed next goes into the prompt, never to the view as commands.
send D
wait_for "Deadline ("
send C-u
send_text "31-02-2027"
send Enter
check "refusal shown in the open prompt" wait_for "31-02-2027: no such day (February 2027 has 28 days)"
check "the typed text is kept in the field" grep -qE "Write e\.g\..*  31-02-2027 *$" <<<"$(status_line)"
send C-u
send_text "18-12"
send Enter
check "the corrected date is saved from the same prompt" wait_json $N 'p["deadline"]' 2026-12-18
check "the prompt is closed after a good answer" wait_gone "Write e.g."
send D
wait_for "Deadline ("
send C-u
send_text "32.12"
send Enter
check "second refusal shown" wait_for "32.12: no such day"
send Escape
check "Esc cancels a refused prompt" wait_gone "32.12: no such day"
check "Esc changed nothing" wait_json $N 'p["deadline"]' 2026-12-18

# A prefilled date is selected (issue 16 #2): typing replaces it; the arrows and Backspace
# edit it instead.
send D
wait_for "Deadline ("
check "the prefilled deadline is shown selected" line_has_reverse_text "2026-12-18"
send_text "fredag"
send Enter
check "typing replaces the prefilled date" wait_json $N 'p["deadline"]' 2026-12-04
send D
wait_for "Deadline ("
send Left Right BSpace BSpace
send_text "11"
send Enter
check "arrows and Backspace edit the prefilled date" wait_json $N 'p["deadline"]' 2026-12-11
send Q
wait_for "TAVLE-EXIT=" 10

# In Danish: a refusal names the problem and what is accepted, in Danish.
LOC=$(cd "$(dirname "$TAVLE")/../po" 2>/dev/null && pwd)
if locale -a 2>/dev/null | grep -qi '^da_DK\.utf-\?8$' &&
	[ -f "$LOC/da/LC_MESSAGES/tavle.mo" ]; then
	start 200 30 LC_ALL= LANG=da_DK.UTF-8 TAVLE_LOCALEDIR="$LOC"
	wait_for "Uddannelse"
	send Enter
	wait_for "Baggrund"
	send g
	send D
	wait_for "Deadline ("
	sum_before=$(cat "$DB" "$DB-wal" 2>/dev/null | sha256sum)
	send C-u
	send_text "31-02-2027"
	send Enter
	check "da: impossible date named" wait_for "31-02-2027: ingen sådan dag (februar 2027 har 28 dage)"
	check "da: the accepted forms listed" wait_for "Skriv fx 18.12.2026, 18. dec."
	sleep 0.1
	sum_after=$(cat "$DB" "$DB-wal" 2>/dev/null | sha256sum)
	check "da: the refused date changed nothing" test "$sum_before" = "$sum_after"
	send Escape
	wait_gone "Skriv fx"
	send Q
	wait_for "TAVLE-EXIT=" 10
	# 80 columns: the hint is whole and ends before the value
	start 80 24 LC_ALL= LANG=da_DK.UTF-8 TAVLE_LOCALEDIR="$LOC"
	wait_for "Uddannelse"
	send Enter
	wait_for "Baggrund"
	send g
	send D
	check "da 80x24: the deadline hint ends before the value" \
		wait_for "Deadline (18.12.2026, 18. dec., +2w; tom rydder): 2026-12-11"
	send Escape
	wait_gone "tom rydder"
	send Q
	wait_for "TAVLE-EXIT=" 10
else
	skip "Danish refusal" "no da_DK.UTF-8 locale or no Danish catalogue"
fi

# A meeting's end typed as a time alone.
start 100 30
wait_for "Uddannelse"
send 4
check "4 opens the meetings" wait_for "meetings"
send a
wait_for "New meeting, title"
send_text "Infomøde i Tønder"
send Enter
wait_for "Start (18.12.2026 9:30"
send_text "18. dec. kl. 9.30"
send Enter
wait_for "End (11:30"
send C-u
send_text "25:00"
send Enter
check "a refused end keeps the new meeting's prompt open" wait_for "no such time of day (25:00)"
send C-u
send_text "11:30"
send Enter
wait_for "Kind of meeting"
send 1
meeting_times() {
	cli meetings --json | $PY -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(m["start"] + "/" + m["end"] for m in d if m["title"] == "Infomøde i Tønder"))'
}
wait_meeting() {
	local tries=$((TIMEOUT * 20))
	while [ $tries -gt 0 ]; do
		[ "$(meeting_times)" = "$1" ] && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "# got [$(meeting_times)]" >&2
	return 1
}
check "meeting end 11:30 is on the start's day" wait_meeting "2026-12-18 09:30/2026-12-18 11:30"
# October's repeated hour (issue 17 item 12): the status line says which 02:30 is used.
send a
wait_for "New meeting, title"
send_text "Natmøde"
send Enter
wait_for "Start (18.12.2026 9:30"
send_text "2027-10-31 02:30"
send Enter
wait_for "End (11:30"
send C-u
send_text "03:30"
send Enter
wait_for "Kind of meeting"
send 1
check "a new meeting at 02:30 on 31 Oct 2027: the note" \
	wait_for "02:30 occurs twice on 2027-10-31; the first (summer time, +02:00) is used"
send Q
check "quits" wait_for "TAVLE-EXIT=0"
finish
