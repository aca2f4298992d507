#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# `tavle restore BACKUP` (issue 15, item 1): a good backup comes back in place (same
# inode, the log names the backup, integrity ok, the backup itself untouched, an open
# reader's data_version moves); an older schema is upgraded in the copy; a damaged, a
# foreign, a newer, a trigger-carrying, a missing and a non-SQLite backup are refused
# with the live database byte-identical. A store whose file was replaced underneath it
# (cp backup x && mv x tavle.db) refuses to write (the unit test of the store proves
# the same for one long-lived handle; tests/e2e/restore.sh for the TUI).
# usage: restore.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
TAVLE=${1:?usage: restore.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PY=/usr/bin/python3
export LC_ALL=C.UTF-8 TAVLE_NOW=2026-11-30T09:00:00Z TAVLE_USER=tester
sandbox restore
cd "$T" || exit 1
DB=$T/live.db
TAP_ON_FAIL='diag_file "$T/err" "stderr: " 5'
run() { "$TAVLE" --db "$DB" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
digest() { cat "$DB" "$DB-wal" 2>/dev/null | sha256sum; }
title() { "$TAVLE" --db "$DB" show "$1" --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["title"])'; }
sql() { $PY -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.executescript(sys.argv[2]) if sys.argv[3]=="x" else print("\n".join(str(x[0]) for x in c.execute(sys.argv[2]))); c.commit()' "$@"; }

run init --start 2026-12-01
[ "$rc" -eq 0 ] && ok "init" || not_ok "init"
orig=$(title 3)
run backup "$T/good.db"
[ "$rc" -eq 0 ] && ok "backup" || not_ok "backup"
run set 3 title "Efter backup"
[ "$(title 3)" = "Efter backup" ] && ok "changed after the backup" || not_ok "changed after the backup"
ino_before=$(stat -c %i "$DB")
bsum=$(sha256sum "$T/good.db")

# A reader that stays open, as a TUI does: its data_version must move.
mkfifo "$T/go"
$PY - "$DB" "$T/go" >"$T/reader" <<'PYEOF' &
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
v1 = c.execute("PRAGMA data_version").fetchone()[0]
print("ready", flush=True)
open(sys.argv[2]).read()
v2 = c.execute("PRAGMA data_version").fetchone()[0]
t = c.execute("select title from packages where number = 3").fetchone()[0]
print("moved" if v2 != v1 else "same", t)
PYEOF
reader=$!
for _ in $(seq 100); do grep -q ready "$T/reader" && break; sleep 0.05; done
run restore "$T/good.db"
echo go >"$T/go"
wait "$reader"
[ "$rc" -eq 0 ] && ok "restore of a good backup" || not_ok "restore of a good backup" "exit $rc"
grep -q "restored" "$T/out" && ok "restore says so" || not_ok "restore says so" "$(cat "$T/out")"
[ "$(title 3)" = "$orig" ] && ok "the backup's content is back" || not_ok "the backup's content is back" "$(title 3)"
[ "$(stat -c %i "$DB")" = "$ino_before" ] && ok "same file (restored in place, not replaced)" || not_ok "same file (restored in place, not replaced)"
grep -q "^moved $orig" "$T/reader" && ok "an open reader's data_version moved and it reads the backup" || not_ok "an open reader's data_version moved" "$(cat "$T/reader")"
[ "$(sha256sum "$T/good.db")" = "$bsum" ] && ok "the backup file is unchanged" || not_ok "the backup file is unchanged"
[ ! -e "$T/good.db-wal" ] && [ ! -e "$T/good.db-shm" ] && ok "nothing written beside the backup" || not_ok "nothing written beside the backup"
[ "$(sql "$DB" "pragma integrity_check" q)" = ok ] && ok "integrity ok after restore" || not_ok "integrity ok after restore"
[ "$(sql "$DB" "pragma journal_mode" q)" = wal ] && ok "the live database stays in WAL mode" || not_ok "the live database stays in WAL mode"
run log
grep -q "restored.*good.db" "$T/out" && ok "tavle log shows the restore with the backup's path" || not_ok "tavle log shows the restore" "$(tail -3 "$T/out")"
run check
[ "$rc" -eq 0 ] && ok "check passes after restore" || not_ok "check passes after restore" "$(cat "$T/out")"
run set 3 title "Efter restore"
[ "$rc" -eq 0 ] && [ "$(title 3)" = "Efter restore" ] && ok "writes go on after restore" || not_ok "writes go on after restore"

# Under the usual write lock: a writer holding it for a second is waited for (busy
# timeout), then the restore goes in after that writer's commit.
rm -f "$T/locked"
$PY - "$DB" "$T/locked" <<'PYEOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("begin immediate")
open(sys.argv[2], "w").close()
time.sleep(1)
c.execute("update packages set title = 'Holder laasen' where number = 3")
c.execute("commit")
PYEOF
holder=$!
for _ in $(seq 100); do [ -e "$T/locked" ] && break; sleep 0.05; done
run restore "$T/good.db"
wait "$holder"
[ "$rc" -eq 0 ] && [ "$(title 3)" = "$orig" ] && ok "restore waits for a writer holding the lock, then goes in" || not_ok "restore waits for a writer holding the lock" "exit $rc, title $(title 3)"

# An older schema: upgraded in the copy, the live file at this tavle's schema.
schema=$(sql "$DB" "pragma user_version" q)
cp "$T/good.db" "$T/old.db"
# Schema 3: without migration 4's indexes, migration 5's history.account, each later
# migration's additions dropped in reverse order (14 .. 9, as tests/unit/schema_undo.h;
# the export revisions' triggers first: SQLite drops no column a trigger names).
undo_export=""
for tr in package_self task_self phase_self meeting_self decision_self package_tasks \
	phase_packages board_name board_archived package_back task_back phase_back \
	meeting_back decision_back; do
	undo_export="$undo_export drop trigger export_$tr;"
done
undo_export="$undo_export drop table export_pending; alter table boards drop column archived_at;"
for tb in packages tasks phases meetings decisions; do
	undo_export="$undo_export alter table $tb drop column export_rev; alter table $tb drop column export_at;"
done
sql "$T/old.db" "drop table template_marks; drop table template_conflicts; drop table template_base; alter table boards drop column template_version; alter table packages drop column tkey; alter table tasks drop column tkey; alter table phases drop column tkey; alter table meetings drop column tkey; alter table decisions drop column tkey; drop table reported_boards; alter table boards drop column cvr; alter table tombstones drop column ical_sequence; drop index meetings_uid; alter table meetings drop column recurrence_id; alter table tombstones drop column recurrence_id; $undo_export drop index boards_default; drop index boards_last_used; alter table boards drop column contact; alter table packages drop column blocked_reason; alter table packages drop column after_packages; alter table packages drop column deadline_offset; alter table tasks drop column deadline_offset; alter table phases drop column start_offset; alter table phases drop column end_offset; alter table meetings drop column start_offset; alter table meetings drop column end_offset; alter table decisions drop column due_offset; alter table history drop column account; alter table meetings drop column ical_sequence; alter table tasks drop column owner; pragma user_version = 3;" x
run restore "$T/old.db"
[ "$rc" -eq 0 ] && ok "an older schema's backup is restored" || not_ok "an older schema's backup is restored" "exit $rc"
[ "$(sql "$DB" "pragma user_version" q)" = "$schema" ] && ok "... and upgraded to this tavle's schema ($schema)" || not_ok "... and upgraded to this tavle's schema ($schema)"
[ "$(sql "$DB" "select count(*) from sqlite_schema where name = 'boards_default'" q)" = 1 ] && ok "... with the migration's index" || not_ok "... with the migration's index"

# Refusals: the live database stays byte-identical.
refused() { # refused DESCRIPTION BACKUP TEXT-IN-MESSAGE
	local before
	before=$(digest)
	run restore "$2"
	if [ "$rc" -ne 0 ] && [ "$(digest)" = "$before" ]; then ok "$1 refused, live database unchanged"; else not_ok "$1 refused, live database unchanged" "exit $rc"; fi
	grep -qi -- "$3" "$T/err" && ok "$1: the message says '$3'" || not_ok "$1: the message says '$3'" "$(cat "$T/err")"
}
cp "$T/good.db" "$T/corrupt.db"
$PY - "$T/corrupt.db" <<'PYEOF'
import sys
f = open(sys.argv[1], "r+b")
size = f.seek(0, 2)
ps = int.from_bytes(open(sys.argv[1], "rb").read(18)[16:18], "big")
for page in range(2, size // ps, 3):
    f.seek(page * ps + 8)
    f.write(b"\xff" * 40)
PYEOF
refused "a damaged backup" "$T/corrupt.db" "damaged"
sql "$T/foreign.db" "create table photos (id integer primary key, name text); insert into photos (name) values ('x');" x
refused "another program's database" "$T/foreign.db" "another program"
cp "$T/good.db" "$T/newer.db"
sql "$T/newer.db" "pragma user_version = 99" x
refused "a newer tavle's backup" "$T/newer.db" "newer tavle"
cp "$T/good.db" "$T/trig.db"
sql "$T/trig.db" "create trigger evil after update on packages begin delete from packages; end;" x
refused "a backup with a foreign trigger" "$T/trig.db" "evil"
cp "$T/good.db" "$T/pages.db"
$PY -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute("pragma journal_mode=delete"); c.execute("pragma page_size=1024"); c.execute("vacuum")' "$T/pages.db"
refused "a backup with another page size" "$T/pages.db" "pages of 1024 bytes"
printf 'not a database at all\n%.0s' $(seq 100) >"$T/text.db"
refused "a text file" "$T/text.db" "not a tavle database"
refused "a missing backup" "$T/nope.db" "nope.db"
mkdir "$T/dir.db"
refused "a directory" "$T/dir.db" "not a regular file"
run restore
[ "$rc" -eq 2 ] && ok "restore without BACKUP is a usage error" || not_ok "restore without BACKUP is a usage error" "exit $rc"
"$TAVLE" restore --help >"$T/out" 2>&1 && grep -qi "never copy" "$T/out" && ok "restore --help warns against cp and mv" || not_ok "restore --help"
"$TAVLE" --help >"$T/out" 2>&1 && grep -q "restore BACKUP" "$T/out" && ok "tavle --help lists restore" || not_ok "tavle --help lists restore"

finish
