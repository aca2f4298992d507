#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The timeline shades weekends and Danish holidays (issue 18) where a column is one
# day: in the week zoom every empty cell of a day off holds a dim "·" and every
# empty cell of a working day stays blank, checked column by column against a
# calendar written out here (weekends, and the published holidays of winter and
# spring 2026-27: 24-26 and 31 Dec, 1 Jan, 25-29 Mar, 6 and 16-17 May, 5 Jun), at
# 200x60 and 80x24, on a vt100 with NO_COLOR (no colour escapes, nothing but the
# chart's own characters) and in colour. The month zoom (three days a column) shades nothing, so its golden
# screens are unchanged. The help's legend names the dots. A deadline set on the
# board on a Saturday or a holiday is kept and the status line names the day, in
# English and in Danish; a working day just says saved. So is a decision's due day
# when the decision is added in its view.
. "$(dirname "$0")/lib.sh"

make_db

# chart_check SIZE: every chart cell of the "Meetings" heading row (nothing on it but
# today's line) against the calendar, from the origin the header prints.
chart_check() {
	local size=$1 scr
	scr=$(capture)
	$PY - "$scr" <<'PYEOF'
import datetime as dt, re, sys
scr = sys.argv[1].split('\n')
m = re.search(r'from (\d{4}-\d\d-\d\d)', scr[2])
if not m:
    print('no origin in the header: %r' % scr[2]); sys.exit(1)
origin = dt.date.fromisoformat(m.group(1))
today = dt.date(2026, 11, 29)
holidays = {dt.date(2026, 12, d) for d in (24, 25, 26, 31)} | {dt.date(2027, 1, 1)} | \
    {dt.date(2027, 3, d) for d in (25, 26, 28, 29)} | \
    {dt.date(2027, 5, d) for d in (6, 16, 17)} | {dt.date(2027, 6, 5)}
row = next((l for l in scr if l.startswith(' Meetings ')), None)
if row is None:
    print('no Meetings row'); sys.exit(1)
bar = row.index('\u2502')
cells = row[bar + 1:]
width = len(scr[0])
n = width - bar - 1
bad = []
for x in range(n):
    day = origin + dt.timedelta(days=x)
    ch = cells[x] if x < len(cells) else ' '
    if day == today:
        want = '\u2502'
    elif day.weekday() >= 5 or day in holidays:
        want = '\u00b7'
    else:
        want = ' '
    if ch != want:
        bad.append('%s: %r, want %r' % (day, ch, want))
if bad:
    print('; '.join(bad[:8])); sys.exit(1)
# Nothing but the chart's characters in the chart area of any row.
allowed = set(' \u00b7\u2502\u2592\u2588\u2591\u25c6\u2022x!\u00bb')
for l in scr[3:-2]:
    if len(l) > bar and l[bar] == '\u2502':
        odd = set(l[bar + 1:]) - allowed
        if odd:
            print('unexpected %r in %r' % (odd, l)); sys.exit(1)
PYEOF
}

has_colour_sgr() {
	$PY -c '
import re, sys
s = sys.stdin.read()
for m in re.finditer(r"\x1b\[([0-9;]*)m", s):
    for p in [p for p in m.group(1).split(";") if p]:
        n = int(p)
        if n in (38, 48) or 30 <= n <= 37 or 40 <= n <= 47 or 90 <= n <= 97 or 100 <= n <= 107:
            sys.exit(0)
sys.exit(1)
'
}
# Only SGR sequences, no other escapes, in what tmux holds of the screen.
only_sgr() {
	$PY -c '
import re, sys
s = re.sub(r"\x1b\[[0-9;]*m", "", sys.stdin.read())
sys.exit(1 if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", s) else 0)
'
}

for size in 200x60 80x24; do
	start "${size%x*}" "${size#*x}" TERM=vt100 NO_COLOR=1
	wait_for "Uddannelse"
	send 2
	wait_for "Zoom: month"
	chart_rows=$(capture | sed -n '4,$p' | grep -F '│' | cut -d'│' -f2-)
	if grep -qF '·' <<<"$chart_rows"; then not_ok "vt100 $size: month zoom shades nothing"
	else ok "vt100 $size: month zoom shades nothing"; fi
	send +
	check "vt100 $size: week zoom" wait_for "Zoom: week"
	check "vt100 $size: weekends and holidays dotted, working days blank" chart_check "$size"
	e=$(capture_e)
	if has_colour_sgr <<<"$e"; then not_ok "vt100 NO_COLOR $size: no colour escapes"
	else ok "vt100 NO_COLOR $size: no colour escapes"; fi
	check "vt100 $size: no stray control characters" only_sgr <<<"$e"
	# Later: the next weeks are shaded by the same calendar (Christmas at 80 columns).
	send l
	wait_gone "from 2026-11-16"
	check "vt100 $size: scrolled, still by the calendar" chart_check "$size"
done

start 200 60
wait_for "Uddannelse"
send 2
wait_for "Zoom: month"
send +
wait_for "Zoom: week"
check "colour: weekends and holidays dotted" chart_check 200x60
check "colour: the dots are dim" grep -qE $'\x1b\\[2m[^\x1b]*\x1b\\[38;5;245m·' <<<"$(capture_e)"

send ?
wait_for "Everywhere"
found=1
for i in 1 2 3 4 5 6 7 8; do
	capture | grep -qF "weekends and holidays (week zoom" && { found=0; break; }
	send NPage
	sleep 0.2
done
[ $found = 0 ] && ok "help legend names the dots" || not_ok "help legend names the dots"

# ---- a date set on a day off: kept, with a note ----
pkg_deadline() { cli show 1 --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["deadline"])'; }
set_deadline() { # set_deadline TEXT: D on the selected card (package 0, then 1)
	send D
	wait_for "Deadline ("
	send C-u
	send_text "$1"
	send Enter
}
start 100 30
wait_for "Uddannelse"
send /
send_text "Implementeringsopstart"
send Enter
set_deadline 29.5.2027
check "board: note names the Saturday" wait_for "Saved; 2027-05-29 is a Saturday"
check "board: the Saturday is kept" test "$(pkg_deadline)" = 2027-05-29
set_deadline 2026-12-08
check "board: a working day is just saved" wait_for "Saved"
check "board: no note on a working day" wait_gone "is a Saturday"
start 100 30 LC_ALL=da_DK.UTF-8
wait_for "Uddannelse"
send /
send_text "Implementeringsopstart"
send Enter
set_deadline 5.4.2026
check "board in Danish: note names påskedag" wait_for "Gemt; søn. 5. apr. 2026 er påskedag"
check "board: påskedag is kept" test "$(pkg_deadline)" = 2026-04-05
set_deadline 5.6.2026
check "board in Danish: a customary day off" wait_for "fre. 5. juni 2026 er grundlovsdag, en sædvanlig fridag"

# A decision added in its view, due on juleaftensdag: added, kept, and named.
start 100 30
wait_for "Uddannelse"
send 5
wait_for "5 decisions"
send a
wait_for "New decision, title"
send_text "Julebeslutning"
send Enter
wait_for "Due"
send_text "24.12.2026"
send Enter
check "decision added: note names juleaftensdag" wait_for "Added the decision; 2026-12-24 is juleaftensdag, a customary day off"
check "decision: the day is kept" test "$(cli decisions --json | $PY -c 'import json,sys; print([x["due"] for x in json.load(sys.stdin) if x["title"] == "Julebeslutning"][0])')" = 2026-12-24

finish
