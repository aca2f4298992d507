#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Fault injection against the built tavle:
#  1. kill -9 at a random moment (0-30 ms) in each of KILL_CYCLES (default 200) write
#     cycles (set title / add comment / rm comment in a loop); after each, `tavle check`
#     is clean and every acknowledged edit (the writer logs it after exit 0) is there.
#  2. Disk full during an export (a 64 KiB tmpfs when root, `ulimit -f` and /dev/full
#     otherwise too) and during a database write (the database on a full tmpfs): a clear
#     error, the previous export intact (sha256), the database consistent.
#  3. A read-only database file and a read-only directory (as `nobody` when root), a
#     truncated database, random bytes, another program's SQLite file, a newer schema:
#     a clear message, exit 1, nothing written (sha256 of every file in the directory).
#  4. SIGTERM, SIGHUP and SIGINT to the TUI at idle and during an edit (tmux): the
#     terminal is restored (stty after tavle shows echo and icanon), the database is
#     consistent and tavle did not crash.
#  5. TERM=dumb, an unknown TERM, LANG=C/LC_ALL=C, no HOME nor XDG variables, a 20x5
#     and a 1x1 terminal: a clear message or a degraded display, never a crash.
#  6. (run before 5) kill -9 during large exports and backups, and SIGTERM/INT/HUP while
#     the temporary file exists: no partial target, no temporary left, no backup blocked.
# usage: faults.sh path/to/tavle
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../e2e/lib.sh"
set -u
export LC_ALL=C.UTF-8 TAVLE_NOW=$NOW
unset TAVLE_DB XDG_DATA_HOME SOURCE_DATE_EPOCH SUDO_USER
export HOME=$WORK/home
mkdir -p "$HOME"
T=$WORK
KILL_CYCLES=${KILL_CYCLES:-200}
IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1
MOUNTS=()
cleanup_hard() {
	local m
	for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done
	tm kill-server >/dev/null 2>&1
	chmod -R u+w "$WORK" 2>/dev/null
	rm -rf "$WORK"
}
at_exit cleanup_hard
crashed() { [ "$1" -ge 128 ]; }
tv() { "$TAVLE" "$@"; }
sums() { # sha256 of every file in a directory (names and contents)
	(cd "$1" && find . -type f -print0 | sort -z | xargs -0r sha256sum)
}

make_db
PKG=1
check "seeded database" test -s "$DB"
check "new database is 0600" test "$(stat -c %a "$DB")" = 600

# ---------------------------------------------------------------- 1. kill -9
ACK=$T/ack.log
: >"$ACK"
writer() { # CYCLE: set/add/rm until killed; log each acknowledged edit
	local c=$1 k=0 out id
	while :; do
		k=$((k + 1))
		"$TAVLE" --db "$DB" set "$PKG" title "kill-$c-$k" >/dev/null 2>&1 && echo "title $c $k" >>"$ACK"
		out=$("$TAVLE" --db "$DB" add comment "$PKG" "c-$c-$k" 2>/dev/null) &&
			echo "add c-$c-$k" >>"$ACK"
		id=$(sed -n 's/^added comment \([0-9]*\).*/\1/p' <<<"$out")
		if [ -n "$id" ] && [ $((k % 2)) -eq 0 ]; then
			echo "rmstart c-$c-$k" >>"$ACK"
			"$TAVLE" --db "$DB" rm comment "$id" >/dev/null 2>&1 && echo "rm c-$c-$k" >>"$ACK"
		fi
	done
}
export -f writer
export TAVLE DB PKG ACK
# How long one write takes here (the kill moment must be able to land anywhere in
# one, also on a loaded machine): the median of three, in ms.
cmd_ms=$(for i in 1 2 3; do
	s0=$(date +%s%N); "$TAVLE" --db "$DB" set "$PKG" owner "o$i" >/dev/null 2>&1; s1=$(date +%s%N)
	echo $(((s1 - s0) / 1000000))
done | sort -n | sed -n 2p)
KILL_MAX_MS=${KILL_MAX_MS:-$((30 + cmd_ms))}
echo "# one write takes ${cmd_ms} ms; kill after 0-${KILL_MAX_MS} ms"
kill_fail=0
acked_total=0
start_s=$(date +%s)
for c in $(seq 1 "$KILL_CYCLES"); do
	setsid bash -c "writer $c" </dev/null >/dev/null 2>&1 &
	wpid=$!
	# Let the writer get going (one acknowledged edit, or a second at most), then kill
	# it at a random moment: in odd cycles right away (0-30 ms into start-up), in even
	# ones anywhere within the next command.
	if [ $((c % 2)) -eq 0 ]; then
		for i in $(seq 1 100); do grep -q " $c " "$ACK" 2>/dev/null && break; grep -q "c-$c-" "$ACK" 2>/dev/null && break; sleep 0.01; done
		ms=$((RANDOM % (KILL_MAX_MS + 1)))
	else
		ms=$((RANDOM % 31))
	fi
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -9 -- "-$wpid" 2>/dev/null || kill -9 "$wpid" 2>/dev/null
	wait "$wpid" 2>/dev/null
	# Nothing of the killed group may still run (a tavle child re-parented to init).
	while pgrep -r R,S,D,T -g "$wpid" >/dev/null 2>&1; do sleep 0.01; done
	if ! tv --db "$DB" check >"$T/check.out" 2>&1; then
		echo "# cycle $c: check failed:"; sed 's/^/#   /' "$T/check.out" | head -5
		kill_fail=$((kill_fail + 1))
		continue
	fi
	title=$(tv --db "$DB" show "$PKG" --json | sed -n 's/^  "title": "\(.*\)",$/\1/p')
	tv --db "$DB" comments "$PKG" --json >"$T/comments.json"
	# The title is the last acknowledged one of this cycle or a later (unacknowledged) one.
	last=$(awk -v c="$c" '$1 == "title" && $2 == c { k = $3 } END { print k + 0 }' "$ACK")
	if [ "$last" -gt 0 ]; then
		acked_total=$((acked_total + 1))
		case $title in
		kill-"$c"-*) [ "${title##*-}" -ge "$last" ] || { echo "# cycle $c: title $title older than acked $last"; kill_fail=$((kill_fail + 1)); } ;;
		*) echo "# cycle $c: title '$title', acked kill-$c-$last"; kill_fail=$((kill_fail + 1)) ;;
		esac
	fi
	for cm in $(awk -v c="$c" '$1 == "add" && $2 ~ "^c-" c "-" { print $2 }' "$ACK"); do
		acked_total=$((acked_total + 1))
		if grep -q "^rm $cm\$" "$ACK"; then
			! grep -qF "\"$cm\"" "$T/comments.json" || { echo "# cycle $c: removed $cm still there"; kill_fail=$((kill_fail + 1)); }
		elif ! grep -q "^rmstart $cm\$" "$ACK"; then
			grep -qF "\"$cm\"" "$T/comments.json" || { echo "# cycle $c: acknowledged $cm lost"; kill_fail=$((kill_fail + 1)); }
		fi
	done
done
kill_s=$(($(date +%s) - start_s))
echo "# kill -9: $KILL_CYCLES cycles, $acked_total acknowledged edits verified, ${kill_s}s"
check "kill -9 x$KILL_CYCLES: check clean and every acknowledged edit present ($kill_fail failures)" test "$kill_fail" -eq 0
check "some edits were acknowledged across the kills" test "$acked_total" -gt 0
tv --db "$DB" set "$PKG" title "Implementeringsopstart" >/dev/null 2>&1

# ---------------------------------------------------------------- 2. disk full
tv --db "$DB" export ics -o "$T/prev.ics" 2>/dev/null
prev=$(sha256sum <"$T/prev.ics")
check "export for the disk-full tests" test -s "$T/prev.ics"
# ulimit -f (SIGXFSZ ignored, so write() fails with EFBIG instead of killing tavle).
cp "$T/prev.ics" "$T/ulimit.ics"
(trap '' XFSZ; ulimit -f 36; exec "$TAVLE" --db "$DB" export ics -o "$T/ulimit.ics") >"$T/out" 2>"$T/err"
rc=$?
check "export over ulimit -f: exit 1 (got $rc)" test "$rc" -eq 1
check "export over ulimit -f: clear message ($(head -1 "$T/err"))" grep -qiE "too large|no space|limit" "$T/err"
check "export over ulimit -f: previous file intact" test "$(sha256sum <"$T/ulimit.ics")" = "$prev"
check "export over ulimit -f: no temporary left" test "$(ls -A "$T" | grep -c 'ulimit.ics.')" -eq 0
# Standard output onto /dev/full.
tv --db "$DB" export ics >/dev/full 2>"$T/err"
rc=$?
check "export to /dev/full: exit 1 (got $rc)" test "$rc" -eq 1
check "export to /dev/full: clear message ($(head -1 "$T/err"))" grep -qi "space" "$T/err"
if [ "$IS_ROOT" -eq 1 ] && mkdir -p "$T/small" && mount -t tmpfs -o size=64k tmpfs "$T/small" 2>/dev/null; then
	MOUNTS+=("$T/small")
	head -c 20000 "$T/prev.ics" >"$T/small/cal.ics"
	small=$(sha256sum <"$T/small/cal.ics")
	dd if=/dev/zero of="$T/small/filler" bs=1k count=36 2>/dev/null
	tv --db "$DB" export ics -o "$T/small/cal.ics" >"$T/out" 2>"$T/err"
	rc=$?
	check "export onto a full tmpfs: exit 1 (got $rc)" test "$rc" -eq 1
	check "export onto a full tmpfs: says no space ($(head -1 "$T/err"))" grep -qi "space" "$T/err"
	check "export onto a full tmpfs: previous file intact" test "$(sha256sum <"$T/small/cal.ics")" = "$small"
	check "export onto a full tmpfs: no temporary left" test "$(ls -A "$T/small" | tr '\n' ' ')" = "cal.ics filler "
	# Every other file tavle writes says why it could not (issue 15: "cannot write
	# the CSV" alone), and leaves nothing behind.
	dd if=/dev/zero of="$T/small/filler2" bs=1k count=64 2>/dev/null
	for cmd in "export csv -o $T/small/b.csv" "export csv --excel -o $T/small/b.csv" \
		"export xlsx -o $T/small/b.xlsx" "backup $T/small/b.bak" \
		"template export $T/small/tpl"; do
		# shellcheck disable=SC2086
		tv --db "$DB" $cmd >"$T/out" 2>"$T/err"
		rc=$?
		check "$cmd onto a full tmpfs: exit 1 (got $rc)" test "$rc" -eq 1
		check "$cmd onto a full tmpfs: says why ($(head -1 "$T/err"))" grep -qiE "no space left|disk is full" "$T/err"
		case $cmd in template*) rm -rf "$T/small/tpl" ;; esac # what it leaves: item 3
		check "$cmd onto a full tmpfs: nothing left" test "$(ls -A "$T/small" | tr '\n' ' ')" = "cal.ics filler filler2 "
	done
	rm -f "$T/small/filler2"
	umount "$T/small"
	# The database on a tmpfs that fills up during a write. Room for two copies of the
	# database (b.db, and c.db below): schema 15's template base values made a seeded
	# board some 70 KiB larger, and a copy that did not fit was a truncated file.
	mount -t tmpfs -o size=2m tmpfs "$T/small"
	cp "$DB" "$T/small/b.db"
	# Leave 250 KiB: room for the -shm (32 KiB) and a write or two in the WAL, not more.
	"$TAVLE" --db "$T/small/b.db" check >/dev/null 2>&1
	avail=$(df --output=avail -k "$T/small" | tail -1)
	dd if=/dev/zero of="$T/small/filler" bs=1k count=$((avail - 250)) 2>/dev/null
	big=$(head -c 60000 /dev/zero | tr '\0' 'b')
	ok=0
	for i in 1 2 3 4 5 6; do  # until the WAL no longer fits
		"$TAVLE" --db "$T/small/b.db" set "$PKG" background "$big$i" >"$T/out" 2>"$T/err"
		rc=$?
		[ "$rc" -ne 0 ] && break
		ok=$i
	done
	check "database write on a full disk: exit 1 (got $rc after $ok writes)" test "$rc" -eq 1
	check "database write on a full disk: clear message ($(head -1 "$T/err"))" grep -qiE "full|space" "$T/err"
	! crashed "$rc" && ok "no crash on a full disk" || not_ok "crash on a full disk"
	rm -f "$T/small/filler"
	check "database consistent after the full disk" tv --db "$T/small/b.db" check
	got=$(tv --db "$T/small/b.db" show "$PKG" --json | $PY -c 'import json,sys; s=json.load(sys.stdin)["sections"]["background"]; print(len(s), s[-1])')
	if [ "$ok" -gt 0 ]; then want="60001 $ok"; else want=$(tv --db "$DB" show "$PKG" --json | $PY -c 'import json,sys; s=json.load(sys.stdin)["sections"]["background"]; print(len(s), s[-1])'); fi
	check "the last acknowledged section is there ($got)" test "$got" = "$want"
	# Full before tavle even starts: SQLite cannot make the -shm.
	cp "$DB" "$T/small/c.db"
	dd if=/dev/zero of="$T/small/filler" bs=4k 2>/dev/null
	before=$(sha256sum <"$T/small/c.db")
	"$TAVLE" --db "$T/small/c.db" set "$PKG" title X >"$T/out" 2>"$T/err"
	rc=$?
	check "open on a full disk: exit 1 (got $rc)" test "$rc" -eq 1
	check "open on a full disk: names the reason ($(head -1 "$T/err"))" grep -qi "space" "$T/err"
	check "open on a full disk: database unchanged" test "$(sha256sum <"$T/small/c.db")" = "$before"
	rm -f "$T/small/filler"
	check "open on a full disk: consistent afterwards" tv --db "$T/small/c.db" check
	umount "$T/small"
else
	echo "# not root or no tmpfs: tmpfs disk-full cases skipped"
fi

# ---------------------------------------------------------------- 3. bad database files
bad_db() { # DESCRIPTION FILE KEYWORD [RUNNER...]
	local desc=$1 f=$2 kw=$3
	shift 3
	local before cmd
	for cmd in "list" "set $PKG title X" "export ics"; do
		before=$(sha256sum <"$f")
		# shellcheck disable=SC2086
		"$@" "$TAVLE" --db "$f" $cmd >"$T/out" 2>"$T/err"
		rc=$?
		if [ "$rc" -ne 1 ]; then not_ok "$desc [$cmd]: exit $rc, expected 1"; sed 's/^/#   /' "$T/err" | head -3
		elif ! grep -qiF -- "$kw" "$T/err"; then not_ok "$desc [$cmd]: message does not say '$kw': $(head -1 "$T/err")"
		elif [ "$(sha256sum <"$f")" != "$before" ]; then not_ok "$desc [$cmd]: the database file changed"
		elif [ -s "$f-wal" ]; then not_ok "$desc [$cmd]: something was written to the WAL"
		elif [ -n "${NO_DEBRIS:-}" ] && { [ -e "$f-wal" ] || [ -e "$f-shm" ]; }; then not_ok "$desc [$cmd]: left $f-wal or -shm behind"
		else ok "$desc [$cmd]: $(head -1 "$T/err")"; fi
	done
}
mkdir -p "$T/bad"
cp "$DB" "$T/bad/trunc.db"; truncate -s 10000 "$T/bad/trunc.db"
bad_db "truncated database" "$T/bad/trunc.db" "damaged"
head -c 65536 /dev/urandom >"$T/bad/random.db"
bad_db "random bytes" "$T/bad/random.db" "not a SQLite database"
$PY -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("create table x(y)"); c.commit()' "$T/bad/other.db"
bad_db "another program's SQLite file" "$T/bad/other.db" "another program"
cp "$DB" "$T/bad/newer.db"
$PY -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version=99"); c.commit()' "$T/bad/newer.db"
# Refused from the file header before SQLite opens it: not even empty -wal/-shm appear.
NO_DEBRIS=1 bad_db "newer schema" "$T/bad/newer.db" "newer"

# An empty file (touch tavle.db) is a database still to be made, like a missing one:
# only init makes it one.
: >"$T/bad/empty.db"
"$TAVLE" --db "$T/bad/empty.db" check >"$T/out" 2>"$T/err"
rc=$?
check "empty file: check exits 1 (got $rc)" test "$rc" -eq 1
check "empty file: check says there is no database ($(head -1 "$T/err"))" grep -q "no database at" "$T/err"
check "empty file: check leaves it empty" test ! -s "$T/bad/empty.db"
check "empty file: list leaves it empty too" sh -c '! "$1" --db "$2" list 2>/dev/null && test ! -s "$2"' _ "$TAVLE" "$T/bad/empty.db"
check "empty file: init seeds the default board" sh -c '"$1" --db "$2" init >/dev/null && "$1" --db "$2" list | grep -q Implementeringsopstart' _ "$TAVLE" "$T/bad/empty.db"
check "empty file: then it checks clean" tv --db "$T/bad/empty.db" check

# As root, the read-only cases run as nobody, who must be able to run the binary (a build in
# a private 0700 directory, e.g. a mktemp clone, is out of nobody's reach: skipped, said so).
AS_NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/nonexistent)
NOBODY_RUNS=0
if [ "$IS_ROOT" -eq 1 ] && command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1 &&
	"${AS_NOBODY[@]}" "$TAVLE" --version >/dev/null 2>&1; then
	NOBODY_RUNS=1
fi
if [ "$NOBODY_RUNS" -eq 1 ]; then
	chmod 755 "$WORK"
	mkdir -p "$T/ro"
	cp "$DB" "$T/ro/ro.db"
	chown -R nobody:nogroup "$T/ro"
	chmod 400 "$T/ro/ro.db"
	before=$(sums "$T/ro")
	"${AS_NOBODY[@]}" "$TAVLE" --db "$T/ro/ro.db" set "$PKG" title X >"$T/out" 2>"$T/err"
	rc=$?
	check "read-only database file: exit 1 (got $rc)" test "$rc" -eq 1
	check "read-only database file: clear message ($(head -1 "$T/err"))" grep -qiE "read-only|permission|readonly" "$T/err"
	check "read-only database file: nothing written" test "$(sums "$T/ro")" = "$before"
	"${AS_NOBODY[@]}" "$TAVLE" --db "$T/ro/ro.db" list >"$T/out" 2>"$T/err"
	rc=$?
	check "read-only database file: reading still works or says why (exit $rc)" test "$rc" -le 1
	chmod 600 "$T/ro/ro.db"
	chmod 555 "$T/ro"
	before=$(sums "$T/ro")
	"${AS_NOBODY[@]}" "$TAVLE" --db "$T/ro/ro.db" set "$PKG" title X >"$T/out" 2>"$T/err"
	rc=$?
	check "read-only directory: exit 1 (got $rc)" test "$rc" -eq 1
	check "read-only directory: clear message ($(head -1 "$T/err"))" grep -qiE "read-only|permission|readonly|directory" "$T/err"
	check "read-only directory: nothing written" test "$(sums "$T/ro")" = "$before"
	"${AS_NOBODY[@]}" "$TAVLE" --db "$T/ro/new.db" init >"$T/out" 2>"$T/err"
	rc=$?
	check "new database in a read-only directory: exit 1 (got $rc)" test "$rc" -eq 1
	check "new database in a read-only directory: nothing created" test ! -e "$T/ro/new.db"
	chmod 755 "$T/ro"
elif [ "$IS_ROOT" -eq 1 ]; then
	echo "# root, but user nobody cannot run $TAVLE (a private directory on its path): read-only cases skipped"
else
	echo "# not root: read-only cases run as this user"
	mkdir -p "$T/ro"; cp "$DB" "$T/ro/ro.db"; chmod 400 "$T/ro/ro.db"
	before=$(sums "$T/ro")
	tv --db "$T/ro/ro.db" set "$PKG" title X >"$T/out" 2>"$T/err"
	check "read-only database file: exit 1" test $? -eq 1
	check "read-only database file: nothing written" test "$(sums "$T/ro")" = "$before"
fi

# ---------------------------------------------------------------- 4. signals to the TUI
# start_sh W H ENV...: tavle in a shell that records the terminal modes afterwards.
start_sh() {
	local w=$1 h=$2
	shift 2
	tm kill-server >/dev/null 2>&1
	STARTS=$((STARTS + 1))
	SOCK="$SOCK_BASE-$STARTS"
	rm -f "$T/stty" "$T/rc"
	local unset_="" envs="TAVLE_NOW=$NOW LC_ALL=C.UTF-8 TERM=xterm-256color TAVLE_USER=e2e" a
	envs="$envs LSAN_OPTIONS=suppressions=$HERE/lsan.supp:print_suppressions=0"
	while [ $# -gt 0 ]; do
		case $1 in
		-u) unset_="$unset_ -u $2"; shift 2 ;;
		*) envs="$envs $(printf '%q' "$1")"; shift ;;
		esac
	done
	case $unset_ in *LC_ALL*) envs=${envs/LC_ALL=C.UTF-8/} ;; esac
	envs="$unset_ $envs"
	tm new-session -d -s "$SESSION" -x "$w" -y "$h" \
		"sh -c 'env $envs $(printf '%q' "$TAVLE") --db $(printf '%q' "$DB") 2>$T/tui.err; echo \$? >$T/rc.tmp; stty -a >$T/stty; mv $T/rc.tmp $T/rc; echo TAVLE-EXIT; sleep 30'"
}
tavle_pid() { pgrep -n -f -- "$TAVLE --db $DB\$" || pgrep -n -x tavle; }
wait_file() { local i; for i in $(seq 1 $((TIMEOUT * 20))); do [ -s "$1" ] && return 0; sleep 0.05; done; return 1; }
for sig in TERM HUP INT; do
	for when in idle edit; do
		start_sh 100 30
		wait_for "Uddannelse" || true
		if [ "$when" = edit ]; then
			send e
			wait_for "Title:" || true
			send_text "halvt skrevet"
		fi
		pid=$(pgrep -n -f "tavle --db $DB")
		if [ -z "$pid" ]; then not_ok "SIG$sig ($when): tavle not found"; continue; fi
		kill -s "$sig" "$pid"
		if ! wait_file "$T/rc"; then
			# SIGINT is Ctrl-C: in raw mode it arrives as a key, not as a signal; a
			# second signal is fine, a hang is not.
			not_ok "SIG$sig ($when): tavle did not exit"
			kill -9 "$pid" 2>/dev/null
			continue
		fi
		rc=$(cat "$T/rc")
		check "SIG$sig ($when): no crash (exit $rc)" test "$rc" -lt 128 -o "$rc" -eq $((128 + $(kill -l "$sig")))
		check "SIG$sig ($when): echo restored" grep -qE '(^| )echo( |$)' "$T/stty"
		check "SIG$sig ($when): icanon restored" grep -qE '(^| )icanon( |$)' "$T/stty"
		check "SIG$sig ($when): no sanitizer report" bash -c '! grep -qE "Sanitizer|runtime error" "$1"' _ "$T/tui.err"
		check "SIG$sig ($when): database consistent" tv --db "$DB" check
		check "SIG$sig ($when): the half-typed title was not saved" bash -c '! "$1" --db "$2" show 1 --json | grep -q "halvt skrevet"' _ "$TAVLE" "$DB"
	done
done

# ---------------------------------------------------------------- 6. killed exports and backups
# kill -9 at a random moment during a large export or backup (the bench generator's
# database when built), KILL_EXPORT_ROUNDS (default 15) times per command: a target that
# exists is complete (the reference bytes, a valid workbook, a backup that passes
# check), a killed backup never blocks the next, the next run removes the stale
# temporary, and at the end no temporary is left. SIGTERM, SIGINT and SIGHUP mid-write
# leave nothing at all.
GEN=${TAVLE_GEN:-$(dirname "$TAVLE")/../tests/bench/gen}
BIG=$T/big.db
if [ -x "$GEN" ] && "$GEN" "$BIG" 200 >/dev/null 2>&1; then
	echo "# large database: 200 boards from $GEN"
else
	echo "# no bench generator: the small database"
	cp "$DB" "$BIG"
fi
O6=$T/out6
mkdir -p "$O6"
ROUNDS=${KILL_EXPORT_ROUNDS:-15}
temps() { # anything in $O6 but the targets: a temporary or a partial file
	find "$O6" -mindepth 1 | grep -vE "^$O6/(t\.(ics|csv|xlsx|db)|tpl|tpl/(programme\.txt|[0-9]+-[^/]*\.txt|\.tavle-template))\$"
}
run_kind() { # KIND: write the kind's target in $O6 (exec: the pid is tavle's)
	case $1 in
	ics) exec "$TAVLE" --db "$BIG" export ics --all -o "$O6/t.ics" ;;
	csv) exec "$TAVLE" --db "$BIG" export csv -o "$O6/t.csv" ;;
	xlsx) exec "$TAVLE" --db "$BIG" export xlsx -o "$O6/t.xlsx" ;;
	backup) exec "$TAVLE" --db "$BIG" backup "$O6/t.db" ;;
	template) exec "$TAVLE" --db "$BIG" template export "$O6/tpl" ;;
	esac
}
intact() { # KIND: the target is absent or complete
	case $1 in
	ics) [ ! -e "$O6/t.ics" ] || cmp -s "$O6/t.ics" "$T/ref.ics" ;;
	csv) [ ! -e "$O6/t.csv" ] || cmp -s "$O6/t.csv" "$T/ref.csv" ;;
	xlsx) [ ! -e "$O6/t.xlsx" ] || $PY -c 'import sys, zipfile; sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)' "$O6/t.xlsx" 2>/dev/null ;;
	backup) [ ! -e "$O6/t.db" ] || "$TAVLE" --db "$O6/t.db" check >/dev/null 2>&1 ;;
	# A run killed between making the directory and its first file leaves it empty:
	# the glob then stays "*", which is no file of it.
	template) [ ! -e "$O6/tpl" ] || (cd "$O6/tpl" && for f in *; do [ -e "$f" ] || continue; cmp -s "$f" "$T/ref.tpl/$f" || exit 1; done) ;;
	esac
}
(run_kind ics) >/dev/null 2>&1 && mv "$O6/t.ics" "$T/ref.ics"
(run_kind csv) >/dev/null 2>&1 && mv "$O6/t.csv" "$T/ref.csv"
(run_kind template) >/dev/null 2>&1 && mv "$O6/tpl" "$T/ref.tpl"
check "reference exports" test -s "$T/ref.ics" -a -s "$T/ref.csv" -a -s "$T/ref.tpl/programme.txt"
t6_start=$(date +%s)
for k in ics csv xlsx backup template; do
	bad=0 killed=0 seen=0
	for i in $(seq 1 "$ROUNDS"); do
		(run_kind "$k") >/dev/null 2>&1 &
		pid=$!
		sleep "$(printf '0.%03d' $((RANDOM % 350)))"
		kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
		wait "$pid" 2>/dev/null
		[ -n "$(temps)" ] && seen=$((seen + 1))
		intact "$k" || { bad=$((bad + 1)); echo "# $k round $i: the target is not complete"; }
		# A backup is never overwritten: move it away, as a user would (with the -shm
		# the check's read-only open left).
		[ "$k" = backup ] && rm -f "$O6/t.db" "$O6/t.db-shm" "$O6/t.db-wal"
	done
	check "$k: kill -9 x$ROUNDS ($killed mid-run, $seen left a temporary): every target complete" test "$bad" -eq 0
	(run_kind "$k") >/dev/null 2>"$T/err"
	check "$k: the next run succeeds" test $? -eq 0
	check "$k: and leaves no temporary ($(temps | head -1))" test -z "$(temps)"
done
check "backup: the last one passes check" tv --db "$O6/t.db" check
check "backup: no journal beside it" test ! -e "$O6/t.db-journal"
rm -f "$O6/t.db" "$O6/t.db-shm" "$O6/t.db-wal"
tv --db "$O6/t.db" check >/dev/null 2>&1
check "a killed backup leaves no file a later read takes for a board" test ! -e "$O6/t.db"
echo "# killed exports and backups: ${ROUNDS} rounds x 5 commands, $(($(date +%s) - t6_start))s"
# SIGTERM, SIGINT, SIGHUP while the temporary exists: it is removed, the target untouched.
for sig in TERM INT HUP; do
	for k in ics backup; do
		caught=0
		for try in 1 2 3 4 5 6 7 8; do
			rm -f "$O6/t.db"
			echo previous >"$O6/t.ics"
			# Background jobs ignore SIGINT: env restores the default, as at a terminal.
			env --default-signal="$sig" bash -c "$(declare -f run_kind); O6='$O6' TAVLE='$TAVLE' BIG='$BIG' run_kind $k" >/dev/null 2>&1 &
			pid=$!
			for w in $(seq 1 400); do [ -n "$(temps)" ] && break; sleep 0.002; done
			kill -"$sig" "$pid" 2>/dev/null
			wait "$pid"
			rc=$?
			[ "$rc" -ge 128 ] && { caught=1; break; }
		done
		check "$k: SIG$sig mid-write kills it (exit ${rc})" test "$caught" -eq 1
		check "$k: SIG$sig leaves no temporary ($(temps | head -1))" test -z "$(temps)"
		if [ "$k" = ics ]; then
			check "$k: SIG$sig leaves the previous file" test "$(cat "$O6/t.ics")" = previous
		else
			check "$k: SIG$sig leaves no backup" test ! -e "$O6/t.db"
		fi
	done
done

# ---------------------------------------------------------------- 5. hostile environments
env_case() { # DESCRIPTION W H ENV...
	local desc=$1 w=$2 h=$3
	shift 3
	start_sh "$w" "$h" "$@"
	# Let it draw (or fail), then ask it to quit.
	local i
	for i in $(seq 1 20); do [ -s "$T/rc" ] && break; sleep 0.05; done
	send Q
	if ! wait_file "$T/rc"; then
		send q
		pid=$(pgrep -n -f "tavle --db $DB")
		[ -n "$pid" ] && kill -TERM "$pid"
		wait_file "$T/rc" || { not_ok "$desc: tavle did not exit"; return; }
	fi
	rc=$(cat "$T/rc")
	check "$desc: no crash (exit $rc)" test "$rc" -lt 128
	check "$desc: no sanitizer report" bash -c '! grep -qE "Sanitizer|runtime error" "$1"' _ "$T/tui.err"
	check "$desc: terminal restored" grep -qE '(^| )icanon( |$)' "$T/stty"
	if [ "$rc" -ne 0 ]; then
		check "$desc: a message says why (exit $rc): $(head -1 "$T/tui.err")" grep -qiE "tavle|terminal" "$T/tui.err"
	fi
}
env_case "TERM=dumb" 100 30 TERM=dumb
env_case "unknown TERM" 100 30 TERM=nonexistent-term
env_case "LC_ALL=C" 100 30 LC_ALL=C LANG=C
env_case "LANG=C without LC_ALL" 100 30 -u LC_ALL LANG=C
env_case "20x5 terminal" 20 5
env_case "1x1 terminal" 1 1
# No HOME and no XDG variables: the CLI and the TUI without --db need a path.
env -u HOME -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u TAVLE_DB "$TAVLE" list >"$T/out" 2>"$T/err"
rc=$?
check "no HOME: no crash (exit $rc)" test "$rc" -lt 128
check "no HOME: a clear message or a result" bash -c '[ "$1" -eq 0 ] || grep -qi "home\|XDG\|--db" "$2"' _ "$rc" "$T/err"
env -u HOME -u XDG_DATA_HOME -u XDG_CONFIG_HOME "$TAVLE" --db "$DB" list >"$T/out" 2>"$T/err"
check "no HOME with --db works" test $? -eq 0
start_sh 100 30 -u HOME -u XDG_DATA_HOME -u XDG_CONFIG_HOME
wait_for "Uddannelse" && ok "TUI without HOME draws the board" || not_ok "TUI without HOME draws the board"
send Q
wait_file "$T/rc"
check "TUI without HOME: exit 0" test "$(cat "$T/rc" 2>/dev/null)" = 0
check "database consistent at the end" tv --db "$DB" check
finish
