# SPDX-License-Identifier: MPL-2.0
"""One random walk of the redraw property test (redraw.sh): keys to a tavle running in
tmux, and after every step the screen compared with what Ctrl-L (a full redraw) draws.

Usage: redraw_walk.py SOCKET SESSION PANE_OUTPUT SEED STEPS. PANE_OUTPUT is the file
tmux pipes the pane's output to; a key is done when tavle has written and gone quiet.
Exit status 0 when every screen equals its full redraw; else the seed, the step, the
keys so far and the diff on stdout, and status 1.
"""
import difflib
import os
import random
import re
import subprocess
import sys
import time

SOCK, SESSION, OUT, SEED, STEPS = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
TARGET = '=' + SESSION + ':'

VIEW_KEYS = ['1', '2', '3', '4', '5', '6', 'p', '?', 'b', 'L', 'Enter', 'Escape']
NAV_KEYS = ['j', 'k', 'h', 'l', 'NPage', 'j', 'k']
PROMPT_KEYS = ['/', 'f', 'o', 'D', 's', 'a', 'e', 'd', 'm', 'v']


def tmux(*args):
    return subprocess.run(['tmux', '-L', SOCK, '-f', '/dev/null', *args],
                          capture_output=True, text=True, errors='replace').stdout


def out_size():
    try:
        return os.stat(OUT).st_size
    except OSError:
        return 0


def settle(size0, need):
    """Wait for tavle's output to grow past size0 (up to 3 s if need, else 0.12 s: a
    key may change nothing on the screen), then until it stays the same for 30 ms.
    False if output was needed and none came."""
    limit = time.monotonic() + (3.0 if need else 0.12)
    while out_size() <= size0:
        if time.monotonic() > limit:
            return not need
        time.sleep(0.005)
    last, quiet = out_size(), time.monotonic()
    while time.monotonic() - quiet < 0.03:
        time.sleep(0.005)
        s = out_size()
        if s != last:
            last, quiet = s, time.monotonic()
    return True


def key(k):
    s0 = out_size()
    tmux('send-keys', '-t', TARGET, k)
    settle(s0, False)


def capture():
    # -N keeps every line's trailing spaces: a reversed or coloured blank at a line's
    # end would otherwise show or not by the path curses took.
    return tmux('capture-pane', '-p', '-e', '-N', '-t', TARGET)


def fresh():
    return {'fg': None, 'bg': None, 'b': False, 'd': False, 'r': False, 'u': False}


def cells(text):
    """The cells of a capture by what shows: the character, its background, reverse
    and underline, and for a character other than a space (or a reversed one) its
    foreground, bold and dim too. The escapes differ with the path curses took (a
    bold or coloured space is drawn as a plain one when it looks the same)."""
    out = []
    st = fresh()   # tmux carries the attributes from one line to the next
    for line in text.split('\n'):
        row = []
        for m in re.finditer(r'\x1b\[([0-9;:]*)m|\x1b[()][0B]|(.)', line):
            if m.group(2) is None:
                if m.group(1) is None:
                    continue
                ps = m.group(1).replace(':', ';').split(';')
                i = 0
                while i < len(ps):
                    p = int(ps[i] or 0)
                    if p == 0:
                        st = fresh()
                    elif p == 1:
                        st['b'] = True
                    elif p == 2:
                        st['d'] = True
                    elif p == 22:
                        st['b'] = st['d'] = False
                    elif p == 4:
                        st['u'] = True
                    elif p == 24:
                        st['u'] = False
                    elif p == 7:
                        st['r'] = True
                    elif p == 27:
                        st['r'] = False
                    elif p in (38, 48):
                        k = 'fg' if p == 38 else 'bg'
                        if i + 1 < len(ps) and ps[i + 1] == '5':
                            st[k] = '5;' + ps[i + 2]
                            i += 2
                        else:
                            st[k] = '2;' + ';'.join(ps[i + 2:i + 5])
                            i += 4
                    elif p == 39:
                        st['fg'] = None
                    elif p == 49:
                        st['bg'] = None
                    elif 30 <= p <= 37 or 90 <= p <= 97:
                        st['fg'] = str(p)
                    elif 40 <= p <= 47 or 100 <= p <= 107:
                        st['bg'] = str(p)
                    i += 1
                continue
            ch = m.group(2)
            if ch == ' ' and not st['r']:
                row.append((ch, st['bg'], st['u']))
            else:
                row.append((ch, st['fg'], st['bg'], st['b'], st['d'], st['r'], st['u']))
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def same(a, b):
    if a == b:
        return True
    ca, cb = cells(a), cells(b)
    if len(ca) != len(cb):
        return False
    for x, y in zip(ca, cb):
        n = min(len(x), len(y))
        if x[:n] != y[:n]:
            return False
        # Past the end of what tmux recorded for a line (one cleared to its end with
        # the background colour has no cells there) the other may hold only blanks.
        if any(len(c) != 3 or c[2] for c in (x[n:] or y[n:])):
            return False
    return True


def step(rng):
    r = rng.randrange(10)
    if r < 4:
        k = rng.choice(VIEW_KEYS)
        key(k)
        return [k]
    if r < 7:
        k = rng.choice(NAV_KEYS)
        key(k)
        return [k]
    k = rng.choice(PROMPT_KEYS)
    key(k)
    key('Escape')
    return [k, 'Escape']


def main():
    rng = random.Random(SEED)
    keys = []
    for i in range(1, STEPS + 1):
        keys += step(rng)
        before = capture()
        if 'TAVLE-EXIT=' in before:
            print(f'seed {SEED} step {i}: tavle ended\nkeys: {" ".join(keys)}')
            return 1
        s0 = out_size()
        tmux('send-keys', '-t', TARGET, 'C-l')
        if not settle(s0, True):
            print(f'seed {SEED} step {i}: Ctrl-L drew nothing\nkeys: {" ".join(keys)}')
            return 1
        after = capture()
        if not same(before, after):
            print(f'seed {SEED} step {i}: the screen differs from a full redraw')
            print(f'keys: {" ".join(keys)}')
            print('diff (- after the keys, + after Ctrl-L; escapes shown as \\e):')
            for line in difflib.unified_diff(before.split('\n'), after.split('\n'),
                                             'after-keys', 'after-ctrl-l', lineterm='', n=0):
                print(line.replace('\x1b', '\\e'))
            print('screen after the keys:')
            print(re.sub(r'\x1b\[[0-9;:]*m|\x1b[()][0B]', '', before))
            return 1
    return 0


sys.exit(main())
