#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The redraw property: after any sequence of keys the screen is exactly what a full
# redraw (Ctrl-L) draws, so no cell of an earlier view, prompt, menu or message is left
# behind. Random walks with fixed seeds (a failure is reproducible) over the views
# (1..6, p, ?, b, L, Enter, Esc back), prompts and menus (opened, then cancelled with
# Esc) and navigation (j/k/h/l, PgDn), at 80x24 and 200x60, in English and (when the
# locale exists) in Danish. At every step the screen with attributes (tmux
# capture-pane -e) is compared before and after Ctrl-L; a mismatch prints the seed, the
# step, the keys so far and the diff. Each key is synchronised on tavle's output (the
# pane is piped to a file): a step waits until tavle has written and gone quiet, and
# Ctrl-L, which always repaints, must show up in that output. The walk runs in one
# Python process (tests/e2e/redraw_walk.py) so polling costs no fork; a few hundred
# steps in all. REDRAW_STEPS sets the steps per walk.
. "$(dirname "$0")/lib.sh"

STEPS=${REDRAW_STEPS:-50}
OUT="$WORK/pane.out"
WALKER="$(cd "$(dirname "$0")" && pwd)/redraw_walk.py"

make_db
# Data every view shows: owners with initials (Danish letters), an overdue package, a
# meeting, a decision.
cli set 1 owner "Karen Hansen" >/dev/null
cli set 2 owner "Mette Holm Østergaard" >/dev/null
cli set 1 deadline 2026-11-20 >/dev/null
cli add meeting --title "Leverandørmøde om snitflader" --start "2026-12-03 13:00" \
	--end "2026-12-03 14:30" --kind supplier --place "Rådhuset, mødelokale 2" >/dev/null
cli add decision --title "Godkend tidsplanen for Ærø" --area org --owner "Mette Ærø" \
	--due 2026-11-20 >/dev/null

# walk SEED W H LABEL [VAR=value...]: one random walk on a fresh tavle.
walk() {
	local seed=$1 w=$2 h=$3 label=$4
	shift 4
	start "$w" "$h" "$@"
	: >"$OUT"
	tm pipe-pane -o -t "=$SESSION:" "cat >> $(printf '%q' "$OUT")"
	if ! wait_for "[U]"; then
		not_ok "$label: board drawn"
		return
	fi
	if $PY "$WALKER" "$SOCK" "$SESSION" "$OUT" "$seed" "$STEPS" >"$WORK/walk.log" 2>&1; then
		ok "$label seed $seed: $STEPS steps, every screen equals a full redraw"
	else
		not_ok "$label seed $seed: every screen equals a full redraw"
		diag_file "$WORK/walk.log" "" 200
	fi
}

walk 11 80 24 "80x24 en" LC_ALL= LANG=en_US.UTF-8
walk 12 200 60 "200x60 en" LC_ALL= LANG=en_US.UTF-8
if locale -a 2>/dev/null | grep -qi '^da_DK\.utf-\?8$'; then
	walk 13 80 24 "80x24 da" LC_ALL= LANG=da_DK.UTF-8
	walk 14 200 60 "200x60 da" LC_ALL= LANG=da_DK.UTF-8
else
	skip "Danish walks" "locale da_DK.UTF-8 missing"
fi

finish
