#!/usr/bin/python3
# SPDX-License-Identifier: MPL-2.0
"""Conformance check with calcurse's importer (Debian 12: 4.7.1).

calcurse exits 0 even when it imports nothing, so the check reads its report line
("N apps / N events / N todos / N skipped"): everything must be imported and nothing
skipped. Then every summary must appear in the data file with the right local start
(TZ=Europe/Copenhagen; calcurse stores local wall-clock times).
Usage: /usr/bin/python3 check_calcurse.py DIR WORKDIR
"""
import datetime
import json
import os
import re
import subprocess
import sys
from zoneinfo import ZoneInfo

CPH = ZoneInfo("Europe/Copenhagen")
REPORT = re.compile(r"(\d+) apps? / (\d+) events? / (\d+) todos? / (\d+) skipped")
failures = 0


def fail(msg):
    global failures
    print("FAIL  calcurse: " + msg)
    failures += 1


def start_key(item):
    """The date and time prefix calcurse writes for the item's start."""
    if item["allday"]:
        return datetime.date.fromisoformat(item["start"]).strftime("%m/%d/%Y [")
    t = datetime.datetime.strptime(item["start"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    return t.astimezone(CPH).strftime("%m/%d/%Y @ %H:%M ->")


def check_file(d, work, name, exp):
    data = os.path.join(work, name.replace(".ics", ""))
    os.makedirs(data)
    env = dict(os.environ, TZ="Europe/Copenhagen")
    try:
        r = subprocess.run(["calcurse", "-D", data, "-i", os.path.join(d, name)], env=env,
                           capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        fail("%s: timed out" % name)
        return
    m = REPORT.search(r.stdout + r.stderr)
    if r.returncode != 0 or not m:
        fail("%s: exit %d, no report line: %s" % (name, r.returncode, (r.stdout + r.stderr).strip()))
        return
    apps, events, todos, skipped = (int(x) for x in m.groups())
    want = len(exp["items"])
    before = failures
    got = todos if exp["todo"] else apps + events
    if got != want or skipped != 0:
        fail("%s: report %r, expected %d %s and 0 skipped" % (name, m.group(0), want,
             "todos" if exp["todo"] else "apps+events"))
    path = os.path.join(data, "todo" if exp["todo"] else "apts")
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for item in exp["items"]:
        summary = item["summary"]
        hits = [ln for ln in lines if ln.endswith(summary)]
        if not exp["todo"]:
            hits = [ln for ln in hits if ln.startswith(start_key(item))]
        if len(hits) < 1:
            fail("%s: %s: no entry %r starting %s" % (name, item["uid"], summary,
                 "" if exp["todo"] else start_key(item)))
    if failures == before:
        print("ok    calcurse: %s: %s" % (name, m.group(0)))


def main(d, work):
    with open(os.path.join(d, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    for name, exp in expected.items():
        check_file(d, work, name, exp)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
