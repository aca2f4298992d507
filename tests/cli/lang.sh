#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The command line's language and dates: under LC_ALL=da_DK.UTF-8 (LANGUAGE unset) an
# error and the human output are Danish with Danish dates, LANGUAGE=en gives English,
# C.UTF-8 stays English with ISO dates, --json stays ISO in every language, and a
# date-format in the configuration file wins over the language. Then `config dump`:
# an empty configuration dumps every default (settings, area colours, every key
# binding), and what it prints is accepted back by `config check` with no errors,
# also for a configuration that rebinds and unbinds keys.
# usage: lang.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"

TAVLE=${1:?usage: lang.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PY=/usr/bin/python3
export TAVLE_NOW=2026-11-29T10:00:00Z
sandbox cli-lang
DB=$T/l.db

# A failing check shows the last command's output.
TAP_ON_FAIL='diag_file "$T/out" "out: " 5; diag_file "$T/err" "err: " 5'
# run LOCALE ARGS...: the CLI under LC_ALL=LOCALE
run() {
	local loc=$1
	shift
	env LC_ALL="$loc" "$TAVLE" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
has() { # has DESCRIPTION FILE TEXT
	if grep -qF -- "$3" "$T/$2"; then ok "$1"; else not_ok "$1" "'$3' not in $2"; fi
}
hasnt() {
	if grep -qF -- "$3" "$T/$2"; then not_ok "$1" "'$3' in $2"; else ok "$1"; fi
}

run C.UTF-8 init
[ "$rc" -eq 0 ] && ok "seeding the database" || not_ok "seeding the database" "exit $rc"

# ---- config dump (needs no translations) ----
run C.UTF-8 config dump
[ "$rc" -eq 0 ] && ok "config dump of no file" || not_ok "config dump of no file" "exit $rc"
for line in "date-format auto" "mouse on" "esc-delay 25" "color area.org 220" \
	"color area.udd 208" "bind board q quit" "bind generic ? view-help" \
	"bind generic F1 view-help" "bind board Enter open" "bind generic ^C quit-all"; do
	if grep -qxF -- "$line" "$T/out"; then ok "empty config dump has '$line'"; else not_ok "empty config dump has '$line'"; fi
done
n=$(grep -c '^bind ' "$T/out")
[ "$n" -ge 60 ] && ok "empty config dump lists at least 60 bindings" || not_ok "empty config dump lists at least 60 bindings" "only $n"
cp "$T/out" "$T/dump1"
run C.UTF-8 config check "$T/dump1"
[ "$rc" -eq 0 ] && ok "config check of the default dump" || not_ok "config check of the default dump" "exit $rc"
has "default dump checks clean" out ": ok"

cat >"$XDG_CONFIG_HOME/tavle.conf.tmp" <<'CONF'
bind board x status
bind board s none
bind generic F5 help
bind board "#" quit
color area.kom 21
date-format danish
user "Anne Berg"
mouse off
esc-delay 40
CONF
mkdir -p "$XDG_CONFIG_HOME/tavle"
mv "$XDG_CONFIG_HOME/tavle.conf.tmp" "$XDG_CONFIG_HOME/tavle/config"
run C.UTF-8 config dump
[ "$rc" -eq 0 ] && ok "config dump" || not_ok "config dump" "exit $rc"
for line in "bind board x status" "bind board s none" "bind generic F5 help" \
	'bind board "#" quit' "color area.kom 21" "color area.org 220" "date-format danish" \
	'user "Anne Berg"' "mouse off" "esc-delay 40" "bind board q quit"; do
	if grep -qxF -- "$line" "$T/out"; then ok "config dump has '$line'"; else not_ok "config dump has '$line'"; fi
done
cp "$T/out" "$T/dump2"
run C.UTF-8 config check "$T/dump2"
[ "$rc" -eq 0 ] && ok "config check of the dump" || not_ok "config check of the dump" "exit $rc"
# The dump read back gives the same dump (nothing lost or added on the way).
env LC_ALL=C.UTF-8 XDG_CONFIG_HOME="$T/again" "$TAVLE" --db "$DB" config dump >/dev/null 2>&1
mkdir -p "$T/again/tavle"
cp "$T/dump2" "$T/again/tavle/config"
env LC_ALL=C.UTF-8 XDG_CONFIG_HOME="$T/again" "$TAVLE" --db "$DB" config dump 2>/dev/null |
	grep -v '^# tavle configuration' >"$T/dump3"
if diff <(grep -v '^# tavle configuration' "$T/dump2") "$T/dump3" >/dev/null; then ok "dump -> config -> dump the same"
else not_ok "dump -> config -> dump the same"; fi
rm -f "$XDG_CONFIG_HOME/tavle/config"

# ---- language ----
LOCALEDIR=$(cd "$(dirname "$TAVLE")/../po" 2>/dev/null && pwd)
if [ ! -f "$LOCALEDIR/da/LC_MESSAGES/tavle.mo" ] ||
		! locale -a 2>/dev/null | grep -qi '^da_DK\.utf-\?8$'; then
	skip "language checks" "no Danish translations or no da_DK.UTF-8 locale"
	finish
	exit
fi
export TAVLE_LOCALEDIR=$LOCALEDIR

run da_DK.UTF-8 show 999
[ "$rc" -eq 2 ] && ok "da: show 999 exits 2" || not_ok "da: show 999 exits 2" "exit $rc"
has "da: Danish CLI error" err "tavle: ingen pakke 999 på denne tavle (se tavle list)"
env LC_ALL=da_DK.UTF-8 LANGUAGE=en "$TAVLE" --db "$DB" show 999 >"$T/out" 2>"$T/err"
has "LANGUAGE=en: English CLI error" err "tavle: no package 999 in this board (see tavle list)"
run C.UTF-8 show 999
has "C: English CLI error" err "tavle: no package 999 in this board (see tavle list)"
run da_DK.UTF-8 add package --area nope --title x
has "da: a core message in Danish" err "ukendt område 'nope'"
run da_DK.UTF-8 set 1 deadline 2026-02-30
has "da: a date error from the core in Danish" err "ingen sådan dag (februar 2026 har 28 dage)"

run da_DK.UTF-8 list
has "da: Danish date and relative days in list" out "29. dec. 2026 (om 30 dage)"
has "da: Danish status names" out "Ikke startet"
run en_US.UTF-8 list
has "en: ISO date in list" out "2026-12-29 (in 30 days)"
has "en: English status names" out "To do"
run C.UTF-8 list
has "C: ISO date and English relative days" out "2026-12-29 (in 30 days)"
run da_DK.UTF-8 show 1
has "da: show's labels" out "Ansvarlig"
has "da: show's section heading" out "Opgaver"
run da_DK.UTF-8 agenda
has "da: agenda week heading" out "Uge 50, 2026"
has "da: agenda weekday dates" out "fre. 11. dec. 2026"
run da_DK.UTF-8 meetings
has "da: meeting with weekday and time" out "man. 21. dec. 2026 10:00-12:00"
run da_DK.UTF-8 decisions
has "da: decision due date" out "18. dec. 2026"
run da_DK.UTF-8 phases
has "da: phase dates" out "30. nov. 2026"
has "da: phase progress" out "0/2 færdige"
run da_DK.UTF-8 list --json
has "da: JSON keeps ISO dates" out '"deadline": "2026-12-29"'
hasnt "da: JSON has no Danish dates" out "dec. 2026"
run da_DK.UTF-8 export ics -o -
has "da: calendar export keeps ISO-style dates" out "DTSTART;VALUE=DATE:20261229"

# A date-format in the configuration wins over the language.
mkdir -p "$XDG_CONFIG_HOME/tavle"
printf 'date-format iso\n' >"$XDG_CONFIG_HOME/tavle/config"
run da_DK.UTF-8 list
has "da + date-format iso: ISO dates, Danish words" out "2026-12-29 (om 30 dage)"
printf 'date-format danish\n' >"$XDG_CONFIG_HOME/tavle/config"
run en_US.UTF-8 list
has "en + date-format danish: 29-12-2026" out "29-12-2026 (in 30 days)"
printf 'date-format long\n' >"$XDG_CONFIG_HOME/tavle/config"
run en_US.UTF-8 list
has "en + date-format long: 29 Dec 2026" out "29 Dec 2026 (in 30 days)"
printf 'date-format american\n' >"$XDG_CONFIG_HOME/tavle/config"
run da_DK.UTF-8 config check
[ "$rc" -eq 2 ] && ok "da: config check of a bad line exits 2" || not_ok "da: config check of a bad line exits 2" "exit $rc"
has "da: config error in Danish" err "date-format er auto, long, iso eller danish"
has "da: config error count in Danish" err "1 fejl i"
rm -f "$XDG_CONFIG_HOME/tavle/config"

finish
