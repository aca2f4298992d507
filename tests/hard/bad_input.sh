#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The bad-input table (bad_input.tsv) against the built tavle: every row runs one
# command on a seeded database in a private directory with a fixed clock and checks
# the exit code, that stderr names the problem ("tavle: ..." with the row's keyword),
# and that the database file and its WAL are byte-identical afterwards (sha256).
# Rows that expect exit 0 are hostile but valid text (format strings, SQL
# meta-characters): the value must come back literally and every table survive.
# usage: bad_input.sh path/to/tavle [path/to/bad_input.tsv]
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"

TAVLE=${1:?usage: bad_input.sh path/to/tavle [table]}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
TABLE=${2:-$HERE/bad_input.tsv}
DATA=$(cd "$HERE/../data" && pwd)
PY=/usr/bin/python3
[ -x "$TAVLE" ] || { echo "not an executable: $TAVLE"; exit 1; }

export LC_ALL=C.UTF-8
export TAVLE_NOW=2026-11-30T09:00:00Z
sandbox bad
DB=$T/a.db
cd "$T" || exit 1

# A failing check shows the last command's stderr.
TAP_ON_FAIL='diag_file "$T/err" "stderr: " 3'
digest() { cat "$DB" "$DB-wal" 2>/dev/null | sha256sum | cut -d' ' -f1; }
tv() { "$TAVLE" --db "$DB" "$@"; }
id_of() { sed -n "s/^added $1 \([0-9]*\).*/\1/p" "$T/out"; }

# ---- a board with one of every kind ----
tv init --start 2026-12-01 >/dev/null 2>&1 && ok "init" || { not_ok "init"; exit 1; }
PKG=$(tv list --json | $PY -c 'import json,sys; print(json.load(sys.stdin)[0]["number"])')
tv add package --area kom --title "Anden pakke" >"$T/out" && PKG2=$(id_of package)
tv add task "$PKG" --title "En opgave" --deadline 2027-01-15 >"$T/out" && TASK=$(id_of task)
tv add meeting --title "Møde" --start "2027-01-10 10:00" --end "2027-01-10 12:00" >"$T/out" && MEET=$(id_of meeting)
tv add phase --name "Testfase" --start 2027-02-01 --end 2027-03-01 >"$T/out" && PHASE=$(id_of phase)
tv add comment "$PKG" "En kommentar" >"$T/out" && COMMENT=$(id_of comment)
tv add decision --title "Beslutning" --area org >"$T/out" && DEC=$(id_of decision)
tv add person --name "Mette" --role contact >"$T/out" && PERSON=$(id_of person)
for v in PKG PKG2 TASK MEET PHASE COMMENT DEC PERSON; do
	[ -n "${!v:-}" ] || { not_ok "setup: $v"; exit 1; }
done
ok "setup: one of every kind"
export PKG PKG2 TASK MEET PHASE COMMENT DEC PERSON
tables_before=$($PY -c 'import sqlite3,sys; print(sorted(r[0] for r in sqlite3.connect(sys.argv[1]).execute("select name from sqlite_master where type=\"table\"")))' "$DB")

# Inputs too big for an argument table cell.
head -c 1048576 /dev/zero | tr '\0' 'y' >"$T/mb"
head -c 70000 /dev/zero | tr '\0' 's' >"$T/70k"
T301=$(head -c 301 /dev/zero | tr '\0' 't')
T2K=$(head -c 2048 /dev/zero | tr '\0' 'o')
U120K=$(head -c 122880 /dev/zero | tr '\0' 'u')
U64=$(head -c 64 /dev/zero | tr '\0' 'n')
U65=$(head -c 65 /dev/zero | tr '\0' 'n')
T17K=$(head -c 17000 /dev/zero | tr '\0' 'c')
touch "$T/afile"
cp "$DB" "$T/exists.db"

# Every string value anywhere in the board's JSON.
all_json() {
	{ tv list --json; tv meetings --json; tv people --json; tv decisions --json; tv phases --json
	  tv comments "$PKG" --json; } 2>/dev/null
}
has_value() { # VALUE: some JSON string equals VALUE exactly
	all_json | $PY -c '
import json, sys
want = sys.argv[1]
dec = json.JSONDecoder()
text = sys.stdin.read()
found = False
def walk(x):
    global found
    if isinstance(x, str) and x == want: found = True
    elif isinstance(x, dict): [walk(v) for v in x.values()]
    elif isinstance(x, list): [walk(v) for v in x]
i = 0
while i < len(text):
    while i < len(text) and text[i].isspace(): i += 1
    if i >= len(text): break
    obj, i = dec.raw_decode(text, i)
    walk(obj)
print("yes" if found else "no")' "$1"
}

rows=0
while IFS=$'\t' read -r desc args code kw stdin_spec; do
	case $desc in '#'* | '') continue ;; esac
	rows=$((rows + 1))
	kw=$(printf '%b' "$kw")
	if ! eval "argv=( $args )" 2>"$T/err"; then
		not_ok "$desc" "cannot parse the arguments"
		continue
	fi
	case ${stdin_spec:-} in
	'') in=/dev/null ;;
	@*) in=$T/${stdin_spec#@} ;;
	*) printf -- "$stdin_spec" >"$T/stdin"; in=$T/stdin ;;
	esac
	# Leading NAME=VALUE words (TAVLE_USER, SUDO_USER) are the command's environment.
	envs=()
	while [ ${#argv[@]} -gt 0 ] && [[ ${argv[0]} =~ ^(TAVLE_USER|SUDO_USER)= ]]; do
		envs+=("${argv[0]}")
		argv=("${argv[@]:1}")
	done
	before=$(digest)
	env "${envs[@]}" "$TAVLE" --db "$DB" "${argv[@]}" <"$in" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -ge 128 ]; then not_ok "$desc" "crashed (exit $rc)"
	elif [ "$rc" -ne "$code" ]; then not_ok "$desc" "exit $rc, expected $code"
	elif [ "$code" -eq 0 ]; then
		if [ "$(has_value "$kw")" != yes ]; then not_ok "$desc" "value not read back literally"
		elif ! tv check >/dev/null 2>"$T/err"; then not_ok "$desc" "check not clean"
		elif [ "$($PY -c 'import sqlite3,sys; print(sorted(r[0] for r in sqlite3.connect(sys.argv[1]).execute("select name from sqlite_master where type=\"table\"")))' "$DB")" != "$tables_before" ]; then
			not_ok "$desc" "tables changed"
		else ok "$desc"; fi
	elif ! grep -q '^tavle: ' "$T/err"; then not_ok "$desc" "stderr is not 'tavle: ...'"
	elif ! grep -qiF -- "$kw" "$T/err"; then not_ok "$desc" "stderr does not name '$kw'"
	elif grep -q $'\e' "$T/err"; then not_ok "$desc" "raw ESC on stderr"
	elif [ "$(digest)" != "$before" ]; then not_ok "$desc" "database changed"
	else ok "$desc"; fi
done <"$TABLE"

# ---- typos never make boards (issue 15, item 5) ----
# Every command but init on a --db path with no database exits 1 with "no database at
# PATH (tavle init creates one)" and creates nothing; a usage error (exit 2) leaves no
# file either, init included.
mkdir -p "$T/typo"
tv template export "$T/tpl" >/dev/null 2>&1
tv export ics -o "$T/cal.ics" >/dev/null 2>&1
nothing_made() { [ -z "$(ls -A "$T/typo")" ]; }
while IFS= read -r args; do
	eval "argv=( $args )"
	"$TAVLE" --db "$T/typo/tavle.bd" "${argv[@]}" </dev/null >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -ne 1 ]; then not_ok "missing database: $args" "exit $rc, expected 1"
	elif ! grep -qF "tavle: no database at $T/typo/tavle.bd (tavle init creates one)" "$T/err"; then
		not_ok "missing database: $args" "stderr does not say so"
	elif ! nothing_made; then not_ok "missing database: $args" "made $(ls -A "$T/typo" | tr '\n' ' ')"
	else ok "missing database: $args makes nothing"; fi
	rm -rf "$T/typo"/* "$T/typo"/.[!.]* 2>/dev/null
done <<'ARGS'
list
boards
show 1
show 1 --json
log
check
agenda
phases
meetings
portfolio
export ics
export csv
export xlsx -o $T/x.xlsx
template export $T/tpl2
backup $T/bk.db
set 1 title X
add task 1 --title T
add package --area kom --title P
rm task 1
board rename 1 X
import ics $T/cal.ics
restore $T/exists.db
ARGS
[ ! -e "$T/bk.db" ] && [ ! -e "$T/tpl2" ] && [ ! -e "$T/x.xlsx" ] && ok "and wrote no output file" || not_ok "and wrote no output file"
LC_ALL=da_DK.UTF-8 "$TAVLE" --db "$T/typo/tavle.bd" list >/dev/null 2>"$T/err"
grep -qF "ingen database i $T/typo/tavle.bd (tavle init opretter en)" "$T/err" && ok "the message in Danish" || not_ok "the message in Danish" "$(cat "$T/err")"
: >"$T/typo/empty.db"
"$TAVLE" --db "$T/typo/empty.db" list >/dev/null 2>"$T/err"
[ $? -eq 1 ] && [ ! -s "$T/typo/empty.db" ] && [ "$(ls -A "$T/typo")" = empty.db ] && ok "an empty file is no database either, and stays empty" || not_ok "an empty file is no database either, and stays empty"
rm -f "$T/typo/empty.db"
for args in "init --start 2027-13-01" "init --sector nope" "list --bogus" "init --bogus" "set 1" "bogus-command"; do
	eval "argv=( $args )"
	"$TAVLE" --db "$T/typo/new.db" "${argv[@]}" </dev/null >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq 2 ] && nothing_made && ok "usage error ($args) leaves no file" || not_ok "usage error ($args) leaves no file" "exit $rc; $(ls -A "$T/typo" | tr '\n' ' ')"
	rm -rf "$T/typo"/* 2>/dev/null
done
# --db file:NAME is a file name, never an SQLite URI.
(cd "$T/typo" && "$TAVLE" --db file:uri.db init >/dev/null 2>"$T/err")
[ -s "$T/typo/file:uri.db" ] && [ ! -e "$T/typo/uri.db" ] && ok "--db file:uri.db makes a file named file:uri.db" || not_ok "--db file:uri.db makes a file named file:uri.db" "$(ls -A "$T/typo" | tr '\n' ' ')"
(cd "$T/typo" && "$TAVLE" --db file:uri.db list >"$T/out" 2>"$T/err")
grep -q Kommunikation "$T/out" && ok "and reads it back" || not_ok "and reads it back"
(cd "$T/typo" && "$TAVLE" --db 'file:mem?mode=memory' list >"$T/out" 2>"$T/err")
[ $? -eq 1 ] && grep -qF "no database at file:mem?mode=memory" "$T/err" && ok "a URI with parameters is a missing file name too" || not_ok "a URI with parameters is a missing file name too" "$(cat "$T/err")"
(cd "$T/typo" && "$TAVLE" --db file:uri.db backup file:bk.db >/dev/null 2>"$T/err")
[ -s "$T/typo/file:bk.db" ] && [ ! -e "$T/typo/bk.db" ] && ok "backup file:bk.db is a file name too" || not_ok "backup file:bk.db is a file name too" "$(ls -A "$T/typo" | tr '\n' ' ')"

[ "$rows" -ge 50 ] && ok "at least 50 rows in the table" || not_ok "at least 50 rows in the table" "only $rows"
tv check >/dev/null 2>&1 && ok "check at the end" || not_ok "check at the end"
finish
