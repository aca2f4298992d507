#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Small things that used to mislead (issue 16, item 10), each on the real binary in
# tmux: the editor's "discard?" question goes away after an answer; Enter on an agenda
# task lands on that task in the detail view; Esc on the board says it does not quit
# and q does; Ctrl-Z suspends to the shell and `fg` brings back a fully drawn board;
# X writes the calendar, the same bytes as `tavle export ics`, and says where; tasks
# are numbered P.N everywhere; help opens at the current view's keys and lists under
# "Everywhere" only keys that work in every view.
. "$(dirname "$0")/lib.sh"

make_db
start 100 30
wait_for "Uddannelse"

# a. The discard question is gone after "n" and the editor is still open.
send Enter
check "detail opens" wait_for "Baggrund"
send c
check "comment editor opens" wait_for "Ctrl-D or F2 save"
send_text "abc"
send Escape
check "Esc with changes asks" wait_for "Discard your changes? (y/n)"
send n
check "the question is gone after n" wait_gone "Discard your changes? (y/n)"
check "the editor is still open" wait_for "Ctrl-D or F2 save"
send_text "d"
send C-d
check "the comment keeps what was typed" wait_for "abcd"
send q

# c. Enter on an agenda task selects that task in the detail view.
send 3
check "agenda opens" wait_for "Week 50"
send g
send Enter
check "detail of the task's package" wait_for "Udpeg kommunikationsansvarlig"
check "the task is selected" line_has_reverse "Udpeg kommunikationsansvarlig"

# h. One task number everywhere: P.N in the agenda, the detail view and the timeline.
check "detail: the task numbered P.N" wait_for "[ ] 0.1 [minimum requirement] Udpeg kommunikationsansvarlig"
send 3
check "agenda: the task numbered P.N" wait_for "0.1  Udpeg kommunikationsansvarlig"
send 2
send T
check "timeline: the task numbered P.N" wait_for "· 0.1 Udpeg kommunikationsans"
send 1

# d. Esc on the board does not quit, and says which key does.
send Escape
check "Esc on the board says q quits" wait_for "Nothing to clear; q quits tavle"
check "tavle still runs after Esc" wait_for "Uddannelse"

# b. Help opens at the current view's keys; "Everywhere" lists only keys that work in
# every view (the editing keys are under the views that have them).
start 100 60
wait_for "Uddannelse"
# section NAME: the request names listed under help heading NAME on the screen (the
# name column starts at column 21).
section() {
	capture | awk -v h="$1" '
		/^ [^ ]/ { on = (substr($0, 2) ~ "^" h) ; next }
		on && NF >= 2 { n = substr($0, 21, 17); sub(/ .*/, "", n); print n }'
}
first_heading() { capture | sed -n 2p | sed 's/^ *//; s/ *$//'; }
send '?'
check "board help opens at the board's keys" wait_for "Board"
check "board: the first heading is the board's" test "$(first_heading)" = "Board"
check "board: set-status in the board's section" grep -qx "set-status" <<<"$(section Board)"
for name in edit add delete set-status set-deadline set-owner move-area history; do
	check "board: $name not listed as everywhere" bash -c '! grep -qx "$1" <<<"$2"' _ \
		"$name" "$(section Everywhere)"
done
check "board: view-help listed as everywhere" grep -qx "view-help" <<<"$(section Everywhere)"
check "board: export-calendar listed as everywhere" grep -qx "export-calendar" \
	<<<"$(section Everywhere)"
send q
send 3
wait_for "3 agenda"
send '?'
check "agenda help opens at the agenda's keys" wait_for "Agenda (3)"
check "agenda: the first heading is the agenda's" test "$(first_heading)" = "Agenda (3)"
check "agenda: open-entry first" grep -qx "open-entry" <<<"$(section 'Agenda \\(3\\)')"
check "agenda: no editing keys in the agenda's section" bash -c \
	'! grep -qxE "edit|add|delete|set-status" <<<"$1"' _ "$(section 'Agenda \\(3\\)')"
send q
send 4
wait_for "4 meetings"
send '?'
check "meetings help opens at the meetings' keys" wait_for "4 meetings"
check "meetings: add in the meetings' section" grep -qx "add" <<<"$(section '4 meetings')"
send q

# f. X exports the calendar: the prompt offers ~/tavle-<board>.ics, the file holds the
# bytes of `tavle export ics`, the status line says the path; a path that cannot be
# written says why. HOME is the test's own directory.
mkdir -p "$WORK/home"
start 100 30 HOME="$WORK/home"
wait_for "Uddannelse"
ICS="$WORK/home/tavle-Næste-generation-Digital-Post.ics"
send X
check "X asks where, with the default path" wait_for "$WORK/home/tavle-Næste-generation-Digital-Post.ics"
send Enter
check "the status line says the path written" wait_for "Calendar written to $WORK/home/tavle-Næste"
cli export ics >"$WORK/cli.ics"
check "the file holds the bytes of tavle export ics" cmp "$ICS" "$WORK/cli.ics"
send X
check "X asks again" wait_for "Export the calendar to:"
send C-u
send_text "$WORK/no-such-dir/x.ics"
send Enter
check "a path that cannot be written says so" wait_for "Calendar not written:"
check "no file where it could not be written" test ! -e "$WORK/no-such-dir/x.ics"

# e. Ctrl-Z suspends to a shell and fg brings back a fully drawn board. tavle runs
# under an interactive shell with job control here, as it does for a user.
tm kill-server >/dev/null 2>&1
STARTS=$((STARTS + 1))
SOCK="$SOCK_BASE-$STARTS"
tm new-session -d -s "$SESSION" -x 100 -y 30 \
	"env -i PATH=/usr/bin:/bin HOME=$WORK TERM=xterm-256color PS1='SHELL-PROMPT\$ ' bash --norc --noprofile -i"
wait_for "SHELL-PROMPT"
send_text "TAVLE_NOW=$NOW LC_ALL=C.UTF-8 TAVLE_USER=e2e $(printf '%q' "$TAVLE") --db $(printf '%q' "$DB")"
send Enter
check "board under a shell" wait_for "Uddannelse"
send C-z
check "Ctrl-Z shows the shell" wait_for "Stopped"
check "the board is gone while suspended" wait_gone "Uddannelse"
send_text "fg"
send Enter
check "fg brings the board back" wait_for "Uddannelse"
check "the title line is back" wait_for "Næste generation Digital Post"
check "the hint line is back" wait_for "?:help"
# Fully drawn: what Ctrl-L (a full redraw) draws is already on the screen.
sleep 0.3
BEFORE=$(capture)
send C-l
sleep 0.3
check "after fg the screen is what a full redraw draws" test "$BEFORE" = "$(capture)"
send q
check "q quits to the shell" wait_for "SHELL-PROMPT\$ " 

finish
