#!/usr/bin/python3
# SPDX-License-Identifier: MPL-2.0
"""Conformance check with khal (Debian 12: 0.10.5), a vdir-based calendar.

Each VEVENT file from gen_export is imported twice into a fresh calendar (temporary
XDG config and data dirs, a temporary vdir): the vdir must hold one .ics per UID (no
duplicates from the second import), and `khal list --once` must show every UID once
with the exact summary and the right local (Europe/Copenhagen) start and end.
Usage: /usr/bin/python3 check_khal.py DIR WORKDIR
"""
import datetime
import json
import os
import subprocess
import sys
from zoneinfo import ZoneInfo

CPH = ZoneInfo("Europe/Copenhagen")
failures = 0


def fail(msg):
    global failures
    print("FAIL  khal: " + msg)
    failures += 1


def local(value, allday, is_end):
    if allday:
        d = datetime.date.fromisoformat(value)
        if is_end:
            d -= datetime.timedelta(days=1)  # khal shows the inclusive last day
        return d.strftime("%Y-%m-%d")
    t = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    return t.astimezone(CPH).strftime("%Y-%m-%d %H:%M")


def khal(env, *args):
    r = subprocess.run(["khal", *args], env=env, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError("khal %s: exit %d: %s" % (" ".join(args), r.returncode, r.stderr.strip()))
    return r.stdout


def check_file(d, work, name, exp):
    root = os.path.join(work, name.replace(".ics", ""))
    vdir = os.path.join(root, "vdir", "tavle")
    os.makedirs(vdir)
    os.makedirs(os.path.join(root, "config", "khal"))
    os.makedirs(os.path.join(root, "data"))
    with open(os.path.join(root, "config", "khal", "config"), "w", encoding="utf-8") as f:
        f.write("[calendars]\n[[tavle]]\npath = %s\ntype = calendar\n"
                "[locale]\ntimeformat = %%H:%%M\ndateformat = %%Y-%%m-%%d\n"
                "longdateformat = %%Y-%%m-%%d\ndatetimeformat = %%Y-%%m-%%d %%H:%%M\n"
                "longdatetimeformat = %%Y-%%m-%%d %%H:%%M\n"
                "local_timezone = Europe/Copenhagen\ndefault_timezone = Europe/Copenhagen\n"
                "[default]\ndefault_calendar = tavle\n" % vdir)
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(root, "config"),
               XDG_DATA_HOME=os.path.join(root, "data"), TZ="Europe/Copenhagen")
    path = os.path.join(d, name)
    before = failures
    try:
        khal(env, "import", "--batch", "-a", "tavle", path)
        n1 = len([f for f in os.listdir(vdir) if f.endswith(".ics")])
        khal(env, "import", "--batch", "-a", "tavle", path)
        n2 = len([f for f in os.listdir(vdir) if f.endswith(".ics")])
        out = khal(env, "list", "--once", "--format", "{uid}|{start}|{end}|{title}",
                   "2020-01-01", "2035-12-31")
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        fail("%s: %s" % (name, e))
        return
    want = len(exp["items"])
    if n1 != want:
        fail("%s: first import made %d files, expected %d" % (name, n1, want))
    if n2 != n1:
        fail("%s: second import changed %d files into %d (duplicates)" % (name, n1, n2))
    seen = {}
    for line in out.splitlines():
        parts = line.split("|", 3)
        if len(parts) == 4:
            seen.setdefault(parts[0], []).append(parts[1:])
    for item in exp["items"]:
        rows = seen.get(item["uid"], [])
        if len(rows) != 1:
            fail("%s: %s listed %d times" % (name, item["uid"], len(rows)))
            continue
        start, end, title = rows[0]
        if title != item["summary"]:
            fail("%s: %s: title %r != %r" % (name, item["uid"], title, item["summary"]))
        ws, we = local(item["start"], item["allday"], False), local(item["end"], item["allday"], True)
        if (start, end) != (ws, we):
            fail("%s: %s: %s..%s != %s..%s" % (name, item["uid"], start, end, ws, we))
    if failures == before:
        print("ok    khal: %s: %d events, imported twice without duplicates" % (name, n2))


def main(d, work):
    with open(os.path.join(d, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    for name, exp in expected.items():
        if not exp["todo"]:  # khal shows no VTODO
            check_file(d, work, name, exp)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
