#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Security checks (issue 7):
#  - the source: no SQL text built from data (sqlite3_mprintf and friends, printf-family
#    calls whose format holds SQL, sqlite3_exec/prepare on anything but literals and the
#    store's constant tables), SQL only in src/core/store/, no system()/popen(), the
#    store sets SQLITE_DBCONFIG_DEFENSIVE and trusted_schema=OFF, the external editor
#    is started with fork+execvp on a mkstemp file (no shell);
#  - the binary: new databases, backups and exports are 0600 even under umask 000, a
#    shared database (init --shared GROUP) is 0660, and $VISUAL gets exactly one
#    argument, a 0600 file it owns (checked by an editor script run from the TUI in tmux).
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
	h=$(grep -rnE "$@" -- "$pat" . --include='*.c' --include='*.h' | grep -vE '^[^:]+:[0-9]+:\s*(/?\*|//)' |
		sed -E 's/^([^:]+:[0-9]+:)(.*)$/\1\2\t\2/' | while IFS=$'\t' read -r whole code; do
			[ "${STRIP:-0}" = 1 ] && code=$(sed -E 's/"([^"\\]|\\.)*"/""/g' <<<"$code")
			grep -qE -- "$pat" <<<"$code" && echo "$whole"
		done)
	if [ -z "$h" ]; then ok "$desc"; else not_ok "$desc"; echo "$h" | sed 's/^/#   /'; fi
}
hits "no sqlite3_mprintf/vmprintf/snprintf (SQL built from data)" 'sqlite3_(v?mprintf|snprintf|str_appendf)'
STRIP=1 hits "no system() or popen()" '(^|[^_a-zA-Z0-9.>])(system|popen)[[:space:]]*\('
STRIP=0 hits "no exec through a shell (sh -c)" '"(/bin/)?sh"[^;]*"-c"'
hits "no printf-family call formats SQL" \
	'(printf|asprintf|tv_xasprintf|strcat|strcpy)[[:space:]]*\([^;]*"[^"]*\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WHERE|VALUES|REPLACE INTO)\b'
hits "SQL only in src/core/store/ (no sqlite3_ calls elsewhere)" 'sqlite3_[a-z_]+\(' --exclude-dir=store
# Every statement the store prepares or executes is a literal or comes from one of its
# constant tables; a new expression here needs a review (and an entry in this list).
allowed='^("|stmt_sql\[id\]|sql\[i\]|migrations\[v\]|sql$|update \? f->update_sql : f->get_sql|hot_queries\[i\]\.explain|portfolio_queries\[i\]\.explain)'
bad_sql=$(grep -rnE 'sqlite3_(prepare(_v2|_v3)?|exec)\(' core/store/ | while IFS= read -r line; do
	arg=$(sed -E 's/.*sqlite3_(prepare(_v2|_v3)?|exec)\([^,]+,[[:space:]]*//; s/,[[:space:]]*-1.*//; s/,[[:space:]]*NULL.*//' <<<"$line")
	grep -qE "$allowed" <<<"$arg" || echo "$line"
done)
if [ -z "$bad_sql" ]; then ok "every prepared or executed statement is a literal or a constant table entry"
else not_ok "statements from a non-constant expression"; echo "$bad_sql" | sed 's/^/#   /'; fi
for t in stmt_sql migrations hot_queries portfolio_queries; do
	if grep -rq "\b$t\[\]" core/store/; then
		check "$t is a static const table" bash -c 'grep -rqE "static const [^=]*\b$1\[\] = \{" core/store/ ||
			grep -rh -B8 -E "^\} $1\[\] = \{" core/store/ | grep -q "^static const struct"' _ "$t"
	fi
done
check "exec_pragma is only called with literals" bash -c '! grep -rhnE "exec_pragma\([^,]+,[[:space:]]*[^\"[:space:]]" core/store/ | grep -v "^[0-9]*:exec_pragma(struct"'
check "SQLITE_DBCONFIG_DEFENSIVE is set" grep -rq "SQLITE_DBCONFIG_DEFENSIVE, 1" core/store/
check "trusted_schema is OFF" grep -rq "PRAGMA trusted_schema = OFF" core/store/
check "the editor's file comes from mkstemp" grep -qE "mkstemps?\(" tui/widgets.c
check "the editor's file is made 0600" grep -q "fchmod(fd, 0600)" tui/widgets.c
check "the editor is started with execvp (no shell)" grep -q "execvp(argv\[0\], argv)" tui/widgets.c
check "tavle-helper is started with execv of a full path (no shell, no PATH search)" \
	grep -q "execv(path, argv)" cli/helper_exec.c
check "no other exec in src/" test "$(grep -rnE '\bexec(l|lp|le|v|vp|vpe|ve)\(' . --include='*.c' | wc -l)" -eq 2
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
	XDG_DATA_HOME=$WORK/xdg "$TAVLE" list >/dev/null 2>&1
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
send j j j j j j j
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
finish
