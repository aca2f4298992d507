#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Themes: NO_COLOR and TERM=vt100 give a monochrome board (no colour escapes, selection
# in reverse video, area tags [O] [K] [D] [U] on the cards); xterm-256color gives the
# four areas four different colours.
. "$(dirname "$0")/lib.sh"

make_db
# One overdue package, one due within a week, one done: their markers must not rest
# on colour alone.
cli set 1 deadline 2026-11-01 >/dev/null
cli set 2 deadline 2026-12-03 >/dev/null
cli set 3 status done >/dev/null

# Any SGR sequence that sets a colour: 30-37, 39?, 40-47, 90-97, 100-107, 38;5/48;5/38;2.
has_colour_sgr() {
	$PY -c '
import re, sys
s = sys.stdin.read()
for m in re.finditer(r"\x1b\[([0-9;]*)m", s):
    parts = [p for p in m.group(1).split(";") if p]
    i = 0
    while i < len(parts):
        n = int(parts[i])
        if n in (38, 48):
            sys.exit(0)
        if 30 <= n <= 37 or 40 <= n <= 47 or 90 <= n <= 97 or 100 <= n <= 107:
            sys.exit(0)
        i += 1
sys.exit(1)
'
}
has_reverse() { grep -qE $'\x1b\\[([0-9;]*;)?7(;[0-9;]*)?m'; }

mono_checks() {
	local label=$1
	check "$label: board drawn" wait_for "Uddannelse"
	local e
	e=$(capture_e)
	if has_colour_sgr <<<"$e"; then not_ok "$label: no colour escapes"; else ok "$label: no colour escapes"; fi
	check "$label: selection in reverse video" has_reverse <<<"$e"
	local scr
	scr=$(capture)
	check "$label: overdue card marked with text" grep -qF "!28d late" <<<"$scr"
	check "$label: column header counts the late card" grep -qF "1 late" <<<"$scr"
	check "$label: due-soon card marked with *" grep -qF "*in 4d" <<<"$scr"
	check "$label: done card marked [x]" grep -qF "[x]" <<<"$scr"
	for t in O K D U; do
		check "$label: area tag [$t] on cards" grep -qE "\[$t\] [0-9]+ " <<<"$scr"
	done
}

start 100 30 NO_COLOR=1
mono_checks "NO_COLOR=1"

start 100 30 TERM=vt100
mono_checks "TERM=vt100"

# Colour: the four column headers carry four different SGR colour codes.
start 100 30
check "256 colours: board drawn" wait_for "Uddannelse"
capture_e > "$WORK/colour.txt"
check "256 colours: colour escapes present" has_colour_sgr < "$WORK/colour.txt"
distinct=$($PY - "$WORK/colour.txt" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8", errors="replace").read()
codes = []
for name in ["Organisatorisk", "Kommunikation", "Data og System", "Uddannelse"]:
    i = s.find(name)
    if i < 0:
        print("missing", name); sys.exit(0)
    sgr = re.findall(r"\x1b\[([0-9;]*)m", s[:i])
    codes.append(sgr[-1] if sgr else "")
print(len(set(codes)), " | ".join(codes))
PY
)
echo "# header SGR codes: $distinct"
check "256 colours: four distinct area colours" test "${distinct%% *}" = 4
check "256 colours: udd is a true orange (208)" grep -q "208" <<<"$distinct"

check "256 colours: overdue in red" grep -qE $'38;5;196m[^\x1b]*!28d late' "$WORK/colour.txt"

start 100 30 TERM=xterm
check "8 colours: board drawn" wait_for "Uddannelse"
capture_e > "$WORK/colour8.txt"
check "8 colours: colour escapes present" has_colour_sgr < "$WORK/colour8.txt"

finish
