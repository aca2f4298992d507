#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The template update's review screen (issue 20), in Danish at 80x24 and 200x60: a board
# from version 1 of the shipped template, edited locally, updated on the command line
# to a version 2 that conflicts on three fields (package 2's and 5's owner, package 7's
# deadline), changes package 4's deadline and background and drops task 4.5. The title
# line counts the open conflicts; U lists them, what is no longer in the programme's
# version and what the update changed; t takes the programme's value, m keeps the
# board's, e edits it (each checked in the database), u undoes one choice; d deletes a
# dropped task (asking); Enter opens a conflict's package; the detail marks the section
# the programme changed. i brings in a version 3 from a directory: the preview first,
# n changes nothing (the file byte for byte), j applies, one u undoes it all; an older
# version is refused. After each step the screen equals its redraw.
. "$(dirname "$0")/lib.sh"

PACKAGES=$(cd "$(dirname "$0")/../../packages" && pwd)
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
nconf() { cli template conflicts --json | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
wait_nconf() {
	local tries=$((TIMEOUT * 20)) got=
	while [ "$tries" -gt 0 ]; do
		got=$(nconf 2>/dev/null)
		[ "$got" = "$1" ] && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "# open conflicts: got [$got], want [$1]" >&2
	return 1
}
fits() { capture | $PY -c 'import sys; sys.exit(any(len(l.rstrip("\n")) > 80 for l in sys.stdin))'; }

# ---- version 1, a board with local edits, version 2 ----
cp -r "$PACKAGES" "$WORK/v1"
rm -f "$WORK/v1/README.md"
rm -f "$DB"
cli init --start 2026-06-01 --template "$WORK/v1" >/dev/null 2>&1
cli set package 2 owner "Direktøren" >/dev/null
cli set package 5 owner "Lokal ejer" >/dev/null
cli set package 7 deadline 2027-03-01 >/dev/null
cp -r "$WORK/v1" "$WORK/v2"
p4=$(ls "$WORK/v2"/4-*.txt)
sed -i 's/^version: 1$/version: 2/' "$WORK/v2/programme.txt"
sed -i 's/^deadline: +150d$/deadline: +165d/' "$p4"
sed -i 's/^For at blive teknisk klar skal myndigheden.*/Ny baggrund fra programmet./' "$p4"
sed -i '/{#4.5}$/d' "$p4"
sed -i 's/^owner: .*/owner: Kommunaldirektøren/' "$WORK/v2"/2-*.txt
sed -i 's/^owner: .*/owner: Programmets ejer/' "$WORK/v2"/5-*.txt
sed -i 's/^deadline: .*/deadline: +200d/' "$WORK/v2"/7-*.txt
check "the update on the command line" bash -c '"$@" >/dev/null' _ env TAVLE_NOW="$NOW" LC_ALL=C.UTF-8 "$TAVLE" --db "$DB" template update "$WORK/v2"
check "... three conflicts open" [ "$(nconf)" = 3 ]

start 80 24 LC_ALL=da_DK.UTF-8
check "board drawn" wait_for "[O]"
check "the title line counts the open conflicts" wait_for "! 3 konflikter (U)"
send U
check "U: the review screen" wait_for "3 konflikter: programmet og tavlen har ændret det samme felt"
check "... package 2's owner, both values" wait_for "Pakke 2: Ansvarlig: din Direktøren · version 2: Kommunaldirektøren"
check "... the pane: yours in full" wait_for "Din (beholdes, til du vælger):"
check "... and the programme's" wait_for "Programmets, version 2:"
check "... the dropped task" wait_for "opgave 4.5 Stil teknisk dokumentation til rådighed (udgået i version 2)"
check "... what the update changed" wait_for "Hvad opdateringen til version 2 ændrede"
check "... the hints" wait_for "t tag programmets  m behold min  e ret"
check "... the screen fits 80 columns" fits
same_after_redraw "review"

# ---- t, m, e, u ----
send t
check "t: the programme's owner" wait_json 2 'p["owner"]' "Kommunaldirektøren"
check "... said" wait_for "Tog programmets værdi"
check "... two conflicts left" wait_nconf 2
check "... package 5 selected now" wait_for "Pakke 5: Ansvarlig"
send m
check "m: the board's owner stays" wait_json 5 'p["owner"]' "Lokal ejer"
check "... one conflict left" wait_nconf 1
check "... said" wait_for "Beholdt din værdi"
check "... the heading says one" wait_for "1 konflikt: programmet og tavlen"
send e
check "e: the deadline to edit, the board's value first" wait_for "Pakke 7: Deadline: 2027-03-01"
send C-u
send_text "1.4.2027"
send Enter
check "... saved" wait_json 7 'p["deadline"]' "2027-04-01"
check "... no conflict left" wait_nconf 0
check "... the heading says none" wait_for "Ingen åbne konflikter"
same_after_redraw "all resolved"
send 1
check "the board's title line: no conflict left" wait_for "Næste generation Digital Post · ! 1 planadvarsel"
send U
check "U again" wait_for "Ingen åbne konflikter"
send u
check "u: the edit undone" wait_json 7 'p["deadline"]' "2027-03-01"
check "... and the conflict open again" wait_nconf 1
check "... listed again" wait_for "1 konflikt: programmet og tavlen har ændret det samme felt"

# ---- a dropped task: d asks, then deletes ----
send g
send j
sleep 0.2
check "the dropped task selected" line_has_reverse "opgave 4.5 Stil teknisk"
send d
check "d asks" wait_for "Slet opgave Stil teknisk dokumentation til rådighed? (j/n)"
send j
check "... the task is deleted" wait_json 4 '[t["title"] for t in p["tasks"]].count("Stil teknisk dokumentation til rådighed")' "0"
check "... and no longer listed" wait_gone "udgået i version 2"

# ---- Enter opens the conflict's package; the detail marks the changed section ----
send g
send Enter
check "Enter: package 7's detail" wait_for "7  Intern og ekstern kommunikation"
send q
check "back in the review" wait_for "1 konflikt:"
start 80 24 LC_ALL=da_DK.UTF-8
check "board again" wait_for "[O]"
send l
send l
send g
send Enter
check "package 4's detail" wait_for "4  Kortlægning af systemer og data"
check "... the section the programme changed, marked" wait_for "Baggrund — ændret af programmet i version 2"
check "... its new text" wait_for "Ny baggrund fra programmet."
same_after_redraw "detail with the mark"
send q

# ---- 200x60: everything at once ----
start 200 60 LC_ALL=da_DK.UTF-8
check "200x60: board" wait_for "[O]"
send U
check "200x60: the review" wait_for "Pakke 7: Deadline: din 2027-03-01 · version 2: +200d"
check "... what the update changed, package 4's deadline" wait_for "pakke 4: Deadline: 2026-10-29 → 2026-11-13"
same_after_redraw "review at 200x60"

# ---- i: version 3 from a directory ----
cp -r "$WORK/v2" "$WORK/v3"
sed -i 's/^version: 2$/version: 3/' "$WORK/v3/programme.txt"
sed -i 's/^title: .*/title: Support til medarbejderne/' "$WORK/v3"/9-*.txt
before=$(db_sum)
send i
check "i asks for the directory" wait_for "Skabelonmappe for den nye version:"
send_text "$WORK/v3"
send Enter
check "the preview first" wait_for "Skabelonversion 2 → 3"
check "... the change" wait_for "Pakke 9: Titel: Support til medarbejderne"
check "... the question" wait_for "Opdater tavlen? Konflikter beholder din værdi. Ét u fortryder det hele. (j/n)"
send n
check "n: not updated" wait_for "Ikke opdateret: intet ændret"
check "... the file byte for byte the same" [ "$(db_sum)" = "$before" ]
send i
check "i again" wait_for "Skabelonmappe for den nye version:"
send_text "$WORK/v3"
send Enter
check "the preview again" wait_for "Skabelonversion 2 → 3"
send j
check "j: updated" wait_json 9 'p["title"]' "Support til medarbejderne"
check "... version 3" wait_json 9 'p["template"]["version"]' "3"
check "... the review lists it" wait_for "Hvad opdateringen til version 3 ændrede"
send u
check "one u undoes the whole update" wait_json 9 'p["title"]' "Lokal supportfunktion"
check "... back to version 2" wait_json 9 'p["template"]["version"]' "2"
send i
check "an older version" wait_for "Skabelonmappe for den nye version:"
send_text "$WORK/v1"
send Enter
check "... is refused with the reason" wait_for "Skabelonen er version 1, ældre end tavlens version 2"
same_after_redraw "after the refusal"
send Q
check "quits" wait_for "TAVLE-EXIT=0"
finish
