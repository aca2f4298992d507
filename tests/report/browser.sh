#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The one-page plan in a real browser: Debian's headless Chromium renders the file
# `tavle report html` writes for the default board (a blocked, a doing and a done
# package added). Checks:
#  - the DOM Chromium built (--dump-dom): every package of `tavle list --json` as a
#    card, the four areas, the SVG with one phase bar per phase of `tavle phases
#    --json`, its <title> and <desc>, the table alternative;
#  - nothing was requested: Chromium's own network log (--log-net-log) holds no
#    request the page started (initiator "null", a file page's origin; Chromium's
#    background requests have none and are refused anyway by
#    --host-resolver-rules="MAP * ~NOTFOUND"). A canary page with a stylesheet link,
#    an image and an SVG image proves the check sees what a page fetches;
#  - screenshots at 1400x1000 and 390x844 (a phone) are PNGs of that size;
#  - print to PDF: three A4 landscape pages (the board, the timeline, the lists),
#    each with its heading (pdftotext). (--paper a3's @page is checked by
#    tests/cli/report_html.sh: one Chromium start less, to keep this test short.)
# Skips only when chromium or pdfinfo is not installed (CI installs both:
# tools/debian-packages). usage: browser.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"

TAVLE=${1:?usage: browser.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	skip_all "chromium is not installed (apt-get install chromium; CI installs it)"
fi
if ! command -v pdfinfo >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
	skip_all "pdfinfo/pdftotext are not installed (apt-get install poppler-utils)"
fi
PY=/usr/bin/python3
export TAVLE_NOW=2026-12-05T10:00:00Z
sandbox report-browser
DB=$T/b.db
TAP_ON_FAIL='diag_file "$T/chromium.log" "chromium: " 5'
cli() { env -u LANGUAGE LC_ALL=C.UTF-8 "$TAVLE" --db "$DB" "$@"; }

cli init --start 2026-09-01 >/dev/null 2>&1
cli set 4 status blocked >/dev/null
cli set 4 blocked_reason "Venter på leverandørens testmiljø" >/dev/null
cli set 5 status doing >/dev/null
cli set 9 status done >/dev/null
check "report html -o" cli report html -o "$T/plan.html"

# chromium ARGS... URL: headless, no sandbox (root in CI), its own profile, no DNS
chromium() {
	timeout 60 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --no-first-run \
		--no-default-browser-check --disable-extensions --disable-sync \
		--disable-background-networking --disable-component-update --disable-default-apps \
		--hide-scrollbars --no-pdf-header-footer --user-data-dir="$T/profile" \
		--host-resolver-rules="MAP * ~NOTFOUND" "$@" 2>>"$T/chromium.log"
}
# page_requests NETLOG: the URLs of requests a page started (one a line)
page_requests() {
	$PY - "$1" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
start = d["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
for e in d["events"]:
    p = e.get("params", {})
    if e["type"] == start and "url" in p and p.get("initiator") != "not an origin":
        print(p.get("url"))
PYEOF
}

# the DOM, with the network log of the same load
chromium --log-net-log="$T/net.json" --dump-dom "file://$T/plan.html" >"$T/dom.html"
check "chromium built a DOM" test -s "$T/dom.html"
cli list --json >"$T/list.json"
cli phases --json >"$T/phases.json"
check "the DOM: every package as a card, every area, one phase bar per phase" \
	$PY - "$T/dom.html" "$T/list.json" "$T/phases.json" <<'PYEOF'
import json, sys
from html.parser import HTMLParser
dom, pk, ph = sys.argv[1:4]
pk = json.load(open(pk)); pk = pk["packages"] if isinstance(pk, dict) else pk
ph = json.load(open(ph)); ph = ph["phases"] if isinstance(ph, dict) else ph
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.cards = set(); s.areas = set(); s.bars = 0; s.svg = 0
        s.svg_title = s.svg_desc = False; s.in_svg = False; s.tables = 0
    def handle_starttag(s, tag, a):
        a = dict(a); cls = (a.get("class") or "").split()
        if tag == "li" and "card" in cls: s.cards.add(a.get("id"))
        if tag == "section" and "area" in cls: s.areas.update(c[5:] for c in cls if c.startswith("area-"))
        if tag == "svg": s.svg += 1; s.in_svg = True
        if s.in_svg and tag == "rect" and "phase" in cls: s.bars += 1
        if s.in_svg and tag == "title" and a.get("id") == "tl-title": s.svg_title = True
        if s.in_svg and tag == "desc": s.svg_desc = True
        if tag == "table": s.tables += 1
    def handle_endtag(s, tag):
        if tag == "svg": s.in_svg = False
p = P(); p.feed(open(dom, encoding="utf-8").read())
want = {"pkg-%d" % x["number"] for x in pk}
assert p.cards == want, ("cards", sorted(p.cards ^ want))
assert p.areas == {"org", "kom", "data", "udd"}, p.areas
assert p.svg == 1, ("svg", p.svg)
assert p.bars == len(ph), ("phase bars", p.bars, len(ph))
assert p.svg_title and p.svg_desc, "svg title/desc"
assert p.tables >= 2, "the timeline's tables"
PYEOF
page_requests "$T/net.json" >"$T/requests"
TAP_ON_FAIL='diag_file "$T/requests" "request: " 10'
check "the plan requested nothing (network log: $(wc -l <"$T/requests") page requests)" \
	test ! -s "$T/requests"

TAP_ON_FAIL='diag_file "$T/chromium.log" "chromium: " 5'
# the canary: the same check sees a page that does fetch
printf '<!DOCTYPE html><html><head><link rel="stylesheet" href="https://fonts.canary.invalid/a.css">
</head><body><img src="http://canary.invalid/b.png" alt=""><svg><image href="http://canary.invalid/c.png"/></svg></body></html>\n' >"$T/canary.html"
chromium --log-net-log="$T/canary.json" --dump-dom "file://$T/canary.html" >/dev/null
page_requests "$T/canary.json" >"$T/canary.requests"
check "the network check sees a fetching page's three requests" \
	test "$(grep -c canary.invalid "$T/canary.requests")" -ge 3

# screenshots
png_size() { $PY -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); assert d[:8]==b"\x89PNG\r\n\x1a\n"; print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1"; }
chromium --window-size=1400,1000 --screenshot="$T/wide.png" "file://$T/plan.html" >/dev/null
check "screenshot 1400x1000 ($(png_size "$T/wide.png" 2>/dev/null))" \
	test "$(png_size "$T/wide.png" 2>/dev/null)" = 1400x1000
chromium --window-size=390,844 --screenshot="$T/phone.png" "file://$T/plan.html" >/dev/null
check "screenshot 390x844, a phone ($(png_size "$T/phone.png" 2>/dev/null))" \
	test "$(png_size "$T/phone.png" 2>/dev/null)" = 390x844
if [ -n "${TAVLE_REPORT_SHOTS:-}" ]; then # keep them to look at
	cp "$T/wide.png" "$T/phone.png" "$TAVLE_REPORT_SHOTS/"
fi

# print to PDF
chromium --print-to-pdf="$T/plan.pdf" "file://$T/plan.html" >/dev/null
pdfinfo "$T/plan.pdf" >"$T/pdfinfo" 2>&1
pages=$(awk '/^Pages:/ { print $2 }' "$T/pdfinfo")
check "the PDF has three pages (board, timeline, lists): $pages" test "$pages" = 3
check "A4 landscape pages" grep -q "^Page size: *841.92 x 59[45].[0-9]* pts (A4)" "$T/pdfinfo"
pdftotext -layout "$T/plan.pdf" "$T/plan.txt"
for i in 1 2 3; do
	pdftotext -f $i -l $i "$T/plan.pdf" "$T/page$i.txt"
done
check "page 1: the board" grep -q "Task packages by area" "$T/page1.txt"
check "page 1: the blocked reason" grep -q "Venter på leverandørens testmiljø" "$T/page1.txt"
check "page 2: the timeline" grep -q "^Timeline" "$T/page2.txt"
check "page 3: the lists" grep -q "Needs attention" "$T/page3.txt"

finish
