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

# A private database stays 0600 (and its -wal too).
P=$WORK/private.db
"$TAVLE" --db "$P" list >/dev/null 2>&1
check "private database is 0600" test "$(stat -c %a "$P")" = 600
check "no sharing check on a private database" sh -c '[ -z "$("$1" --db "$2" list 2>&1 >/dev/null)" ]' _ "$TAVLE" "$P"
finish
