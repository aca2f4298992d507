#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# A writer that holds the lock past the busy timeout (a tavle stopped with Ctrl-Z in a
# transaction, simulated by $HOLDLOCK: BEGIN IMMEDIATE kept open): the TUI says
# "database busy, retrying" on its status line and, once the lock is released, the
# edit is stored; nothing lost, the database checks clean.
. "$(dirname "$0")/../e2e/lib.sh"
HOLDLOCK=${HOLDLOCK:-$(dirname "$TAVLE")/../tests/multi/holdlock}
if [ ! -x "$HOLDLOCK" ]; then
	skip_all "holdlock helper not built"
fi

make_db
start 100 30 TAVLE_USER=alice
wait_for "Uddannelse"
"$HOLDLOCK" "$DB" 9 >"$WORK/hold.out" 2>&1 &
HPID=$!
for _ in $(seq 1 100); do grep -q locked "$WORK/hold.out" && break; sleep 0.05; done
check "another process holds the write lock" grep -q locked "$WORK/hold.out"
send e
wait_for "Title:"
send C-u
send_text "Skrevet mens databasen var låst"
send Enter
check "status line says database busy, retrying" wait_for "database busy, retrying" 12
check "the edit is stored once the lock is released" \
	wait_json 1 'p["title"]' "Skrevet mens databasen var låst"
check "status line says saved" wait_for "Saved" 12
wait "$HPID"

# Not only field edits: a new task typed while the lock is held goes in too.
"$HOLDLOCK" "$DB" 7 >"$WORK/hold2.out" 2>&1 &
HPID=$!
for _ in $(seq 1 100); do grep -q locked "$WORK/hold2.out" && break; sleep 0.05; done
send Enter
wait_for "Baggrund"
send a
wait_for "New task:"
send_text "Opgave tilføjet under lås"
send Enter
check "adding a task: status line says database busy, retrying" wait_for "database busy, retrying" 12
check "the task is stored once the lock is released" \
	wait_json 1 '[t["title"] for t in p["tasks"]].count("Opgave tilføjet under lås")' 1
check "status line says Task added" wait_for "Task added" 12
wait "$HPID"
check "tavle check clean" cli check
send Q
finish
