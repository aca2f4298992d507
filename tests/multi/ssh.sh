#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# tavle through a real SSH session: sshd on 127.0.0.1 with a throwaway host key and
# user key in a temporary directory; `ssh -tt ... tavle` inside tmux; edit a title,
# see a colleague's change arrive over the connection, quit, check the database. Then
# the connection is cut (the ssh client killed) in the middle of a multi-line edit:
# sshd hangs up the session, tavle gets SIGHUP, the database stays consistent and the
# text is kept as a draft. Needs root and openssh-server (CI installs it); skips
# otherwise. sshd is stopped at the end.
. "$(dirname "$0")/../e2e/lib.sh"

SSHD=/usr/sbin/sshd
if [ "$(id -u)" -ne 0 ]; then
	skip_all "not root: cannot run a test sshd with root login"
fi
for t in "$SSHD" ssh ssh-keygen; do
	command -v "$t" >/dev/null || skip_all "$t missing (apt-get install openssh-server)"
done

TAVLE=$(realpath "$TAVLE")
K=$WORK/ssh
mkdir -m 700 "$K"
SSHD_PID=
stop_all() {
	tm kill-server >/dev/null 2>&1
	[ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null
	[ -n "$SSHD_PID" ] && wait "$SSHD_PID" 2>/dev/null
	rm -rf "$WORK"
}
at_exit stop_all
ssh-keygen -q -t ed25519 -N '' -f "$K/host" >/dev/null
ssh-keygen -q -t ed25519 -N '' -f "$K/user" >/dev/null
cp "$K/user.pub" "$K/authorized_keys"
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$K/sshd_config" <<CONF
Port $PORT
ListenAddress 127.0.0.1
HostKey $K/host
PidFile $K/sshd.pid
AuthorizedKeysFile $K/authorized_keys
StrictModes no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PrintMotd no
Subsystem sftp internal-sftp
CONF
mkdir -p /run/sshd
"$SSHD" -D -f "$K/sshd_config" -E "$K/sshd.log" &
SSHD_PID=$!
SSH=(ssh -tt -i "$K/user" -p "$PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
	-o LogLevel=ERROR -o BatchMode=yes root@127.0.0.1)
up=
for _ in $(seq 1 100); do
	if ssh -i "$K/user" -p "$PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o LogLevel=ERROR -o BatchMode=yes root@127.0.0.1 true 2>/dev/null; then
		up=1
		break
	fi
	sleep 0.1
done
check "sshd is up and the key logs in" test -n "$up"
[ -n "$up" ] || { sed 's/^/# /' "$K/sshd.log"; finish; exit 1; }

make_db
STATE=$WORK/state
REMOTE="TAVLE_DB=$(printf '%q' "$DB") TAVLE_NOW=$NOW TAVLE_USER=viassh LC_ALL=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME=$STATE $(printf '%q' "$TAVLE")"
ssh_session() {
	STARTS=$((STARTS + 1))
	tm kill-server >/dev/null 2>&1
	SOCK="$SOCK_BASE-$STARTS"
	tm new-session -d -s "$SESSION" -x 100 -y 30 \
		"$(printf '%q ' "${SSH[@]}") $(printf '%q' "$REMOTE"); echo SSH-EXIT=\$?; sleep 30"
}

ssh_session
check "tavle's board over ssh" wait_for "Uddannelse" 20
send e
wait_for "Title:"
send C-u
send_text "Redigeret over SSH"
send Enter
check "the edit over ssh is stored" wait_json 1 'p["title"]' "Redigeret over SSH"
cli set 2 owner "Kollega lokalt" >/dev/null
check "a local colleague's change arrives over ssh" wait_for "Updated by"
send Q
check "tavle and ssh exit cleanly" wait_for "SSH-EXIT=0"
check "history records the ssh user" sh -c '"$1" --db "$2" log 1 | grep -q viassh' _ "$TAVLE" "$DB"
check "tavle check clean" cli check

# Cut the connection in the middle of a multi-line edit.
BG0=$(pkg_json 1 'p["sections"]["background"]')
ssh_session
wait_for "Uddannelse" 20
send Enter
wait_for "Baggrund"
send j j j j j j j j
send e
wait_for "Ctrl-D or F2 save"
send_text "Tekst skrevet lige før forbindelsen døde"
wait_for "forbindelsen døde"
# The remote tavle: the one whose environment names this test's state directory.
tpid=
for p in $(pgrep -x tavle); do
	tr '\0' '\n' 2>/dev/null <"/proc/$p/environ" | grep -qxF "XDG_STATE_HOME=$STATE" && tpid=$p
done
check "found the remote tavle" test -n "$tpid"
client=$(pgrep -f -n -- "-p $PORT -o StrictHostKeyChecking=no")
check "found the ssh client" test -n "$client"
kill -9 "$client"
check "ssh session is gone" wait_for "SSH-EXIT="
gone=
for _ in $(seq 1 100); do
	if [ -z "$tpid" ] || [ ! -e "/proc/$tpid" ]; then
		gone=1
		break
	fi
	sleep 0.1
done
check "the remote tavle ended on the hang-up" test -n "$gone"
for _ in $(seq 1 100); do ls "$STATE"/tavle/drafts/draft-*.txt >/dev/null 2>&1 && break; sleep 0.1; done
draft=$(ls "$STATE"/tavle/drafts/draft-*.txt 2>/dev/null | head -n1)
check "the text was kept as a draft" grep -q "forbindelsen døde" "${draft:-/dev/null}"
check "database unchanged by the cut" test "$(pkg_json 1 'p["sections"]["background"]')" = "$BG0"
check "tavle check clean after the cut" cli check

# A database on a FUSE mount (sshfs through the same sshd) is refused in words; with
# TAVLE_ALLOW_NETFS=1 the user may try anyway.
if command -v sshfs >/dev/null && [ -e /dev/fuse ]; then
	mkdir -p "$WORK/remote" "$WORK/mnt"
	if sshfs -p "$PORT" -o IdentityFile="$K/user" -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o BatchMode=yes \
		"root@127.0.0.1:$WORK/remote" "$WORK/mnt" 2>"$WORK/sshfs.err"; then
		msg=$("$TAVLE" --db "$WORK/mnt/board.db" init 2>&1)
		rc=$?
		echo "# $msg"
		check "a database on FUSE is refused" test "$rc" -ne 0
		check "the refusal names FUSE and the fix" sh -c \
			'echo "$1" | grep -q "on a FUSE file system" && echo "$1" | grep -q "local disk"' _ "$msg"
		check "nothing was created on the mount" test ! -e "$WORK/remote/board.db"
		fusermount -u "$WORK/mnt" 2>/dev/null || umount "$WORK/mnt"
	else
		echo "# sshfs mount failed ($(cat "$WORK/sshfs.err")): FUSE refusal not tested here"
	fi
else
	echo "# sshfs or /dev/fuse missing: FUSE refusal not tested here (test_shared checks the classifier)"
fi
finish
