#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Re-planning from the board (issue 18), in Danish at 80x24: setting the board's start
# (switcher b, e, Start) or a phase's start (timeline, e on the phase, Start) first
# shows the preview the CLI's --dry-run prints (the count of dates that move, the
# first and last change) in a box that fits the screen and asks; n writes nothing
# (every date in the database as before, the cards too), j moves the dates (the card
# shows the new deadline) and one u takes the whole re-planning back. With no date
# following the template (offsets cleared) there is no question: the start is saved.
# After each step the screen equals its redraw.
. "$(dirname "$0")/lib.sh"

SIZE=80x24
same_after_redraw() {
	local before after
	sleep 0.2
	before=$(capture)
	send C-l
	sleep 0.2
	after=$(capture)
	if [ "$before" = "$after" ]; then ok "$1: the screen equals its redraw"; else
		not_ok "$1: the screen equals its redraw" \
			"$(diff <(echo "$before") <(echo "$after") | head -10)"
	fi
}

# Every date of the database (DB, or the file $1) with its template offset, a line each.
dates() {
	$PY - "${1:-$DB}" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print("board", *db.execute("select start_date from boards").fetchone())
for t, cols in [("packages", "deadline, deadline_offset"), ("tasks", "deadline, deadline_offset"),
        ("phases", "start_date, start_offset, end_date, end_offset"),
        ("meetings", "start_at, start_offset, end_at, end_offset"),
        ("decisions", "due, due_offset")]:
    for r in db.execute(f"select id, {cols} from {t} order by id"):
        print(t, *r)
PYEOF
}
# wait_dates FILE: poll until the database's dates equal FILE's.
wait_dates() {
	local tries=$((TIMEOUT * 20))
	while [ "$tries" -gt 0 ]; do
		[ "$(dates)" = "$(cat "$1")" ] && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	diff <(dates) "$1" | head -5 >&2
	return 1
}
# The count of dates the CLI's --dry-run says would move: "moves N dates".
cli_moves() { cli set "$@" --dry-run | sed -n 's/.* moves \([0-9]*\) date.*/\1/p'; }
# Does every line of the screen fit 80 columns (the box included)?
fits() { capture | $PY -c 'import sys; sys.exit(any(len(l.rstrip("\n")) > 80 for l in sys.stdin))'; }

make_db
dates >"$WORK/before"
cp "$DB" "$WORK/cli.db"
start 80 24 LC_ALL=da_DK.UTF-8
check "board drawn" wait_for "[O]"
check "package 1's card: due 29 December" wait_for "[ ] 29. dec."

# ---- the board's start, from the switcher ----
n_board=$(cli_moves board 1 start 2027-01-04)
check "the CLI's dry run moves dates ($n_board)" [ "${n_board:-0}" -gt 50 ]
ask_board_start() {
	send b
	wait_for "indstillinger" && send e
	wait_for "Ret tavle: hvilket felt?" && send 4
	wait_for "Start (18.12.2026" && send_text "4.1.2027"
	send Enter
}
ask_board_start
check "the preview before the write" wait_for "Omplanlægning"
check "... the count, as the CLI's dry run" wait_for "flytter $n_board datoer"
check "... the first change" wait_for "første ændring:"
check "... the last change" wait_for "sidste ændring:"
check "... the question, in Danish" wait_for "Flyt disse datoer? Ét u fortryder det hele. (j/n)"
check "... the box fits 80x24" fits
check "nothing is written while it asks" [ "$(dates)" = "$(cat "$WORK/before")" ]
same_after_redraw "board preview"
send n
check "n: not re-planned, said in Danish" wait_for "Ikke omplanlagt: intet ændret"
check "n: every date as before" wait_dates "$WORK/before"
send q
check "n: the card's date as before" wait_for "[ ] 29. dec."

ask_board_start
check "again: the preview" wait_for "flytter $n_board datoer"
send j
check "j: saved" wait_for "Gemt"
check "j: the board starts on 4 January 2027" [ "$(dates | sed -n 1p)" = "board 2027-01-04" ]
check "j: package 1 due 3 February 2027" wait_json 1 'p["deadline"]' 2027-02-03
env TAVLE_NOW="$NOW" LC_ALL=C.UTF-8 "$TAVLE" --db "$WORK/cli.db" set board 1 start 2027-01-04 >/dev/null
check "j: every date where the CLI's set moves it" [ "$(dates)" = "$(dates "$WORK/cli.db")" ]
send q
check "j: the card shows the new deadline" wait_for "[ ] 3. feb. 27"
same_after_redraw "re-planned board"
send u
check "one u: every date back" wait_dates "$WORK/before"
check "one u: the card's date back" wait_for "[ ] 29. dec."

# ---- a phase's start, from the timeline ----
n_phase=$(cli_moves phase 1 start 2026-12-14)
check "the CLI's dry run for phase 1 moves dates ($n_phase)" [ "${n_phase:-0}" -gt 0 ]
ask_phase_start() {
	send 2
	wait_for "Zoom:" && send e
	wait_for "Ret fase: hvilket felt?" && send 2
	wait_for "Start (18.12.2026" && send_text "14.12.2026"
	send Enter
}
ask_phase_start
check "phase: the preview" wait_for "flytter $n_phase datoer"
check "phase: the box fits 80x24" fits
send n
check "phase, n: not re-planned" wait_for "Ikke omplanlagt: intet ændret"
check "phase, n: every date as before" wait_dates "$WORK/before"
ask_phase_start
check "phase, again: the preview" wait_for "flytter $n_phase datoer"
send j
check "phase, j: saved" wait_for "Gemt"
check "phase, j: package 1 due later" wait_json 1 'p["deadline"]' 2027-01-12
send u
check "phase, one u: every date back" wait_dates "$WORK/before"

# ---- nothing follows the template: no question ----
$PY - "$DB" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for t, c in [("packages", "deadline_offset"), ("tasks", "deadline_offset"),
        ("phases", "start_offset"), ("phases", "end_offset"), ("meetings", "start_offset"),
        ("meetings", "end_offset"), ("decisions", "due_offset")]:
    db.execute(f"update {t} set {c} = null")
db.commit()
PYEOF
dates >"$WORK/handset"
ask_board_start
check "no template dates: saved at once" wait_for "Gemt"
check "... no question was asked" wait_gone "Omplanlægning" 1
check "... the start moved" [ "$(dates | sed -n 1p)" = "board 2027-01-04" ]
check "... no other date did" [ "$(dates | tail -n +2)" = "$(tail -n +2 "$WORK/handset")" ]
finish
