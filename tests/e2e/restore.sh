#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Restore with a board open (issue 15, item 1): `tavle restore` while the TUI has the
# database open puts the backup's content on the screen (live refresh by
# data_version) and leaves the file intact. A file replaced underneath the TUI
# (cp backup x && mv x board.db) makes its next edit fail with a message that says
# so, never "Saved", and the new file stays intact.
. "$(dirname "$0")/lib.sh"

integrity() { $PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("pragma integrity_check").fetchone()[0])' "$DB"; }

make_db
N=2
T0=$(pkg_json $N 'p["title"]')
cli backup "$WORK/backup.db" >/dev/null
cli set $N title "Efter backuppen" >/dev/null

start 100 30
check "the board shows the change made after the backup" wait_for "Efter backuppen"
cli restore "$WORK/backup.db" >"$WORK/restore.out" 2>&1
check "tavle restore succeeds with the board open" grep -q restored "$WORK/restore.out"
check "the open board shows the restored title" wait_for "${T0%% *}"
check "the title made after the backup is gone" wait_gone "Efter backuppen"
check "integrity ok after the restore" test "$(integrity)" = ok
# The TUI goes on writing to the restored database.
send /
send_text "$T0"
send Enter
send e
wait_for "Title:"
send C-u
send_text "Efter restore"
send Enter
check "an edit after the restore is saved" wait_json $N 'p["title"]' "Efter restore"
check "integrity ok after the edit" test "$(integrity)" = ok

# Replace the file underneath the open board, the way the issue's administrator did.
# The -wal is checkpointed away first, so whatever the replaced file holds afterwards
# is what the TUI wrote (or did not write) to it.
$PY -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("pragma wal_checkpoint(TRUNCATE)")' "$DB"
cp "$WORK/backup.db" "$WORK/x.db" && mv "$WORK/x.db" "$DB"
send e
wait_for "Title:"
send C-u
send_text "Skrevet i den gamle fil"
send Enter
check "the edit is refused: the status line says the file was replaced" wait_for "was replaced"
check "the status line does not claim Saved" eval '! status_line | grep -q Saved'
check "the replaced file is intact (integrity ok)" test "$(integrity)" = ok
check "the replaced file holds the backup's title" test "$(pkg_json $N 'p["title"]')" = "$T0"
cli list >"$WORK/list.out" 2>&1
check "the edit went nowhere" eval '! grep -q "Skrevet i den gamle fil" "$WORK/list.out"'
send Q

finish
