#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Prompts that keep what you typed (issue 16 #1, #2) and lists laid out from what they
# show (#5), in English and Danish at 80x24 and 200x60:
# - the owner prompt's prefilled value is selected: typing replaces it; its text ends
#   in a blank before the value;
# - the new-board flow: a refused template directory keeps its prompt; a start date
#   the template's dates cannot follow (9999) returns to the start-date field with the
#   name and authority kept, and the board is made from the corrected answers;
# - the board-delete question stays open (with the reason) on a name that does not
#   match, so what is typed next goes into it, never to the view as commands;
# - the new meeting: Esc in the flow adds nothing; an empty title and an end before
#   the start are refused in their prompts, and the meeting is added with every other
#   answer kept;
# - a person's e-mail the store refuses keeps the field's prompt, corrected there;
# - a new phase whose end comes before its start is refused in the end's prompt;
# - a long prompt (Danish, 80 columns) is shortened with "…" before the value; whole
#   prompts end in a blank before it;
# - the meetings, decisions and people lists: each column starts at one x on every
#   row, and the widest text of a column is followed by exactly the two-blank gap.
# The clock is Sunday 2026-11-29 (lib.sh).
. "$(dirname "$0")/lib.sh"

LOC=$(cd "$(dirname "$TAVLE")/../po" 2>/dev/null && pwd)
have_da=false
if locale -a 2>/dev/null | grep -qi '^da_DK\.utf-\?8$' &&
	[ -f "$LOC/da/LC_MESSAGES/tavle.mo" ]; then
	have_da=true
fi

# Does the bottom line show TEXT in reverse video (selected)?
status_reverse() {
	local tries=$((TIMEOUT * 20))
	while [ $tries -gt 0 ]; do
		capture_e | tail -n 1 |
			grep -qE $'\x1b\\[([0-9;]*;)?7(;[0-9;]*)?m(\x1b\\[[0-9;]*m)*'"$1" && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}

# wait_status_re REGEX: poll until the status line matches the extended regex.
wait_status_re() {
	local tries=$((TIMEOUT * 20))
	while [ $tries -gt 0 ]; do
		status_line | grep -qE -- "$1" && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "# status line: [$(status_line)] does not match [$1]" >&2
	return 1
}

# wait_cli EXPECTED PYTHON ARGS...: poll `tavle ARGS --json` until the Python code
# over `d` (the parsed JSON) prints EXPECTED.
wait_cli() {
	local want=$1 code=$2 got= tries=$((TIMEOUT * 20))
	shift 2
	while [ $tries -gt 0 ]; do
		got=$(cli "$@" --json 2>/dev/null | $PY -c "import json,sys; d=json.load(sys.stdin); $code" 2>/dev/null)
		[ "$got" = "$want" ] && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "# got [$got], want [$want]" >&2
	return 1
}

# columns_ok FIRST LAST MINCELLS: the screen rows FIRST..LAST (1-based) of a list, cut
# into cells at runs of two or more blanks: every row has at least MINCELLS cells
# (with the leading blank/tag cell ignored); each cell starts at the same column on
# every row; and the gap after the widest cell of each column but the last is two.
columns_ok() {
	capture | $PY -c '
import sys, re
first, last, mincells = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
lines = sys.stdin.read().split("\n")[first - 1:last]
rows = []
for ln in lines:
    ln = ln.rstrip().rstrip("\u25b2\u25bc").rstrip()
    if not ln.strip():
        continue
    # the area tag or overdue mark is part of the first cell; cells at 2+ blanks
    cells = [(m.start(), m.end()) for m in re.finditer(r"\S+(?: \S+)*", ln)]
    rows.append(cells)
if not rows:
    print("no rows"); sys.exit(1)
n = min(len(r) for r in rows)
if n < mincells:
    print("a row has %d cells, fewer than %d: %s" % (n, mincells, rows)); sys.exit(1)
# columns counted from the right end of the fixed ones: the last cell takes the rest
for c in range(1, mincells):
    starts = {r[c][0] for r in rows}
    if len(starts) != 1:
        print("column %d starts at %s" % (c, sorted(starts))); sys.exit(1)
    gap = min(r[c][0] - r[c - 1][1] for r in rows)
    if gap != 2:
        print("the gap before column %d is %d at the narrowest" % (c, gap)); sys.exit(1)
' "$@"
}

# The rows of a list view: from the line under the title to the line above the pane.
list_last_row() {
	capture | awk -v pat="$1" 'index($0, pat) { print NR - 1; exit }'
}

run() {
	local lang=$1 w=$2 h=$3
	shift 3
	local tag="$lang ${w}x$h"
	make_db
	start "$w" "$h" "$@"
	wait_for "Uddannelse"

	# ---- the owner prompt: prefilled, selected, replaced by typing ----
	send o
	if wait_for "Kontaktperson (SPOC)" 3; then
		# the board's people first, then "type a name" as the last item
		local nr
		nr=$(capture | grep -oE '[0-9] +(Type a name|Skriv et navn)' | head -n 1 | cut -c1)
		send "${nr:-7}"
	fi
	check "$tag: the owner prompt shows the owner selected" status_reverse "Kontaktperson"
	check "$tag: a blank between the prompt and the value" wait_status_re '^[^ ]+: Kontaktperson'
	send_text "Mette Holm"
	send Enter
	check "$tag: typing replaces the prefilled owner" wait_json 1 'p["owner"]' "Mette Holm"

	# ---- the new-board flow ----
	send b
	wait_for "$T_BOARDS"
	send n
	wait_for "$T_NEWNAME"
	send_text "Ærø test"
	send Enter
	wait_for "$T_AUTH"
	send_text "Ærø Kommune"
	send Enter
	wait_for "$T_SECTOR"
	send 1
	wait_for "$T_START"
	send_text "9999-12-01"
	send Enter
	wait_for "$T_DIR"
	send_text "no-such-dir"
	send Enter
	check "$tag: a bad template directory keeps its prompt with the reason" \
		wait_status_re "no-such-dir.* no-such-dir *$"
	send C-u
	send Enter
	check "$tag: a start the template cannot follow returns to the start date" \
		wait_status_re "$T_START_REFUSED.* 9999-12-01 *$"
	send C-u
	send_text "2026-06-01"
	send Enter
	wait_for "$T_DIR"
	send Enter
	check "$tag: the board is made with the name and authority kept" \
		wait_cli "Ærø Kommune 2026-06-01" \
		'print(" ".join(b["authority"] + " " + b["start"] for b in d if b["name"] == "Ærø test"))' boards

	# ---- renaming to another board's name is refused in the prompt ----
	send G   # the new board is last
	send r
	wait_for "$T_RENAME"
	send_text "Næste generation Digital Post"
	send Enter
	check "$tag: renaming to a taken name keeps the prompt with the reason" \
		wait_status_re "$T_TAKEN"
	send Escape
	# Each Esc is awaited on the screen before the next key: a key that follows it
	# within ncurses' ESCDELAY (a loaded machine delays both) is read as Alt-key.
	wait_gone "$T_RENAME"
	check "$tag: Esc keeps the old name" \
		wait_cli "1" 'print(sum(1 for b in d if b["name"] == "Ærø test"))' boards

	# ---- deleting a board: a wrong name keeps the question ----
	send G
	send d
	wait_for "$T_TYPENAME"
	send_text "Æro test"
	send Enter
	check "$tag: a wrong name keeps the delete question open with the reason" \
		wait_status_re "$T_NOMATCH.* Æro test *$"
	send_text "q4n"   # would quit, open the meetings and make a board as commands
	check "$tag: what is typed next goes into the prompt" wait_status_re " Æro testq4n *$"
	send C-u
	send_text "Ærø test"
	send Enter
	check "$tag: the right name deletes the board" \
		wait_cli "0" 'print(sum(1 for b in d if b["name"] == "Ærø test"))' boards
	send 1
	wait_for "Uddannelse"

	# ---- a new meeting: refused answers keep the others; Esc cancels it all ----
	send 4
	wait_for "$T_MEETINGS"
	local before
	before=$(cli meetings --json | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))')
	send a
	wait_for "$T_MTITLE"
	send_text "Aflyst møde"
	send Enter
	wait_for "$T_MSTART"
	send Escape
	check "$tag: Esc in the new meeting's flow cancels all of it" wait_for "$T_NOMEETING"
	check "$tag: and adds nothing" \
		wait_cli "$before" 'print(len(d))' meetings
	send a
	wait_for "$T_MTITLE"
	send Enter
	check "$tag: an empty meeting title is refused in its prompt" wait_for "$T_EMPTY"
	send_text "Infomøde i Tønder"
	send Enter
	wait_for "$T_MSTART"
	send_text "18.12.2026 9:30"
	send Enter
	wait_for "$T_MEND"
	send_text "9:00"
	send Enter
	check "$tag: an end before the start is refused in its prompt" \
		wait_status_re "$T_BEFORE.* 9:00 *$"
	send C-u
	send_text "11:30"
	send Enter
	wait_for "$T_KIND"
	send 1
	check "$tag: the meeting is added with every answer kept" \
		wait_cli "2026-12-18 09:30/2026-12-18 11:30" \
		'print(" ".join(m["start"] + "/" + m["end"] for m in d if m["title"] == "Infomøde i Tønder"))' meetings

	# ---- the lists' columns ----
	local last
	last=$(list_last_row "$T_MEETING_PANE")
	check "$tag: meetings columns aligned, none wider than its text" columns_ok 2 "$last" 3
	send 5
	wait_for "$T_DECISIONS"
	last=$(list_last_row "$T_DECISION_PANE")
	check "$tag: decisions columns aligned, none wider than its text" columns_ok 2 "$last" 3
	# a long prompt (Danish at 80 columns) is shortened, with "…", before the value
	send e
	wait_for "$T_WHICH"
	send 7   # decided on
	wait_for "$T_DECIDED"
	send_text "1.12.2026"
	if [ "$lang$w" = da80 ]; then
		check "$tag: a long prompt is shortened before the value" \
			wait_status_re '…: 1\.12\.2026 *$'
	else
		check "$tag: the whole prompt, then a blank, then the value" \
			wait_status_re '\): 1\.12\.2026 *$'
	fi
	send Escape
	wait_gone "$T_DECIDED"
	wait_for "$T_DECISION_PANE"
	send p
	wait_for "$T_PEOPLE"
	last=$(list_last_row "$T_PERSON_PANE")
	# the people list: role and name (rows without an area start with blanks)
	check "$tag: people columns aligned, none wider than its text" \
		columns_ok_people 2 "$last"
	# a field the store refuses keeps its prompt with the text and the reason
	send e
	wait_for "$T_WHICH"
	send 4   # e-mail
	wait_for "E-mail:"
	send_text "anne at kommune"
	send Enter
	check "$tag: a bad e-mail keeps the field's prompt with the reason" \
		wait_status_re "$T_NOT_EMAIL.*at kommune *\$"
	send C-u
	send_text "anne@kommune.dk"
	send Enter
	check "$tag: the corrected e-mail is saved from the same prompt" \
		wait_cli "anne@kommune.dk" 'print(d[0]["email"])' people

	# ---- a new phase: an end before its start is refused in the end's prompt ----
	send 2
	wait_for "$T_TIMELINE"
	send a
	wait_for "$T_PNAME"
	send_text "Efterbehandling"
	send Enter
	wait_for "Start (18.12.2026"
	send_text "10.1.2029"
	send Enter
	wait_for "$T_PEND"
	send_text "1.1.2029"
	send Enter
	check "$tag: a phase ending before its start is refused in the end's prompt" \
		wait_status_re "$T_PBEFORE.* 1\.1\.2029 *\$"
	send C-u
	send_text "31.1.2029"
	send Enter
	wait_for "$T_NOTBEFORE"
	send Enter
	check "$tag: the phase is added with its name and start kept" \
		wait_cli "2029-01-10 2029-01-31" \
		'print(" ".join(p["start"] + " " + p["end"] for p in d if p["name"] == "Efterbehandling"))' phases
	send Q
	wait_for "TAVLE-EXIT=" 10
}

# People rows: "[O] role  name" or "    role  name": the role and the name each start
# at one column, and the widest role is followed by exactly two blanks.
columns_ok_people() {
	capture | $PY -c '
import sys, re
first, last = int(sys.argv[1]), int(sys.argv[2])
lines = sys.stdin.read().split("\n")[first - 1:last]
rows = []
for ln in lines:
    ln = ln.rstrip().rstrip("\u25b2\u25bc").rstrip()
    if not ln.strip():
        continue
    body = ln[5:]   # after " [O] " or five blanks
    cells = [(m.start() + 5, m.end() + 5) for m in re.finditer(r"\S+(?: \S+)*", body)]
    rows.append(cells)
if not rows or min(len(r) for r in rows) < 2:
    print("rows:", rows); sys.exit(1)
for c in (0, 1):
    if len({r[c][0] for r in rows}) != 1:
        print("column %d starts at %s" % (c, sorted({r[c][0] for r in rows}))); sys.exit(1)
gap = min(r[1][0] - r[0][1] for r in rows)
if gap != 2:
    print("the gap after the role is %d at the narrowest" % gap); sys.exit(1)
' "$@"
}

T_BOARDS="boards:" T_NEWNAME="New board name:" T_AUTH="Authority:" T_SECTOR="Sector"
T_START="Programme start:" T_DIR="Template directory" T_START_REFUSED="phase: start and end"
T_TYPENAME="Type its name:" T_NOMATCH="The name did not match"
T_RENAME="Rename board to:" T_TAKEN="A board named Næste"
T_MEETINGS="4 meetings" T_MTITLE="New meeting, title:" T_EMPTY="Title: type something"
T_MSTART="Start (18.12.2026" T_MEND="End (11:30" T_BEFORE="would end before it starts"
T_KIND="Kind of meeting" T_MEETING_PANE="Meeting #" T_DECISIONS="5 decisions"
T_DECISION_PANE="Decision #" T_PEOPLE="p people" T_PERSON_PANE="Person #"
T_WHICH="which field?" T_DECIDED="Decided on (" T_NOT_EMAIL="is not an e-mail address"
T_NOMEETING="No meeting added" T_TIMELINE="Zoom:" T_PNAME="New phase, name:"
T_PEND="End, the last day" T_PBEFORE="would end before it starts" T_NOTBEFORE="Not before"
for size in "80 24" "200 60"; do
	run en $size
done

if $have_da; then
	T_BOARDS="tavler:" T_NEWNAME="Navn på ny tavle:" T_AUTH="Myndighed:" T_SECTOR="Sektor"
	T_START="Programstart:" T_DIR="Skabelonmappe" T_START_REFUSED="fase: start og slut"
	T_TYPENAME="Skriv dens navn:" T_NOMATCH="Navnet passer ikke"
	T_RENAME="Omdøb tavlen til:" T_TAKEN="Der findes allerede en tavle med navnet"
	T_MEETINGS="4 møder" T_MTITLE="Nyt møde, titel:" T_EMPTY="Titel: skriv noget"
	T_MSTART="Start (18.12.2026" T_MEND="Slut (11:30" T_BEFORE="ville slutte, før det begynder"
	T_KIND="Mødetype" T_MEETING_PANE="Møde #" T_DECISIONS="5 beslutninger"
	T_DECISION_PANE="Beslutning #" T_PEOPLE="p personer" T_PERSON_PANE="Person #"
	T_WHICH="hvilket felt?" T_DECIDED="Besluttet den (" T_NOT_EMAIL="er ikke en e-mailadresse"
	T_NOMEETING="Intet møde tilføjet" T_TIMELINE="Zoom:" T_PNAME="Ny fase, navn:"
	T_PEND="Slut, den sidste dag" T_PBEFORE="ville slutte, før den begynder" T_NOTBEFORE="Ikke før"
	for size in "80 24" "200 60"; do
		run da $size LC_ALL= LANG=da_DK.UTF-8 TAVLE_LOCALEDIR="$LOC"
	done
else
	skip "Danish prompts and lists" "no da_DK.UTF-8 locale or no Danish catalogue"
fi
finish
