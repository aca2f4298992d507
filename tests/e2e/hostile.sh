#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Hostile text in the database renders inert: an OSC title sequence, a clear-screen
# sequence, CR and U+202E in a title change neither the pane title nor the
# neighbouring columns. The store refuses control characters on input, so the title
# is written straight into the file with the sqlite3 CLI (as an attacker with write
# access to the database would); first `set` must refuse it. The board's P then
# writes the one-page plan with that title escaped and inert.
. "$(dirname "$0")/lib.sh"

make_db
if ! command -v sqlite3 >/dev/null 2>&1; then
	skip_all "sqlite3 CLI not installed"
fi
# A package in the first (org) column, so columns 2-4 must not change at all.
N=$(cli list --json | $PY -c '
import json, sys
d = json.load(sys.stdin)
pk = d["packages"] if isinstance(d, dict) else d
print([p["number"] for p in pk if p["area"] == "org"][0])')
check "an org package exists" test -n "$N"
# Columns 2-4 of a 100-column screen (the first column is 24 cells plus a gap); cut
# by characters, not bytes (every character on these lines is one cell wide).
right_part() { $PY -c 'import sys; [print(l.rstrip("\n")[25:]) for l in sys.stdin]'; }

HOSTILE=$(printf 'Evil\033]0;pwned\007 \033[2J X\rY \xe2\x80\xae txet')
TITLE0=$(pkg_json "$N" 'p["title"]')
cli set "$N" title "$HOSTILE" >/dev/null 2>"$WORK/set.err"
check "set refuses a title with control characters (exit 2)" test $? -eq 2
check "the refusal says why on stderr" grep -q "^tavle: .*title" "$WORK/set.err"
check "the refused title left the package's title as it was" wait_json "$N" 'p["title"]' "$TITLE0"
start 100 30
wait_for "Uddannelse"
tm select-pane -t "=$SESSION:" -T "e2e-title"
before_title=$(tm display -p -t "=$SESSION:" '#{pane_title}')
before=$(capture | right_part)
send Q
wait_for "TAVLE-EXIT="

sqlite3 "$DB" "UPDATE packages SET title = 'Evil' || char(27) || ']0;pwned' || char(7) || ' ' || char(27) || '[2J X' || char(13) || 'Y ' || char(8238) || ' txet' WHERE number = $N" \
	|| not_ok "sqlite3 update"
check "hostile title stored" wait_json "$N" '"\x1b]0;pwned" in p["title"]' True

start 100 30
check "board drawn with the hostile title" wait_for "Uddannelse"
check "the title's visible part is shown" wait_for "Evil"
tm select-pane -t "=$SESSION:" -T "e2e-title"
send j
send k
wait_for "Evil"
after_title=$(tm display -p -t "=$SESSION:" '#{pane_title}')
check "pane title unchanged ($after_title)" test "$after_title" = "e2e-title"
check "no pwned title" test "$after_title" != "pwned"
after=$(capture | right_part)
if [ "$before" = "$after" ]; then
	ok "neighbouring columns untouched"
else
	not_ok "neighbouring columns untouched" "$(diff <(echo "$before") <(echo "$after"))"
fi
check "no raw U+202E on screen" bash -c '! grep -q $'"'"'\xe2\x80\xae'"'"' <<<"$1"' _ "$(capture)"
send Enter
check "detail with the hostile title" wait_for "Baggrund"
after_title=$(tm display -p -t "=$SESSION:" '#{pane_title}')
check "pane title unchanged in the detail view" test "$after_title" = "e2e-title"
send q
send q
check "quit" wait_for "TAVLE-EXIT=0"

# P writes the one-page plan (tavle report html) with the hostile title inert in it.
mkdir -p "$WORK/home"
start 100 30 "HOME=$WORK/home"
wait_for "Uddannelse"
send P
check "plan prompt prefilled with ~/tavle-plan-<board>.html" \
	wait_for "tavle-plan-Næste-generation-Digital-Post.html"
send Enter
check "plan written" wait_for "Plan written to"
PLAN="$WORK/home/tavle-plan-Næste-generation-Digital-Post.html"
check "the plan file is there" test -s "$PLAN"
check "the plan shows the title's visible part" grep -q "Evil" "$PLAN"
check "no ESC, BEL or CR from the title in the plan" \
	bash -c '! LC_ALL=C grep -q "[[:cntrl:]]" <(tr -d "\n" <"$1")' _ "$PLAN"
check "no raw U+202E in the plan" bash -c '! grep -q $'"'"'\xe2\x80\xae'"'"' "$1"' _ "$PLAN"
check "the plan is the bytes tavle report html writes" \
	cmp -s "$PLAN" <(env LC_ALL=C.UTF-8 TAVLE_NOW="$NOW" "$TAVLE" --db "$DB" report html)
send q
check "quit after the plan" wait_for "TAVLE-EXIT=0"
finish
