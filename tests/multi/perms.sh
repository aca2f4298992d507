#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Two Unix users in one group share a database made by `tavle init --shared GROUP`:
# the directory is GROUP-owned 2770 (setgid), the files 0660, the -wal and -shm files
# SQLite creates belong to the group, and each user writes while the other has the
# board open. Without the setgid directory, the locked-out user is told in words what
# to run. A private database stays 0600. Needs root (useradd); the users and the
# group are removed at the end.
. "$(dirname "$0")/../e2e/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	skip_all "not root: cannot create test users"
fi
for t in useradd groupadd setpriv; do
	command -v $t >/dev/null || skip_all "$t missing"
done

G=tvg$$
U1=tva$$
U2=tvb$$
cleanup_users() {
	tm kill-server >/dev/null 2>&1
	pkill -u "$U1" 2>/dev/null
	pkill -u "$U2" 2>/dev/null
	userdel "$U1" >/dev/null 2>&1
	userdel "$U2" >/dev/null 2>&1
	groupdel "$U1" >/dev/null 2>&1
	groupdel "$U2" >/dev/null 2>&1
	groupdel "$G" >/dev/null 2>&1
	rm -rf "$WORK"
}
at_exit cleanup_users
groupadd "$G"
# Each user's primary group is their own: exactly the case where -wal/-shm would
# take the wrong group.
useradd -M -U -G "$G" -s /bin/sh -d /nonexistent "$U1"
useradd -M -U -G "$G" -s /bin/sh -d /nonexistent "$U2"
chmod 755 "$WORK"
SRV=$WORK/srv
mkdir -m 755 "$SRV"

as() { # as USER CMD...: run as USER with the group list of the user
	local u=$1
	shift
	setpriv --reuid "$u" --regid "$u" --init-groups env HOME="$WORK" TAVLE_NOW="$NOW" \
		LC_ALL=C.UTF-8 "$@"
}
tv() { local u=$1; shift; as "$u" "$TAVLE" "$@"; }
# The test users must reach the binary and the work directory: a build or a temporary
# directory below a private (0700) directory, or a root directory that is 0700, is out
# of their reach, and then there is nothing to test (skipped, said so).
if ! as "$U1" "$TAVLE" --version >/dev/null 2>&1 || ! as "$U1" test -x "$WORK"; then
	skip_all "user $U1 cannot run $TAVLE or reach $WORK (a private directory on the path)"
fi

DB=$SRV/tavle/tavle.db
out=$("$TAVLE" --db "$DB" init --shared "$G" 2>&1)
check "init --shared creates the board" test $? -eq 0
check "directory is 2770" test "$(stat -c %a "$SRV/tavle")" = 2770
check "directory belongs to the group" test "$(stat -c %G "$SRV/tavle")" = "$G"
check "database file is 0660" test "$(stat -c %a "$DB")" = 660
check "database file belongs to the group" test "$(stat -c %G "$DB")" = "$G"
check "init --shared with an unknown group is refused" \
	sh -c '! "$1" --db "$2/x/t.db" init --shared no-such-group-here 2>/dev/null' _ "$TAVLE" "$SRV"

# U1 keeps the board open (a TUI: its connection and the -wal/-shm files stay).
tm new-session -d -s u1 -x 100 -y 30 "setpriv --reuid $U1 --regid $U1 --init-groups env HOME=$WORK TAVLE_NOW=$NOW LC_ALL=C.UTF-8 TERM=xterm-256color $(printf '%q' "$TAVLE") --db $(printf '%q' "$DB"); echo TAVLE-EXIT=\$?; sleep 30"
SESSION=u1
wait_for "Uddannelse"
check "-wal belongs to the group" test "$(stat -c %G "$DB-wal")" = "$G"
check "-shm belongs to the group" test "$(stat -c %G "$DB-shm")" = "$G"
check "-wal is 0660" test "$(stat -c %a "$DB-wal")" = 660
err=$(tv "$U2" --db "$DB" set 1 owner "Skrevet af $U2" 2>&1 >/dev/null)
check "the other user writes while the first has it open" test $? -eq 0
check "no sharing warning on a good setup" test -z "$err"
check "the open board shows the other user's change" wait_for "Updated by $U2"
send e
wait_for "Title:"
send C-u
send_text "Titel fra $U1"
send Enter
check "the first user writes too" sh -c '"$1" --db "$2" show 1 --json | grep -q "Titel fra $3"' _ \
	"$TAVLE" "$DB" "$U1"
hist=$("$TAVLE" --db "$DB" log 1)
check "history names both users" sh -c 'echo "$1" | grep -q "$2" && echo "$1" | grep -q "$3"' _ \
	"$hist" "$U1" "$U2"
send Q
wait_for "TAVLE-EXIT="
check "tavle check clean" "$TAVLE" --db "$DB" check

# Without the setgid bit: U1's -wal/-shm take U1's own group and lock U2 out.
DB2=$SRV/plain/tavle.db
"$TAVLE" --db "$DB2" init --shared "$G" >/dev/null 2>&1
chmod g-s "$SRV/plain"      # setgid removed, as in a hand-made directory
tm new-session -d -s u1b -x 100 -y 30 "setpriv --reuid $U1 --regid $U1 --init-groups env HOME=$WORK TAVLE_NOW=$NOW LC_ALL=C.UTF-8 TERM=xterm-256color $(printf '%q' "$TAVLE") --db $(printf '%q' "$DB2"); echo TAVLE-EXIT=\$?; sleep 30"
SESSION=u1b
wait_for "Uddannelse"
check "without setgid the -wal takes the creator's group" test "$(stat -c %G "$DB2-wal")" = "$U1"
ls -la "$SRV/plain" | sed "s/^/# /"
err=$(tv "$U2" --db "$DB2" set 1 owner "x" 2>&1 >/dev/null)
echo "$err" | sed 's/^/# /'
check "the problem is reported: missing setgid" sh -c 'echo "$1" | grep -q "lacks the setgid bit"' _ "$err"
check "the fix for the directory is named" sh -c 'echo "$1" | grep -qF "chmod 2770 $2"' _ "$err" "$SRV/plain"
check "the fix for the -wal file is named" sh -c 'echo "$1" | grep -qF "chgrp $2 $3-wal"' _ "$err" "$G" "$DB2"
check "the TUI of the first user shows the problem" wait_for "Sharing:" 2 || true
send Q

# Files planted next to a database (issue 15, 8): in a world-writable sticky directory
# U2 puts a -wal, -shm or -journal beside U1's database. SQLite would read U2's -wal
# as part of U1's board (and checkpoint it into her file); U1's next open is refused,
# naming the file and its owner, and her database is left as it was. Root is refused
# too: a file beside the database must belong to the database's owner (or root, or
# the user), whoever opens it.
PUB=$WORK/pub
mkdir -m 1777 "$PUB"
A=$PUB/alice.db
tv "$U1" --db "$A" init >/dev/null 2>&1
tv "$U1" --db "$A" set 1 title "Alices egen titel" >/dev/null 2>&1
check "alice's private board is made" test "$(stat -c %U "$A")" = "$U1"
tv "$U2" --db "$PUB/bob.db" init >/dev/null 2>&1
tv "$U2" --db "$PUB/bob.db" set 1 title "Bobs titel" >/dev/null 2>&1
for sfx in -wal -shm -journal; do
	rm -f "$A-wal" "$A-shm" "$A-journal"
	as "$U2" sh -c 'head -c 32768 /dev/urandom >"$1"; chmod 644 "$1"' _ "$A$sfx"
	check "$U2 planted alice.db$sfx" test "$(stat -c %U "$A$sfx" 2>/dev/null)" = "$U2"
	before=$(sha256sum "$A" | cut -d' ' -f1)
	err=$(tv "$U1" --db "$A" list 2>&1 >/dev/null)
	rc=$?
	echo "$err" | sed 's/^/# /'
	check "planted $sfx: alice's open is refused (exit $rc)" test "$rc" -eq 1
	check "planted $sfx: the message names the file" sh -c 'echo "$1" | grep -qF "$2"' _ "$err" "$A$sfx"
	check "planted $sfx: the message names its owner" sh -c 'echo "$1" | grep -qw "$2"' _ "$err" "$U2"
	err=$(tv "$U1" --db "$A" set 1 title "Ny titel" 2>&1 >/dev/null)
	check "planted $sfx: alice's write is refused" test $? -eq 1
	check "planted $sfx: alice's database unchanged" test "$(sha256sum "$A" | cut -d' ' -f1)" = "$before"
	err=$("$TAVLE" --db "$A" list 2>&1 >/dev/null)
	check "planted $sfx: root's open is refused too" sh -c '[ "$2" -eq 1 ] && echo "$1" | grep -qw "$3"' _ "$err" $? "$U2"
done
# A -wal of another file made by U2 (bob's board: a real write-ahead log).
rm -f "$A-wal" "$A-shm" "$A-journal"
tm new-session -d -s bob -x 100 -y 30 "setpriv --reuid $U2 --regid $U2 --init-groups env HOME=$WORK TAVLE_NOW=$NOW LC_ALL=C.UTF-8 TERM=xterm-256color $(printf '%q' "$TAVLE") --db $(printf '%q' "$PUB/bob.db"); echo TAVLE-EXIT=\$?; sleep 30"
SESSION=bob
wait_for "Uddannelse"
as "$U2" cp "$PUB/bob.db-wal" "$A-wal"
out=$(tv "$U1" --db "$A" show 1 --json 2>&1)
check "a copied -wal of bob's board: refused" sh -c '! echo "$1" | grep -q "Bobs titel" && echo "$1" | grep -qw "$2"' _ "$out" "$U2"
send Q
rm -f "$A-wal" "$A-shm"
out=$(tv "$U1" --db "$A" show 1 --json 2>&1)
check "without the planted file alice's board opens as before" sh -c 'echo "$1" | grep -q "Alices egen titel"' _ "$out"
check "root opens alice's database (owned by her)" sh -c '"$1" --db "$2" list >/dev/null' _ "$TAVLE" "$A"

# Shared mode: a -wal of the shared group (not writable by others) is trusted, one of
# another group is not; the advice names only the shared group.
DB3=$SRV/third/tavle.db
"$TAVLE" --db "$DB3" init --shared "$G" >/dev/null 2>&1
tv "$U1" --db "$DB3" set 1 owner "U1" >/dev/null 2>&1
check "shared database: a member writes" test $? -eq 0
as "$U1" sh -c 'head -c 100 /dev/zero >"$1"; chmod 664 "$1"' _ "$DB3-journal"
check "a member's -journal takes the shared group" test "$(stat -c %G "$DB3-journal")" = "$G"
err=$(tv "$U2" --db "$DB3" list 2>&1 >/dev/null)
check "a group file of another member is trusted" test $? -eq 0
chmod o+w "$DB3-journal"
err=$(tv "$U2" --db "$DB3" list 2>&1 >/dev/null)
rc=$?
echo "$err" | sed 's/^/# /'
check "a group file writable by others is refused" sh -c '[ "$2" -eq 1 ] && echo "$1" | grep -qF "$3-journal"' _ "$err" $rc "$DB3"
chgrp "$U1" "$DB3-journal"
chmod o-w "$DB3-journal"
err=$(tv "$U2" --db "$DB3" list 2>&1 >/dev/null)
rc=$?
echo "$err" | sed 's/^/# /'
check "a file of another group is refused" sh -c '[ "$2" -eq 1 ] && echo "$1" | grep -qF "$3-journal"' _ "$err" $rc "$DB3"
check "the advice never names another group for chgrp" sh -c '! echo "$1" | grep -E "chgrp " | grep -vqE "chgrp $2 "' _ "$err" "$G"
rm -f "$DB3-journal"

# Who the history of a shared database names (issue 15, 10): TAVLE_USER is only a
# display name; the Unix account that made the change is recorded beside it.
as "$U2" env TAVLE_USER=mallory "$TAVLE" --db "$DB3" set 1 title "Skrevet som mallory" >/dev/null 2>&1
check "a member writes with TAVLE_USER=mallory" test $? -eq 0
log=$(tv "$U1" --db "$DB3" log 1)
echo "$log" | grep mallory | sed 's/^/# /'
check "tavle log shows the display name and the account" sh -c 'echo "$1" | grep -qF "mallory ($2)"' _ "$log" "$U2"
json=$(tv "$U1" --db "$DB3" log 1 --json)
check "the history records the real account beside mallory" python3 -c '
import json, sys
rows = [r for r in json.loads(sys.argv[1]) if r.get("user") == "mallory"]
assert rows and all(r.get("account") == sys.argv[2] for r in rows), rows
' "$json" "$U2"
check "a change without TAVLE_USER shows the account once" sh -c 'echo "$1" | grep -qE "(^| )$2 +set" && ! echo "$1" | grep -qF "$2 ($2)"' _ "$log" "$U1"

# A private database stays 0600 (and its -wal too).
P=$WORK/private.db
"$TAVLE" --db "$P" init >/dev/null 2>&1
check "private database is 0600" test "$(stat -c %a "$P")" = 600
check "no sharing check on a private database" sh -c '[ -z "$("$1" --db "$2" list 2>&1 >/dev/null)" ]' _ "$TAVLE" "$P"
finish
