#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Language: under da_DK.UTF-8 the help screen and `tavle --help` are Danish, under
# en_US.UTF-8 English, and LANGUAGE=en switches a Danish user to English. Every command
# summary and option text of the command line has a Danish translation (a line left in
# English fails). Uses the translations of the build directory (TAVLE_LOCALEDIR).
. "$(dirname "$0")/lib.sh"

LOCALEDIR=$(cd "$(dirname "$TAVLE")/../po" 2>/dev/null && pwd)
if [ ! -f "$LOCALEDIR/da/LC_MESSAGES/tavle.mo" ]; then
	echo "no translations built (msgfmt missing?): skipping"
	exit 77
fi
if ! locale -a 2>/dev/null | grep -qi '^da_DK\.utf-\?8$'; then
	echo "locale da_DK.UTF-8 missing (tools/dev.sh deps generates it): skipping"
	exit 77
fi
export TAVLE_LOCALEDIR=$LOCALEDIR
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
start 120 40 LC_ALL= LANG=da_DK.UTF-8 TAVLE_LOCALEDIR="$LOCALEDIR"
check "da: board drawn" wait_for "Uddannelse"
send '?'
check "da: help screen in Danish" wait_for "Sæt status"
check "da: keymap headings in Danish" grep -qF "Overalt" <<<"$(capture)"
send Escape
check "da: Danish date with weekday in the title" wait_for "søn. 29. nov. 2026"
send Q
check "da: quits" wait_for "TAVLE-EXIT=0"

start 120 40 LC_ALL= LANG=en_US.UTF-8 TAVLE_LOCALEDIR="$LOCALEDIR"
check "en: board drawn with English area names" wait_for "Training and support"
check "en: ISO date in the title" grep -qF "2026-11-29" <<<"$(capture | head -n 1)"
send '?'
check "en: help screen in English" wait_for "Set the status"
check "en: keymap headings in English" grep -qF "Everywhere" <<<"$(capture)"
send Q
check "en: quits" wait_for "TAVLE-EXIT=0"

start 120 40 LC_ALL= LANG=da_DK.UTF-8 LANGUAGE=en TAVLE_LOCALEDIR="$LOCALEDIR"
check "LANGUAGE=en: board drawn in English" wait_for "Training and support"
send '?'
check "LANGUAGE=en: help in English for a Danish user" wait_for "Set the status"
send Q
finish
