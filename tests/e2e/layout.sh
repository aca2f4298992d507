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
cli set 1 owner "Karen Hansen" >/dev/null
cli add task 1 --title "Afklar med leverandøren hvilke fagsystemer der skal omlægges først" \
	--deadline 2026-12-20 --minimum >/dev/null
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
		c1=$(col_of "$scr" "$pkg  ") c2=$(col_of "$scr" "Leverandørmøde")
		check "$lang $size: every item's text starts in one column ($c1, $c2)" \
			test -n "$c1" -a "$c1" = "$c2"
		# The widest entry of a column ends one column before the next: the time
		# "13:00-14:30" is followed by one space and the lateness of its line.
		check "$lang $size: no column wider than its longest entry" \
			grep -qE "13:00-14:30 (om|in) 4d " <<<"$scr"
	done
done

# ---- 80 columns: nothing needed is cut off ----
if [ "$has_locale" = 1 ]; then
	DA="LANG=da_DK.UTF-8"
	start 80 24 LC_ALL= "$DA"
	wait_for "[U]"
	scr=$(capture)
	# Titles break between words: a word too long for the card is shortened, not split.
	check "80x24: no title split inside a word" bash -c '! grep -qE "▌(pstart|nger og)" <<<"$1"' _ "$scr"
	check "80x24: a long one-word title shortened with …" grep -qF "Implementerings…" <<<"$scr"
	check "80x24: the overdue card keeps its owner's initials" grep -qE '!65d +KH' <<<"$scr"
	# Column headers: a late count too long for the column becomes "!N", never "for se".
	heads=$(sed -n 3p <<<"$scr")
	check "80x24: column headers keep the late count whole ($heads)" \
		bash -c '! grep -qE "f(o|or|or )?$|for s(e|en)?( |$)|for sen[^t]" <<<"$1" && grep -qE "(for sent|!)[0-9 ]" <<<"$1$1"' _ "$heads"
	# The hint line: whole hints, the first ones, and the help key.
	hints=$(status_line)
	check "80x24: the hint line shows the help key" grep -qF "?:hjælp" <<<"$hints"
	check "80x24: the hint line starts with the most used keys" grep -q "^q:afslut" <<<"$hints"
	bad=""
	for h in $hints; do
		case " q:afslut ?:hjælp Enter:åbn e:ret a:tilføj d:slet s:status D:deadline m:flyt /:søg f:filter v:gruppér u:fortryd " in
		*" $h "*) ;;
		*) bad="$bad $h" ;;
		esac
	done
	check "80x24: every hint whole (not cut:$bad)" test -z "$bad"
	# The minimum-requirement flag of package 1's tasks.
	send Enter
	wait_for "Baggrund"
	send G
	check "80x24: a long task's [minimumskrav] shows" wait_for "[minimumskrav] Afklar med"
	send q
	wait_for "[U]"
	# Deleting another board: the question says to type its name.
	cli init --name "Aabenraa Kommunes implementeringsprogram for Digital Post" >/dev/null
	send b
	wait_for "Aabenraa"
	send g
	send d
	check "80x24: deleting a board asks to type its name" wait_for "Skriv dens navn"
	send Escape
	wait_for "Ikke slettet"
else
	skip "80x24 Danish screens" "locale da_DK.UTF-8 missing"
fi

finish
