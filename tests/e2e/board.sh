#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The default board at 80x24 and 160x48: four area columns, every package's number
# and title visible (checked against `tavle list --json`), a golden 80x24 screen
# (TAVLE_UPDATE_GOLDEN=1 regenerates it), navigation, help, too-small screen.
. "$(dirname "$0")/lib.sh"
GOLDEN="$(cd "$(dirname "$0")" && pwd)/golden"

make_db
check "database seeded" test -s "$DB"

# Package numbers and title beginnings from the CLI, one per line: "N<TAB>title".
cli list --json | $PY -c '
import json, sys
d = json.load(sys.stdin)
pk = d["packages"] if isinstance(d, dict) else d
for p in pk:
    print("%d\t%s" % (p["number"], p["title"]))
' > "$WORK/packages.txt"
check "list --json gives packages" test -s "$WORK/packages.txt"

screen_has_all_packages() {
	local scr=$1 n title word ok=0
	while IFS=$'\t' read -r n title; do
		# The first word of the title (cards wrap and clip long titles).
		word=${title%% *}
		word=${word:0:8}
		# The number starts a card line (after the area bar or the [X] tag).
		if ! grep -qE "(▌|\] |^)$n( |$)" <<<"$scr" || ! grep -qF -- "$word" <<<"$scr"; then
			echo "# package $n ($title) not on screen" >&2
			ok=1
		fi
	done < "$WORK/packages.txt"
	return $ok
}

for size in 80x24 160x48; do
	w=${size%x*}
	h=${size#*x}
	start "$w" "$h"
	check "$size: board drawn" wait_for "Uddannelse"
	scr=$(capture)
	for area in "Organisatoris" "Kommunikation" "Data og System" "Uddannelse"; do
		check "$size: column $area" grep -qF "$area" <<<"$scr"
	done
	check "$size: every package number and title" screen_has_all_packages "$scr"
	check "$size: today's date in the title line" grep -qF "2026-11-29" <<<"$scr"
	check "$size: key hints on the bottom line" grep -qF "?:help" <<<"$(status_line)"
	if [ "$size" = 80x24 ]; then
		if [ "${TAVLE_UPDATE_GOLDEN:-}" = 1 ]; then
			mkdir -p "$GOLDEN"
			printf '%s\n' "$scr" > "$GOLDEN/board-80x24.txt"
			ok "golden board-80x24.txt regenerated"
		else
			if diff -u "$GOLDEN/board-80x24.txt" <(printf '%s\n' "$scr") >"$WORK/golden.diff"; then
				ok "80x24 matches golden screen"
			else
				not_ok "80x24 matches golden screen (TAVLE_UPDATE_GOLDEN=1 regenerates)"
				diag_file "$WORK/golden.diff" "" 200
			fi
		fi
	fi
done

# Navigation: l moves focus right, Enter opens the detail, q goes back.
start 100 30
wait_for "Uddannelse"
send l
send Enter
check "Enter opens the package detail" wait_for "Baggrund"
scr=$(capture)
for sec in "Title" "Status" "Deadline" "Minimumskrav" "Proces og aktiviteter"; do
	check "detail shows $sec" grep -qF "$sec" <<<"$scr"
done
send j j j j j j j j j j j
check "detail scrolls to Forslag til involvering" wait_for "Forslag til involvering"
send j j
check "detail scrolls to the materials section" wait_for "Materiale og v"
send G
check "G reaches tasks and comments" wait_for "Comments"
send q
check "q goes back to the board" wait_gone "Forslag til involvering"
send '?'
check "? shows help from the request table" wait_for "set-deadline"
send G
check "help scrolls" wait_for "multi-line"
send Escape
check "Esc closes help" wait_gone "set-deadline"
send 2
check "2 opens the timeline" wait_for "Zoom: month"
send 1
check "1 returns to the board" wait_gone "Zoom: month"
send Tab Tab Tab BTab g G PageDown PageUp
check "Tab/BTab/g/G/PgUp/PgDn survive" wait_for "Uddannelse"

# Search: / selects the first match (reverse video) as you type; filter hides cards.
send /
send_text "Kontaktstruktur"
check "search prompt" wait_for "/Kontaktstruktur"
send Enter
# The selected card is a match (titles and sections are searched): reverse video and
# the match highlight on one line. n walks on to the card titled Kontaktstruktur.
sel_is_match() { capture_e | grep -E $'\x1b\\[([0-9;]*;)?7[;m]' | grep -qE '48;5;226|43m'; }
check "search hit is selected and highlighted" sel_is_match
send n
check "n moves to the next match" line_has_reverse "Kontaktstruktur"
send f
check "filter menu" wait_for "Overdue only"
send 3
check "filter by status I gang hides the cards" wait_for "(0 shown)"
send Escape
check "Esc clears search and filter" wait_for "Search and filter cleared"
check "cards back after clearing" wait_for "Kontaktstruktur"

# Mouse: a click on the second card of the second column selects it.
second_kom=$($PY -c '
import json, sys
pk = [p for p in json.load(open(sys.argv[1])) if p["area"] == "kom"]
print(pk[1]["title"] if len(pk) > 1 else "")' <(cli list --json))
if [ -n "$second_kom" ]; then
	send g
	send_text $'\e[<0;30;9M'
	send_text $'\e[<0;30;9m'
	send Enter
	check "mouse click selects the card (detail of \"$second_kom\")" wait_for "${second_kom:0:20}"
	send q
	wait_gone "Forslag til"
fi

# Narrow: fewer columns with markers, and the too-small screen.
tm resize-window -t "=$SESSION:" -x 50 -y 20
check "50 columns: hidden columns marked" wait_for "2 more"
tm resize-window -t "=$SESSION:" -x 30 -y 8
check "too small screen" wait_for "Terminal too small"
tm resize-window -t "=$SESSION:" -x 100 -y 30
check "back from too small" wait_for "Uddannelse"
send q
check "q on the board quits with status 0" wait_for "TAVLE-EXIT=0"
check "terminal restored (alternate screen off)" \
	test "$(tm display -p -t "=$SESSION:" '#{alternate_on}')" = 0

# Cost on the wire: a navigation key sends a few hundred bytes; an idle board (input
# timeout 500 ms, live-refresh polling) sends nothing. The idle check has to watch a
# quiet period, so it is the one place that waits a fixed time.
start 100 30
wait_for "Uddannelse"
tm pipe-pane -o -t "=$SESSION:" "cat >> $(printf '%q' "$WORK/wire")"
: > "$WORK/wire"
bytes_now() { wc -c < "$WORK/wire"; }
send j
wait_for_bytes() {
	local tries=40
	while [ "$(bytes_now)" -eq 0 ] && [ $tries -gt 0 ]; do sleep 0.05; tries=$((tries - 1)); done
}
wait_for_bytes
sleep 0.3
nav=$(bytes_now)
echo "# bytes for one navigation key: $nav"
check "navigation key costs under 1000 bytes ($nav)" test "$nav" -gt 0 -a "$nav" -lt 1000
: > "$WORK/wire"
sleep 1.5
idle=$(bytes_now)
check "idle board writes nothing ($idle bytes in 1.5 s)" test "$idle" -eq 0
send Q
wait_for "TAVLE-EXIT="

# SIGTERM: the board exits cleanly and restores the terminal.
start 100 30
wait_for "Uddannelse"
pane_pid=$(tm display -p -t "=$SESSION:" '#{pane_pid}')
tavle_pid=$(pgrep -P "$pane_pid" | head -n 1)
check "found the tavle process" test -n "$tavle_pid"
kill -TERM "$tavle_pid"
check "SIGTERM exits cleanly" wait_for "TAVLE-EXIT=0"
check "terminal restored after SIGTERM" \
	test "$(tm display -p -t "=$SESSION:" '#{alternate_on}')" = 0

finish
