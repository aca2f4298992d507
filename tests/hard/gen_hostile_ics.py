#!/usr/bin/python3
# SPDX-License-Identifier: MPL-2.0
# Writes a hostile .ics of about SIZE megabytes (10^6 bytes) in one of several shapes
# to standard output, for the import limits test (ical_limits.sh) and the benchmark
# (tests/bench/run.sh). Shapes beyond a TV_ICAL_MAX_ limit of tavle/ical.h must be
# refused; shapes at the limits must import within 10x the file plus 64 MiB.
# usage: gen_hostile_ics.py SHAPE SIZE_MB
import sys

shape, size = sys.argv[1], int(float(sys.argv[2]) * 1e6)
HEAD = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tavle//hostile//EN\r\n"
TAIL = b"END:VCALENDAR\r\n"
START = b"BEGIN:VEVENT\r\nUID:%s-%d\r\nDTSTART:20270101T100000Z\r\nDTEND:20270101T110000Z\r\nSUMMARY:s\r\n"


def event(i, props=b""):
    return START % (shape.encode(), i) + props + b"END:VEVENT\r\n"


room = size - len(HEAD) - len(TAIL) - 200
if shape == "one-property":      # issue 15: one property repeated in one event
    body = event(0, b"X-A:b\r\n" * (room // 7))
elif shape == "many-components":  # empty events, far more than the component limit
    body = b"BEGIN:VEVENT\r\nEND:VEVENT\r\n" * (room // 24)
elif shape == "long-line":        # one DESCRIPTION line of the whole size
    body = event(0, b"DESCRIPTION:" + b"x" * room + b"\r\n")
elif shape == "folded-line":      # the same, folded into 4-byte continuation lines
    body = event(0, b"DESCRIPTION:x\r\n" + b" y\r\n" * (room // 4))
elif shape == "many-parameters":  # properties of 101 parameters (parsing is quadratic)
    line = b"X-A" + b";P=1" * 101 + b":v\r\n"
    body = event(0, line * min(990, room // len(line)))
elif shape == "many-properties":  # 990 properties an event, events until the size
    line = b"X-A:b\r\n"
    body = b"".join(event(i, line * 990) for i in range(room // (990 * len(line) + 100)))
elif shape == "at-property-limits":  # 100 events of 990 properties filling the size
    per = room // (100 * 990)
    body = b"".join(event(i, (b"X-A:" + b"b" * (per - 6) + b"\r\n") * 990) for i in range(100))
elif shape == "at-component-limits":  # 19,990 events with long descriptions
    per = max(1, (room - 19990 * 104) // 19990)
    body = b"".join(event(i, b"DESCRIPTION:" + b"d" * per + b"\r\n") for i in range(19990))
else:
    sys.exit("unknown shape " + shape)
sys.stdout.buffer.write(HEAD + body + TAIL)
