#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The configuration file: `tavle config check` lists every error as FILE:LINE and exits
# 2, `config dump` prints what is in effect, other commands warn on stderr and go on;
# in the board a rebound key works, an unbound one does nothing, the help screen and
# the key hints on the bottom line show the bindings in effect, an area colour applies, the history records the configured
# display name and the first error shows on the status line.
. "$(dirname "$0")/lib.sh"

CFGHOME=$WORK/cfg
mkdir -p "$CFGHOME/tavle"
CFG=$CFGHOME/tavle/config
cat >"$CFG" <<'CONF'
# rebind the status menu from s to z on the board
bind board z status
bind board s none
bind generic F5 help
bogus line
color area.udd 21
bind board y no-such-command
user "Anne Berg"
esc-delay 50
CONF

ccli() { env XDG_CONFIG_HOME="$CFGHOME" TAVLE_USER= TAVLE_NOW="$NOW" LC_ALL=C.UTF-8 "$TAVLE" --db "$DB" "$@"; }

ccli config check >"$WORK/out" 2>"$WORK/err"
rc=$?
check "config check exits 2 on errors" test "$rc" = 2
check "config check names FILE:LINE of a bad setting" grep -qF "$CFG:5: unknown setting 'bogus'" "$WORK/err"
check "config check names an unknown command" grep -qF "$CFG:7: unknown command 'no-such-command'" "$WORK/err"
check "config check lists both" test "$(grep -c "^$CFG:" "$WORK/err")" = 2
ccli config dump >"$WORK/out" 2>"$WORK/err"
check "config dump shows the binding" grep -qx "bind board z status" "$WORK/out"
check "config dump shows the colour" grep -qx "color area.udd 21" "$WORK/out"
check "config dump shows the user" grep -qx 'user "Anne Berg"' "$WORK/out"
check "config dump shows esc-delay" grep -qx "esc-delay 50" "$WORK/out"
check "config dump shows defaults" grep -qx "mouse on" "$WORK/out"

make_db
ccli list >"$WORK/out" 2>"$WORK/err"
check "list still works with a bad line" grep -q "Kommunikation" "$WORK/out"
check "list warns on stderr" grep -qF "tavle: $CFG:5: unknown setting 'bogus'" "$WORK/err"

start 120 40 XDG_CONFIG_HOME="$CFGHOME" TAVLE_USER=
check "board drawn" wait_for "Uddannelse"
check "status line shows the first config error" wait_for "unknown setting 'bogus'"
check "area colour from the config" grep -q $'\x1b\\[[0-9;]*48;5;21[;m]' <<<"$(capture_e)"

# s is unbound on the board: the z that follows opens the status menu.
send s
send z
check "z opens the status menu" wait_for "I gang"
send 2
check "status set through the rebound key" wait_json 1 'p["status"]' doing
hist=$(ccli log 1 --json 2>/dev/null)
check "history records the configured user" grep -qF '"Anne Berg"' <<<"$hist"

send F5
check "F5 (bound to help) opens help" wait_for "set-deadline"
line=$(capture | grep -F "set-status")
check "help shows the rebound key" grep -qF "z (board)" <<<"$line"
send Escape
check "help closes" wait_gone "set-deadline"
# The key hints come from the bindings in effect: s is unbound and z sets the status.
check "hint line shows the rebound key" wait_for "d:del z:status D:deadline"
check "hint line does not show the unbound key" bash -c '! grep -qF "s:status" <<<"$1"' _ "$(status_line)"
send Q
check "quits" wait_for "TAVLE-EXIT=0"

# First run on a new database (on its default path: only there does the board make
# one): the status line says where it lives and how to get help.
# (with no config file: a config error would take the status line)
DB=
start 120 40 XDG_CONFIG_HOME="$WORK/nocfg" TAVLE_USER= XDG_DATA_HOME="$WORK/xdg"
check "first run: the status line names the new database" wait_for "Created $WORK/xdg/tavle/tavle.db"
check "first run: and how to get help" grep -qF "Press ? for help" <<<"$(status_line)"
send Q
check "quits after the first run" wait_for "TAVLE-EXIT=0"
# A --db naming no database (a typo) makes no board: exit 1, nothing created.
DB=$WORK/first.bd
start 120 40 XDG_CONFIG_HOME="$WORK/nocfg" TAVLE_USER=
check "--db on a missing file: the board is refused" wait_for "TAVLE-EXIT=1"
check "--db on a missing file: the message says so" wait_for "no database at $DB (tavle init creates one)"
check "--db on a missing file: none created" test ! -e "$DB"

# A valid file: config check says ok and exits 0.
printf 'bind board z status\nmouse off\n' >"$CFG"
ccli config check >"$WORK/out" 2>"$WORK/err"
rc=$?
check "a valid file passes" test "$rc" = 0
check "config check says ok" grep -qF "$CFG: ok" "$WORK/out"
finish
