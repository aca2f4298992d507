#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The weekly status from the board (issue 19): at 80x24 in Danish, R asks where with
# ~/tavle-status-<board>.md prefilled, writes the file (the same bytes as `tavle
# report status` in Danish on the same day), and the status line says where; a path
# that cannot be written says why and leaves nothing. HOME is the test's own directory.
. "$(dirname "$0")/lib.sh"

if ! locale -a 2>/dev/null | grep -qi '^da_DK\.utf-\?8$'; then
	skip_all "locale da_DK.UTF-8 missing (tools/dev.sh deps generates it)"
fi

make_db
cli set 4 status doing >/dev/null
mkdir -p "$WORK/home"
start 80 24 HOME="$WORK/home" LC_ALL=da_DK.UTF-8
wait_for "Uddannelse"
MD="$WORK/home/tavle-status-Næste-generation-Digital-Post.md"
send R
check "R asks where, in Danish" wait_for "Skriv statusrapporten til:"
check "... with the default path" wait_for "tavle-status-Næste-generation-Digital-Post.md"
send Enter
check "the status line says it was written" wait_for "Statusrapporten er skrevet til"
check "the file is there" test -s "$MD"
env TAVLE_NOW="$NOW" LC_ALL=da_DK.UTF-8 "$TAVLE" --db "$DB" report status >"$WORK/cli.md"
check "the file holds the bytes of tavle report status" cmp "$MD" "$WORK/cli.md"
check "the file is Danish" grep -q "^## Overblik" "$MD"
check "... with the week's change" grep -q "status Ikke startet → I gang" "$MD"
send R
check "R asks again" wait_for "Skriv statusrapporten til:"
send C-u
send_text "$WORK/no-such-dir/s.md"
send Enter
check "a path that cannot be written says so" wait_for "Statusrapporten blev ikke skrevet:"
check "no file where it could not be written" test ! -e "$WORK/no-such-dir/s.md"
send '?'
wait_for "Tavle"
for i in 1 2 3 4 5 6 7 8; do
	capture | grep -q "status-report" && break
	send NPage
	sleep 0.2
done
check "help names the key and says what it does" wait_re "R +status-report +Skriv ugestatussen"
finish
