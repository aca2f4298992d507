#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Dependencies between packages, blocked with a reason, and a board's contact person
# on the command line (issue 18). `set package N after 2,6` keeps a sorted list of
# packages of the board; the package itself, a missing number, a word and a cycle are
# refused with a message naming the problem, and a refusal leaves the database as it
# was; renumbering a package rewrites the lists naming it; show --json gives "after"
# and "blocked_reason"; a package due before one it comes after is a plan warning in
# `check` and `agenda` (text and --json); the agenda lists blocked packages with their
# reasons; the template carries "after:" (the shipped one: 2 and 6 after 4) through
# export and a new board, and refuses a bad list with its file and line.
# usage: deps.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
. "$(dirname "$0")/../lib/cli.sh"

TAVLE=${1:?usage: deps.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
export LC_ALL=C.UTF-8
export TAVLE_NOW=2026-11-29T10:00:00Z
sandbox cli-deps
DB=$T/d.db
PY=/usr/bin/python3
TAP_ON_FAIL='diag_file "$T/out" "stdout: " 20; diag_file "$T/err" "stderr: " 5'

# js DESC N EXPR WANT: a Python expression over `show N --json` as p.
js() {
	local got
	got=$("$TAVLE" --db "$DB" show "$2" --json | $PY -c "import json,sys; p=json.load(sys.stdin); print($3)" 2>&1)
	if [ "$got" = "$4" ]; then ok "$1"; else not_ok "$1" "got [$got], want [$4]"; fi
}
errs() { # errs DESC TEXT (in stderr)
	if grep -qF -- "$2" "$T/err"; then ok "$1"; else not_ok "$1" "'$2' not in stderr"; fi
}
# state: every package as `list --json` gives it (the refusals must not change it).
state() { "$TAVLE" --db "$DB" list --json | sha256sum; }

expect 0 "init" init
js "the template: package 2 comes after 4" 2 'p["after"]' "[4]"
js "... and 6 after 4" 6 'p["after"]' "[4]"
js "... 4 after none" 4 'p["after"]' "[]"
expect 0 "check" check
lacks "the template's plan has no warning" "warning"

before=$(state)
expect 2 "a cycle is refused" set package 4 after 2
errs "... naming it" "after: 4 → 2 → 4 would be a cycle"
expect 2 "the package itself is refused" set package 2 after 2
errs "... saying so" "package 2 cannot come after itself"
expect 2 "a missing package is refused" set package 2 after 4,77,78
errs "... naming the missing ones" "no package 77, 78 on this board"
expect 2 "a word is refused" set package 2 after "4 og 6"
errs "... as not a list" "is not a list of package numbers"
[ "$(state)" = "$before" ] && ok "refusals changed nothing" || not_ok "refusals changed nothing"
expect 0 "7 after 6" set package 7 after 6
before=$(state)
expect 2 "4 after 7 (7 after 6 after 4) closes a cycle" set package 4 after 7
errs "... the whole chain is named" "4 → 7 → 6 → 4"
[ "$(state)" = "$before" ] && ok "... and changed nothing" || not_ok "... and changed nothing"
expect 0 "7 after nothing again" set package 7 after ""

expect 0 "a list in any order, with repeats" set package 2 after " 6 , 4,4"
js "... is kept sorted, each once" 2 'p["after"]' "[4, 6]"
expect 0 "check" check
contains "package 2 due before 6, which it comes after, is a plan warning" \
	'package 2 "Ledelsesbeslutninger og forankring" is due 2027-06-17, before package 6'
expect 0 "agenda" agenda
contains "the agenda heads with the plan warnings" "Plan warnings"
contains "... naming the packages" "before package 6"
expect 0 "agenda --json" agenda --json
cp "$T/out" "$T/agenda.json"
got=$($PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["warnings"]), d["blocked"])' "$T/agenda.json")
[ "$got" = "1 []" ] && ok "agenda --json: one warning, nothing blocked" || not_ok "agenda --json" "$got"

expect 0 "renumber package 6 to 16" set package 6 number 16
js "the lists naming 6 follow" 2 'p["after"]' "[4, 16]"
expect 0 "log" log 2
contains "... recorded in package 2's history" "4,6"
expect 0 "back to 6" set package 16 number 6
js "... and back" 2 'p["after"]' "[4, 6]"
expect 0 "empty clears" set package 2 after ""
js "... none" 2 'p["after"]' "[]"
expect 0 "set back" set package 2 after 4

# Blocked, and why.
expect 0 "block package 4" set package 4 status blocked
expect 0 "... with a reason" set package 4 blocked_reason "Venter på leverandør"
js "show --json gives the reason" 4 'p["blocked_reason"]' "Venter på leverandør"
expect 0 "show 4" show 4
contains "show prints it under the status" "Venter på leverandør"
expect 0 "agenda" agenda
contains "the agenda lists the blocked package with its reason" \
	"[D] 4 Kortlægning af systemer og data: Venter på leverandør"
expect 0 "agenda --json" agenda --json
cp "$T/out" "$T/agenda.json"
got=$($PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print([(b["number"], b["blocked_reason"]) for b in d["blocked"]])' "$T/agenda.json")
[ "$got" = "[(4, 'Venter på leverandør')]" ] && ok "agenda --json: blocked with the reason" ||
	not_ok "agenda --json blocked" "$got"
expect 0 "unblock" set package 4 status doing
js "not blocked: no reason shown" 4 'p["blocked_reason"]' "None"
expect 0 "blocked again" set package 4 status blocked
js "... the reason is kept for the next time" 4 'p["blocked_reason"]' "Venter på leverandør"
LC_ALL=da_DK.UTF-8 expect 0 "Danish agenda" agenda
contains "Danish: the blocked heading" "Blokeret"

# The board's contact person.
expect 0 "set board contact" set board "Næste generation Digital Post" contact "Mette Holm"
expect 0 "boards --json" boards --json
contains "boards --json gives the contact" '"contact": "Mette Holm"'

# The template carries the dependencies.
expect 0 "template export" template export "$T/tpl"
if grep -qx "after: 4" "$T/tpl/2-"*.txt; then ok "the export writes after: 4"; else
	not_ok "the export writes after: 4"; fi
expect 0 "a board from the export" init --name "Kopi" --template "$T/tpl"
"$TAVLE" --db "$DB" --board Kopi show 2 --json >"$T/out"
grep -q '"after": \[' "$T/out" && $PY -c 'import json,sys; assert json.load(open(sys.argv[1]))["after"] == [4]' "$T/out" &&
	ok "... keeps package 2 after 4" || not_ok "... keeps package 2 after 4"
sed -i 's/^after: 4$/after: fire/' "$T/tpl/2-"*.txt
expect 2 "a template with a bad after line is refused" init --name "Forkert" --template "$T/tpl"
errs "... naming the line" "after: 'fire' is not a list of package numbers"
sed -i 's/^after: fire$/after: 77/' "$T/tpl/2-"*.txt
expect 2 "a template naming a missing package is refused" init --name "Forkert" --template "$T/tpl"
errs "... naming it" "no package 77"
expect 0 "boards" boards
lacks "... and no board was made" "Forkert"
finish
