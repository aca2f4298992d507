# SPDX-License-Identifier: MPL-2.0
# tavle's calendar import held against ical.js over the corpus of files written by
# real programs (tests/data/ical/foreign, SOURCES): each file is imported into a
# database of its own and
#   - every meeting the import added is what ical.js reads from the same file: same
#     start, end and title, matched by UID + RECURRENCE-ID (an occurrence of a series
#     tavle expanded carries its RECURRENCE-ID in `meetings --json`, as recurrence_id);
#   - every event ical.js reads that was not imported is accounted for by tavle's
#     output: a skip reason or cancellation naming its UID (its title when it has no
#     UID) or a line inside its VEVENT, or the whole file refused (exit 2); an
#     occurrence ical.js expands outside tavle's programme window, or past the 500
#     tavle imports of a series, needs no skip reason but tavle's note naming the
#     series (one inside the window and under the cap must be imported);
#   - a second import changes nothing (added 0, updated 0, the meetings the same) and
#     `tavle check --full` is clean;
# and over the corpus, the share of files from real programs (SOURCES' sixth column
# names the program; "-" for a library's hand-written fixture) that import a meeting
# is reported, and each of them that imports none must have its reason in EXPECT.
# Prints "ok    WHAT" / "FAIL  WHAT" lines for tests/ical/corpus.sh to relay as TAP.
# usage: corpus.py TAVLE FOREIGN_DIR ICALJS_SCRIPT WORKDIR
# (CORPUS_ONLY=FILE checks that file alone; CORPUS_WINDOW="FROM TO" sets the window,
# otherwise it is asked of tavle; CORPUS_CRASH_ONLY=1 only imports each file twice and
# checks for a crash or a sanitizer's report: the ASan/UBSan build's run.)
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

tavle, foreign, icaljs, work = sys.argv[1:5]
# The window ical.js expands series into: the programme window tavle expands them into
# (issue 17 item 4: the board's start or first phase less 90 days to its last phase or
# deadline plus 180), as tavle reports it for the test's board (programme_window).
WINDOW = os.environ.get('CORPUS_WINDOW', '').split()
CRASH_ONLY = os.environ.get('CORPUS_CRASH_ONLY') == '1'
PROBE = ('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tavle tests//probe//EN\r\n'
         'BEGIN:VEVENT\r\nUID:window-probe@tavle.test\r\nDTSTAMP:20000101T000000Z\r\n'
         'DTSTART;VALUE=DATE:19900101\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:probe\r\n'
         'END:VEVENT\r\nEND:VCALENDAR\r\n')
HOME = ZoneInfo('Europe/Copenhagen')
UNTITLED = {'(uden titel)', '(untitled)'}
# Where ical.js is known to read a file wrongly: (file, UID) -> tavle's start and end,
# and why. Each entry is still checked, against these values.
KNOWN = {
    ('apple-macos-10.13-timezone-seconds.ics', 'E96B9F38-8F70-4F1D-AAAC-2CD0BAC40551'):
        ('2018-04-20 11:29', '2018-04-20 12:29',
         'ical.js drops the seconds of TZOFFSETTO:+023017, so reads 12:00 Moscow (as the '
         'file defines it) as 11:30; it is 11:29:43 in Copenhagen, cut to the minute'),
    # No occurrence inside the window: the one nearest it stands for the series.
    ('google-birthday.ics', '2014_BIRTHDAY_79d389868f96182e@google.com'):
        ('2014-12-10', '2014-12-10',
         'DTSTART 2014-12-10 with RDATEs 2012-12-10 and 2013-12-10 (written with a Z, read as '
         "dates); ical.js expands the same three days but hands the last to the override of "
         'another UID in the file (BIRTHDAY_79d389868f96182e@google.com, RECURRENCE-ID 2014-12-10)'),
    ('apple-ical1-lotr.ics', 'C1C7B4A3-1ECC-11D7-A916-00306553216E'):
        ('2004-03-18', '2004-03-18',
         'RRULE UNTIL 2003-03-17 is before DTSTART 2004-03-18; RFC 5545 counts DTSTART as the '
         'first occurrence, so the series has that one; ical.js gives none'),
    ('zimbra-multiple-rrules.ics', '1334F9B7-6136-444E-A58D-472564C6AA73'):
        ('2012-07-29 20:00', '2012-07-29 20:30',
         'two RRULEs, weekly on Mondays and monthly on Sundays, both UNTIL 2012-07-30 06:59:59Z; '
         'RFC 5545 takes their union, so Sunday 29 July 11:00 Los Angeles is the last; '
         "ical.js's iterator ends both rules when the weekly one ends (on 23 July)"),
}
failures = 0
WINDOW_FIRST = WINDOW_LAST = ''


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
    """A RECURRENCE-ID as tavle gives it ("TZID=Europe/Berlin:20270105T100000",
    "20270105T090000Z", "VALUE=DATE:20270105", floating "20270105T100000") in the form
    icaljs_events.mjs prints (Copenhagen time); a zone Python does not know stays as
    it is (matched by UID, start, end and title instead)."""
    if v is None or v == '':
        return None
    v = str(v)
    if v.startswith('VALUE=DATE:'):
        v = v[len('VALUE=DATE:'):]
    m = re.fullmatch(r'TZID=(.*):(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)', v)
    if m:
        try:
            zone = ZoneInfo(m.group(1))
        except Exception:
            return v
        y, mo, d, h, mi, _s = (int(x) for x in m.groups()[1:])
        return datetime(y, mo, d, h, mi, tzinfo=zone).astimezone(HOME).strftime('%Y-%m-%d %H:%M')
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


def series_note(e, lines, *phrases):
    """Does a note of tavle's (not a skip) name e's series with one of `phrases`?"""
    uid = e.get('uid')
    return bool(uid) and any(uid in l and any(p in l for p in phrases) for l in lines)


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
    matched = set()
    if CRASH_ONLY:
        rc2, _out2, err2 = run(db, 'import', 'ics', os.path.join(foreign, name))
        if rc2 not in (0, 1, 2) or 'Sanitizer' in err2 or 'runtime error:' in err2:
            fail(f'{name}: second import without a crash or sanitizer report',
                 f'exit {rc2}\n{err2[-1500:]}')
        else:
            ok(f'{name}: imported twice, no crash or sanitizer report')
        return rc, len(added), out

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
            rid = key_of_meeting(m)[1]
            if not cands and rid is not None and not re.match(r'\d{4}-\d\d-\d\d', rid):
                # A RECURRENCE-ID in a zone Python does not know: the occurrence of its
                # series that ical.js reads at the same start, end and title.
                cands = [e for e in events if e.get('uid') == m.get('uid') and e.get('rid') and
                         not e.get('cancelled') and same(m, e)]
            if not cands and re.fullmatch(r'nouid-[0-9a-f]{16}(-\d+)?@import\.tavle', m.get('uid') or ''):
                # An event without UID, for which tavle made one: ical.js's UID-less
                # event with the same start, end and title.
                cands = [e for e in events if e.get('uid') is None and not e.get('cancelled') and
                         same(m, e)]
            for e in cands:
                if same(m, e):
                    matched.add((e.get('uid'), e.get('rid')))
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
    imported = {key_of_meeting(m) for m in added} | matched
    # The last occurrence tavle imported of each series, for its cap.
    last = {}
    for m in added:
        if key_of_meeting(m)[1] is not None:
            last[m['uid']] = max(last.get(m['uid'], ''), m['start'])

    def outside(e):
        """An occurrence tavle leaves out by design, and says so: outside the programme
        window (its start), or past the cap of a series (after its last imported)."""
        # An override no series of the file placed (Google's birthdays) is placed by
        # the window as an occurrence is.
        if not e.get('recurring') and not e.get('rid'):
            return False
        day = (e.get('start') or '')[:10]
        if (day < WINDOW_FIRST or day > WINDOW_LAST) and series_note(
                e, lines, 'outside the programme window'):
            return True
        return (e.get('uid') in last and e.get('start', '') > last[e.get('uid')] and
                series_note(e, lines, 'over the limit of', 'read no further than'))

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


def programme_window(template):
    """Ask tavle the test board's programme window (an endless series imported into a
    copy says it); ical.js gets it with the end made exclusive."""
    global WINDOW, WINDOW_FIRST, WINDOW_LAST
    if not WINDOW:
        probe_db = os.path.join(work, 'probe.db')
        shutil.copyfile(template, probe_db)
        probe = os.path.join(work, 'probe.ics')
        with open(probe, 'w', encoding='utf-8') as f:
            f.write(PROBE)
        rc, out, err = run(probe_db, 'import', 'ics', probe)
        m = re.search(r'programme window (\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)', out + err)
        if not m:
            fail('tavle says the programme window of the test board', out + err)
            return False
        last = datetime.strptime(m.group(2), '%Y-%m-%d')
        WINDOW = [m.group(1), (last + timedelta(days=1)).strftime('%Y-%m-%d')]
    WINDOW_LAST = (datetime.strptime(WINDOW[1], '%Y-%m-%d') - timedelta(days=1)).strftime('%Y-%m-%d')
    WINDOW_FIRST = WINDOW[0]
    print(f'# programme window {WINDOW_FIRST} to {WINDOW_LAST}')
    # tavle's window is in Copenhagen days, ical.js's in UTC: ical.js gets a day more on
    # each side, and what it finds there is outside tavle's window (outside()).
    WINDOW = [(datetime.strptime(WINDOW[0], '%Y-%m-%d') - timedelta(days=1)).strftime('%Y-%m-%d'),
              (datetime.strptime(WINDOW[1], '%Y-%m-%d') + timedelta(days=1)).strftime('%Y-%m-%d')]
    return True


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
    if not programme_window(template):
        return 1
    real = importing = 0
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
        print(f'# {name} ({program}): no meeting imported (exit {rc}): {reasons.get(name)}')
    share = 100.0 * importing / real if real else 0.0
    # Issue 17 wants 95% of these importing a meeting, and each file that imports
    # nothing must have its reason in EXPECT (the README lists them). A single file
    # (CORPUS_ONLY) is no corpus.
    print(f'# {importing} of {real} files from real programs import a meeting ({share:.0f}%)')
    if only:
        pass
    elif real >= 60 and importing * 100 >= 95 * real:
        ok(f'corpus: {importing} of {real} files from real programs import a meeting '
           f'({share:.1f}%, at least 95%)')
    else:
        fail('corpus: at least 60 files from real programs, 95% of them importing a meeting',
             f'{importing} of {real}')
    if unexplained:
        fail('every file that imports no meeting has its reason in EXPECT', ' '.join(unexplained))
    else:
        ok(f'every file that imports no meeting has its reason in EXPECT ({real - importing})')
    return 1 if failures else 0


sys.exit(main())
