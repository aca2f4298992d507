#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The programme views: timeline (2), agenda (3), meetings (4), decisions (5), people
# (p). Each is opened, navigated and edited with keys, and the database is read back
# with the CLI (`tavle ... --json`) to see that it agrees. Golden screens of the
# timeline and the agenda at 80x24 and 160x48 with Danish text (TAVLE_UPDATE_GOLDEN=1
# regenerates them), the phase warnings (CLI check, board title, timeline) and the
# monochrome timeline (NO_COLOR: no colour escapes, the bars still drawn).
. "$(dirname "$0")/lib.sh"
GOLDEN="$(cd "$(dirname "$0")" && pwd)/golden"

make_db
# Danish data in every kind the views show.
cli add meeting --title "Leverandørmøde om snitflader" --start "2026-12-03 13:00" \
	--end "2026-12-03 14:30" --kind supplier --place "Rådhuset, mødelokale 2" --region Syd \
	>/dev/null
cli add decision --title "Godkend tidsplanen for Ærø" --area org --owner "Mette Ærø" \
	--due 2026-11-20 >/dev/null
cli set 1 deadline 2026-11-25 >/dev/null   # package 1 overdue
cli set 3 status done >/dev/null

jq_py() { # jq_py CLI-ARGS... -- PYTHON over d (the parsed JSON)
	local args=() prog
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	prog=$2
	cli "${args[@]}" 2>/dev/null | $PY -c "import json,sys
d = json.load(sys.stdin)
$prog" 2>&1
}
# wait_py EXPECTED CLI-ARGS... -- PYTHON: poll until the program prints EXPECTED.
wait_py() {
	local want=$1 tries=$((TIMEOUT * 20)) got=
	shift
	while [ "$tries" -gt 0 ]; do
		got=$(jq_py "$@")
		[ "$got" = "$want" ] && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "# got [$got], want [$want]" >&2
	return 1
}

golden() { # golden NAME: compare the screen with golden/NAME.txt
	local name=$1 scr
	scr=$(capture)
	if [ "${TAVLE_UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$GOLDEN"
		printf '%s\n' "$scr" > "$GOLDEN/$name.txt"
		ok "golden $name.txt regenerated"
	elif diff -u "$GOLDEN/$name.txt" <(printf '%s\n' "$scr") >"$WORK/golden.diff"; then
		ok "$name matches golden screen"
	else
		not_ok "$name matches golden screen (TAVLE_UPDATE_GOLDEN=1 regenerates)"
		diag_file "$WORK/golden.diff" "" 200
	fi
}

# ---- golden screens ----
for size in 80x24 160x48; do
	start "${size%x*}" "${size#*x}"
	wait_for "Uddannelse"
	send 2
	check "$size: timeline drawn" wait_for "Zoom: month"
	scr=$(capture)
	check "$size: phase rows with progress" grep -qE "Opstart +0/2" <<<"$scr"
	check "$size: package bars" grep -qF "█" <<<"$scr"
	check "$size: phase bars" grep -qF "▒" <<<"$scr"
	check "$size: month header" grep -qF "dec" <<<"$scr"
	check "$size: today marker" grep -qF "▼" <<<"$scr"
	golden "timeline-$size"
	send 3
	check "$size: agenda drawn" wait_for "3 agenda"
	check "$size: overdue first (after the plan's warnings)" grep -qF "Overdue" <<<"$(capture | sed -n '2,$p' | grep -v '^ ! ' | head -n 1)"
	check "$size: week headings" wait_for "Week 49, 2026"
	check "$size: meeting with time and place" wait_for "13:00-14:30"
	golden "agenda-$size"
done

# ---- timeline: zoom, scroll, today, tasks, area filter, search, open ----
start 100 30
wait_for "Uddannelse"
send 2
wait_for "Zoom: month"
send +
check "+ zooms in to weeks" wait_for "Zoom: week"
send - -
check "- zooms out to quarters" wait_for "Zoom: quarter"
send -
check "no zoom beyond quarters" wait_for "already at the quarter"
send +
wait_for "Zoom: month"
from=$(capture | grep -o "from [0-9-]*")
send l
check "l scrolls later" wait_gone "$from"
send t
check "t jumps back to today" wait_for "$from"
send T
check "T shows the tasks" wait_for "Bekræft eller indm"
send T
check "T hides them again" wait_gone "Bekræft eller indm"
send f
wait_for "Show the rows of"
send 3    # Kommunikation
check "f filters rows by area" wait_for "2 timeline [K]"
scr=$(capture)
check "only [K] packages shown" bash -c '! grep -qE "\[(O|D|U)\] [0-9]" <<<"$1"' _ "$scr"
send f
wait_for "Show the rows of"
send 1
wait_gone "2 timeline [K]"
send /
send_text "Kortlægning"
send Enter
check "/ selects the matching row" line_has_reverse "Kortlægning"
send Enter
check "Enter on a package row opens its detail" wait_for "Baggrund"
send q
check "q returns to the timeline" wait_for "Zoom: month"

# ---- phases on the timeline: add, edit, reorder, delete ----
send a
wait_for "New phase, name"
send_text "Evaluering af omlægningen"
send Enter
wait_for "Start"
send C-u
send_text "2028-05-28"
send Enter
wait_for "End, the last day"
send_text "2028-06-30"
send Enter
wait_for "Not before"
send Enter
check "a adds a phase (database)" wait_py "2028-05-28 2028-06-30 4" phases --json -- \
	'print(" ".join([(p["start"] + " " + p["end"] + " " + str(p["position"])) for p in d if p["name"] == "Evaluering af omlægningen"]))'
check "the new phase is on the timeline" wait_for "Evaluering af omlæg"
send e
wait_for "Edit the phase"
send 1
wait_for "Name: "
send C-u
send_text "Evaluering"
send Enter
check "e edits the phase name (database)" wait_py "1" phases --json -- \
	'print(sum(1 for p in d if p["name"] == "Evaluering"))'
send K
check "K moves the phase up (database)" wait_py "3" phases --json -- \
	'print([p["position"] for p in d if p["name"] == "Evaluering"][0])'
send J
check "J moves it back (database)" wait_py "4" phases --json -- \
	'print([p["position"] for p in d if p["name"] == "Evaluering"][0])'
send d
wait_for "Delete phase"
send y
check "d deletes the phase (database)" wait_py "0" phases --json -- \
	'print(sum(1 for p in d if p["name"] == "Evaluering"))'

# ---- phase warnings: CLI check, board title line, timeline ----
cli add phase --name "Go-live for tidligt" --start 2028-05-28 --end 2028-06-30 \
	--not-before 2028-06-15 --reason "Administrationsportalen åbner" >/dev/null
out=$(cli check)
check "tavle check prints the not-before warning" grep -qF "before its not-before day 2028-06-15" <<<"$out"
# Package 1 is due 2026-11-25, before its phase Opstart starts: the second warning.
check "tavle check prints the package outside its phase" grep -qF "outside its phase" <<<"$out"
check "tavle check still exits 0 (advice, not damage)" cli check
start 100 30
check "board title shows the plan warnings" wait_for "! 2 plan warnings"
send 2
wait_for "Zoom: month"
check "timeline warning line" wait_for "! 2 plan warnings: package 1"
check "warned phase row marked" wait_for "! Go-live for tidligt"
send /
send_text "Go-live"
send Enter
check "the selected phase's warning on the warning line" \
	wait_for "! 2 plan warnings: phase \"Go-live for tidligt\" starts 2028-05-28"
id=$(jq_py phases --json -- 'print([p["id"] for p in d if p["name"] == "Go-live for tidligt"][0])')
cli rm phase "$id" >/dev/null
check "warning gone after the fix (live refresh)" wait_for "! 1 plan warning:"
check "phase row gone" wait_gone "Go-live for tidligt"

# ---- meetings: add, edit a field, delete ----
send 4
check "4 opens the meetings" wait_for "4 meetings"
check "meeting pane shows place" wait_for "Rådhuset, mødelokale 2"
send a
wait_for "New meeting, title"
send_text "Infomøde på Ærø"
send Enter
wait_for "Start (18.12.2026 9:30"
send_text "2027-01-15 10:00"
send Enter
wait_for "End (11:30"
send Enter        # the suggested hour
wait_for "Kind of meeting"
send 2            # webinar
check "a adds a meeting (database)" wait_py "webinar 2027-01-15 11:00" meetings --json -- \
	'print(" ".join([m["kind"] + " " + m["end"] for m in d if m["title"] == "Infomøde på Ærø"]))'
send e
wait_for "Edit the meeting"
send 5            # place
wait_for "Place: "
send_text "Ærøskøbing Rådhus"
send Enter
check "e edits the place (database)" wait_py "Ærøskøbing Rådhus" meetings --json -- \
	'print([m["place"] for m in d if m["title"] == "Infomøde på Ærø"][0])'
send d
wait_for "Delete meeting"
send y
check "d deletes the meeting (database)" wait_py "0" meetings --json -- \
	'print(sum(1 for m in d if m["title"] == "Infomøde på Ærø"))'

# ---- decisions: overdue marker, add, status, delete ----
send 5
check "5 opens the decisions" wait_for "5 decisions"
check "an overdue open decision stands out" wait_for "! [O] Åben  9d late"
send G
send s
wait_for "Status"
send 2            # decided
check "s decided sets status and date in one go (database)" \
	wait_py "decided 2026-11-29" decisions --json -- \
	'print(" ".join([x["status"] + " " + x["decided"] for x in d if x["title"] == "Godkend tidsplanen for Ærø"]))'
send u
check "one undo takes both back" wait_py "open None" decisions --json -- \
	'print(" ".join([x["status"] + " " + str(x["decided"]) for x in d if x["title"] == "Godkend tidsplanen for Ærø"]))'
send a
wait_for "New decision, title"
send_text "Valg af supportmodel på Ærø"
send Enter
wait_for "Due"
send_text "+2w"
send Enter
check "a adds a decision (database)" wait_py "2026-12-13 open" decisions --json -- \
	'print(" ".join([x["due"] + " " + x["status"] for x in d if x["title"] == "Valg af supportmodel på Ærø"]))'
send d
wait_for "Delete decision"
send y
check "d deletes the decision (database)" wait_py "0" decisions --json -- \
	'print(sum(1 for x in d if x["title"] == "Valg af supportmodel på Ærø"))'

# ---- people: add, edit, owner menu on the board ----
send p
check "p opens the people" wait_for "p people"
send a
wait_for "New person, name"
send_text "Åse Øberg"
send Enter
wait_for "Role"
send 3            # area role
wait_for "Area"
send 2            # kom
wait_for "E-mail"
send_text "aase@aeroe.dk"
send Enter
check "a adds a person (database)" wait_py "area kom aase@aeroe.dk" people --json -- \
	'print(" ".join([p["role"] + " " + p["area"] + " " + p["email"] for p in d if p["name"] == "Åse Øberg"]))'
send e
wait_for "Edit the person"
send 4            # e-mail
wait_for "E-mail"
send C-u
send_text "aase.oeberg@aeroe.dk"
send Enter
check "e edits the e-mail (database)" wait_py "aase.oeberg@aeroe.dk" people --json -- \
	'print([p["email"] for p in d if p["name"] == "Åse Øberg"][0])'
send 1
wait_for "Uddannelse"
send o
check "the owner prompt offers the people" wait_for "Åse Øberg"
send Escape

# ---- agenda: Enter opens the item ----
send 3
wait_for "3 agenda"
send g
check "an open decision past due is among the overdue" wait_for "late  decision  Godkend tidsplanen"
send Enter
check "Enter on an overdue decision opens the decisions view" wait_for "decisions  2026-11-29"
send q
wait_for "3 agenda"
send j
send Enter
check "Enter on an overdue package opens its detail" wait_for "Baggrund"
send q
wait_for "3 agenda"
send j
send Enter
check "Enter on a meeting opens the meetings view on it" wait_for "Meeting #"
send q
check "q goes back to the agenda" wait_for "3 agenda"
# + and - change how far ahead the agenda looks (30 days by default).
send +
check "+ makes the agenda look 60 days ahead" wait_for "3 agenda, 60 days"
check "the status line says so" wait_for "Agenda: the next 60 days"
send - -
check "- - makes it 14 days" wait_for "3 agenda, 14 days"
send - - -
check "it stops at a week and says so" wait_for "The agenda looks at least a week ahead"
check "a week it is" wait_for "3 agenda, 7 days"

# ---- help lists the new keys ----
send ?
wait_for "Everywhere"
# help_has TEXT: page through the help (it grows with every view) looking for TEXT;
# after each PgDn poll until the screen changes (it does not at the end).
help_has() {
	local cur prev= tries
	send g
	while :; do
		cur=$(capture)
		grep -qF -- "$1" <<<"$cur" && return 0
		[ "$cur" = "$prev" ] && return 1
		prev=$cur
		send NPage
		tries=40
		while [ "$tries" -gt 0 ] && [ "$(capture)" = "$cur" ]; do
			sleep 0.05
			tries=$((tries - 1))
		done
	done
}
check "help lists zoom-in" help_has "zoom-in"
check "help lists the timeline's area filter" help_has "filter-area"
check "help lists open-entry of the lists" help_has "open-entry"
check "help has the timeline legend" help_has "a phase's not-before day"

# ---- monochrome timeline ----
has_colour_sgr() {
	$PY -c '
import re, sys
s = sys.stdin.read()
for m in re.finditer(r"\x1b\[([0-9;]*)m", s):
    for p in [p for p in m.group(1).split(";") if p]:
        n = int(p)
        if n in (38, 48) or 30 <= n <= 37 or 40 <= n <= 47 or 90 <= n <= 97 or 100 <= n <= 107:
            sys.exit(0)
sys.exit(1)
'
}
for size in 80x24 160x48; do
	start "${size%x*}" "${size#*x}" NO_COLOR=1
	wait_for "Uddannelse"
	send 2
	wait_for "Zoom: month"
	e=$(capture_e)
	if has_colour_sgr <<<"$e"; then not_ok "NO_COLOR $size: no colour escapes"; else ok "NO_COLOR $size: no colour escapes"; fi
	check "NO_COLOR $size: bars in characters" grep -qF "█" <<<"$e"
	check "NO_COLOR $size: area tags" grep -qF "[K]" <<<"$e"
	check "NO_COLOR $size: selection in reverse video" line_has_reverse "Opstart"
	check "NO_COLOR $size: overdue package marked" grep -qF "!" <<<"$(capture | grep -F '[O] 1 ')"
done
start 100 30
wait_for "Uddannelse"
send 2
wait_for "Zoom: month"
check "colour: colour escapes present" has_colour_sgr <<<"$(capture_e)"

finish
