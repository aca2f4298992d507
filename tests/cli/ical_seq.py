#!/usr/bin/python3
# SPDX-License-Identifier: MPL-2.0
# Compare two exports of the same calendar (issue 17 items 9 and 10), read with
# python3-icalendar, an independent parser:
#   ical_seq.py changed BEFORE AFTER   every UID in both whose text or dates differ has a
#       higher SEQUENCE and a later-or-equal LAST-MODIFIED; no UID's SEQUENCE went down;
#       prints the number of changed UIDs
#   ical_seq.py kept BEFORE AFTER      as changed, and every UID of BEFORE is in AFTER
#   ical_seq.py cancelled BEFORE AFTER every UID of BEFORE is in AFTER as
#       STATUS:CANCELLED with a higher SEQUENCE; prints how many
#   ical_seq.py live BEFORE AFTER ONLY every UID of ONLY (a third export) is in AFTER, not
#       cancelled, with a higher SEQUENCE than in BEFORE; prints how many
# Exit 1 with one line per problem otherwise.
import sys

import icalendar

CONTENT = ("SUMMARY", "DESCRIPTION", "LOCATION", "DTSTART", "DTEND", "DUE", "STATUS",
           "CATEGORIES", "URL")


def items(path):
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    out = {}
    for c in cal.walk():
        if c.name not in ("VEVENT", "VTODO"):
            continue
        uid = str(c["UID"])
        text = tuple(c[k].to_ical() if hasattr(c.get(k), "to_ical") else
                     str(c.get(k)) for k in CONTENT)
        out[uid] = (int(c.get("SEQUENCE", 0)), c["LAST-MODIFIED"].dt,
                    str(c.get("STATUS", "")), text)
    return out


def main():
    mode, before, after = sys.argv[1], items(sys.argv[2]), items(sys.argv[3])
    only = items(sys.argv[4]) if len(sys.argv) > 4 else before
    bad, count = [], 0
    for uid, (seq, lm, status, text) in before.items():
        if uid not in only:
            continue
        if uid not in after:
            if mode != "changed":
                bad.append("%s: missing after" % uid)
            continue
        seq2, lm2, status2, text2 = after[uid]
        if seq2 < seq:
            bad.append("%s: SEQUENCE went down %d -> %d" % (uid, seq, seq2))
        if mode in ("changed", "kept"):
            if text2 != text:
                count += 1
                if seq2 <= seq:
                    bad.append("%s: content changed, SEQUENCE %d -> %d" % (uid, seq, seq2))
                if lm2 < lm:
                    bad.append("%s: content changed, LAST-MODIFIED %s -> %s" % (uid, lm, lm2))
            continue
        want_cancel = mode == "cancelled"
        if (status2 == "CANCELLED") != want_cancel:
            bad.append("%s: STATUS %s" % (uid, status2 or "(none)"))
        if seq2 <= seq:
            bad.append("%s: SEQUENCE %d -> %d" % (uid, seq, seq2))
        if lm2 < lm:
            bad.append("%s: LAST-MODIFIED %s -> %s" % (uid, lm, lm2))
        count += 1
    for line in bad[:20]:
        print(line)
    if bad:
        print("%d problem(s)" % len(bad))
        return 1
    print(count)
    return 0


sys.exit(main())
