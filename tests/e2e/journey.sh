#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# A Danish coordinator's day (issue 16, "done means"), the real binary in tmux under
# LANG=da_DK.UTF-8, once at 80x24 and once at 200x60, on a clock of Saturday
# 2026-12-05: the first run opens the default board; a new board for Aarhus Kommune
# whose programme started 1.6.2026 (typed the Danish way) shows what is overdue; a
# package is opened, a task added with a deadline typed "18. dec." and ticked, a
# comment written, a section edited in $EDITOR, status and owner changed (a typed
# name offered again by the owner menu); the package
# is moved to another area, undone and redone; the board is regrouped, searched and
# filtered; the timeline drawn; a meeting added with its end typed as a time alone;
# the calendar exported from the board (the file read back by python-icalendar when
# Debian's module is there); and the switcher goes back to the first board. Each
# step is checked twice: on the screen, and in the database through the CLI. After
# every step the screen must equal its own redraw (Ctrl-L), and no English word of a
# list may appear on any screen of the day.
. "$(dirname "$0")/lib.sh"

if ! locale -a 2>/dev/null | grep -qi '^da_DK\.utf-\?8$'; then
	skip_all "locale da_DK.UTF-8 missing (tools/dev.sh deps generates it)"
fi
LOCALEDIR=$(cd "$(dirname "$TAVLE")/../po" 2>/dev/null && pwd)
if [ ! -f "$LOCALEDIR/da/LC_MESSAGES/tavle.mo" ]; then
	skip_all "no translations built (msgfmt missing?)"
fi
unset TAVLE_LOCALEDIR
NOW=2026-12-05T09:00:00Z
ROOT=$WORK

# An editor that appends a line to the file it is given (sections edited in $EDITOR).
cat >"$ROOT/editor.sh" <<'EOF'
#!/bin/sh
printf '%s\n' "Tilføjet i editoren af Mette." >>"$1"
EOF
chmod +x "$ROOT/editor.sh"

# English words a Danish screen must not show (whole words, case-sensitive; the
# template's own Danish text never contains them).
ENGLISH='\b(Undone|redoes|Redone|Grouped|Updated|Saved|Added|Kept|their|board|package|task|meeting|todo|doing|done|blocked|owner|title|phase|overdue|late|days|Press|help|quit|Back|Cancel)\b'

STEP=0
# screen_ok NAME: the screen equals its redraw (Ctrl-L) and shows no English word.
screen_ok() {
	local name=$1 before after english
	STEP=$((STEP + 1))
	sleep 0.2
	before=$(capture)
	send C-l
	sleep 0.2
	after=$(capture)
	if [ "$before" = "$after" ]; then
		ok "$SIZE $STEP $name: the screen equals its redraw"
	else
		not_ok "$SIZE $STEP $name: the screen equals its redraw" \
			"$(diff <(echo "$before") <(echo "$after") | head -20)"
	fi
	english=$(grep -oP "$ENGLISH" <<<"$after" | sort -u | tr '\n' ' ')
	if [ -z "$english" ]; then
		ok "$SIZE $STEP $name: Danish only"
	else
		not_ok "$SIZE $STEP $name: Danish only" "English on screen: $english"
	fi
}

# select_line TEXT: press j until the selected line (▸) holds TEXT.
select_line() {
	local i
	for i in $(seq 1 60); do
		capture | grep -F '▸' | grep -qF -- "$1" && return 0
		send j
		sleep 0.05
	done
	echo "# never selected: $1" >&2
	return 1
}

# menu_pick TEXT: choose the open menu's entry holding TEXT by its number.
menu_pick() {
	wait_for "$1" || return 1
	local n
	n=$(capture | grep -P '[│x] +[0-9]+  ' | grep -F -- "$1" | head -1 |
		grep -oP '[│x] +\K[0-9]+(?=  )' | head -1)
	[ -n "$n" ] || { echo "# no number for menu entry $1" >&2; return 1; }
	send "$n"
}

# select_reverse TEXT: press j until the line holding TEXT is in reverse video (a
# list's selection).
select_reverse() {
	local i
	for i in $(seq 1 60); do
		line_has_reverse "$1" && return 0
		send j
		sleep 0.05
	done
	return 1
}

# wait_for_selected TEXT: the selected line (▸) holds TEXT.
wait_for_selected() {
	local i
	for i in $(seq 1 $((TIMEOUT * 20))); do
		capture | grep -F '▸' | grep -qF -- "$1" && return 0
		sleep 0.05
	done
	return 1
}

# The CLI on the day's board, in English/C for stable JSON.
j() { cli "$@" --json | $PY -c "import json,sys; d=json.load(sys.stdin); print($JQ)"; }

day() {
	local w=$1 h=$2
	SIZE="${w}x${h}"
	WORK=$ROOT/$SIZE
	mkdir -p "$WORK/home"
	local envs=(LC_ALL= LANGUAGE= LANG=da_DK.UTF-8 HOME="$WORK/home"
		XDG_DATA_HOME="$WORK/home/data" XDG_CONFIG_HOME="$WORK/home/config"
		EDITOR="$ROOT/editor.sh" VISUAL= TAVLE_USER=mette)
	# The first run: no database yet; tavle seeds the default board on its path.
	DB=
	start "$w" "$h" "${envs[@]}"
	check "$SIZE first run opens the default board" wait_for "Kommunikation"
	check "$SIZE and says where it made the database" wait_for "Oprettede"
	DB="$WORK/home/data/tavle/tavle.db"
	check "$SIZE the database is on the default path" test -f "$DB"
	screen_ok "first run"

	# A board for Aarhus Kommune, programme start typed the Danish way.
	send b
	check "$SIZE board switcher" wait_for "Myndighed"
	send n
	wait_for "Navn på ny tavle"
	send_text "Aarhus plan"
	send Enter
	wait_for "Myndighed:"
	send_text "Aarhus Kommune"
	send Enter
	check "$SIZE sector menu" wait_for "Kommune"
	send Enter
	wait_for "Programstart"
	send_text "1.6.2026"
	send Enter
	wait_for "Skabelonmappe"
	send Enter
	check "$SIZE new board created" wait_for "Oprettede tavlen Aarhus plan"
	screen_ok "new board"
	send Enter
	check "$SIZE switched to the new board" wait_for "Aarhus Kommune"
	check "$SIZE the board starts 2026-06-01" \
		test "$(JQ='[b["start"] for b in d if b["name"]=="Aarhus plan"][0]' j boards)" = 2026-06-01
	cli() { env TAVLE_NOW="$NOW" LC_ALL=C.UTF-8 "$TAVLE" --db "$DB" --board "Aarhus plan" "$@"; }

	# What is overdue: the agenda's count is on the board, package 1's card says !6.
	local late
	late=$(JQ='len(d["overdue"])' j agenda)
	check "$SIZE the agenda has overdue work" test "$late" -gt 20
	check "$SIZE package 1's card shows its six overdue tasks" wait_for "!6 0/6"
	screen_ok "overdue board"
	send 3
	check "$SIZE agenda lists the overdue" wait_for "Overskredet"
	screen_ok "agenda"
	# A task opened from the agenda is the selected line of its package.
	send g
	check "$SIZE agenda: a task of package 0" select_reverse "0.1  Udpeg"
	send Enter
	check "$SIZE the task is selected in its package" \
		wait_for_selected "Udpeg kommunikationsansvarlig"
	screen_ok "task from the agenda"
	send q
	send 1
	wait_for "Kommunikation"

	# Package 1: add a task, its deadline typed as tavle shows dates, tick it.
	send Enter
	check "$SIZE package opened" wait_for "Baggrund"
	send G
	send a
	wait_for "Ny opgave"
	send_text "Aftal møde med direktionen"
	send Enter
	check "$SIZE task added" wait_for "Opgave tilføjet"
	send D
	wait_for "Opgavens deadline"
	send_text "18. dec."
	send Enter
	JQ='[t["deadline"] for t in d["tasks"] if t["title"]=="Aftal møde med direktionen"][0]'
	check "$SIZE the task's deadline is 2026-12-18" test "$(j show 1)" = 2026-12-18
	check "$SIZE and shown the Danish way" wait_for "18. dec. 2026"
	send x
	JQ='[t["done"] for t in d["tasks"] if t["title"]=="Aftal møde med direktionen"][0]'
	check "$SIZE the task is ticked" test "$(j show 1)" = True
	screen_ok "task ticked"

	send c
	wait_for "Ctrl-D"
	send_text "Direktionen har sagt ja"
	send C-d
	check "$SIZE comment added" wait_for "Kommentar tilføjet"
	JQ='d["comments"][-1]["text"]'
	check "$SIZE the comment is stored" test "$(j show 1)" = "Direktionen har sagt ja"
	screen_ok "comment"

	# A section in $EDITOR.
	send g
	select_line "Baggrund"
	send E
	check "$SIZE the edited section is saved" wait_for "Tilføjet i editoren af Mette."
	JQ='"Tilføjet i editoren af Mette." in d["sections"]["background"]'
	check "$SIZE the section holds the editor's line" test "$(j show 1)" = True
	screen_ok "section edited"

	# Status from the menu.
	send g
	send s
	check "$SIZE status menu" wait_for "I gang"
	menu_pick "I gang"
	JQ='d["status"]'
	check "$SIZE status is doing" test "$(j show 1)" = doing
	screen_ok "status"

	# Owner: a new name typed through the menu's first entry, then offered by the menu.
	send o
	check "$SIZE owner menu" wait_for "Skriv et navn"
	menu_pick "Skriv et navn"
	send_text "Mette Holm"
	send Enter
	JQ='d["owner"]'
	check "$SIZE the owner is Mette Holm" test "$(j show 1)" = "Mette Holm"
	screen_ok "owner"
	send o
	check "$SIZE the typed name is offered next time" wait_for "Mette Holm"
	send Escape
	send q
	check "$SIZE back on the board" wait_for "Kommunikation"

	# Move the package to Kommunikation, undo, redo.
	send m
	check "$SIZE area menu" wait_for "Uddannelse og Support"
	menu_pick " Kommunikation"
	JQ='d["area"]'
	check "$SIZE package 1 moved to kom" test "$(j show 1)" = kom
	screen_ok "moved"
	send u
	check "$SIZE undo moves it back" test "$(j show 1)" = org
	screen_ok "undone"
	send C-r
	check "$SIZE redo moves it again" test "$(j show 1)" = kom
	screen_ok "redone"

	# Regroup by status, search, filter overdue.
	send v
	check "$SIZE grouped by status" wait_for "Ikke startet"
	screen_ok "grouped"
	send v
	send v
	wait_for "Kommunikation"
	send /
	send_text "leverandør"
	send Enter
	check "$SIZE search found" wait_for "6 "
	screen_ok "search"
	send Escape
	send f
	check "$SIZE filter menu" wait_for "Kun overskredne"
	screen_ok "filter menu"
	check "$SIZE filter: only overdue" menu_pick "Kun overskredne"
	# Package 2 is due in 13 days with 4 overdue tasks: overdue work, so shown;
	# package 9 (nothing overdue) is not.
	check "$SIZE the filter keeps a package with overdue tasks" wait_for "Ledelsesbeslutn"
	check "$SIZE and hides one with nothing overdue" wait_gone "9 Lokal"
	screen_ok "filtered"
	send Escape
	check "$SIZE Esc clears the filter" wait_for "9 Lokal"
	screen_ok "filter cleared"

	# Timeline.
	send 2
	check "$SIZE timeline" wait_for "Opstart"
	screen_ok "timeline"

	# A meeting with its end typed as a time alone.
	send 4
	check "$SIZE meetings" wait_for "Infomøde"
	send a
	wait_for "Titel"
	send_text "Styregruppemøde"
	send Enter
	wait_for "Start"
	send C-u
	send_text "18.12.2026 10:00"
	send Enter
	wait_for "Slut"
	send C-u
	send_text "11:30"
	send Enter
	send Enter
	JQ='[(m["start"], m["end"]) for m in d if m["title"]=="Styregruppemøde"]'
	check "$SIZE meeting stored 10:00-11:30 on 18 Dec" \
		grep -q "2026-12-18 10:00.*2026-12-18 11:30" <<<"$(j meetings)"
	screen_ok "meeting"

	# The calendar from the board (X): the prefilled path, written, read back.
	send 1
	wait_for "Kommunikation"
	send X
	check "$SIZE export prompt" wait_for "tavle-Aarhus-plan.ics"
	send Enter
	check "$SIZE calendar written" wait_for "Kalenderen er skrevet til"
	local ics="$WORK/home/tavle-Aarhus-plan.ics"
	check "$SIZE the calendar file is there" test -s "$ics"
	if [ -s "$ics" ] && $PY -c 'import icalendar' 2>/dev/null; then
		check "$SIZE python-icalendar reads it, with the new meeting" $PY -c '
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
assert any(str(e.get("summary")) == "Styregruppemøde" for e in cal.walk("VEVENT"))' "$ics"
	fi
	screen_ok "calendar exported"

	# Back to the first board through the switcher.
	send b
	wait_for "Aarhus plan"
	send G
	send Enter
	check "$SIZE switched back" wait_for "sæt tavlen op"
	screen_ok "switched"
	send q
	check "$SIZE quits" wait_for "TAVLE-EXIT=0"
	cli() { env TAVLE_NOW="$NOW" LC_ALL=C.UTF-8 "$TAVLE" --db "$DB" "$@"; }
}

day 80 24
day 200 60
WORK=$ROOT
finish
