#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Several writers: a change made by another process shows up on the open board (live
# refresh by PRAGMA data_version) with "Updated by"; an edit started before someone
# else's change asks keep-theirs / use-mine; E runs $EDITOR (split on spaces, no
# shell) on a temporary file and stores the result.
. "$(dirname "$0")/lib.sh"

make_db
N=2
T0=$(pkg_json $N 'p["title"]')

start 100 30 "EDITOR=sed -i s/^/EKSTERN-/"
wait_for "Uddannelse"

cli set $N title "Ændret af en kollega" >/dev/null
check "another process's change appears" wait_for "Ændret af en"
check "status line names who changed what" wait_for "Updated by"

# Conflict: start editing the title, someone else changes it, then save.
send /
send_text "Ændret af en kollega"
send Enter
send e
wait_for "Title:"
cli set $N title "Kollegaens titel" >/dev/null
send C-u
send_text "Min titel"
send Enter
check "conflict prompt" wait_for "Keep theirs"
check "conflict prompt shows their value" wait_for "Kollegaens titel"
send Enter
check "keep theirs leaves their title" wait_json $N 'p["title"]' "Kollegaens titel"

send e
wait_for "Title:"
cli set $N title "Tredje titel" >/dev/null
send C-u
send_text "Min titel"
send Enter
wait_for "Keep theirs"
send 2
check "use mine overwrites" wait_json $N 'p["title"]' "Min titel"

# External editor on a section (detail view, focus the first section).
send Enter
wait_for "Baggrund"
send j j j j j j j j
send E
check "external editor result stored" \
	wait_json $N 'p["sections"]["background"].startswith("EKSTERN-")' True
check "board redrawn after the editor" wait_for "EKSTERN-"
# A conflict on a section: merge both texts in the editor.
send e
check "section editor" wait_for "Ctrl-D or F2 save"
send_text "MIN-TEKST "
cli set $N background "DERES-TEKST" >/dev/null
send C-d
check "section conflict offers a merge" wait_for "Merge both in the editor"
send 3
check "merge editor shows their text" wait_for "DERES-TEKST"
check "merge editor shows mine" wait_for "MIN-TEKST"
send C-d
check "merged text stored" wait_json $N \
	'"DERES-TEKST" in p["sections"]["background"] and "MIN-TEKST" in p["sections"]["background"]' True
send q
send q
check "quit" wait_for "TAVLE-EXIT=0"
finish
