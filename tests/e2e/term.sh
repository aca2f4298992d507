#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The terminal type: an unknown $TERM, one that cannot move the cursor (dumb) and an
# empty one each get one clear line and exit status 2 before the database is opened
# (an existing file stays byte for byte the same, a missing one is not created); a
# vt100 shows the board with the selection as the selected card's title row in reverse
# video (and only that row), which moves with j, also without colour at 80x24.
. "$(dirname "$0")/lib.sh"

make_db
SUM=$(db_sum)

term_case() { # term_case LABEL TERM-VALUE EXPECTED-MESSAGE
	local label=$1 value=$2 msg=$3
	start 100 30 "TERM=$value"
	check "$label: exits with status 2" wait_for "TAVLE-EXIT=2"
	check "$label: says why" wait_for "$msg"
	check "$label: not ncurses' own message" bash -c '! grep -q "Error opening terminal" <<<"$1"' _ "$(capture)"
	check "$label: the database is untouched" test "$(db_sum)" = "$SUM"
}
term_case "unknown TERM" "no-such-term" \
	"tavle: unknown terminal type 'no-such-term' (set TERM, e.g. TERM=xterm-256color)"
term_case "TERM=dumb" "dumb" \
	"tavle: terminal type 'dumb' cannot move the cursor (set TERM, e.g. TERM=xterm-256color)"
term_case "empty TERM" "" "tavle: TERM is not set (set TERM, e.g. TERM=xterm-256color)"

# No database yet: an unknown TERM must not create one.
SAVED_DB=$DB
DB=$WORK/new.db
start 100 30 "TERM=no-such-term"
check "unknown TERM, no database yet: exit 2" wait_for "TAVLE-EXIT=2"
check "unknown TERM, no database yet: none created" test ! -e "$DB"
DB=$SAVED_DB

# wait_for_reverse TEXT: poll until the line holding TEXT shows reverse video.
wait_for_reverse() {
	local tries=$((TIMEOUT * 20))
	while [ "$tries" -gt 0 ]; do
		line_has_reverse "$1" && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}
# Rows of the board body (below the title bar, above the status line) in reverse video.
reverse_rows() {
	capture_e | sed '1d;$d' | grep -cE $'\x1b\\[([0-9;]*;)?7[;m]'
}
for spec in "100 30 TERM=vt100" "80 24 TERM=vt100" "80 24 NO_COLOR=1"; do
	set -- $spec
	start "$1" "$2" "$3"
	label="$3 $1x$2"
	check "$label: board drawn" wait_for "[U] 8"
	check "$label: selected card's title in reverse video" line_has_reverse "[O] 1 "
	check "$label: only that row is reversed" test "$(reverse_rows)" = 1
	send j
	check "$label: j moves the selection" wait_for_reverse "[O] 2 "
	check "$label: the old card is plain again" bash -c '! grep -F "[O] 1 " <<<"$1" | grep -qE $'"'"'\x1b\\[([0-9;]*;)?7[;m]'"'"'' _ "$(capture_e)"
	check "$label: still one reversed row" test "$(reverse_rows)" = 1
	send q
	check "$label: exit 0" wait_for "TAVLE-EXIT=0"
done
finish
