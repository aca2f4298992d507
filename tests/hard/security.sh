#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Security checks (issue 7). What the programs do is observed by running them; only
# rules about the source that no run can show are greps, and those read the whole
# src/ tree (files move: the store and the calendar code are folders now or soon):
#  - the source: no SQL text built from data (sqlite3_mprintf and friends, printf-family
#    calls whose format holds SQL, sqlite3_exec/prepare on anything but literals and the
#    store's constant tables), sqlite3_ calls only in the store (src/core/store.c or
#    src/core/store/), no system()/popen() and no exec through a shell, exactly two exec
#    calls (the editor and the helper), SQLITE_DBCONFIG_DEFENSIVE and trusted_schema=OFF;
#  - the binary: new databases, backups and exports are 0600 even under umask 000, a
#    shared database (init --shared GROUP) is 0660; tavle-helper is run from its own
#    directory with tavle's argument vector (no shell, no PATH search); $VISUAL gets
#    exactly one argument, a 0600 mkstemp file it owns, and is split into words, never
#    run by a shell (checked by editor scripts run from the TUI in tmux).
# usage: security.sh path/to/tavle   (TAVLE_SRC: the source tree; default ../.. of this file)
. "$(dirname "$0")/../e2e/lib.sh"
SRC=${TAVLE_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$SRC/src" || { not_ok "no source tree at $SRC"; finish; exit 1; }

# ---- the source ----
hits() { # DESCRIPTION PATTERN [GREP-OPTIONS...]: the pattern must not occur in src/
	local desc=$1 pat=$2
	shift 2
	local h
	# Comments are not code; nor, with STRIP=1, the insides of string literals.
	h=$(grep -rnE --include='*.c' --include='*.h' "$@" -- "$pat" . | grep -vE '^[^:]+:[0-9]+:\s*(/?\*|//)' |
		sed -E 's/^([^:]+:[0-9]+:)(.*)$/\1\2\t\2/' | while IFS=$'\t' read -r whole code; do
			[ "${STRIP:-0}" = 1 ] && code=$(sed -E 's/"([^"\\]|\\.)*"/""/g' <<<"$code")
			grep -qE -- "$pat" <<<"$code" && echo "$whole"
		done)
	if [ -z "$h" ]; then ok "$desc"; else not_ok "$desc" "$h"; fi
}
hits "no sqlite3_mprintf/vmprintf/snprintf (SQL built from data)" 'sqlite3_(v?mprintf|snprintf|str_appendf)'
STRIP=1 hits "no system() or popen()" '(^|[^_a-zA-Z0-9.>])(system|popen)[[:space:]]*\('
STRIP=0 hits "no exec through a shell (sh -c)" '"(/bin/)?sh"[^;]*"-c"'
hits "no printf-family call formats SQL" \
	'(printf|asprintf|tv_xasprintf|strcat|strcpy)[[:space:]]*\([^;]*"[^"]*\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WHERE|VALUES|REPLACE INTO)\b'
hits "SQL only in the store (no sqlite3_ calls outside src/core/store.c or src/core/store/)" \
	'sqlite3_[a-z_]+\(' --exclude=store.c --exclude-dir=store
# The store's files, one file or a folder.
mapfile -t STORE < <(find core \( -path core/store.c -o -path 'core/store/*' \) -type f \
	\( -name '*.c' -o -name '*.h' \) | sort)
check "the store's source is found (src/core/store.c or src/core/store/)" test "${#STORE[@]}" -gt 0
# Every statement the store prepares or executes is a literal or comes from one of its
# constant tables; a new expression here needs a review (and an entry in this list).
# restore.c's live_items_sql and carry_sql[i]: constant text (calendar sequences carried
# across a restore, on the backup's in-memory copy and its temporary table).
allowed='^("|stmt_sql\[id\]|sql\[i\]|migrations\[v\]|sql$|update \? f->update_sql : f->get_sql|hot_queries\[i\]\.explain|portfolio_queries\[i\]\.explain|live_items_sql|carry_sql\[i\])'
bad_sql=$(grep -nE 'sqlite3_(prepare(_v2|_v3)?|exec)\(' "${STORE[@]}" /dev/null | while IFS= read -r line; do
	arg=$(sed -E 's/.*sqlite3_(prepare(_v2|_v3)?|exec)\([^,]+,[[:space:]]*//; s/,[[:space:]]*-1.*//; s/,[[:space:]]*NULL.*//' <<<"$line")
	grep -qE "$allowed" <<<"$arg" || echo "$line"
done)
if [ -z "$bad_sql" ]; then ok "every prepared or executed statement is a literal or a constant table entry"
else not_ok "every prepared or executed statement is a literal or a constant table entry" "$bad_sql"; fi
for t in stmt_sql migrations hot_queries portfolio_queries; do
	if grep -q "\b$t\[\]" "${STORE[@]}" /dev/null; then
		check "$t is a static const table" bash -c 't=$1; shift; grep -qhE "static const [^=]*\b$t\[\] = \{" "$@" ||
			grep -hB8 -E "^\} $t\[\] = \{" "$@" | grep -q "^static const struct"' _ "$t" "${STORE[@]}"
	fi
done
check "exec_pragma is only called with literals" bash -c '! grep -rnE "exec_pragma\([^,]+,[[:space:]]*[^\"[:space:]]" . --include="*.c" | grep -v ":exec_pragma(struct"'
check "SQLITE_DBCONFIG_DEFENSIVE is set" grep -rq --include='*.c' "SQLITE_DBCONFIG_DEFENSIVE, 1" .
check "trusted_schema is OFF" grep -rq --include='*.c' "PRAGMA trusted_schema = OFF" .
# The three: $EDITOR (widgets.c), tavle-helper in place of tavle (helper_exec.c) and
# tavle-helper as the child that writes the TUI's calendar export (cmd_board.c).
check "no other exec in src/ (the editor's and the helper's only)" \
	test "$(grep -rnE '\bexec(l|lp|le|v|vp|vpe|ve)\(' . --include='*.c' | wc -l)" -eq 3
cd "$WORK" || exit 1

# ---- file modes ----
export TAVLE_NOW=$NOW LC_ALL=C.UTF-8 HOME=$WORK/home
unset TAVLE_DB XDG_DATA_HOME
mkdir -p "$HOME"
mode() { stat -c %a "$1" 2>/dev/null; }
(
	umask 000
	"$TAVLE" --db "$WORK/m.db" init >/dev/null 2>&1
	"$TAVLE" --db "$WORK/m.db" backup "$WORK/m-backup.db" >/dev/null 2>&1
	"$TAVLE" --db "$WORK/m.db" export ics -o "$WORK/m.ics" --todo "$WORK/m-todo.ics" 2>/dev/null
	"$TAVLE" --db "$WORK/m.db" template export "$WORK/m-tpl" >/dev/null 2>&1
	XDG_DATA_HOME=$WORK/xdg "$TAVLE" init >/dev/null 2>&1
)
check "new database 0600 under umask 000 ($(mode "$WORK/m.db"))" test "$(mode "$WORK/m.db")" = 600
check "first-use database 0600 under umask 000 ($(mode "$WORK/xdg/tavle/tavle.db"))" test "$(mode "$WORK/xdg/tavle/tavle.db")" = 600
check "data directory 0700 ($(mode "$WORK/xdg/tavle"))" test "$(mode "$WORK/xdg/tavle")" = 700
check "backup 0600 ($(mode "$WORK/m-backup.db"))" test "$(mode "$WORK/m-backup.db")" = 600
check "export 0600 ($(mode "$WORK/m.ics"))" test "$(mode "$WORK/m.ics")" = 600
check "to-do export 0600 ($(mode "$WORK/m-todo.ics"))" test "$(mode "$WORK/m-todo.ics")" = 600
# A template is meant to be handed on, but never writable by others.
ww=$(find "$WORK/m-tpl" -perm -o+w | wc -l)
check "template export exists and nothing in it is world-writable" test -d "$WORK/m-tpl" -a "$ww" -eq 0
if "$TAVLE" init --help 2>/dev/null | grep -q -- "--shared"; then
	grp=$(id -gn)
	mkdir -p "$WORK/shared"
	(umask 077; "$TAVLE" --db "$WORK/shared/s.db" init --shared "$grp" >"$WORK/out" 2>"$WORK/err")
	check "init --shared $grp works" test $? -eq 0
	check "shared database 0660 ($(mode "$WORK/shared/s.db"))" test "$(mode "$WORK/shared/s.db")" = 660
	check "shared directory 2770 ($(mode "$WORK/shared"))" test "$(mode "$WORK/shared")" = 2770
fi

# ---- tavle-helper: from its own directory, with tavle's argument vector ----
# A fake helper records its arguments: one with shell syntax must arrive whole and do
# nothing; a tavle-helper on PATH must never be run (the real lookup has no PATH).
FAKE=$WORK/fakehelper
mkdir -p "$FAKE" "$WORK/pathbin" "$WORK/lone"
cat >"$FAKE/tavle-helper" <<EOS
#!/bin/sh
printf '%s\n' "\$@" >"$WORK/helper.args"
EOS
cat >"$WORK/pathbin/tavle-helper" <<EOS
#!/bin/sh
: >"$WORK/helper-from-path"
EOS
chmod 755 "$FAKE/tavle-helper" "$WORK/pathbin/tavle-helper"
OUT="$WORK/a;touch $WORK/pwned-helper.xlsx"
TAVLE_EXEC_PATH=$FAKE "$TAVLE" --db "$WORK/m.db" export xlsx -o "$OUT" >/dev/null 2>&1
check "the helper is run from TAVLE_EXEC_PATH" test -s "$WORK/helper.args"
check "the helper gets tavle's arguments whole (no shell)" test "$(tail -n 1 "$WORK/helper.args")" = "$OUT"
check "no shell ran the helper's arguments" test ! -e "$WORK/pwned-helper.xlsx"
cp "$TAVLE" "$WORK/lone/tavle"
env -u TAVLE_EXEC_PATH PATH="$WORK/pathbin:$PATH" "$WORK/lone/tavle" --db "$WORK/m.db" \
	export xlsx -o "$WORK/lone.xlsx" >/dev/null 2>&1
check "a tavle-helper on PATH is never run" test ! -e "$WORK/helper-from-path"

# ---- the external editor, from the TUI ----
ED=$WORK/editor.sh
cat >"$ED" <<EOS
#!/bin/sh
# Record how tavle started us: argument count, the file's mode and owner, and the path.
{ echo "argc=\$#"; stat -c 'mode=%a uid=%u' "\$1"; echo "path=\$1"; } >"$WORK/editor.log"
echo "REDIGERET" >>"\$1"
EOS
chmod 755 "$ED"
make_db
start 100 30 "VISUAL=$ED" "EDITOR=false" "TMPDIR=$WORK"
wait_for "Uddannelse"
send Enter
wait_for "Baggrund"
send j j j j j j j j
send E
for i in $(seq 1 200); do [ -s "$WORK/editor.log" ] && break; sleep 0.05; done
check "the editor ran" test -s "$WORK/editor.log"
check "the editor got one argument" grep -qx "argc=1" "$WORK/editor.log"
check "the editor's file is 0600 and ours" grep -qx "mode=600 uid=$(id -u)" "$WORK/editor.log"
check "the file is a tavle-XXXXXX.txt in TMPDIR" grep -qE "^path=$WORK/tavle-[A-Za-z0-9]{6}\.txt$" "$WORK/editor.log"
check "the edit is stored" wait_json 1 '"REDIGERET" in p["sections"]["background"]' True
check "the temporary file is gone" test -z "$(ls "$WORK" | grep '^tavle-.*\.txt$')"
send q
send q
check "quit" wait_for "TAVLE-EXIT=0"

# $VISUAL with shell syntax: split into words and exec'd, so the editor gets ";touch"
# and the path as arguments and nothing creates the file a shell would.
ED2=$WORK/editor2.sh
cat >"$ED2" <<EOS
#!/bin/sh
printf '%s\n' "\$@" >"$WORK/editor2.log"
EOS
chmod 755 "$ED2"
start 100 30 "VISUAL=$ED2 ;touch $WORK/pwned-editor" "EDITOR=false" "TMPDIR=$WORK"
wait_for "Uddannelse"
send Enter
wait_for "Baggrund"
send j j j j j j j j
send E
for i in $(seq 1 200); do [ -e "$WORK/editor2.log" ] && break; sleep 0.05; done
check "\$VISUAL with shell syntax: the editor ran" test -e "$WORK/editor2.log"
check "\$VISUAL is split into words, not run by a shell" grep -qx ";touch" "$WORK/editor2.log"
check "no shell ran the rest of \$VISUAL" test ! -e "$WORK/pwned-editor"
send q
send q
check "quit after the second editor" wait_for "TAVLE-EXIT=0"
finish
