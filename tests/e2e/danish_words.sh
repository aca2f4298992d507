#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Danish all the way (issue 16, item 7): under LANG=da_DK.UTF-8 every word a person
# reads is Danish. The real binary in tmux at 80x24 and 200x60 visits the board, each
# grouping, the status, owner and area menus, a status change with undo and redo, the
# detail and history views, a colleague's change and an edit conflict (keep theirs),
# the timeline, agenda, meetings, decisions, people, portfolio (with its authority
# list), boards and help; then the command line's human output (set, log, show,
# agenda, list, portfolio, meetings, decisions) and the spreadsheet exports for
# people (export csv --excel, export xlsx read back with openpyxl or unzip). Each is
# checked against a list of English words, matched as whole words. Words that are
# also Danish ("status", "info", "deadline", "start") are not on the list; the
# template's own text (package sections) is left out of the CLI's `show` by using a
# package whose text has none of the words. Plain CSV and JSON keep English keys and
# are not checked here (tests/cli/sheet.sh pins them).
. "$(dirname "$0")/lib.sh"

LOCALEDIR=$(cd "$(dirname "$TAVLE")/../po" 2>/dev/null && pwd)
if [ ! -f "$LOCALEDIR/da/LC_MESSAGES/tavle.mo" ]; then
	skip_all "no translations built (msgfmt missing?)"
fi
if ! locale -a 2>/dev/null | grep -qi '^da_DK\.utf-\?8$'; then
	skip_all "locale da_DK.UTF-8 missing (tools/dev.sh deps generates it)"
fi
unset TAVLE_LOCALEDIR

WORDS='Undone|Redone|redoes|Grouped|Updated|Kept|their|theirs|mine|phase|Phase|title|Title|owner|Owner|board|Board|todo|doing|done|Done|Doing|Blocked|To do|open|Open|package|Package|packages|task|Task|tasks|Tasks|meeting|Meeting|meetings|kind|Kind|area|Area|authority|Authority|set|responsible|Responsible|decision|Decided|supplier|minimum|Notes|Number|Name|changed|someone|add|remove|yes|no|help'

# english WHAT TEXT: not ok, naming the words, when TEXT has one of the English words.
english() {
	local what=$1 text=$2 found
	found=$(printf '%s\n' "$text" | grep -oP "(?<![\\p{L}\\p{N}_])(?:$WORDS)(?![\\p{L}\\p{N}_])" |
		sort | uniq -c | tr -s ' \n' ' ')
	if [ -z "$found" ]; then
		ok "$what: Danish"
	else
		not_ok "$what: English words:$found"
		printf '%s\n' "$text" | grep -nP "(?<![\\p{L}\\p{N}_])(?:$WORDS)(?![\\p{L}\\p{N}_])" |
			head -n 8 | sed 's/^/#   | /'
	fi
}
# The help screen's command names ("set-status") are the configuration file's words,
# as `tavle config dump` writes them, not prose: left out.
COMMANDS=$(cli config dump 2>/dev/null | awk '$1 == "bind" { print $4 }' | sort -u |
	paste -sd'|')
screen() {
	local text
	text=$(capture)
	case $1 in *help) text=$(printf '%s\n' "$text" | sed -E "s/(^|[[:space:]])($COMMANDS)([[:space:]]|$)/\1\3/g") ;; esac
	english "$1" "$text"
}
# step KEYS... -- TEXT WHAT: send the keys, wait for TEXT, check the screen.
step() {
	local keys=()
	while [ "$1" != -- ]; do keys+=("$1"); shift; done
	shift
	[ ${#keys[@]} -gt 0 ] && send "${keys[@]}"
	if wait_for "$1"; then screen "$2"; else not_ok "$2: '$1' never appeared"; fi
}

make_db
dacli() { env TAVLE_NOW="$NOW" LC_ALL= LANGUAGE= LANG=da_DK.UTF-8 TAVLE_USER="Anne Berg" \
	"$TAVLE" --db "$DB" "$@"; }
# A second board so the portfolio has authorities, one of them late on package 1.
cli init --name "Aarhus" --authority "Aarhus Kommune" >/dev/null 2>&1
cli --board 1 set 1 deadline 2026-11-01 >/dev/null 2>&1

for size in "80 24" "200 60"; do
	set -- $size
	W=$1 H=$2
	# Package 1 not started, so that j in the status menu is "I gang" at each size
	# (Blokeret would ask why).
	cli --board 1 set 1 status todo >/dev/null 2>&1
	start "$W" "$H" LC_ALL= LANGUAGE= LANG=da_DK.UTF-8 "TAVLE_USER=Anne Berg"
	step -- "færdige" "$W: board"
	step v -- "Grupperet efter" "$W: grouped by status"
	step v -- "Grupperet efter" "$W: grouped by phase"
	send v
	wait_for "Uddannelse"
	send Home
	step s -- "Ikke startet" "$W: status menu"
	step j Enter -- "Gemt" "$W: status changed"
	step u -- "Fortrudt" "$W: undone"
	step C-r -- "Gentaget" "$W: redone"
	step o -- "Ansvarlig" "$W: owner menu"
	send Escape
	step m -- "Kommunikation" "$W: area menu"
	send Escape
	step Enter -- "Baggrund" "$W: detail"
	step L -- "historik" "$W: history"
	send q
	wait_for "Baggrund"
	send q
	wait_for "færdige"
	# A colleague's change arrives on the status line.
	cli set 2 owner "Kollega $W" >/dev/null
	step -- "Opdateret af" "$W: a colleague's change"
	# An edit conflict: keep theirs.
	send e
	if wait_for "Titel:"; then
		cli set 1 title "Kollegaens titel $W" >/dev/null
		send C-u
		send_text "Min titel"
		send Enter
		step -- "blev ændret af" "$W: conflict question"
		send Escape
		step -- "deres" "$W: kept theirs"
	else
		not_ok "$W: title prompt"
	fi
	step 2 -- "Opstart" "$W: timeline"
	step T -- "Opgaver" "$W: timeline tasks toggled"
	step T -- "Opgaver" "$W: timeline tasks toggled back"
	step 3 -- "Uge" "$W: agenda"
	step 4 -- "Infomøde" "$W: meetings"
	step Enter -- "Infomøde" "$W: a meeting"
	send Escape
	step 5 -- "Direktionen" "$W: decisions"
	step Enter -- "Direktionen" "$W: a decision"
	send Escape
	step p -- "Kontaktperson" "$W: people"
	step 6 -- "Pakke" "$W: portfolio"
	step v -- "Kolonner: faser" "$W: portfolio by phase"
	step v -- "Kolonner: status" "$W: portfolio by status"
	# Package 1, late on this board: its authority list.
	send j
	step Tab -- "Min myndighed" "$W: portfolio authorities"
	step b -- "tavler" "$W: boards"
	# Help opens at the current view's keys (the switcher's here).
	step '?' -- "Skift til tavlen" "$W: help"
	send Q
	wait_for "TAVLE-EXIT=0"
done

# ---- the command line's human output and the exports for people ----
TAP_ON_FAIL=
english "add comment" "$(dacli add comment 3 'En kommentar' 2>&1)"
english "remove comment" "$(dacli rm comment 1 2>&1)"
# A package whose own text has none of the words: its template text is not tavle's.
english "set status" "$(dacli set 3 status doing 2>&1)"
english "set title" "$(dacli set 3 title 'Ny titel' 2>&1)"
english "set owner" "$(dacli set 3 owner 'Mette Holm' 2>&1)"
english "set board start" "$(dacli set board 1 start 2026-06-01 2>&1)"
english "set task done" "$(dacli set task 13 done yes 2>&1)"
english "set meeting kind" "$(dacli set meeting 1 kind webinar 2>&1)"
english "set decision status" "$(dacli set decision 1 status decided 2>&1)"
english "log" "$(dacli log 2>&1)"
english "log of a package" "$(dacli log 3 2>&1)"
english "show" "$(dacli show 3 2>&1 | sed -n '1,/^Baggrund/p;/^Opgaver/,$p')"
english "agenda" "$(dacli agenda 2>&1)"
english "list" "$(dacli list 2>&1)"
english "portfolio" "$(dacli portfolio 2>&1)"
english "meetings" "$(dacli meetings 2>&1)"
english "decisions" "$(dacli decisions 2>&1)"
english "boards" "$(dacli boards 2>&1)"
# The Excel CSV: header, kinds and values (not the titles, which are the template's).
csv=$(dacli export csv --excel 2>&1 | $PY -c '
import csv, io, sys
rows = list(csv.reader(io.StringIO(sys.stdin.read().lstrip("\ufeff")), delimiter=";"))
print(" ".join(rows[0]))
for r in rows[1:]:
    print(" ".join(c for i, c in enumerate(r) if i not in (4, 6, 7, 13, 14, 15)))
' 2>&1) && english "export csv --excel" "$csv" || not_ok "export csv --excel read back: $csv"
if dacli export xlsx -o "$WORK/b.xlsx" >/dev/null 2>&1; then
	if $PY -c 'import openpyxl' 2>/dev/null; then
		xl=$($PY - "$WORK/b.xlsx" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    print(ws.title)
    head = [c.value for c in ws[1]]
    print(" ".join(str(h) for h in head))
    # Every cell but free text from the template or the user.
    skip = {"Titel", "Tekst", "Noter", "Sted", "Navn", "Begrundelse", "Ansvarlig",
            "Region", "Link"}
    for row in ws.iter_rows(min_row=2, values_only=True):
        print(" ".join(str(v) for h, v in zip(head, row) if v is not None and h not in skip))
PYEOF
) || xl="not read back: $xl"
	else
		xl=$(cd "$WORK" && unzip -p b.xlsx xl/workbook.xml xl/sharedStrings.xml 2>&1 |
			sed 's/<[^>]*>/ /g')
	fi
	english "export xlsx" "$xl"
else
	not_ok "export xlsx"
fi
finish
