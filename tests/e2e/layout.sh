#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Lists laid out from the measured widths of what they show (issue 16): the agenda's
# columns (date, time, lateness, text) at 80 and 200 columns in Danish and English,
# where dates and words differ in length. The lateness never runs into the text
# ("65d for sent  pakke 1"), every item's text starts in the same column, and no
# column is wider than its longest entry needs.
. "$(dirname "$0")/lib.sh"

make_db
cli set 1 deadline 2026-09-25 >/dev/null   # 65 days late on 2026-11-29
cli add meeting --title "Leverandørmøde om snitflader" --start "2026-12-03 13:00" \
	--end "2026-12-03 14:30" --kind supplier --place "Rådhuset, mødelokale 2" >/dev/null

col_of() { # col_of SCREEN TEXT: 0-based display column of TEXT on its line
	$PY -c 'import sys, unicodedata
s, t = sys.argv[1], sys.argv[2]
for line in s.split("\n"):
    i = line.find(t)
    if i >= 0:
        print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line[:i]))
        break' "$1" "$2"
}

has_locale=0
locale -a 2>/dev/null | grep -qi '^da_DK\.utf-\?8$' && has_locale=1
for lang in da en; do
	if [ "$lang" = da ] && [ "$has_locale" = 0 ]; then
		skip "Danish agenda" "locale da_DK.UTF-8 missing"
		continue
	fi
	if [ "$lang" = da ]; then
		late="65d for sent" pkg="pakke 1" envs="LANG=da_DK.UTF-8"
	else
		late="65d late" pkg="package 1" envs="LANG=en_US.UTF-8"
	fi
	for size in 80x24 200x60; do
		start "${size%x*}" "${size#*x}" LC_ALL= "$envs"
		wait_for "[U]"
		send 3
		wait_for "$late"
		scr=$(capture)
		check "$lang $size: the lateness and the text are two columns apart" \
			grep -qF "$late  $pkg" <<<"$scr"
		c1=$(col_of "$scr" "$pkg") c2=$(col_of "$scr" "Leverandørmøde")
		check "$lang $size: every item's text starts in one column ($c1, $c2)" \
			test -n "$c1" -a "$c1" = "$c2"
		# The widest entry of a column ends one column before the next: the time
		# "13:00-14:30" is followed by one space and the lateness of its line.
		check "$lang $size: no column wider than its longest entry" \
			grep -qE "13:00-14:30 (om|in) 4d " <<<"$scr"
	done
done

finish
