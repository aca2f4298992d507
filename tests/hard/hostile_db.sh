#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Text safety of everything tavle shows or writes: every free-text column of a
# database is poisoned straight through SQLite (as a colleague with write access to a
# shared file, or a future bug, could do) with terminal escapes of every class (OSC 0,
# OSC 52, CSI 2J, DCS, C1 CSI, CR, BS, BEL, DEL, TAB, a bidi override), and then every
# reading command, the history, the agenda, the .ics export, the template export, the
# backup and the error messages must come out without a raw control character (JSON
# carries them escaped, which is fine; .ics lines end in CRLF).
# usage: hostile_db.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
TAVLE=${1:?usage: hostile_db.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PY=/usr/bin/python3
export LC_ALL=C.UTF-8 TAVLE_NOW=2026-11-30T09:00:00Z
sandbox hostile
DB=$T/h.db
tv() { "$TAVLE" --db "$DB" "$@"; }

tv init --start 2026-12-01 >/dev/null 2>&1 && ok "init" || { not_ok "init"; exit 1; }
tv add task 1 --title "Opgave" --deadline 2026-12-10 >/dev/null
tv add meeting --title "Møde" --start "2026-12-20 10:00" --end "2026-12-20 11:00" --place Vejle >/dev/null
tv add comment 1 "Kommentar" >/dev/null
tv add decision --title "Beslutning" --area org --owner Direktion --due 2026-12-15 --text "Tekst" >/dev/null
tv add person --name "Mette" --email m@example.dk --role contact >/dev/null
tv add phase --name "Fase" --start 2027-02-01 --end 2027-03-01 --not-before 2027-01-20 --reason "grund" >/dev/null
tv set 1 title "Titel før" >/dev/null

$PY - "$DB" <<'PYEOF'
import sqlite3, sys
evil = "\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x1bP1$r\x1b\\\r\x08\x7f\x07\t\u009b31m\u202e\u200b"
cols = {
    "boards": ["name", "authority", "updated_by"],
    "packages": ["title", "owner", "background", "requirements", "process", "involvement",
                 "output", "materials", "updated_by"],
    "tasks": ["title", "updated_by"],
    "meetings": ["title", "place", "region", "url", "participants", "notes", "updated_by"],
    "people": ["name", "email", "updated_by"],
    "comments": ["author", "text", "updated_by"],
    "decisions": ["title", "owner", "text", "updated_by"],
    "phases": ["name", "not_before_reason", "updated_by"],
    "history": ["user_name", "old_value", "new_value"],
}
c = sqlite3.connect(sys.argv[1])
for t, cs in cols.items():
    have = {r[1] for r in c.execute("PRAGMA table_info(%s)" % t)}
    for col in cs:
        if col in have:
            c.execute("UPDATE %s SET %s = 'X' || ? || coalesce(%s, '') || ? || 'Y'" % (t, col, col), (evil, evil))
c.commit()
PYEOF
[ $? -eq 0 ] && ok "poisoning the database" || not_ok "poisoning the database"

# clean FILE DESCRIPTION [ics]: no C0 (but LF; CR only before LF in .ics), DEL, C1 or bidi.
clean() {
	local res
	res=$($PY - "$1" "${3:-}" <<'PYEOF'
import re, sys
data = open(sys.argv[1], "rb").read()
if sys.argv[2] == "ics":
    data = data.replace(b"\r\n", b"\n")
text = data.decode("utf-8", "replace")
m = re.search("[\x00-\x09\x0b-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069]", text)
print("ok" if not m else "raw U+%04X at %d: %r" % (ord(m.group()), m.start(), text[max(0, m.start() - 20):m.start() + 10]))
PYEOF
)
	[ "$res" = ok ] && ok "$2" || not_ok "$2" "$res"
}

N=0
for cmd in "boards" "list" "list --overdue" "show 1" "phases" "meetings" "decisions" "people" \
	"comments 1" "log" "log 1" "agenda --days 400" "check" "check --full" \
	"set 1 status nosuch" "show 1 --json" "list --json" "log --json"; do
	N=$((N + 1))
	# shellcheck disable=SC2086
	tv $cmd >"$T/out.$N" 2>"$T/err.$N"
	rc=$?
	[ "$rc" -lt 128 ] && ok "$cmd does not crash" || not_ok "$cmd does not crash" "exit $rc"
	clean "$T/out.$N" "$cmd (stdout)"
	clean "$T/err.$N" "$cmd (stderr)"
done
# In a terminal (wide and narrow), where list and show clip and align.
if command -v script >/dev/null 2>&1; then
	for cols in 200 40; do
		for cmd in list "show 1" agenda meetings; do
			script -qc "stty cols $cols rows 50; $(printf '%q' "$TAVLE") --db $(printf '%q' "$DB") $cmd" /dev/null >"$T/tty" 2>&1
			tr -d '\r' <"$T/tty" >"$T/tty.lf"
			clean "$T/tty.lf" "$cmd in a $cols-column terminal"
		done
	done
fi
tv export ics -o "$T/h.ics" --todo "$T/h-todo.ics" 2>"$T/err.ics"
[ $? -eq 0 ] && ok "export ics" || not_ok "export ics"
clean "$T/h.ics" "export .ics" ics
clean "$T/h-todo.ics" "export to-do .ics" ics
clean "$T/err.ics" "export stderr"
tv export ics >"$T/stdout.ics" 2>/dev/null
clean "$T/stdout.ics" "export .ics to stdout" ics
tv template export "$T/tpl" >"$T/out.tpl" 2>&1
[ $? -eq 0 ] && ok "template export" || not_ok "template export" "$(cat "$T/out.tpl")"
for f in "$T"/tpl/*; do clean "$f" "template file $(basename "$f")"; done
tv backup "$T/b.db" >"$T/out.b" 2>&1 && ok "backup" || not_ok "backup"
clean "$T/out.b" "backup message"
# Names echoed in error messages.
tv --board $'\e]0;pwned\a' list >"$T/out.e" 2>"$T/err.e"
clean "$T/err.e" "unknown board name echoed"
tv set 1 $'\e[2Jfield' x >"$T/out.e" 2>"$T/err.e"
clean "$T/err.e" "unknown field echoed"
tv show $'1\e[2J' >"$T/out.e" 2>"$T/err.e"
clean "$T/err.e" "bad package number echoed"
tv add task $'1\r' --title T >"$T/out.e" 2>"$T/err.e"
clean "$T/out.e" "add task echo (stdout)"
clean "$T/err.e" "add task echo (stderr)"
tv import ics $'/nonexistent/\e]0;x\a.ics' >"$T/out.e" 2>"$T/err.e"
clean "$T/err.e" "import path echoed"


# Foreign schema objects (issue 15, item 4): a trigger added by any group member runs
# inside tavle's writes. The store refuses every write while one is there, naming it;
# check lists every object tavle did not create and fails.
H=$T/trig.db
"$TAVLE" --db "$H" init --start 2026-12-01 >/dev/null 2>&1
npk() { $PY -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from packages').fetchone()[0])" "$H"; }
before=$(npk)
$PY - "$H" <<'PYEOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("create trigger evil after update on packages begin delete from packages; end;"
    "create view peek as select title from packages;"
    "create table stash (x); create index stash_x on stash (x);")
c.execute('create trigger "\x1b]0;pwned\x07" after insert on tasks begin select 1; end;')
c.commit()
PYEOF
"$TAVLE" --db "$H" set 3 title Z >"$T/out.t" 2>"$T/err.t"
trc=$?
[ $trc -ne 0 ] && ok "a write on a database with a foreign trigger fails" || not_ok "a write on a database with a foreign trigger fails" "exit $trc"
grep -q "evil" "$T/err.t" && ok "the refusal names the trigger" || not_ok "the refusal names the trigger" "$(cat "$T/err.t")"
clean "$T/err.t" "the refusal shows a hostile trigger name escaped"
[ "$(npk)" = "$before" ] && ok "every package is still there ($before)" || not_ok "every package is still there" "$(npk) of $before"
"$TAVLE" --db "$H" add task 1 --title T >"$T/out.t" 2>"$T/err.t" && not_ok "add task refused too" || ok "add task refused too"
"$TAVLE" --db "$H" check >"$T/out.t" 2>"$T/err.t"
trc=$?
[ $trc -ne 0 ] && ok "check fails on foreign objects" || not_ok "check fails on foreign objects" "exit $trc"
for o in "trigger evil" "view peek" "table stash" "index stash_x"; do
	grep -q "$o was not created by tavle" "$T/out.t" && ok "check names $o" || not_ok "check names $o" "$(cat "$T/out.t")"
done
clean "$T/out.t" "check output with a hostile trigger name"
"$TAVLE" --db "$DB" check >"$T/out.t" 2>&1
grep -q "not created by tavle" "$T/out.t" && not_ok "a plain database has no foreign objects" "$(cat "$T/out.t")" || ok "a plain database has no foreign objects"

finish
