#!/usr/bin/python3
# SPDX-License-Identifier: MPL-2.0
"""Measuring helpers for tests/bench/run.sh (Debian's /usr/bin/python3, standard library only).

  bench.py time N OUT CMD...     run CMD N times (stdout to OUT, e.g. /dev/null), print
                                 "median_ms min_ms cpu_ms": wall time from fork to exit
                                 (median, fastest) and the median CPU time (user+system).
  bench.py frame N COLS ROWS CMD...
                                 time to the first complete frame of a TUI (see below),
                                 print "median_ms min_ms max_ms bytes cpu_ms" (cpu_ms:
                                 median CPU time of the whole run, quitting included).
  bench.py apts ICS OUT          write the all-day VEVENTs of ICS as calcurse 4.7 events
                                 ("MM/DD/YYYY [1] Summary", the line calcurse -i writes for
                                 a VALUE=DATE event), print how many.

First frame, the honest way: the program runs on a fresh pseudo-terminal (pty.fork) with
TERM=xterm-256color and the window size set with TIOCSWINSZ before exec. The parent reads
the master side, timestamping every read, until no new byte has arrived for 300 ms. The
first frame is complete at the timestamp of the last byte received before that quiet
gap; the figure is that timestamp minus the time just before fork(), so it includes
fork, exec, dynamic linking, opening the database, loading the board, and drawing and
writing the whole screen. Then 'q' is sent and the child reaped (killed if it lingers).
"""
import fcntl
import os
import pty
import resource
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time

QUIET = 0.300


def cmd_time(n, out, argv):
    ms, cpu = [], []
    for _ in range(n):
        with open(out, "wb") as f:
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.monotonic()
            subprocess.run(argv, stdout=f, check=True)
            ms.append((time.monotonic() - t0) * 1000)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append((r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000)
    print("%.1f %.1f %.1f" % (statistics.median(ms), min(ms), statistics.median(cpu)))


def one_frame(cols, rows, argv):
    env = dict(os.environ, TERM="xterm-256color", LC_ALL="C.UTF-8")
    env.pop("NO_COLOR", None)
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        try:
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    last = None
    total = 0
    while True:
        r, _, _ = select.select([fd], [], [], QUIET if last else 10.0)
        if not r:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        last = time.monotonic()
        total += len(data)
    try:
        os.write(fd, b"q")
    except OSError:
        pass
    deadline = time.monotonic() + 2.0
    while True:
        done, _, ru = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, _, ru = os.wait4(pid, 0)
            break
        try:  # keep draining so the child never blocks on a full pty
            r, _, _ = select.select([fd], [], [], 0.02)
            if r:
                os.read(fd, 65536)
        except OSError:
            pass
    os.close(fd)
    if last is None:
        raise SystemExit("bench.py frame: the program wrote nothing")
    return (last - t0) * 1000, total, (ru.ru_utime + ru.ru_stime) * 1000


def cmd_frame(n, cols, rows, argv):
    ms, cpu, nbytes = [], [], 0
    for _ in range(n):
        t, nbytes, c = one_frame(cols, rows, argv)
        ms.append(t)
        cpu.append(c)
    print("%.1f %.1f %.1f %d %.1f" % (statistics.median(ms), min(ms), max(ms), nbytes,
                                      statistics.median(cpu)))


def unfold(text):
    out = []
    for line in text.splitlines():
        if line.startswith((" ", "\t")) and out:
            out[-1] += line[1:]
        else:
            out.append(line)
    return out


def unescape(v):
    res, i = [], 0
    while i < len(v):
        c = v[i]
        if c == "\\" and i + 1 < len(v):
            nxt = v[i + 1]
            res.append(" " if nxt in "nN" else nxt)
            i += 2
        else:
            res.append(c)
            i += 1
    return "".join(res)


def cmd_apts(ics, out):
    with open(ics, encoding="utf-8") as f:
        lines = unfold(f.read())
    n = 0
    day = summary = None
    with open(out, "w", encoding="utf-8") as w:
        for line in lines:
            if line == "BEGIN:VEVENT":
                day = summary = None
            elif line.startswith("DTSTART;VALUE=DATE:"):
                day = line.split(":", 1)[1]
            elif line.startswith("SUMMARY:"):
                summary = unescape(line.split(":", 1)[1])
            elif line == "END:VEVENT" and day and summary is not None:
                w.write("%s/%s/%s [1] %s\n" % (day[4:6], day[6:8], day[0:4], summary))
                n += 1
    print(n)


def main():
    a = sys.argv[1:]
    if len(a) >= 4 and a[0] == "time":
        cmd_time(int(a[1]), a[2], a[3:])
    elif len(a) >= 5 and a[0] == "frame":
        cmd_frame(int(a[1]), int(a[2]), int(a[3]), a[4:])
    elif len(a) == 3 and a[0] == "apts":
        cmd_apts(a[1], a[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
