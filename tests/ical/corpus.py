# SPDX-License-Identifier: MPL-2.0
# tavle's calendar import held against ical.js over the corpus of files written by
# real programs (tests/data/ical/foreign, SOURCES): each file is imported into a
# database of its own and
#   - every meeting the import added is what ical.js reads from the same file: same
#     start, end and title, matched by UID + RECURRENCE-ID (none today; when the
#     import expands series, each occurrence is compared the same way);
#   - every event ical.js reads that was not imported is accounted for by tavle's
#     output: a skip reason or cancellation naming its UID (its title when it has no
#     UID) or a line inside its VEVENT, or the whole file refused (exit 2); an
#     occurrence of a series tavle expanded counts as outside tavle's window when it
#     falls before the first or after the last occurrence tavle imported;
#   - a second import changes nothing (added 0, updated 0, the meetings the same) and
#     `tavle check --full` is clean;
# and over the corpus, the share of files from real programs (SOURCES' sixth column
# names the program; "-" for a library's hand-written fixture) that import a meeting
# is reported, and each of them that imports none must have its reason in EXPECT.
# Prints "ok    WHAT" / "FAIL  WHAT" lines for tests/ical/corpus.sh to relay as TAP.
# usage: corpus.py TAVLE FOREIGN_DIR ICALJS_SCRIPT WORKDIR
# (CORPUS_ONLY=FILE checks that file alone; CORPUS_WINDOW="FROM TO" sets the window.)
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

tavle, foreign, icaljs, work = sys.argv[1:5]
# The window ical.js expands series into: the programme window tavle expands them
# into once it does (issue 17 item 4); overridable for that day.
WINDOW = os.environ.get('CORPUS_WINDOW', '2025-06-01 2031-01-01').split()
HOME = ZoneInfo('Europe/Copenhagen')
UNTITLED = {'(uden titel)', '(untitled)'}
# Where ical.js is known to read a file wrongly: (file, UID) -> tavle's start and end,
# and why. Each entry is still checked, against these values.
KNOWN = {
    ('apple-macos-10.13-timezone-seconds.ics', 'E96B9F38-8F70-4F1D-AAAC-2CD0BAC40551'):
        ('2018-04-20 11:29', '2018-04-20 12:29',
         'ical.js drops the seconds of TZOFFSETTO:+023017, so reads 12:00 Moscow (as the '
         'file defines it) as 11:30; it is 11:29:43 in Copenhagen, cut to the minute'),
}
failures = 0


def ok(what):
    print(f'ok    {what}')


def fail(what, why):
    global failures
    failures += 1
    print(f'FAIL  {what}')
    for line in str(why).splitlines()[:12]:
        print(f'  {line}')


def run(db, *args):
    p = subprocess.run([tavle, '--db', db, *args], capture_output=True, text=True,
                       errors='replace')
    return p.returncode, p.stdout, p.stderr


def meetings(db):
    rc, out, err = run(db, 'meetings', '--json')
    if rc != 0:
        raise RuntimeError(f'meetings --json: exit {rc}: {err}')
    return json.loads(out)


def norm_title(t):
    return re.sub(r'\s+', ' ', t or '').strip()


def norm_rid(v):
    """A RECURRENCE-ID as tavle may give it, in the form icaljs_events.mjs prints."""
    if v is None or v == '':
        return None
    v = str(v)
    if re.fullmatch(r'\d{4}-\d\d-\d\d( \d\d:\d\d)?', v):
        return v
    m = re.fullmatch(r'(\d{4})-?(\d\d)-?(\d\d)', v)
    if m:
        return '-'.join(m.groups())
    m = re.fullmatch(r'(\d{4})-?(\d\d)-?(\d\d)[T ](\d\d):?(\d\d)(?::?(\d\d))?(Z?)', v)
    if m:
        y, mo, d, h, mi, _s, z = m.groups()
        t = datetime(int(y), int(mo), int(d), int(h), int(mi))
        if z:
            t = t.replace(tzinfo=timezone.utc).astimezone(HOME)
        return t.strftime('%Y-%m-%d %H:%M')
    return v


def key_of_meeting(m):
    return (m.get('uid'), norm_rid(m.get('recurrence_id')))


def same(m, e):
    title_ok = (norm_title(m.get('title')) == norm_title(e.get('title')) or
                (not norm_title(e.get('title')) and m.get('title') in UNTITLED))
    return m.get('start') == e.get('start') and m.get('end') == e.get('end') and title_ok


def accounted(e, lines, refused):
    """Does tavle's output account for the event it did not import?"""
    if refused:
        return True
    uid, title = e.get('uid'), norm_title(e.get('title'))
    first, last = e.get('first', 0), e.get('last', 0)
    for line in lines:
        if not (line.startswith('skipped ') or line.startswith('cancelled ')):
            continue
        if uid and uid in line:
            return True
        if not uid and title and title in line:
            return True
        m = re.match(r'(?:skipped|cancelled) line (\d+):', line)
        if m and first <= int(m.group(1)) <= last:
            return True
    return False


def one_file(name, template):
    """Checks for one corpus file; returns (exit status, meetings added, output)."""
    db = os.path.join(work, name + '.db')
    for suffix in ('', '-wal'):
        if os.path.exists(template + suffix):
            shutil.copyfile(template + suffix, db + suffix)
    before = {m['id'] for m in meetings(db)}
    rc, out, err = run(db, 'import', 'ics', os.path.join(foreign, name))
    # A crash or a sanitizer's report (ASan/UBSan builds) is never a result.
    if rc not in (0, 1, 2) or 'Sanitizer' in err or 'runtime error:' in err:
        fail(f'{name}: import ends with 0, 1 or 2 and no sanitizer report', f'exit {rc}\n{err[-1500:]}')
    refused = rc == 2
    added = [m for m in meetings(db) if m['id'] not in before]
    lines = out.splitlines()

    p = subprocess.run(['node', icaljs, os.path.join(foreign, name), *WINDOW],
                       capture_output=True, text=True, errors='replace')
    try:
        events = json.loads(p.stdout)
    except ValueError:
        events = {'error': ((p.stdout + p.stderr).strip().splitlines() or ['no output'])[-1][:200]}
    if isinstance(events, dict):
        # ical.js cannot read the file at all: nothing to compare with.
        print(f'# {name}: ical.js cannot read it ({events.get("error")}); '
              f'tavle: exit {rc}, {len(added)} added')
        ok(f'{name}: imported meetings match ical.js (ical.js cannot read the file)')
        events = []
    else:
        unreadable = [e for e in events if 'error' in e]
        if unreadable:
            print(f'# {name}: ical.js cannot read {len(unreadable)} events, e.g. '
                  f'{unreadable[0].get("uid")} ({unreadable[0]["error"]})')
        unreadable_uids = {e.get('uid') for e in unreadable}
        events = [e for e in events if 'error' not in e]
        by_key = {}
        for e in events:
            by_key.setdefault((e.get('uid'), e.get('rid')), []).append(e)
        bad, uncompared = [], []
        for m in added:
            known = KNOWN.get((name, m.get('uid')))
            if known:
                print(f'# {name}: {m.get("uid")}: {known[2]}')
                if (m.get('start'), m.get('end')) != known[:2]:
                    bad.append(f'{m.get("uid")}: tavle {m.get("start")} .. {m.get("end")}, '
                               f'expected {known[0]} .. {known[1]}')
                continue
            cands = [e for e in by_key.get(key_of_meeting(m), []) if not e.get('cancelled')]
            if not cands and m.get('uid') in unreadable_uids:
                uncompared.append(m.get('uid'))
                continue
            if not any(same(m, e) for e in cands):
                bad.append(f'{key_of_meeting(m)}: tavle {m.get("start")} .. {m.get("end")} '
                           f'{m.get("title")!r}; ical.js ' +
                           ('; '.join(f'{e.get("start")} .. {e.get("end")} {e.get("title")!r}'
                                      for e in cands) or 'has no such event'))
        if uncompared:
            print(f'# {name}: {len(uncompared)} meetings not compared (ical.js cannot read '
                  f'those events), e.g. {uncompared[0]}')
        if bad:
            fail(f'{name}: imported meetings match ical.js', '\n'.join(bad))
        else:
            ok(f'{name}: {len(added)} imported meetings match ical.js')
    imported = {key_of_meeting(m) for m in added}
    # Occurrences tavle imported, by series: one ical.js expanded that falls before the
    # first or after the last of them lies outside the window tavle expanded into.
    span = {}
    for m in added:
        if key_of_meeting(m)[1] is not None:
            lo, hi = span.get(m['uid'], (m['start'], m['start']))
            span[m['uid']] = (min(lo, m['start']), max(hi, m['start']))

    def outside(e):
        lo, hi = span.get(e.get('uid'), (None, None))
        return e.get('recurring') and lo is not None and not (lo <= e.get('start', '') <= hi)

    missing = [e for e in events
               if (e.get('uid'), e.get('rid')) not in imported and not outside(e) and
               not accounted(e, lines, refused)]
    if missing:
        fail(f'{name}: every event ical.js reads is imported or has a reason',
             '\n'.join(f'{e.get("uid")} {e.get("rid") or ""} lines {e.get("first")}-{e.get("last")} '
                       f'{e.get("title")!r}' for e in missing) + '\ntavle said:\n' + out + err)
    else:
        ok(f'{name}: {len(events)} events read by ical.js, each imported or with a reason'
           + (' (file refused)' if refused else ''))

    snapshot = meetings(db)
    rc2, out2, err2 = run(db, 'import', 'ics', os.path.join(foreign, name))
    if 'Sanitizer' in err2 or 'runtime error:' in err2:
        fail(f'{name}: second import without a sanitizer report', err2[-1500:])
    first = out2.splitlines()[0] if out2 else ''
    if rc2 == rc and (refused or first.startswith('added 0, updated 0,')) and meetings(db) == snapshot:
        ok(f'{name}: second import changes nothing')
    else:
        fail(f'{name}: second import changes nothing', f'exit {rc2} (first {rc}): {first} {err2}')
    rc3, out3, err3 = run(db, 'check', '--full')
    if rc3 == 0:
        ok(f'{name}: tavle check clean')
    else:
        fail(f'{name}: tavle check clean', out3 + err3)
    return rc, len(added), out


def main():
    rows = []
    with open(os.path.join(foreign, 'SOURCES'), encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            cols = line.rstrip('\n').split('\t')
            rows.append((cols[0], cols[5] if len(cols) > 5 else '-'))
    on_disk = sorted(n for n in os.listdir(foreign) if n.endswith('.ics'))
    listed = sorted(r[0] for r in rows)
    if on_disk == listed:
        ok(f'SOURCES lists the {len(listed)} corpus files, each once')
    else:
        fail('SOURCES lists every corpus file once',
             f'not listed: {sorted(set(on_disk) - set(listed))}; '
             f'listed twice or absent: {[n for n in listed if listed.count(n) > 1 or n not in on_disk]}')
    reasons = {}
    with open(os.path.join(foreign, 'EXPECT'), encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            cols = line.rstrip('\n').split('\t')
            reasons[cols[0]] = cols[4] if len(cols) > 4 else '-'
    # One fresh board (the template's own meetings included), copied for each file.
    template = os.path.join(work, 'template.db')
    rc, _out, err = run(template, 'init', '--name', 'Korpus', '--start', '2026-12-01')
    if rc != 0:
        fail('init of the board each file is imported into', err)
        return 1
    real = importing = recurring_only = 0
    unexplained = []
    only = os.environ.get("CORPUS_ONLY")
    for name, program in rows:
        if only and name != only:
            continue
        rc, nadded, out = one_file(name, template)
        if program == '-':
            continue
        real += 1
        if nadded > 0:
            importing += 1
            continue
        if reasons.get(name, '-') == '-':
            unexplained.append(name)
        if rc == 1 and all('recurring events are not supported' in l
                           for l in out.splitlines() if l.startswith('skipped ')):
            recurring_only += 1
        else:
            print(f'# {name} ({program}): no meeting imported (exit {rc}): {reasons.get(name)}')
    share = 100.0 * importing / real if real else 0.0
    # Issue 17 wants 95% of these importing a meeting once recurring series import;
    # until then the share is reported, and each file that imports nothing must have
    # its reason in EXPECT (the README lists them).
    print(f'# {importing} of {real} files from real programs import a meeting ({share:.0f}%); '
          f'{recurring_only} more hold only recurring events')
    if real >= 60:
        ok(f'corpus: {real} files from real programs')
    else:
        fail('corpus: at least 60 files from real programs', f'{real}')
    if unexplained:
        fail('every file that imports no meeting has its reason in EXPECT', ' '.join(unexplained))
    else:
        ok(f'every file that imports no meeting has its reason in EXPECT ({real - importing})')
    return 1 if failures else 0


sys.exit(main())
