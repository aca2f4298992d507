#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Language: under da_DK.UTF-8 the help screen and `tavle --help` are Danish, under
# en_US.UTF-8 English, and LANGUAGE=en switches a Danish user to English. Every command
# summary and option text of the command line has a Danish translation (a line left in
# English fails). The board in both languages: column headings, Danish dates on cards
# (shortened, not cut, at 80x24, with the owner's initials still there), the agenda's
# week headings and weekday dates, an error on the status line; a configured
# date-format wins over the language. Uses the build directory's translations, found by
# the binary itself (BUILD/po beside BUILD/src/tavle) with $TAVLE_LOCALEDIR unset, as a
# user of the quick start runs it.
. "$(dirname "$0")/lib.sh"

LOCALEDIR=$(cd "$(dirname "$TAVLE")/../po" 2>/dev/null && pwd)
if [ ! -f "$LOCALEDIR/da/LC_MESSAGES/tavle.mo" ]; then
	skip_all "no translations built (msgfmt missing?)"
fi
if ! locale -a 2>/dev/null | grep -qi '^da_DK\.utf-\?8$'; then
	skip_all "locale da_DK.UTF-8 missing (tools/dev.sh deps generates it)"
fi
unset TAVLE_LOCALEDIR
da() { env LC_ALL= LANGUAGE= LANG=da_DK.UTF-8 "$TAVLE" "$@"; }
en() { env LC_ALL= LANGUAGE= LANG=en_US.UTF-8 "$TAVLE" "$@"; }

check "Danish --help" grep -q '^kommandoer:' <<<"$(da --help)"
check "English --help" grep -q '^commands:' <<<"$(en --help)"
check "LANGUAGE=en switches a Danish user to English" \
	grep -q '^commands:' <<<"$(env LC_ALL= LANG=da_DK.UTF-8 LANGUAGE=en "$TAVLE" --help)"
check "C locale is English" grep -q '^commands:' <<<"$(env LC_ALL=C.UTF-8 "$TAVLE" --help)"

# Every command line of --help, and every option line of every command, is translated.
untranslated=$($PY - "$TAVLE" <<'PYEOF'
import os, re, subprocess, sys
t = sys.argv[1]
def run(lang, *args):
    env = dict(os.environ, LC_ALL='', LANGUAGE='', LANG=lang)
    return subprocess.run([t, *args], capture_output=True, text=True, env=env).stdout
def cmds():
    h = run('en_US.UTF-8', '--help').split('commands:\n')[1].split('\n\n')[0]
    for line in h.splitlines():
        w = line.split()
        c = [w[0]]
        if len(w) > 1 and re.fullmatch(r'[a-z]+', w[1]):
            if run('en_US.UTF-8', w[0], w[1], '--help').startswith('usage: tavle %s %s' % (w[0], w[1])):
                c.append(w[1])
        yield c
bad = []
en = run('en_US.UTF-8', '--help').splitlines()
da = run('da_DK.UTF-8', '--help').splitlines()
for a, b in zip(en, da):
    if a.startswith('  ') and a == b:
        bad.append('--help: ' + a.strip())
for c in cmds():
    e = run('en_US.UTF-8', *c, '--help').splitlines()
    d = run('da_DK.UTF-8', *c, '--help').splitlines()
    if len(e) > 2 and len(d) > 2 and e[2] == d[2]:
        bad.append('%s: summary' % ' '.join(c))
    for a, b in zip(e, d):
        if re.match(r'\s+(-\w, )?--', a) and a == b:
            bad.append('%s: %s' % (' '.join(c), a.strip()))
print('\n'.join(bad))
PYEOF
)
if [ -z "$untranslated" ]; then ok "every command and option text is translated"
else not_ok "untranslated: $untranslated"; fi

make_db
# The board's help screen in Danish, then in English.
start 120 40 LC_ALL= LANG=da_DK.UTF-8
check "da: board drawn" wait_for "Uddannelse"
check "da: the build tree's catalogue is used (phase and progress in Danish)" \
	bash -c 'grep -qF "fase: " <<<"$1" && grep -qF " færdige" <<<"$1"' _ "$(capture)"
send '?'
check "da: help screen in Danish" wait_for "Sæt status"
check "da: keymap headings in Danish" grep -qF "Overalt" <<<"$(capture)"
send Escape
check "da: Danish date with weekday in the title" wait_for "søn. 29. nov. 2026"
send Q
check "da: quits" wait_for "TAVLE-EXIT=0"

start 120 40 LC_ALL= LANG=en_US.UTF-8
check "en: board drawn with English area names" wait_for "Training and support"
check "en: ISO date in the title" grep -qF "2026-11-29" <<<"$(capture | head -n 1)"
send '?'
check "en: help screen in English" wait_for "Set the status"
check "en: keymap headings in English" grep -qF "Everywhere" <<<"$(capture)"
send Q
check "en: quits" wait_for "TAVLE-EXIT=0"

start 120 40 LC_ALL= LANG=da_DK.UTF-8 LANGUAGE=en
check "LANGUAGE=en: board drawn in English" wait_for "Training and support"
send '?'
check "LANGUAGE=en: help in English for a Danish user" wait_for "Set the status"
send Q

# ---- the board, the agenda and an error, in Danish and in English ----
# Package 1 is due 2026-12-29 (owner Kontaktperson), package 0 on 2027-01-28.
start 120 40 LC_ALL= LANG=da_DK.UTF-8
check "da: column counts in Danish" wait_for "0/3 færdige"
check "da: Danish date on a card" grep -qF "[ ] 29. dec. 2026" <<<"$(capture)"
check "da: key hints in Danish" grep -qF "q:afslut ?:hjælp" <<<"$(status_line)"
send 3
check "da: agenda week heading" wait_for "Uge 50, 2026  (7. dec. – 13. dec.)"
check "da: agenda dates with Danish weekdays" grep -qF "fre. 11. dec." <<<"$(capture)"
check "da: agenda relative days" grep -qF "om 12d" <<<"$(capture)"
send 1
wait_for "0/3 færdige"
send D C-u
send_text "xyz"
send Enter
check "da: error on the status line in Danish" wait_for "xyz: ikke en dato"
send Escape
wait_gone "xyz: ikke en dato"
send Enter
check "da: the detail's labels and long date" wait_for "Deadline  tir. 29. dec. 2026  (om 30 dage)"
send Q
check "da: quits" wait_for "TAVLE-EXIT=0"

start 120 40 LC_ALL= LANG=en_US.UTF-8
check "en: column counts in English" wait_for "0/3 done"
check "en: ISO date on a card" grep -qF "[ ] 2026-12-29" <<<"$(capture)"
check "en: key hints in English" grep -qF "q:quit ?:help" <<<"$(status_line)"
send 3
check "en: agenda week heading" wait_for "Week 50, 2026  (2026-12-07 – 2026-12-13)"
check "en: agenda relative days" grep -qF "in 12d" <<<"$(capture)"
send 1
wait_for "0/3 done"
send D C-u
send_text "xyz"
send Enter
check "en: error on the status line in English" wait_for "xyz: not a date"
send Escape
send Q

# 80x24: a card is 18 columns wide; the long date gives up its year (this year's) or
# shortens it (another year's) rather than push the owner's short form off the card;
# where even that leaves no room ("Kom", unique on the board, is three columns), the
# date is written as by hand, "28.1.27".
start 80 24 LC_ALL= LANG=da_DK.UTF-8
check "da 80x24: board drawn" wait_for "0/3 færdige"
check "da 80x24: this year's date without its year, short form kept" \
	grep -qE '\[ \] 29\. dec\. +Kon ' <<<"$(capture)"
check "da 80x24: next year's date shortened, short form kept" \
	grep -qE '\[ \] 28\. apr\. 27 Sy ' <<<"$(capture)"
check "da 80x24: no room beside 28. jan. 27: 28.1.27, short form kept" \
	grep -qE '\[ \] 28\.1\.27 +Kom ' <<<"$(capture)"
check "da 80x24: title date" grep -qF "søn. 29. nov. 2026" <<<"$(capture | head -n 1)"
send Q

# A date-format in the configuration file wins over the language.
mkdir -p "$WORK/xdg/tavle"
printf 'date-format iso\n' >"$WORK/xdg/tavle/config"
start 120 40 LC_ALL= LANG=da_DK.UTF-8 XDG_CONFIG_HOME="$WORK/xdg"
check "da + date-format iso: ISO on cards" wait_for "[ ] 2026-12-29"
check "da + date-format iso: headings still Danish" grep -qF "0/3 færdige" <<<"$(capture)"
send Q
printf 'date-format long\n' >"$WORK/xdg/tavle/config"
start 120 40 LC_ALL= LANG=en_US.UTF-8 XDG_CONFIG_HOME="$WORK/xdg"
check "en + date-format long: English long dates" wait_for "[ ] 29 Dec 2026"
check "en + date-format long: weekday in the title" grep -qF "Sun 29 Nov 2026" <<<"$(capture | head -n 1)"
send Q
finish
