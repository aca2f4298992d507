#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Usage: tests/fuzz/gen_export_seeds.py tests/fuzz/corpus/export
# Writes fuzz_export recipes: mirrors the read order of tests/fuzz/fuzz_export.c.
import datetime, os, random, struct, sys
out = sys.argv[1]
BASE = datetime.date(2027, 1, 1)
def u8(v): return bytes([v & 0xff])
def u16(v): return struct.pack('>H', v & 0xffff)
def u32(v): return struct.pack('>I', v & 0xffffffff)
def S(t):
    if t is None: return u8(0xff)
    b = t.encode() if isinstance(t, str) else t
    assert len(b) < 255, len(b)
    return u8(len(b)) + b
def day(d, may=True):
    if d is None: return u8(0)
    if d == 'first': return u8(2) + u8(0) + u8(0)
    if d == 'last': return u8(2) + u8(1) + u8(0)
    if isinstance(d, tuple):  # (mode1, raw u32)
        return u8(1) + u32(d[1])
    off = (d - BASE).days + 100
    assert 0 <= off < 1200, d
    return u8(3) + u16(off)
def when(d, hm=None, may=True):
    m = 0x8000 if hm is None else hm[0] * 60 + hm[1]
    return day(d, may) + u16(m)
def ts(k=2, t=None):
    if k == 0: return u8(0)
    if k == 1: return u8(1) + S(t)
    return u8(2) + bytes([3, 14, 9, 30, 0])
D = datetime.date
def phase(name, start, end, nb=None, reason=None, version=1):
    return S(name) + day(start) + day(end) + day(nb) + S(reason) + u8(version) + ts()
def task(title, d, hm=None, done=False, resp=0, minimum=False, version=1):
    return S(title) + when(d, hm) + u8(done) + u8(resp) + u8(minimum) + u8(version) + ts()
def package(number, title, area, status, owner, d, hm, phase_id, sections, tasks, version=1):
    b = u16(number) + S(title) + u8(area) + u8(status) + S(owner) + when(d, hm) + u8(phase_id)
    for k in range(6):
        sec = sections.get(k)
        b += u8(0) if sec is None else u8(1) + S(sec)
    b += u16(version) + ts() + u8(len(tasks)) + b''.join(tasks)
    return b
def meeting(kind, title, start, shm, end, ehm, place, region, url, participants, notes, packages, version=1):
    b = u8(kind) + S(title) + when(start, shm, False) + when(end, ehm)
    b += S(place) + S(region)
    b += u8(1) if url is True else u8(0) + S(url)
    return b + S(participants) + S(notes) + S(packages) + u8(version) + ts()
def tomb(kind, uid, summary, start, shm, end, ehm, seq, area):
    b = u8(kind) + (u8(1) + S(uid) if uid is not None else u8(0))
    return b + S(summary) + when(start, shm) + when(end, ehm) + u32(seq) + ts() + u8(area + 1)
def recipe(o=0, alarm_min=-15, areas=0, calname=None, now=200000000, phase_pick=255,
           board='Ærø Kommune', phases=(), packages=(), meetings=(), tombs=()):
    b = u8(o | (0x40 if calname is not None else 0)) + u16(alarm_min) + u8(areas)
    if calname is not None: b += S(calname)
    b += u32(now) + u8(phase_pick) + S(board)
    b += u8(len(phases)) + b''.join(phases)
    b += u8(len(packages)) + b''.join(packages)
    b += u8(len(meetings)) + b''.join(meetings)
    b += u8(len(tombs)) + b''.join(tombs)
    return b

ph = [phase('Opstart', D(2027,1,4), D(2027,3,31)),
      phase('Opsætning og ibrugtagning', D(2027,4,1), D(2027,11,30), D(2027,5,1), 'Leverandøren skal\nvære klar')]
pk = [package(1, 'Implementeringsopstart', 0, 1, 'Kontaktperson', D(2027,2,1), None, 1,
              {0: 'Baggrund.', 1: 'Udpeg kontaktperson\nMeld til DIGST'},
              [task('Udpeg kontaktperson', D(2027,1,18), None, False, 0, True),
               task('Send navn til Digitaliseringsstyrelsen', D(2027,1,20), (9,0), True, 1)]),
      package(5, 'Kontaktstruktur', 2, 0, '', D(2027,6,1), (9,0), 2, {1: 'Opdater kontaktstruktur'},
              [task('Gennemgå kontaktstruktur', D(2027,5,1), (23,50), False, 2)]),
      package(7, 'Intern og ekstern kommunikation', 1, 3, 'Kommunikation', D(2027,9,1), None, 0, {}, [])]
mt = [meeting(0, 'Infomøde om NgDP', D(2027,3,27), (23,0), D(2027,3,28), (4,0), 'Rådhuset, Marstal', 'Syddanmark',
              'https://digst.dk/ngdp?x=1&y=2', 'Alle', 'Medbring: computer, oplader; og kaffe\\te.\nAnden linje.', '1,5'),
      meeting(1, 'Webinar', D(2027,4,15), (10,0), None, None, '', '', True, None, None, None),
      meeting(2, 'Leverandørmøde hele dagen', D(2027,5,3), None, D(2027,5,4), None, 'Teams', None, None, None, None, '6')]
tb = [tomb(1, None, 'Slettet frist', D(2027,2,2), None, None, None, 3, 0),
      tomb(3, None, 'Aflyst møde', D(2027,2,3), (10,0), D(2027,2,3), (11,0), 2, -1)]
seeds = {
 'board': recipe(phases=ph, packages=pk, meetings=mt, tombs=tb),
 'todo': recipe(o=0x10, phases=ph, packages=pk, meetings=mt, tombs=tb),
 'alarm-areas': recipe(o=0x20, alarm_min=-1440, areas=0b0101, phases=ph, packages=pk, meetings=mt, tombs=tb),
 'phase-filter': recipe(phase_pick=1, phases=ph, packages=pk, meetings=mt, tombs=tb),
 'only-meetings-calname': recipe(o=0x4, calname='Møder i Ærø\r\nX-INJECT:1', meetings=mt),
 'long-texts': recipe(board='Æ' * 120, phases=[phase('ø' * 100 + 'x', D(2027,1,1), D(2027,2,1))],
     packages=[package(2, 'Ledelsesbeslutninger og forankring ' + 'æøå' * 35, 3, 2, 'å' * 80, D(2027,3,1), None, 1,
         {1: ('Minimumskrav med 😀 emoji ' * 9)[:250]}, [task('😀' * 60, D(2027,3,1), (12,0))])],
     meetings=[meeting(3, 'a' * 73 + 'æ' * 40, D(2027,6,1), (8,0), D(2027,6,1), (9,0), 'x' * 200, 'y' * 50,
         'https://example.org/' + 'p' * 200, 'z' * 200, ('linje\n' * 40)[:250], '1,2,3')]),
 'controls-bidi': recipe(board='Tavle\x1b[31m', packages=[package(3, 'Skjult\u202etekst\u200b\x07\r\nX', 0, 0, 'ejer\ttab', D(2027,2,1), None, 0,
     {1: 'linje1\r\nlinje2\rlinje3\x00efter nul'}, [task('\ufeffBOM\u2028ls', D(2027,2,1))])],
     meetings=[meeting(0, '\u2066isolate\u2069', D(2027,2,2), (10,0), None, None, 'sted\x7f', 'region\x85', 'javascript:alert(1)', None, 'noter\x1b]0;x\x07', None)]),
 'invalid-utf8': recipe(board=b'\xff\xfe bad', packages=[package(4, b'half \xc3', 1, 1, b'\xe2\x82', D(2027,2,1), None, 0,
     {1: b'\xed\xa0\x80 surrogate'}, [task(b'\xf4\x90\x80\x80 too big', D(2027,2,1))])],
     meetings=[meeting(0, b'overlong \xc0\xaf', D(2027,2,2), (10,0), None, None, b'\x80', None, b'http://x/\xc3\xa6', None, None, None)]),
 'dst-times': recipe(packages=[package(6, 'Skift', 2, 0, None, D(2027,3,28), (2,30), 0, {}, [task('Overlap', D(2027,10,31), (2,30))])],
     meetings=[meeting(0, 'Hul', D(2027,3,28), (2,0), D(2027,3,28), (3,30), None, None, None, None, None, None),
               meeting(1, 'Overlap', D(2027,10,31), (2,15), D(2027,10,31), (2,45), None, None, None, None, None, None),
               meeting(2, 'Midnat', D(2027,12,31), (23,30), None, None, None, None, None, None, None, None),
               meeting(3, 'Slutter før start', D(2027,6,2), (10,0), D(2027,6,1), (9,0), None, None, None, None, None, None)]),
 'extreme-days': recipe(phases=[phase('Først', 'first', 'first')], packages=[package(9, 'Sidst', 3, 0, None, 'last', None, 0, {}, [task('Sidst kl', 'last', (23,59))])],
     meetings=[meeting(0, 'Første dag', 'first', None, None, None, None, None, None, None, None, None),
               meeting(1, 'Sidste dag', 'last', (23,30), None, None, None, None, None, None, None, None)],
     tombs=[tomb(0, 'x', 'Sidst', 'last', None, None, None, 0, 0)]),
 'year-3000': recipe(meetings=[meeting(0, 'År 3000', (1, 1095400), None, None, None, None, None, None, None, None, None),
                               meeting(1, 'År 3001', (1, 1095800), (0,0), None, None, None, None, None, None, None, None)]),
 'escapes-urls': recipe(meetings=[meeting(0, 'Komma, semikolon; kolon: backslash\\ \\n \\, "citat"', D(2027,4,1), (9,0), D(2027,4,1), (10,0),
     'Sted; med, tegn', 'Region\\Nord', 'http://exa mple.org/', 'a,b;c', 'DESCRIPTION:fake\nEND:VEVENT', '1;2'),
     meeting(1, 'Link', D(2027,4,2), (9,0), None, None, None, None, 'https://', None, None, None),
     meeting(2, 'Link2', D(2027,4,3), (9,0), None, None, None, None, 'HTTPS://EXAMPLE.ORG', None, None, None)]),
 'tombstones': recipe(o=0x0, tombs=[tomb(0, 'pkg-uid-1', 'Pakke', D(2027,5,1), None, D(2027,5,3), None, 2**31 + 5, 1),
     tomb(2, '', 'Tom uid', D(2027,5,1), None, None, None, 1, -1), tomb(4, 'comment', 'Kommentar', None, None, None, None, 0, -1)]),
 'nulls': recipe(board=None, phases=[phase(None, None, None)], packages=[package(0, None, 0, 0, None, D(2027,2,1), None, 1, {}, [task(None, D(2027,2,2))])],
     meetings=[meeting(0, None, D(2027,2,3), None, None, None, None, None, None, None, None, None)]),
 'empty': b'',
}
rnd = random.Random(5545)
for i in range(4):
    seeds['random-%d' % i] = bytes(rnd.randrange(256) for _ in range(600))
for k, v in seeds.items():
    with open(os.path.join(out, k), 'wb') as f:
        f.write(v)
print(len(seeds))
