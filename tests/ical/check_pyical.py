#!/usr/bin/python3
# SPDX-License-Identifier: MPL-2.0
"""Conformance check with python3-icalendar (Debian 12: 4.0.3).

Every file written by gen_export must parse, and each item must read as expected.json
says: count, UID, summary, all-day dates with the exclusive end, timed instants in
UTC with a resolved zone (tzinfo set, not floating). Texts with a backslash directly
before ',' or ';' are not compared: icalendar 4.0.3 drops that backslash (its #1008).
Usage: /usr/bin/python3 check_pyical.py DIR
"""
import datetime
import json
import os
import re
import sys

import icalendar

failures = 0


def fail(msg):
    global failures
    print("FAIL  python-icalendar: " + msg)
    failures += 1


def time_string(v):
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            return None  # floating
        return v.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return v.strftime("%Y-%m-%d")


def comparable(text):
    return re.search(r"\\[,;]", text) is None


def main(d):
    with open(os.path.join(d, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    for name, exp in expected.items():
        with open(os.path.join(d, name), "rb") as f:
            data = f.read()
        try:
            cal = icalendar.Calendar.from_ical(data)
        except Exception as e:  # noqa: BLE001 - any parser failure is a finding
            fail("%s: parse error %s" % (name, e))
            continue
        kind = "VTODO" if exp["todo"] else "VEVENT"
        items = list(cal.walk(kind))
        before = failures
        if len(items) != len(exp["items"]):
            fail("%s: %d %s, expected %d" % (name, len(items), kind, len(exp["items"])))
        if not list(cal.walk("VTIMEZONE")):
            fail("%s: no VTIMEZONE" % name)
        by_uid = {str(c.get("UID")): c for c in items}
        for want in exp["items"]:
            c = by_uid.get(want["uid"])
            if c is None:
                fail("%s: no item with UID %s" % (name, want["uid"]))
                continue
            summary = str(c.get("SUMMARY"))
            if comparable(want["summary"]) and summary != want["summary"]:
                fail("%s: %s: summary %r != %r" % (name, want["uid"], summary, want["summary"]))
            for p in ("SUMMARY", "DESCRIPTION", "LOCATION"):
                v = c.get(p)
                if v is not None and re.search(r"[\r\x00-\x08\x0b-\x1f]", str(v)):
                    fail("%s: %s: control character in %s" % (name, want["uid"], p))
            cancelled = str(c.get("STATUS", "")) == "CANCELLED"
            if cancelled != want["cancelled"]:
                fail("%s: %s: cancelled %s" % (name, want["uid"], cancelled))
            start_prop = "DUE" if exp["todo"] else "DTSTART"
            start = c.get(start_prop)
            if start is None:
                fail("%s: %s: no %s" % (name, want["uid"], start_prop))
                continue
            s = time_string(start.dt)
            is_date = not isinstance(start.dt, datetime.datetime)
            if is_date != want["allday"]:
                fail("%s: %s: all-day %s" % (name, want["uid"], is_date))
            if s is None:
                fail("%s: %s: %s is floating" % (name, want["uid"], start_prop))
            elif s != want["start"]:
                fail("%s: %s: %s %s != %s" % (name, want["uid"], start_prop, s, want["start"]))
            if not exp["todo"]:
                end = c.get("DTEND")
                e = time_string(end.dt) if end is not None else None
                if e != want["end"]:
                    fail("%s: %s: DTEND %s != %s" % (name, want["uid"], e, want["end"]))
        if failures == before:
            print("ok    python-icalendar: %s: %d %ss as expected" % (name, len(items), kind))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
