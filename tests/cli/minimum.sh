#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Minimum requirements on the command line (issue 18): `tavle minimum` lists every task
# flagged minimum by area with done, number, deadline, title and package, and a total;
# --open leaves out the done ones; --json gives done/total and the items; `list --json`
# and `show --json` give each package "minimum": {"done", "total"}; `portfolio --json`
# gives each authority's minimum requirements met ("authority_status") and
# `portfolio --authorities` prints them. Every count is checked against the tasks
# themselves as `list --json` gives them, before and after tasks change.
# usage: minimum.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
. "$(dirname "$0")/../lib/cli.sh"

TAVLE=${1:?usage: minimum.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
export LC_ALL=C.UTF-8
export TAVLE_NOW=2026-11-29T10:00:00Z
sandbox cli-minimum
DB=$T/m.db
PY=/usr/bin/python3

TAP_ON_FAIL='diag_file "$T/out" "stdout: " 40; diag_file "$T/err" "stderr: " 5'

# consistent DESC [ARGS]: `minimum --json` and every package's "minimum" in `list
# --json` agree with the tasks' own done and minimum flags.
consistent() {
	"$TAVLE" --db "$DB" list --json >"$T/list.json" 2>"$T/err"
	"$TAVLE" --db "$DB" minimum --json >"$T/min.json" 2>>"$T/err"
	local why
	why=$($PY - "$T/list.json" "$T/min.json" <<'PYEOF'
import json, sys
pk = json.load(open(sys.argv[1]))
mn = json.load(open(sys.argv[2]))
bad = []
done = total = 0
want = []
for p in pk:
    d = sum(1 for t in p["tasks"] if t["minimum"] and t["done"])
    n = sum(1 for t in p["tasks"] if t["minimum"])
    if p["minimum"] != {"done": d, "total": n}:
        bad.append("package %d: %r, tasks say %d/%d" % (p["number"], p["minimum"], d, n))
    done += d; total += n
    for i, t in enumerate(p["tasks"]):
        if t["minimum"]:
            want.append("%d.%d" % (p["number"], i + 1))
if (mn["done"], mn["total"]) != (done, total):
    bad.append("minimum --json %d/%d, tasks say %d/%d" % (mn["done"], mn["total"], done, total))
got = [i["number"] for i in mn["items"]]
if got != want:
    bad.append("items %r, want %r" % (got, want))
print("; ".join(bad))
PYEOF
)
	if [ -z "$why" ]; then ok "$1"; else not_ok "$1" "$why"; fi
}
# jq_is DESC FILE EXPR WANT: a Python expression over the JSON `d` of FILE.
jq_is() {
	local got
	got=$($PY -c "import json,sys; d=json.load(open(sys.argv[1])); print($3)" "$2" 2>&1)
	if [ "$got" = "$4" ]; then ok "$1"; else not_ok "$1" "got [$got], want [$4]"; fi
}

expect 0 "init" init
consistent "the template: minimum --json and list --json agree with the tasks"
jq_is "the template has 28 minimum requirements, none done" "$T/min.json" \
	'(d["done"], d["total"], len(d["items"]))' "(0, 28, 28)"
jq_is "an item names its task, package, area, deadline" "$T/min.json" \
	'[d["items"][0][k] for k in ("number", "package", "area", "done", "overdue")]' \
	"['1.1', 1, 'org', False, False]"

expect 0 "set task 1.1 done" set task 1.1 done yes
consistent "after 1.1 done: counts follow"
jq_is "package 1 has 1 of 3 done" "$T/list.json" \
	'[p["minimum"] for p in d if p["number"] == 1][0]' "{'done': 1, 'total': 3}"
expect 0 "minimum (text)" minimum
contains "the text gives the total" "1 of 28 minimum requirements done"
contains "the text heads each area" "Organisatorisk forankring"
contains "a done one is marked" "[x]  1.1"
expect 0 "minimum --open" minimum --open
lacks "--open leaves out the done one" "Bekræft eller indmeld kontaktperson"
contains "--open keeps an open one" "Deltag i infomøde 1"
contains "--open still counts the whole board" "1 of 28 minimum requirements done"

expect 0 "set task 1.2 minimum yes" set task 1.2 minimum yes
consistent "a newly flagged task is counted"
expect 0 "set task 1.1 minimum no" set task 1.1 minimum no
consistent "an unflagged task leaves the list"
jq_is "29 - 1 = 28 again, none done" "$T/min.json" '(d["done"], d["total"])' "(0, 28)"

expect 0 "show 1 --json" show 1 --json
cp "$T/out" "$T/show.json"
jq_is "show --json has minimum too" "$T/show.json" 'd["minimum"]' "{'done': 0, 'total': 3}"

# Every minimum requirement done: --open says so.
"$TAVLE" --db "$DB" minimum --json >"$T/min.json"
for n in $($PY -c "import json,sys; print(' '.join(i['number'] for i in json.load(open(sys.argv[1]))['items']))" "$T/min.json"); do
	"$TAVLE" --db "$DB" set task "$n" done yes >/dev/null 2>&1
done
consistent "all done: counts follow"
expect 0 "minimum --open when all are done" minimum --open
contains "--open says all are done" "all 28 minimum requirements are done"

# The portfolio: each authority's minimum requirements met.
expect 0 "a second board" init --name "Anden myndighed"
expect 0 "portfolio --json" portfolio --json
cp "$T/out" "$T/pf.json"
jq_is "portfolio --json: minimum met per authority" "$T/pf.json" \
	'sorted((a["name"], a["minimum"]["done"], a["minimum"]["total"]) for a in d["authority_status"])' \
	"[('Anden myndighed', 0, 28), ('Næste generation Digital Post', 28, 28)]"
expect 0 "portfolio --authorities" portfolio --authorities
contains "the authorities table has the minimum met" "28/28"
contains "... and the new board's" "0/28"

LC_ALL=da_DK.UTF-8 expect 0 "Danish: minimum" --board "Anden myndighed" minimum
contains "Danish total line" "0 af 28 minimumskrav er færdige"
contains "Danish: a date the Danish way" "11. dec. 2026 (om 12 dage)"
finish
