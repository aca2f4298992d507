#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Package updates merged into a board (issue 20): version 1 is the shipped packages/
# (copied), a board seeded from it gets local edits, version 2 changes a section, renames
# a task (same key), moves a deadline offset, adds a task, removes one, changes a field
# the board changed differently (a conflict) and one the board changed the same way.
# `template update --dry-run` prints every case and changes nothing (the database file
# byte for byte); the real update gives each field's result in `show --json`, lists the
# conflict, `undo` reverts it whole, a second update of the same version changes nothing,
# conflicts resolve as theirs, mine or a value of one's own; `check` stays clean and the
# calendar export changes only where the update did. A template without keys loads and
# updates by derived keys; a bad version 2 (duplicate key, syntax error) is refused with
# FILE:LINE and the board file left as it was; an older version needs --force.
# usage: template_update.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
. "$(dirname "$0")/../lib/cli.sh"

TAVLE=${1:?usage: template_update.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PACKAGES=$(cd "$(dirname "$0")/../../packages" && pwd)
export LC_ALL=C.UTF-8
export TAVLE_NOW=2026-11-29T10:00:00Z TAVLE_USER=test
sandbox cli-tupd
DB=$T/b.db
PY=/usr/bin/python3
TAP_ON_FAIL='diag_file "$T/out" "stdout: " 30; diag_file "$T/err" "stderr: " 5'

# js DESC PKG EXPR WANT: a Python expression over `show PKG --json` as p.
js() {
	local got
	got=$("$TAVLE" --db "$DB" show "$2" --json | $PY -c "import json,sys; p=json.load(sys.stdin); print($3)" 2>&1)
	if [ "$got" = "$4" ]; then ok "$1"; else not_ok "$1" "got [$got], want [$4]"; fi
}
errs() { # errs DESC TEXT (in stderr)
	if grep -qF -- "$2" "$T/err"; then ok "$1"; else not_ok "$1" "'$2' not in stderr"; fi
}
# The board as the commands show it: every package with its tasks, the phases,
# meetings and decisions; without row ids, uids, versions and change times (an undo is
# a change too, and an item added again is a new row).
state() {
	{ for n in 0 1 2 3 4 5 6 7 8 9; do "$TAVLE" --db "$DB" show $n --json; done
	  "$TAVLE" --db "$DB" phases --json; "$TAVLE" --db "$DB" meetings --json
	  "$TAVLE" --db "$DB" decisions --json; } | $PY -c '
import json, sys
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in ("version", "updated_at", "updated_by", "id", "uid")}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
dec = json.JSONDecoder()
text = sys.stdin.read()
i = 0
while i < len(text):
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    obj, i = dec.raw_decode(text, i)
    print(json.dumps(strip(obj), sort_keys=True))' | sha256sum
}
filesum() { sha256sum <"$DB"; }

# ---- version 1 and a board with local edits ----
cp -r "$PACKAGES" "$T/v1"
rm -f "$T/v1/README.md"
expect 0 "a board from version 1" init --start 2026-06-01 --template "$T/v1"
js "the task key is not part of its title" 4 'p["tasks"][2]["title"]' \
	"Registrer leverandør og systemejer pr. system"
js "... show --json gives it apart" 4 'p["template"]["tasks"][2]["key"]' "4.3"
js "... and the board follows version 1" 4 'p["template"]["version"]' "1"
expect 0 "edit: package 1's title (kept)" set package 1 title "Vores opstart"
expect 0 "edit: package 2's owner (a conflict to come)" set package 2 owner "Direktøren"
expect 0 "edit: package 3's owner (the same as version 2 will)" set package 3 owner "Fælles ejer"
expect 0 "edit: package 7's deadline by hand" set package 7 deadline 2027-03-01

# ---- version 2 ----
cp -r "$T/v1" "$T/v2"
p4=$(ls "$T/v2"/4-*.txt)
sed -i 's/^version: 1$/version: 2/' "$T/v2/programme.txt"
sed -i 's/^deadline: +150d$/deadline: +165d/' "$p4"
sed -i 's/^For at blive teknisk klar skal myndigheden.*/Ny baggrund fra programmet./' "$p4"
sed -i 's/: Registrer leverandør og systemejer pr. system {#4.3}$/: Registrer leverandør, systemejer og kontrakt {#4.3}/' "$p4"
sed -i '/{#4.5}$/d' "$p4"
echo '- [ ] +160d authority: Del kortlægningen med programmet {#4.6}' >>"$p4"
sed -i 's/^owner: .*/owner: Kommunaldirektøren/' "$T/v2"/2-*.txt
sed -i 's/^owner: .*/owner: Fælles ejer/' "$T/v2"/3-*.txt
sed -i 's/^deadline: .*/deadline: +200d/' "$T/v2"/7-*.txt

"$TAVLE" --db "$DB" export ics -o "$T/before.ics" --now 2026-11-29T10:00:00Z 2>"$T/err"
before_state=$(state)
before_file=$(filesum)

# ---- dry run ----
expect 0 "update --dry-run" template update "$T/v2" --dry-run
contains "... says it is a dry run" "dry run: nothing changed"
contains "... takes the moved deadline" "Package 4: deadline +150d → +165d"
contains "... takes the renamed task" "Package 4, task 4.3: title Registrer leverandør og systemejer pr. system → Registrer leverandør, systemejer og kontrakt"
contains "... takes the changed section" "Package 4: background For at blive teknisk klar"
contains "... keeps the board's title" "Package 1: title Vores opstart"
contains "... a conflict on package 2's owner" "Package 2: owner board: Direktøren, programme: Kommunaldirektøren"
contains "... a conflict on the hand-set deadline" "Package 7: deadline board: 2027-03-01, programme: +200d"
contains "... adds the new task" "Package 4, task 4.6: Del kortlægningen med programmet"
contains "... marks the removed task" "Package 4, task 4.5: Stil teknisk dokumentation til rådighed (no longer in the programme's version 2)"
contains "... the same on both sides" "Package 3: owner Fælles ejer"
[ "$(filesum)" = "$before_file" ] && ok "... the database file is byte for byte the same" ||
	not_ok "... the database file is byte for byte the same"
[ "$(state)" = "$before_state" ] && ok "... and so is every show --json" ||
	not_ok "... and so is every show --json"
expect 0 "update --dry-run --json" template update "$T/v2" --dry-run --json
got=$($PY -c '
import json,sys
d=json.load(open(sys.argv[1]))
c=d["counts"]
a={(x["kind"],x["key"],x["field"]):x["action"] for x in d["changes"]}
print(d["dry_run"], d["from_version"], d["to_version"], c["take"], c["keep"], c["conflict"], c["add"], c["removed"], c["same"],
      a[("package","4","deadline")], a[("task","4.3","title")], a[("package","4","background")], a[("package","2","owner")],
      a[("task","4.6",None)], a[("task","4.5",None)], a[("package","3","owner")], a[("package","1","title")])' "$T/out" 2>&1)
want="True 1 2 3 1 2 1 1 1 take take take conflict add removed same keep"
[ "$got" = "$want" ] && ok "... the plan as JSON" || not_ok "... the plan as JSON" "got [$got]"

# ---- for real ----
expect 0 "update" template update "$T/v2"
contains "... prints the same summary" "Package 4: deadline +150d → +165d"
js "the section is the programme's" 4 'p["sections"]["background"].split("\n")[0]' "Ny baggrund fra programmet."
js "... and marked changed by the programme in version 2" 4 'p["template"]["changed_by_programme"]' "{'background': 2}"
js "the task is renamed" 4 'p["tasks"][2]["title"]' "Registrer leverandør, systemejer og kontrakt"
js "the deadline follows the new offset (+165d, a working day)" 4 'p["deadline"]' "2026-11-13"
js "the new task is added with its date from the offset" 4 '[(t["title"], t["deadline"]) for t in p["tasks"]][-1]' \
	"('Del kortlægningen med programmet', '2026-11-06')"
js "the removed task stays, marked" 4 '[(t["key"], t["removed_in_version"]) for t in p["template"]["tasks"]][4]' "('4.5', 2)"
js "the board's title is kept" 1 'p["title"]' "Vores opstart"
js "the conflict keeps the board's owner" 2 'p["owner"]' "Direktøren"
js "the hand-set deadline is kept" 7 'p["deadline"]' "2027-03-01"
js "the same change stays" 3 'p["owner"]' "Fælles ejer"
js "the board follows version 2" 4 'p["template"]["version"]' "2"
expect 0 "show 4" show 4
contains "... says which section the programme changed" "(Changed by the programme in version 2)"
contains "... and which task it no longer has" "Stil teknisk dokumentation til rådighed (no longer in the programme's version 2)"
LOCALEDIR=$(cd "$(dirname "$TAVLE")/../po" 2>/dev/null && pwd)
if [ -f "$LOCALEDIR/da/LC_MESSAGES/tavle.mo" ] && locale -a 2>/dev/null | grep -qi '^da_DK\.utf-\?8$'; then
	TAVLE_LOCALEDIR=$LOCALEDIR LC_ALL=da_DK.UTF-8 "$TAVLE" --db "$DB" show 4 >"$T/out" 2>"$T/err"
	contains "da: show says the programme changed the section" "(Ændret af programmet i version 2)"
	contains "da: ... and which task it no longer has" "(ikke længere i programmets version 2)"
else
	skip "da: show in Danish" "no Danish translations or no da_DK.UTF-8 locale"
fi
expect 0 "log" log
contains "... shows the update as such" "template update"
contains "... with the version it went to" "template version 1 -> 2"
lacks "... but not the merge's bookkeeping" "tmpl."
expect 0 "template export" template export "$T/exp"
grep -qx "version: 2" "$T/exp/programme.txt" && ok "... writes the version" || not_ok "... writes the version"
grep -q ": Registrer leverandør, systemejer og kontrakt {#4.3}$" "$T/exp"/4-*.txt &&
	ok "... and the keys" || not_ok "... and the keys"
grep -qx "key: infomoede-1" "$T/exp/programme.txt" && ok "... of blocks too" || not_ok "... of blocks too"
expect 0 "check after the update" check
contains "... is clean" "ok"
"$TAVLE" --db "$DB" export ics -o "$T/after.ics" --now 2026-11-29T10:00:00Z 2>"$T/err"
got=$($PY - "$T/before.ics" "$T/after.ics" <<'EOF'
import sys, re
def events(path):
    text = open(path, encoding="utf-8").read().replace("\r\n ", "")
    out = {}
    for block in re.findall(r"BEGIN:(?:VEVENT|VTODO)\r?\n(.*?)END:(?:VEVENT|VTODO)", text, re.S):
        uid = re.search(r"^UID:(.*)$", block, re.M).group(1).strip()
        summary = re.search(r"^SUMMARY:(.*)$", block, re.M).group(1).strip()
        out[uid] = (summary, block)
    return out
a, b = events(sys.argv[1]), events(sys.argv[2])
changed = sorted(b[u][0] for u in b if u not in a or a[u][1] != b[u][1])
gone = sorted(a[u][0] for u in a if u not in b)
print(len(changed), len(gone))
for s in changed:
    print(s)
EOF
)
first=$(echo "$got" | head -1)
others=$(echo "$got" | tail -n +2 | grep -v -e "4 Kortlægning af systemer og data" -e " 4.3 Registrer leverandør" -e " 4.6 Del kortlægningen med programmet")
if [ "$first" = "3 0" ] && [ -z "$others" ]; then ok "the calendar changes only where the update did"
else not_ok "the calendar changes only where the update did" "$got"; fi

# ---- conflicts ----
expect 0 "conflicts" template conflicts
contains "... lists package 2's owner" "package 2 owner"
contains "... with the programme's value" "programme: Kommunaldirektøren (version 2)"
expect 0 "conflicts --json" template conflicts --json
got=$($PY -c 'import json,sys; print([(c["kind"],c["key"],c["field"],c["mine"],c["theirs"]) for c in json.load(open(sys.argv[1]))])' "$T/out")
[ "$got" = "[('package', '2', 'owner', 'Direktøren', 'Kommunaldirektøren'), ('package', '7', 'deadline', '2027-03-01', '+200d')]" ] &&
	ok "... as JSON" || not_ok "... as JSON" "got $got"

# ---- undo, then again; the same version once more ----
after_state=$(state)
expect 0 "undo reverts the update" undo
[ "$(state)" = "$before_state" ] && ok "... whole, in one step" || not_ok "... whole, in one step"
expect 0 "... no conflicts left" template conflicts
contains "... none" "No open conflicts."
expect 0 "update again" template update "$T/v2"
[ "$(state)" = "$after_state" ] && ok "... gives the same board" || not_ok "... gives the same board"
again_file=$(filesum)
expect 0 "the same version once more" template update "$T/v2"
contains "... has nothing to change" "nothing to change"
[ "$(filesum)" = "$again_file" ] && ok "... and the file is unchanged" || not_ok "... and the file is unchanged"

# ---- resolving ----
expect 0 "resolve theirs" template resolve package 2 owner theirs
js "... the programme's owner" 2 'p["owner"]' "Kommunaldirektøren"
expect 0 "undo the resolve" undo
js "... the board's owner again" 2 'p["owner"]' "Direktøren"
expect 0 "resolve mine" template resolve package 2 owner mine
js "... keeps the board's owner" 2 'p["owner"]' "Direktøren"
expect 0 "resolve with a value" template resolve package 7 deadline --value 2027-03-15
js "... sets it" 7 'p["deadline"]' "2027-03-15"
expect 0 "conflicts after resolving" template conflicts
contains "... none left" "No open conflicts."
expect 2 "resolving a conflict that is not open" template resolve package 2 owner mine
errs "... says so" "no open conflict for package 2 owner"
expect 2 "resolve needs theirs, mine or --value" template resolve package 2 owner maybe

# ---- refusals: the board file unchanged ----
before_file=$(filesum)
cp -r "$T/v2" "$T/dup"
sed -i 's/^version: 2$/version: 3/' "$T/dup/programme.txt"
sed -i 's/{#4.4}$/{#4.3}/' "$(ls "$T/dup"/4-*.txt)"
expect 2 "a duplicate task key is refused" template update "$T/dup"
line=$(grep -n '{#4.3}$' "$(ls "$T/dup"/4-*.txt)" | tail -1 | cut -d: -f1)
first=$(grep -n '{#4.3}$' "$(ls "$T/dup"/4-*.txt)" | head -1 | cut -d: -f1)
errs "... naming file and line" "$(basename "$(ls "$T/dup"/4-*.txt)"):$line: key '4.3' is also used at $T/dup/$(basename "$(ls "$T/dup"/4-*.txt)"):$first"
cp -r "$T/v2" "$T/syn"
sed -i 's/^- \[ \] +75d authority minimum: /- [ ] +75x authority minimum: /' "$(ls "$T/syn"/4-*.txt)"
expect 2 "a syntax error is refused" template update "$T/syn"
errs "... with its file and line" "4-kortlaegning-af-systemer-og-data.txt:"
cp -r "$T/v2" "$T/dupb"
sed -i 's/^key: infomoede-2$/key: infomoede-1/' "$T/dupb/programme.txt"
expect 2 "a duplicate block key is refused" template update "$T/dupb"
errs "... naming programme.txt" "key 'infomoede-1' is also used at"
expect 1 "a missing directory is refused" template update "$T/nope"
[ "$(filesum)" = "$before_file" ] && ok "refusals left the board file byte for byte" ||
	not_ok "refusals left the board file byte for byte"
expect 1 "an older version is refused" template update "$T/v1"
errs "... saying why" "the template is version 1, older than the board's version 2"
[ "$(filesum)" = "$before_file" ] && ok "... the file unchanged" || not_ok "... the file unchanged"

# ---- a template without keys ----
DB=$T/k.db
cp -r "$T/v1" "$T/k1"
sed -i 's/ {#[0-9.]*}$//' "$T/k1"/[0-9]*.txt
sed -i '/^key: /d; /^version: /d' "$T/k1/programme.txt"
expect 0 "a board from a template without keys" init --start 2026-06-01 --template "$T/k1"
js "... gets derived task keys" 4 '[t["key"] for t in p["template"]["tasks"]]' "['4.1', '4.2', '4.3', '4.4', '4.5']"
cp -r "$T/k1" "$T/k2"
sed -i 's/^programme: .*/&\nversion: 2/' "$T/k2/programme.txt"
sed -i 's/^deadline: +150d$/deadline: +165d/' "$(ls "$T/k2"/4-*.txt)"
echo '- [ ] +160d authority: Ny opgave' >>"$(ls "$T/k2"/4-*.txt)"
sed -i 's/^title: Infomøde 4: Opsætning og ibrugtagning$/title: Infomøde 4: Ibrugtagning/' "$T/k2/programme.txt"
expect 0 "... updates from a version without keys" template update "$T/k2"
js "... takes the deadline" 4 'p["deadline"]' "2026-11-13"
js "... adds the task by its derived key" 4 '[t["key"] for t in p["template"]["tasks"]][-1]' "4.6"
# A block's derived key is its title's slug: a renamed block is another block.
contains "... a renamed keyless meeting is a new one" "Meeting infomoede-4-ibrugtagning: Infomøde 4: Ibrugtagning"
contains "... and the old one no longer in the programme" "Meeting infomoede-4-opsaetning-og-ibrugtagning: Infomøde 4: Opsætning og ibrugtagning (no longer in the programme's version 2)"
expect 0 "check" check

finish
