#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Editing through the TUI, checked against the database after every step with
# `tavle show N --json`: title with Danish and CJK text, a section over several lines
# (and a resize to 40x10 and back while the editor is open), a task added and
# completed, status, deadline (and a bad deadline that changes nothing), move to
# another area, reorder, delete, undo and redo.
. "$(dirname "$0")/lib.sh"

make_db
N=1
title_of() { pkg_json "$1" 'p["title"]'; }
T0=$(title_of $N)
D0=$(pkg_json $N 'p["deadline"]')
others() {
	cli list --json | $PY -c '
import json, sys
d = json.load(sys.stdin)
pk = d["packages"] if isinstance(d, dict) else d
for p in pk:
    if p["number"] != '"$N"':
        p.pop("position", None)
        print(json.dumps(p, sort_keys=True))' | sort
}
OTHERS0=$(others)
check "package $N exists" test -n "$T0"

start 100 30
wait_for "Uddannelse"

# Select package N by searching for its title.
send /
send_text "$T0"
send Enter
check "search finds package $N" wait_for "${T0:0:8}"

NEW='Kontaktperson for Ærø – æøå ÆØÅ 漢字'
send e
check "e opens the title prompt" wait_for "Title:"
send C-u
send_text "$NEW"
send Enter
check "title saved in the database" wait_json $N 'p["title"]' "$NEW"
check "new title on the board" wait_for "Kontaktperson for"
check "status says saved" wait_for "Saved"

# Detail view: section Baggrund over several lines.
send Enter
check "detail opens" wait_for "Baggrund"
send j j j j j j j j
send e
check "multi-line editor shows its keys" wait_for "Ctrl-D or F2 save"
send_text "Første linje"
send Enter
send_text "Anden linje æøå"
send Enter
send C-d
check "section saved over several lines" \
	wait_json $N 'p["sections"]["background"].startswith("Første linje\nAnden linje æøå\n")' True
check "section shown in the detail" wait_for "Anden linje æøå"

# Resize to 40x10 and back while the editor is open: no crash, text kept.
send e
wait_for "Ctrl-D or F2 save"
send_text "RESIZE-TEKST "
tm resize-window -t "=$SESSION:" -x 40 -y 10
check "editor survives 40x10" wait_for "RESIZE-TEKST"
tm resize-window -t "=$SESSION:" -x 30 -y 8
check "too small while editing" wait_for "Terminal too small"
tm resize-window -t "=$SESSION:" -x 100 -y 30
check "text still there after resizing back" wait_for "RESIZE-TEKST"
send C-d
check "resized edit saved" \
	wait_json $N '"RESIZE-TEKST" in p["sections"]["background"]' True

# Tasks: add one and complete it.
NT=$(pkg_json $N 'len(p["tasks"])')
send a
check "task prompt" wait_for "New task:"
send_text "Ny opgave æøå"
send Enter
check "task added" wait_json $N 'len(p["tasks"])' $((NT + 1))
check "task title stored" wait_json $N '[t["title"] for t in p["tasks"]][-1]' "Ny opgave æøå"
send x
check "task completed with x" wait_json $N '[t["done"] for t in p["tasks"]][-1]' True
send x
check "x again reopens it" wait_json $N '[t["done"] for t in p["tasks"]][-1]' False

# Status and deadline of the package from the detail view (g: focus the fields).
send g
send s
check "status menu" wait_for "I gang"
send 2
check "status set to doing" wait_json $N 'p["status"]' doing
send D
check "deadline prompt" wait_for "Deadline ("
send C-u
send_text "24-12-2026"
send Enter
check "deadline set (DD-MM-YYYY accepted)" wait_json $N 'p["deadline"]' 2026-12-24

# A bad deadline: an error on the status line and no change at all.
sum_before=$(cat "$DB" "$DB-wal" 2>/dev/null | sha256sum)
send D
wait_for "Deadline ("
send C-u
send_text "2027-02-30"
send Enter
check "bad deadline shows an error" wait_for "2027-02-30"
# The prompt stays open with the refused text (issue 16 #1); Esc cancels it.
send Escape
wait_gone "2027-02-30"
sum_after=$(cat "$DB" "$DB-wal" 2>/dev/null | sha256sum)
check "bad deadline changed nothing (sha256)" test "$sum_before" = "$sum_after"
check "deadline still 2026-12-24" wait_json $N 'p["deadline"]' 2026-12-24

# A comment, by the store's user.
NC=$(pkg_json $N 'len(p["comments"])')
send c
check "comment editor" wait_for "New comment"
send_text "Spørgsmål til styregruppen"
send C-d
check "comment stored" wait_json $N '[c["text"] for c in p["comments"]][-1]' "Spørgsmål til styregruppen"
check "comment has an author" wait_json $N 'bool(p["comments"][-1]["author"])' True
check "comment shown" wait_for "Spørgsmål til styregruppen"

# Back to the board: move to another area, reorder, delete, undo, redo.
send q
wait_gone "Forslag til involvering"
send m
check "area menu" wait_for "Move to area"
send 3
check "moved to data" wait_json $N 'p["area"]' data
POS=$(pkg_json $N 'p["position"]')
if [ "$POS" -gt 0 ]; then
	send K
	check "K moves the card up" wait_json $N 'p["position"]' $((POS - 1))
	send J
	check "J moves it back down" wait_json $N 'p["position"]' "$POS"
else
	send J
	check "J moves the card down" wait_json $N 'p["position"]' 1
	send K
	check "K moves it back up" wait_json $N 'p["position"]' 0
fi
check "selection follows the moved card" grep -qF "Kontaktperson" <<<"$(capture)"

send d
check "delete asks" wait_for "(y/n)"
send n
check "n keeps it" wait_json $N 'p["number"]' $N
send d
wait_for "(y/n)"
send y
gone() { ! cli show $N --json >/dev/null 2>&1; }
wait_gone_pkg() {
	local tries=$((TIMEOUT * 20))
	while [ $tries -gt 0 ]; do gone && return 0; sleep 0.05; tries=$((tries - 1)); done
	return 1
}
check "package deleted" wait_gone_pkg
send u
check "u undoes the delete" wait_json $N 'p["title"]' "$NEW"
send C-r
check "Ctrl-R redoes the delete" wait_gone_pkg
send u
check "undo again brings it back" wait_json $N 'p["area"]' data
send u
check "next undo reverts the second reorder" wait_json $N 'p["position"]' "$( [ "$POS" -gt 0 ] && echo $((POS - 1)) || echo 1)"
send u
check "next undo reverts the first reorder" wait_json $N 'p["position"]' "$POS"
send u
check "next undo reverts the move to another area" wait_json $N 'p["area"]' org
send u
check "next undo removes the comment" wait_json $N 'len(p["comments"])' "$NC"
send u
check "next undo reverts the deadline" wait_json $N 'p["deadline"]' "$D0"
check "the other packages are untouched" test "$(others)" = "$OTHERS0"
# Add a package in the focused column.
send a
check "new package prompt names the area" wait_for "New package in"
send_text "Ny pakke om æøå"
send Enter
has_new() {
	cli list --json | $PY -c '
import json, sys
d = json.load(sys.stdin)
pk = d["packages"] if isinstance(d, dict) else d
sys.exit(0 if any(p["title"] == "Ny pakke om æøå" for p in pk) else 1)'
}
check "package added" has_new
check "new package on the board" wait_for "Ny pakke om"
send q
check "quit" wait_for "TAVLE-EXIT=0"

finish
