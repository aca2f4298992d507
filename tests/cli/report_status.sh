#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The weekly status on the command line (issue 19): `tavle report status` in English
# and Danish with every section; changes since --since (default 7 days ago, Danish
# dates too) summed per package; --json read back by python, every documented field
# there and the counts equal to those of `list --json`, `minimum --json` and `agenda
# --json`; -o writes the file atomically; a bad --since is refused (exit 2); no line
# wider than 80 display columns; hostile titles (escape sequences, bidi controls)
# sanitised in the text and escaped in the JSON.
# usage: report_status.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
. "$(dirname "$0")/../lib/cli.sh"

TAVLE=${1:?usage: report_status.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PY=/usr/bin/python3
export LC_ALL=C.UTF-8
sandbox cli-report-status
DB=$T/r.db
TAP_ON_FAIL='diag_file "$T/out" "stdout: " 200; diag_file "$T/err" "stderr: " 5'
at() { # at TIME ARGS...: tavle at TAVLE_NOW=TIME, output to the void
	local now=$1
	shift
	TAVLE_NOW=$now "$TAVLE" --db "$DB" "$@" >/dev/null 2>>"$T/setup.err" ||
		not_ok "setup: $*" "$(tail -1 "$T/setup.err")"
}
# width DESC FILE: no line of FILE wider than 80 display columns
width() {
	local why
	why=$($PY - "$2" <<'PYEOF'
import sys, unicodedata
for n, line in enumerate(open(sys.argv[1], encoding='utf-8').read().split('\n'), 1):
    w = sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in 'WF' else 1
            for c in line)
    if w > 80:
        print("line %d is %d columns: %s" % (n, w, line)); break
PYEOF
)
	if [ -z "$why" ]; then ok "$1"; else not_ok "$1" "$why"; fi
}

at 2027-01-04T09:00:00Z init --start 2027-01-04 --authority "Ærø Kommune"
at 2027-01-04T09:00:00Z set board 1 contact "Hanne Hansen"
# An old change (before the default 7 days) and the week's changes.
at 2027-05-03T09:00:00Z set 2 owner "Gammel Ejer"
at 2027-05-10T09:00:00Z set 4 status doing
at 2027-05-10T09:01:00Z set task 4.1 done yes
at 2027-05-10T09:02:00Z set 4 deadline 2027-06-01
at 2027-05-10T09:03:00Z add comment 4 "Hvem ejer dette?"
at 2027-05-10T09:04:00Z set 5 status blocked
at 2027-05-10T09:05:00Z set package 5 blocked_reason "Venter på leverandøren"
at 2027-05-10T09:06:00Z add decision --title "Budget til NgDP" --area org --due 2027-05-01
at 2027-05-10T09:07:00Z add decision --title "Bemanding" --due 2027-05-30
at 2027-05-10T09:08:00Z add meeting --title "Infomøde Vejle" --start "2027-05-20 10:00" --end "2027-05-20 12:00" --place Vejle
at 2027-05-10T09:09:00Z set 7 title "En meget lang titel på en opgavepakke som skal brydes pænt over flere linjer i rapporten uden at blive for bred"
export TAVLE_NOW=2027-05-12T10:00:00Z

# ---- text, English names Danish under C ----
expect 0 "report status" report status
for s in "# Status: " "## Overview" "## Overdue" "## Blocked" "## Management decisions pending" \
	"## Changes since 2027-05-05" "## The next 30 days" "## Plan warnings" \
	"Contact person: Hanne Hansen." "Ærø Kommune (Kommune)"; do
	contains "section or head: $s" "$s"
done
contains "per area: done/total and minimum requirements" "- Organisatorisk forankring: 0/"
contains "blocked with its reason" ": Venter på leverandøren"
contains "an overdue decision with how late" "Budget til NgDP: due 2027-05-01, 11 days late (Organisatorisk forankring)"
contains "a pending decision" "Bemanding: due 2027-05-30"
contains "changes of a package summed up" "status Ikke startet → I gang; 1 task done;"
contains "... the deadline's first and last value" "deadline moved 2027-06-03 → 2027-06-01; 1 comment"
contains "a meeting of the next 30 days" "2027-05-20 10:00: Infomøde: Infomøde Vejle, Vejle"
contains "overdue items say how late" "days late"
lacks "the change before --since is left out" "Gammel Ejer"
cp "$T/out" "$T/en.txt"
width "English text: no line over 80 columns" "$T/en.txt"
grep -c "^- 4 " "$T/out" | grep -qx 1 && ok "package 4's changes: one line" ||
	not_ok "package 4's changes: one line"

# ---- --since, also the Danish way ----
expect 0 "--since 2027-05-01" report status --since 2027-05-01
contains "--since reaches the older change" "owner Kontaktperson → Gammel Ejer"
contains "--since in the heading" "## Changes since 2027-05-01"
cp "$T/out" "$T/iso.txt"
expect 0 "--since 1.5.2027 (Danish)" report status --since 1.5.2027
cmp -s "$T/out" "$T/iso.txt" && ok "a Danish date reads as the ISO one" || not_ok "a Danish date reads as the ISO one"
expect 2 "a bad --since is refused" report status --since "not a day"
grep -q "since" "$T/err" && ok "... with a message naming it" || not_ok "... with a message naming it" "$(cat "$T/err")"
[ -s "$T/out" ] && not_ok "... and nothing on stdout" || ok "... and nothing on stdout"

# ---- Danish ----
LC_ALL=da_DK.UTF-8 "$TAVLE" --db "$DB" report status >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] && ok "report status in Danish" || not_ok "report status in Danish" "exit $rc"
for s in "## Overblik" "## Overskredet" "## Blokeret" "## Ledelsesbeslutninger der venter" \
	"## Ændringer siden 2027-05-05" "## De næste 30 dage" "## Planadvarsler" "Kontaktperson: Hanne Hansen." \
	"deadline flyttet 2027-06-03 → 2027-06-01; 1 kommentar" "11 dage forsinket"; do
	contains "Danish: $s" "$s"
done
width "Danish text: no line over 80 columns" "$T/out"

# ---- -o ----
expect 0 "-o FILE" report status -o "$T/status.md"
[ ! -s "$T/out" ] && ok "-o: nothing on stdout" || not_ok "-o: nothing on stdout"
cmp -s "$T/status.md" "$T/en.txt" && ok "-o writes the text" || not_ok "-o writes the text"
ls -a "$T" | grep -q '\.tavle-' && not_ok "-o leaves no temporary file" || ok "-o leaves no temporary file"
expect 0 "-o - is stdout" report status -o -
cmp -s "$T/out" "$T/en.txt" && ok "-o -: the same text" || not_ok "-o -: the same text"

# ---- --json ----
"$TAVLE" --db "$DB" list --json >"$T/list.json" 2>"$T/err"
"$TAVLE" --db "$DB" minimum --json >"$T/min.json" 2>>"$T/err"
"$TAVLE" --db "$DB" agenda --json --days 30 >"$T/agenda.json" 2>>"$T/err"
expect 0 "--json" report status --json -o "$T/status.json"
why=$($PY - "$T/status.json" "$T/list.json" "$T/min.json" "$T/agenda.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1], encoding='utf-8'))
pk = json.load(open(sys.argv[2], encoding='utf-8'))
mn = json.load(open(sys.argv[3], encoding='utf-8'))
ag = json.load(open(sys.argv[4], encoding='utf-8'))
bad = []
def need(obj, keys, what):
    for k in keys:
        if k not in obj:
            bad.append("%s lacks %s" % (what, k))
need(r, ["format", "board", "report_time", "today", "since", "days_ahead", "totals", "areas",
         "overdue", "blocked", "decisions", "changes", "other_changes", "upcoming", "warnings"], "report")
if r.get("format") != 1: bad.append("format %r" % r.get("format"))
need(r["board"], ["id", "name", "authority", "sector", "contact"], "board")
if r["board"]["authority"] != "Ærø Kommune" or r["board"]["contact"] != "Hanne Hansen" \
        or r["board"]["sector"] != "municipality":
    bad.append("board %r" % r["board"])
if r["report_time"] != "2027-05-12T10:00:00Z": bad.append("report_time %r" % r["report_time"])
if (r["today"], r["since"], r["days_ahead"]) != ("2027-05-12", "2027-05-05", 30):
    bad.append("today/since %r %r" % (r["today"], r["since"]))
areas = {a["area"]: a for a in r["areas"]}
if list(areas) != ["org", "kom", "data", "udd"]: bad.append("areas %r" % list(areas))
for key, a in areas.items():
    need(a, ["packages_done", "packages_total", "minimum_done", "minimum_total", "overdue"], "area")
    ps = [p for p in pk if p["area"] == key]
    want = (sum(p["status"] == "done" for p in ps), len(ps),
            sum(p["minimum"]["done"] for p in ps), sum(p["minimum"]["total"] for p in ps))
    got = (a["packages_done"], a["packages_total"], a["minimum_done"], a["minimum_total"])
    if got != want: bad.append("area %s %r, list says %r" % (key, got, want))
t = r["totals"]
if (t["minimum_done"], t["minimum_total"]) != (mn["done"], mn["total"]):
    bad.append("totals %r, minimum --json %d/%d" % (t, mn["done"], mn["total"]))
if t["packages_total"] != len(pk): bad.append("packages_total %d, list %d" % (t["packages_total"], len(pk)))
ag_over = [i for i in ag["overdue"] if i["type"] in ("package", "task")]
if len(r["overdue"]) != len(ag_over) or t["overdue"] != len(ag_over):
    bad.append("overdue %d (%d), agenda %d" % (len(r["overdue"]), t["overdue"], len(ag_over)))
for o in r["overdue"]:
    need(o, ["type", "package", "task", "area", "title", "due", "days_late"], "overdue item")
    if o["days_late"] < 1: bad.append("days_late %r" % o)
if len(r["upcoming"]) != len(ag["upcoming"]):
    bad.append("upcoming %d, agenda %d" % (len(r["upcoming"]), len(ag["upcoming"])))
for u in r["upcoming"]:
    need(u, ["type", "when", "package", "task", "area", "title"], "upcoming item")
if [(b["package"], b["blocked_reason"]) for b in r["blocked"]] != [(5, "Venter på leverandøren")]:
    bad.append("blocked %r" % r["blocked"])
need(r["blocked"][0], ["package", "area", "title", "blocked_reason"], "blocked item")
ds = [d for d in r["decisions"] if d["title"] in ("Budget til NgDP", "Bemanding")]
if [(d["title"], d["overdue"], d["days_late"], d["due"]) for d in ds] != \
        [("Budget til NgDP", True, 11, "2027-05-01"), ("Bemanding", False, 0, "2027-05-30")]:
    bad.append("decisions %r" % ds)
if [d["overdue"] for d in r["decisions"]] != sorted((d["overdue"] for d in r["decisions"]), reverse=True):
    bad.append("overdue decisions not first")
for d in r["decisions"]:
    need(d, ["id", "title", "area", "owner", "due", "overdue", "days_late"], "decision")
ch = {c["package"]: c for c in r["changes"]}
c4 = ch.get(4)
if not c4:
    bad.append("no change of package 4")
else:
    need(c4, ["package", "title", "package_id", "added", "removed", "status", "deadline", "owner",
              "tasks_done", "tasks_reopened", "tasks_added", "tasks_removed", "comments",
              "other_edits", "entries", "last_at", "summary"], "change")
    if c4["status"] != {"from": "todo", "to": "doing"}: bad.append("status %r" % c4["status"])
    if c4["deadline"]["to"] != "2027-06-01": bad.append("deadline %r" % c4["deadline"])
    if (c4["tasks_done"], c4["comments"], c4["owner"]) != (1, 1, None): bad.append("counts %r" % c4)
if 2 in ch: bad.append("the change before since is in")
oc = r["other_changes"]
need(oc, ["board", "phase", "meeting", "person", "decision"], "other_changes")
if oc["decision"] != 2 or oc["meeting"] != 1: bad.append("other_changes %r" % oc)
for w in r["warnings"]:
    need(w, ["kind", "text"], "warning")
print("; ".join(bad[:6]))
PYEOF
)
[ -z "$why" ] && ok "--json: every field, counts agree with list, minimum and agenda" ||
	not_ok "--json: every field, counts agree with list, minimum and agenda" "$why"

# ---- hostile text ----
$PY - "$DB" <<'PYEOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE packages SET title = ?, blocked_reason = ? WHERE number = 5",
          ("Ond \x1b]0;pwned\x07\x1b[2J titel \u202eevil\u202c \u009b31m", "grund \x1b[31m\u2066x"))
c.commit()
PYEOF
expect 0 "hostile titles: report status" report status
$PY - "$T/out" <<'PYEOF' && ok "text: no control or bidi character" || not_ok "text: no control or bidi character"
import sys
t = open(sys.argv[1], encoding='utf-8').read()
bad = [c for c in t if (ord(c) < 32 and c != '\n') or 0x7f <= ord(c) < 0xa0
       or c in '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f']
assert not bad, bad
assert "Ond" in t and "titel" in t
PYEOF
width "hostile text: no line over 80 columns" "$T/out"
expect 0 "hostile titles: --json" report status --json
$PY - "$T/out" <<'PYEOF' && ok "JSON: escaped, and reads back as stored" || not_ok "JSON: escaped, and reads back as stored"
import json, sys
raw = open(sys.argv[1], 'rb').read()
assert b'\x1b' not in raw and b'\x07' not in raw
r = json.loads(raw)
assert r["blocked"][0]["title"].startswith("Ond \x1b]0;pwned\x07"), r["blocked"][0]
PYEOF

finish
