#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Every file tavle writes (issue 15, items 2, 3 and 9), for each command that writes
# one (export ics, csv, xlsx, backup, template export), all inside a temporary
# directory (never a system file):
#  - a FIFO and (as root) a character device at the path stay what they were and get the
#    data in place; a symlink stays a link and its target is replaced; `-o -` (`backup
#    -`) writes standard output; binary data to a terminal is refused;
#  - template export refuses a directory holding files it did not write (named, all
#    left byte-identical), re-exports into its own directory, and its manifest is not
#    read as a template;
#  - the mode of every file is the database's narrowed by the umask (077, 022, 002), a
#    replaced wider file included, in the database's group (as root);
#  - stale temporaries of a killed run to the same target are removed.
# usage: outputs.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
TAVLE=${1:?usage: outputs.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
export LC_ALL=C.UTF-8 TAVLE_NOW=2026-11-30T09:00:00Z
sandbox outputs
cd "$T" || exit 1
export TAVLE_DB=$T/a.db
TAP_ON_FAIL='diag_file err "stderr: " 5'
umask 022
ROOT=0
[ "$(id -u)" = 0 ] && ROOT=1

"$TAVLE" init >/dev/null 2>err && ok "init" || not_ok "init"

# out KIND PATH: the command of KIND writing PATH
out() {
	case $1 in
	ics) "$TAVLE" export ics -o "$2" ;;
	csv) "$TAVLE" export csv -o "$2" ;;
	xlsx) "$TAVLE" export xlsx -o "$2" ;;
	backup) "$TAVLE" backup "$2" ;;
	esac
}
# looks KIND FILE: FILE holds what KIND writes
looks() {
	case $1 in
	ics) head -c 15 "$2" | grep -q '^BEGIN:VCALENDAR' ;;
	csv) head -n 1 "$2" | grep -q '^kind,' ;;
	xlsx) [ "$(head -c 2 "$2")" = PK ] ;;
	backup) [ "$(head -c 15 "$2")" = "SQLite format 3" ] ;;
	esac
}
KINDS="ics csv xlsx backup"

# ---- 2. what is at the path
for k in $KINDS; do
	d=$T/p-$k
	mkdir "$d"
	mkfifo "$d/fifo"
	# the reader gives up after a while should the command never open the FIFO
	timeout 5 cat "$d/fifo" >"$d/got" &
	reader=$!
	out "$k" "$d/fifo" >/dev/null 2>err && ok "$k: writes a FIFO" || not_ok "$k: writes a FIFO"
	wait "$reader" 2>/dev/null
	check "$k: the FIFO is still a FIFO" test -p "$d/fifo"
	check "$k: the reader got the data" looks "$k" "$d/got"
	if [ "$ROOT" = 1 ]; then
		mknod "$d/null" c 1 3
		out "$k" "$d/null" >/dev/null 2>err && ok "$k: writes a device" || not_ok "$k: writes a device"
		check "$k: the device is still a character device" test -c "$d/null"
	else
		skip "$k: writes a device" "mknod needs root"
	fi
	# a symlink: followed, the target replaced, the link kept
	if [ "$k" = backup ]; then
		ln -s new.db "$d/link" # a backup never overwrites: a link to a new name
	else
		echo old >"$d/real"
		ln -s real "$d/link"
	fi
	out "$k" "$d/link" >/dev/null 2>err && ok "$k: writes through a symlink" ||
		not_ok "$k: writes through a symlink"
	check "$k: the symlink is still a link" test -L "$d/link"
	check "$k: its target holds the data" looks "$k" "$d/link"
	if [ "$k" = backup ]; then
		"$TAVLE" backup - >"$d/stdout" 2>err && ok "$k: - writes standard output" ||
			not_ok "$k: - writes standard output"
	else
		out "$k" - >"$d/stdout" 2>err && ok "$k: -o - writes standard output" ||
			not_ok "$k: -o - writes standard output"
	fi
	check "$k: standard output holds the data" looks "$k" "$d/stdout"
	want="fifo got link $([ "$k" = backup ] && echo new.db || echo real) stdout"
	[ "$ROOT" = 1 ] && want="$want null"
	check "$k: nothing else in the directory" test "$(ls -A "$d" | sort | tr '\n' ' ')" = \
		"$(tr ' ' '\n' <<<"$want" | sort | tr '\n' ' ')"
done
# Binary data is not written to a terminal.
for k in xlsx backup; do
	/usr/bin/python3 - "$TAVLE" "$k" <<'PYEOF' && ok "$k: refused on a terminal" || not_ok "$k: refused on a terminal"
import os, pty, subprocess, sys
tavle, kind = sys.argv[1], sys.argv[2]
argv = [tavle, 'export', 'xlsx', '-o', '-'] if kind == 'xlsx' else [tavle, 'backup', '-']
m, s = pty.openpty()
r = subprocess.run(argv, stdout=s, stderr=subprocess.PIPE)
os.close(s)
os.set_blocking(m, False)
try:
    got = os.read(m, 100)
except (BlockingIOError, OSError):
    got = b''
if r.returncode == 0 or got:
    print('# exit', r.returncode, 'bytes', len(got), r.stderr.decode()[:200])
    sys.exit(1)
PYEOF
done

# ---- 3. template export only into its own directory
mkdir tpl-foreign
for f in 1-referat.txt 2024-budget.txt 42-svar.txt programme.txt; do
	echo "colleague's $f" >"tpl-foreign/$f"
done
before=$(cd tpl-foreign && sha256sum * | sort)
"$TAVLE" template export tpl-foreign >/dev/null 2>err
rc=$?
check "template export into a foreign directory: refused (exit 1 or 2)" test "$rc" = 1 -o "$rc" = 2
check "the refusal names the files in the way" grep -q '1-referat.txt.*2024-budget.txt\|2024-budget.txt.*1-referat.txt' err
check "the foreign files are byte-identical" test "$(cd tpl-foreign && sha256sum * | sort)" = "$before"
check "nothing was added" test "$(ls -A tpl-foreign | wc -l)" = 4
"$TAVLE" template export tpl >/dev/null 2>err && ok "template export into a new directory" ||
	not_ok "template export into a new directory"
check "it keeps a manifest" test -f tpl/.tavle-template
check "the manifest lists programme.txt" grep -qx programme.txt tpl/.tavle-template
"$TAVLE" template export tpl >/dev/null 2>err && ok "template export again into its own directory" ||
	not_ok "template export again into its own directory"
check "the second export left no temporaries" test -z "$(ls -A tpl | grep '\.tavle-......$')"
"$TAVLE" --db "$T/from-tpl.db" init --template tpl >/dev/null 2>err && ok "the exported directory loads as a template (manifest not read)" ||
	not_ok "the exported directory loads as a template (manifest not read)"
# a package gone since the last export: its file is removed; a file added: refused
echo mine >tpl/notes.txt
"$TAVLE" template export tpl >/dev/null 2>err && not_ok "a file added to an exported directory refuses the export" ||
	ok "a file added to an exported directory refuses the export"
check "the refusal names it" grep -q notes.txt err
check "and keeps it" test "$(cat tpl/notes.txt)" = mine
rm tpl/notes.txt
# a listed file turned into a symlink is not written through
echo secret >outside.txt
rm tpl/programme.txt && ln -s ../outside.txt tpl/programme.txt
"$TAVLE" template export tpl >/dev/null 2>err && not_ok "a symlink in place of an exported file refuses" ||
	ok "a symlink in place of an exported file refuses"
check "the symlink's target is untouched" test "$(cat outside.txt)" = secret
rm tpl/programme.txt
"$TAVLE" template export tpl >/dev/null 2>err && ok "template export after the symlink is gone" ||
	not_ok "template export after the symlink is gone"
mkdir tpl-empty
"$TAVLE" template export tpl-empty >/dev/null 2>err && ok "template export into an empty directory" ||
	not_ok "template export into an empty directory"

# ---- 9. modes: the database's, narrowed by the umask
# mode_of KIND MASK: the mode of a new file KIND writes under umask MASK (a wider file
# already at the path is replaced, except by backup, which never overwrites)
mode_of() {
	local k=$1 p=$T/m/$1.$2
	rm -rf "$p"
	if [ "$k" = template ]; then
		(umask "$2" && "$TAVLE" template export "$p" >/dev/null 2>err) || return 1
		stat -c %a "$p"/programme.txt "$p"/.tavle-template | sort -u | tr '\n' ' '
		return
	fi
	[ "$k" != backup ] && echo wide >"$p" && chmod 666 "$p"
	(umask "$2" && out "$k" "$p" >/dev/null 2>err) || return 1
	stat -c %a "$p"
}
mkdir m
for dbmode in 600 660; do
	chmod "$dbmode" "$TAVLE_DB"
	for mask in 077 022 002; do
		want=$(printf '%o' $((0$dbmode & ~0$mask & 0666)))
		for k in $KINDS template; do
			got=$(mode_of "$k" "$mask")
			got=${got% }
			[ "$got" = "$want" ] && ok "$k: database $dbmode, umask $mask: $want" ||
				not_ok "$k: database $dbmode, umask $mask: $want" "got '$got'"
		done
	done
done
if [ "$ROOT" = 1 ] && getent group daemon >/dev/null; then
	chmod 660 "$TAVLE_DB" && chgrp daemon "$TAVLE_DB"
	for k in $KINDS template; do
		mode_of "$k" 007 >/dev/null
		f=$T/m/$k.007
		[ "$k" = template ] && f=$f/programme.txt
		check "$k: in the database's group" test "$(stat -c %G "$f")" = daemon
	done
	chgrp "$(id -g)" "$TAVLE_DB"
else
	skip "exports in the database's group" "needs root"
fi
chmod 600 "$TAVLE_DB"

# ---- 6. stale temporaries of a killed run to the same target
echo debris >.board.csv.tavle-Ab12Cd
echo "not ours" >.board.csv.tavle-Ab12C
"$TAVLE" export csv -o board.csv 2>err && ok "export csv over debris" || not_ok "export csv over debris"
check "the stale temporary is removed" test ! -e .board.csv.tavle-Ab12Cd
check "a name of another pattern is kept" test -e .board.csv.tavle-Ab12C
check "no temporaries left anywhere" test -z "$(find "$T" -name '.*.tavle-??????' | grep -v Ab12C)"

finish
