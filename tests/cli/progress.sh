#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Progress of long operations: `import ics` and `export ics --all` show a progress line
# on standard error when it is a terminal (a pseudo-terminal here), and write nothing
# there when it is not.
# usage: progress.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"
TAVLE=${1:?usage: progress.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PY=/usr/bin/python3
export LC_ALL=C.UTF-8 TAVLE_NOW=2026-11-30T09:00:00Z
sandbox progress
export TAVLE_DB=$T/a.db
cd "$T" || exit 1

$PY - <<'PYEOF'
with open('many.ics', 'w', newline='') as f:
    f.write('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n')
    for i in range(300):
        d = 1 + i % 28
        f.write('BEGIN:VEVENT\r\nUID:m%d@test\r\nDTSTAMP:20261101T000000Z\r\n'
                'DTSTART:202702%02dT090000Z\r\nDTEND:202702%02dT100000Z\r\n'
                'SUMMARY:Møde %d\r\nEND:VEVENT\r\n' % (i, d, d, i))
    f.write('END:VCALENDAR\r\n')
PYEOF
"$TAVLE" init >/dev/null 2>&1 && ok "init" || not_ok "init"
"$TAVLE" init --name "Anden" >/dev/null 2>&1 && ok "second board" || not_ok "second board"

# Not a terminal: nothing on stderr.
"$TAVLE" import ics many.ics >out 2>err && ok "import (pipe)" || not_ok "import (pipe)"
[ -s err ] && not_ok "import writes nothing to a non-terminal stderr" "$(head -c 200 err)" || ok "import writes nothing to a non-terminal stderr"
grep -q "added 300" out && ok "import added 300" || not_ok "import added 300" "$(cat out)"
"$TAVLE" export ics --all -o all.ics 2>err && ok "export --all (pipe)" || not_ok "export --all (pipe)"
# (it reports what it wrote on stderr, as before; no progress line)
grep -q $'\r\|export: ' err && not_ok "export --all writes no progress to a non-terminal stderr" || ok "export --all writes no progress to a non-terminal stderr"

# stderr on a pseudo-terminal, stdout to a file.
on_tty() { # on_tty ARGS...: run tavle with stderr on a pty; its stderr text on stdout
	$PY - "$TAVLE" "$@" <<'PYEOF'
import os, pty, subprocess, sys
master, slave = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=open('tty.out', 'wb'),
                     stderr=slave)
os.close(slave)
data = b''
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
p.wait()
sys.stdout.write(data.decode('utf-8', 'replace'))
sys.exit(p.returncode)
PYEOF
}
e=$(on_tty import ics many.ics) && ok "import on a terminal" || not_ok "import on a terminal"
grep -qF "import: 300/300 (100%)" <<<"$e" && ok "import progress on a terminal" || not_ok "import progress on a terminal" "$(printf %q "$e")"
grep -q "unchanged 300" tty.out && ok "import result still on stdout" || not_ok "import result still on stdout"
e=$(on_tty export ics --all -o all2.ics) && ok "export --all on a terminal" || not_ok "export --all on a terminal"
grep -qF "export: 2/2 (100%)" <<<"$e" && ok "export --all progress on a terminal" || not_ok "export --all progress on a terminal" "$(printf %q "$e")"
cmp -s all.ics all2.ics && ok "progress leaves the export unchanged" || not_ok "progress leaves the export unchanged"

finish
