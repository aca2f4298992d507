#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Install into a DESTDIR and use what was installed: the binary runs from there and
# works on a fresh database, tavle-helper is in libexecdir/tavle and runs publish and
# export xlsx and export ics for it (the main binary links no libical, curl, libxml2 or
# libxlsxwriter), the man
# pages tavle(1) and tavle.conf(5) render, the template packages and the bash
# completion are in place and the completion offers subcommands, options, areas and
# package numbers. Also: every command of
# `tavle --help` is documented in doc/tavle.1.scd with every option of its --help,
# and every command the man page documents exists.
# usage: install.sh BUILD_DIR SOURCE_DIR
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
BUILD=${1:?usage: install.sh BUILD_DIR SOURCE_DIR}
SRC=${2:?usage: install.sh BUILD_DIR SOURCE_DIR}
PY=/usr/bin/python3
export LC_ALL=C.UTF-8 TAVLE_NOW=2026-11-30T09:00:00Z
sandbox install

DEST=$T/dest
if ! DESTDIR=$DEST meson install -C "$BUILD" --no-rebuild >"$T/log" 2>&1; then
	not_ok "meson install" "$(tail -20 "$T/log")"; finish; exit 1
fi
ok "meson install"
PREFIX=$(meson introspect "$BUILD" --buildoptions | $PY -c '
import json, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
print(o["prefix"]); print(o["bindir"]); print(o["datadir"]); print(o["mandir"]); print(o["libexecdir"])')
{ read -r prefix; read -r bindir; read -r datadir; read -r mandir; read -r libexecdir; } <<<"$PREFIX"
abs() { case $1 in /*) echo "$DEST$1" ;; *) echo "$DEST$prefix/$1" ;; esac; }
BIN=$(abs "$bindir")/tavle
SHARE=$(abs "$datadir")
MAN=$(abs "$mandir")

[ -x "$BIN" ] && ok "installed binary" || not_ok "installed binary" "$BIN"
"$BIN" --version | grep -q '^tavle ' && ok "installed binary runs" || not_ok "installed binary runs"
"$BIN" --db "$T/a.db" init >/dev/null 2>&1 && "$BIN" --db "$T/a.db" list >"$T/out" 2>&1 && ok "installed binary creates a database" || not_ok "installed binary creates a database"
grep -q Kommunikation "$T/out" && ok "installed binary lists the template packages" || not_ok "installed binary lists the template packages"
# tavle-helper: installed in libexecdir/tavle, found there by the installed tavle (relative
# to its own directory, so inside this DESTDIR), and the only program with the network and
# spreadsheet libraries.
HELPER=$(abs "$libexecdir")/tavle/tavle-helper
[ -x "$HELPER" ] && ok "tavle-helper installed in libexecdir/tavle" || not_ok "tavle-helper installed in libexecdir/tavle" "$HELPER"
if command -v ldd >/dev/null 2>&1; then
	libs=$(ldd "$BIN" | grep -oE 'lib(ical|icu|curl|xml2|xlsxwriter)[^ ]*' | tr '\n' ' ')
	[ -z "$libs" ] && ok "installed tavle links no libical, curl, libxml2 or libxlsxwriter" || not_ok "installed tavle links no libical, curl, libxml2 or libxlsxwriter" "it links $libs(those belong in tavle-helper)"
	ldd "$HELPER" | grep -q libcurl && ok "tavle-helper links libcurl" || not_ok "tavle-helper links libcurl"
	ldd "$HELPER" | grep -q libical && ok "tavle-helper links libical" || not_ok "tavle-helper links libical"
fi
"$BIN" --db "$T/a.db" export ics -o "$T/a.ics" 2>"$T/err" && ok "installed tavle runs export ics (through tavle-helper)" ||
	{ not_ok "installed tavle runs export ics (through tavle-helper)" "$(cat "$T/err")"; }
head -n 1 "$T/a.ics" 2>/dev/null | grep -q '^BEGIN:VCALENDAR' && ok "export ics wrote a calendar" || not_ok "export ics wrote a calendar"
"$BIN" --db "$T/a.db" export xlsx -o "$T/a.xlsx" 2>"$T/err" && ok "installed tavle runs export xlsx (through tavle-helper)" ||
	{ not_ok "installed tavle runs export xlsx (through tavle-helper)" "$(cat "$T/err")"; }
[ "$(head -c 2 "$T/a.xlsx" 2>/dev/null)" = PK ] && ok "export xlsx wrote a workbook" || not_ok "export xlsx wrote a workbook"
"$BIN" publish --help 2>&1 | grep -q 'Each item becomes URL' && ok "installed tavle: publish --help" || not_ok "installed tavle: publish --help"
"$BIN" --db "$T/a.db" publish 2>"$T/err"
rc=$?
[ $rc = 2 ] && grep -q "^tavle: missing argument for 'publish'" "$T/err" && ok "publish without URL through the helper: exit 2 and tavle's message" ||
	not_ok "publish without URL through the helper: exit 2 and tavle's message" "$rc: $(cat "$T/err")"
# Without its helper (moved away) tavle says what is missing and fails; nothing else
# installed on this machine may stand in for it.
if [ ! -e "$prefix/$libexecdir/tavle/tavle-helper" ] && [ ! -e "$libexecdir/tavle/tavle-helper" ]; then
	mv "$HELPER" "$HELPER.away"
	"$BIN" --db "$T/a.db" export xlsx -o "$T/b.xlsx" 2>"$T/err"
	rc=$?
	[ $rc = 1 ] && grep -q "needs the program tavle-helper" "$T/err" && [ ! -e "$T/b.xlsx" ] && ok "tavle without its helper: exit 1 and a message" ||
		not_ok "tavle without its helper: exit 1 and a message" "$rc: $(cat "$T/err")"
	mv "$HELPER.away" "$HELPER"
fi
n=$(ls "$SHARE/tavle/packages/"[0-9]*.txt 2>/dev/null | wc -l)
[ "$n" = 10 ] && ok "ten template packages installed" || not_ok "ten template packages installed" "$n"
"$BIN" --db "$T/b.db" init --template "$SHARE/tavle/packages" >/dev/null 2>"$T/err" &&
	ok "init from the installed template" || not_ok "init from the installed template" "$(cat "$T/err")"

# The Danish translation is installed and used (the installed binary looks in the
# installed locale directory; TAVLE_LOCALEDIR points it into the DESTDIR here).
LOC=$(abs "$(meson introspect "$BUILD" --buildoptions | $PY -c '
import json, sys
print({x["name"]: x["value"] for x in json.load(sys.stdin)}["localedir"])')")
[ -f "$LOC/da/LC_MESSAGES/tavle.mo" ] && ok "Danish translation installed" || not_ok "Danish translation installed" "not in $LOC"
TAVLE_LOCALEDIR=$LOC LC_ALL= LANG=da_DK.UTF-8 "$BIN" --help 2>&1 | grep -q '^kommandoer:' && ok "installed binary speaks Danish under LANG=da_DK.UTF-8" ||
	not_ok "installed binary speaks Danish under LANG=da_DK.UTF-8"

COMP=$SHARE/bash-completion/completions/tavle
[ -f "$COMP" ] && ok "bash completion installed" || not_ok "bash completion installed"

if command -v scdoc >/dev/null 2>&1; then
	for page in man1/tavle.1 man5/tavle.conf.5; do
		[ -s "$MAN/$page" ] || { not_ok "man page $page installed"; continue; }
		ok "man page $page installed"
		if command -v man >/dev/null 2>&1; then
			MANWIDTH=80 man -l "$MAN/$page" 2>"$T/err" >"$T/page" && ok "man -l $page" || not_ok "man -l $page"
			grep -q "SEE ALSO" "$T/page" && ok "$page renders" || not_ok "$page renders"
		fi
	done
else
	skip "man pages installed and rendered" "scdoc not installed"
fi

# The completion, driven the way bash does it, with the installed binary on PATH.
complete_words() { # complete_words WORD... : candidates for the last word
	PATH=$(dirname "$BIN"):$PATH bash -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"
		_tavle; printf "%s\n" "${COMPREPLY[@]}"' _ "$COMP" "$@"
}
if [ -f "$COMP" ]; then
	complete_words tavle ex | grep -qx export && ok "completion: subcommand" || not_ok "completion: subcommand"
	LC_ALL= LANG=da_DK.UTF-8 TAVLE_LOCALEDIR=$LOC complete_words tavle export "" | grep -qx csv && ok "completion under a Danish locale" ||
		not_ok "completion under a Danish locale"
	complete_words tavle export "" | sort | tr '\n' ' ' | grep -q "csv ics xlsx" && ok "completion: export kinds" ||
		not_ok "completion: export kinds" "$(complete_words tavle export "" | tr '\n' ' ')"
	complete_words tavle export csv --ex | grep -qx -- --excel && ok "completion: option" || not_ok "completion: option"
	complete_words tavle list --area "" | sort | tr '\n' ' ' | grep -qx "data kom org udd " && ok "completion: area keys" ||
		not_ok "completion: area keys"
	complete_words tavle list --status d | sort | tr '\n' ' ' | grep -qx "doing done " && ok "completion: statuses" ||
		not_ok "completion: statuses"
	got=$(complete_words tavle --db "$T/a.db" show "" | sort -n | tr '\n' ' ')
	[ "$got" = "0 1 2 3 4 5 6 7 8 9 " ] && ok "completion: package numbers" || not_ok "completion: package numbers" "$got"
	complete_words tavle --db "$T/none.db" show "" >/dev/null
	[ -e "$T/none.db" ] && not_ok "completion creates no database" || ok "completion creates no database"
fi

# --help and the man page agree.
$PY - "$BIN" "$SRC/doc/tavle.1.scd" >"$T/man.out" <<'PYEOF' && ok "tavle --help and tavle.1 agree" || not_ok "tavle --help and tavle.1 agree" "$(cat "$T/man.out")"
import re, subprocess, sys
tavle, scd = sys.argv[1], open(sys.argv[2], encoding='utf-8').read()
helptext = subprocess.run([tavle, '--help'], capture_output=True, text=True).stdout
section = helptext.split('commands:\n')[1].split('\n\n')[0]
ok = True
cmds = []
for line in section.splitlines():
    words = line.split()
    # the command words: the name, and a second lowercase word when `tavle NAME WORD --help` knows it
    cmd = [words[0]]
    if len(words) > 1 and re.fullmatch(r'[a-z]+', words[1]):
        r = subprocess.run([tavle, words[0], words[1], '--help'], capture_output=True, text=True)
        if r.stdout.startswith('usage: tavle %s %s' % (words[0], words[1])):
            cmd.append(words[1])
    cmds.append(' '.join(cmd))
# The man page's command headings: lines "*name sub*..." in the COMMANDS section.
man_section = scd.split('\n# COMMANDS\n')[1].split('\n# ')[0]
documented = re.findall(r'^\*([a-z]+(?: [a-z]+)?)\*', man_section, re.M)
for c in cmds:
    if c not in documented:
        print('  not in tavle.1: %s' % c); ok = False
for c in documented:
    if c not in cmds:
        print('  in tavle.1 but not in tavle --help: %s' % c); ok = False
# Every option of every command appears in that command's entry.
entries = re.split(r'^(?=\*[a-z]+(?: [a-z]+)?\*)', man_section, flags=re.M)
by_cmd = {re.match(r'\*([a-z ]+)\*', e).group(1): e for e in entries if e.startswith('*')}
for c in cmds:
    r = subprocess.run([tavle, *c.split(), '--help'], capture_output=True, text=True).stdout
    opts = r.split('\noptions:\n')[1].split('\n\n')[0] if '\noptions:\n' in r else ''
    for o in re.findall(r'^\s+(?:-\w, )?(--[a-z][a-z-]*)', opts, re.M):
        if '*%s*' % o not in by_cmd.get(c, ''):
            print('  tavle.1 lacks %s of %s' % (o, c)); ok = False
sys.exit(0 if ok else 1)
PYEOF

finish
