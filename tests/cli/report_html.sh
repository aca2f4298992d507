#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# tavle report html: the one-page plan. English under C.UTF-8 and LANGUAGE=en, Danish
# under da_DK.UTF-8 (lang attribute, headings, dates); -o writes the same bytes as
# standard output, atomically (a symlink stays a symlink, a failed write leaves the
# old file), "-" is standard output, --paper picks the @page size; hostile text
# written straight into the database (escape sequences, C0/C1 controls, bidi
# overrides, HTML markup and quotes) comes out escaped and inert; nothing in the
# document fetches anything (no script, link, src, href, url(), @import).
# usage: report_html.sh path/to/tavle
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"

TAVLE=${1:?usage: report_html.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
export TAVLE_NOW=2026-12-05T10:00:00Z
sandbox cli-report-html
DB=$T/r.db
TAP_ON_FAIL='diag_file "$T/err" "err: " 5'
run() { # run LOCALE ARGS...
	local loc=$1
	shift
	env -u LANGUAGE LC_ALL="$loc" "$TAVLE" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
has() { if grep -qF -- "$3" "$T/$2"; then ok "$1"; else not_ok "$1" "'$3' not in $2"; fi; }
hasnt() { if grep -qF -- "$3" "$T/$2"; then not_ok "$1" "'$3' in $2"; else ok "$1"; fi; }

run C.UTF-8 init --start 2026-09-01
check "seeding the database" test "$rc" -eq 0

run C.UTF-8 report html
check "report html exits 0" test "$rc" -eq 0
cp "$T/out" "$T/en.html"
has "en: an HTML5 document" en.html "<!DOCTYPE html>"
has "en: lang attribute" en.html '<html lang="en">'
has "en: English headings" en.html ">Timeline</h2>"
has "en: the report date" en.html '<time datetime="2026-12-05">'
has "en: the current phase" en.html "Analyse og forberedelse"
has "en: A4 landscape by default" en.html "size:A4 landscape"
has "en: a CSP that forbids fetching" en.html "default-src 'none'"
for a in org kom data udd; do
	has "en: area $a" en.html "class=\"area area-$a\""
done
n=$(grep -c '<li class="card ' "$T/en.html")
check "en: ten package cards ($n)" test "$n" -eq 10
n=$(grep -c '<rect class="phase"' "$T/en.html")
check "en: four phase bars ($n)" test "$n" -eq 4
for bad in '<script' '<link' 'src=' 'href=' 'url(' '@import' '<img' '<iframe'; do
	hasnt "en: no $bad" en.html "$bad"
done

run C.UTF-8 report html
check "the same board gives the same bytes" cmp -s "$T/out" "$T/en.html"
env -u LC_ALL LANGUAGE=en LANG=da_DK.UTF-8 "$TAVLE" --db "$DB" report html >"$T/out" 2>"$T/err"
has "LANGUAGE=en wins: English" out '<html lang="en">'

run da_DK.UTF-8 report html
cp "$T/out" "$T/da.html"
has "da: lang attribute" da.html '<html lang="da">'
has "da: Danish timeline heading" da.html ">Tidslinje</h2>"
has "da: Danish report date" da.html "5. dec. 2026"
has "da: Danish area name" da.html "Organisatorisk forankring"
has "da: Danish overdue mark" da.html "dage for sent"
hasnt "da: no English heading left" da.html ">Timeline</h2>"
check "da: SVG numbers with a decimal point, not a comma" \
	bash -c '! grep -qE "(x|y|width|cx)=\"[0-9]+,[0-9]" "$1"' _ "$T/da.html"

# -o: the same bytes, atomically
run C.UTF-8 report html -o "$T/plan.html"
check "-o exits 0" test "$rc" -eq 0
check "-o writes the bytes standard output gets" cmp -s "$T/plan.html" "$T/en.html"
check "-o prints nothing on standard output" test ! -s "$T/out"
run C.UTF-8 report html -o -
check "-o - is standard output" cmp -s "$T/out" "$T/en.html"
echo old >"$T/real.html"
ln -s real.html "$T/link.html"
run C.UTF-8 report html -o "$T/link.html"
check "-o through a symlink: the link stays" test -L "$T/link.html"
check "-o through a symlink: the target is replaced" cmp -s "$T/real.html" "$T/en.html"
run C.UTF-8 report html -o "$T/missing/plan.html"
check "-o into a missing directory fails" test "$rc" -ne 0
has "the failure names the path" err "missing"
run C.UTF-8 report html -o ""
check "-o '' is a usage error (exit 2)" test "$rc" -eq 2
run C.UTF-8 report html --paper a3
has "--paper a3" out "size:A3 landscape"
run C.UTF-8 report html --paper letter
check "--paper letter is a usage error (exit 2)" test "$rc" -eq 2
n=$(ls -A "$T" | grep -c 'tavle-' || true)
check "no temporary files left ($n)" test "$n" -eq 0

# hostile text straight into the file, as an attacker with write access would
if ! command -v sqlite3 >/dev/null 2>&1; then
	skip "hostile text" "sqlite3 CLI not installed"
else
	sqlite3 "$DB" "UPDATE packages SET title = '<script>alert(1)</script> & \"q\" ''s' || char(27) || ']0;pwned' || char(7) || char(27) || '[2J' || char(155) || 'X' || char(8238) || 'txet' || char(8294) || 'iso', status = 'blocked', blocked_reason = '<img src=x onerror=alert(1)>' || char(27) || '[31m' WHERE number = 1; UPDATE boards SET authority = 'Ærø <b>&</b>' || char(8207);"
	run C.UTF-8 report html
	cp "$T/out" "$T/hostile.html"
	check "hostile: exits 0" test "$rc" -eq 0
	has "hostile: markup escaped" hostile.html "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;s"
	has "hostile: blocked reason escaped" hostile.html "&lt;img src=x onerror=alert(1)&gt;"
	has "hostile: authority escaped" hostile.html "Ærø &lt;b&gt;&amp;&lt;/b&gt;"
	hasnt "hostile: no script element" hostile.html "<script"
	hasnt "hostile: no img element" hostile.html "<img"
	check "hostile: no ESC, BEL or other C0 control but LF" \
		bash -c '! LC_ALL=C grep -qP "[\x00-\x09\x0b-\x1f\x7f]" "$1"' _ "$T/hostile.html"
	check "hostile: no C1 control (U+0080-009F)" \
		bash -c '! LC_ALL=C.UTF-8 grep -qP "[\x{80}-\x{9f}]" "$1"' _ "$T/hostile.html"
	check "hostile: no bidi control" \
		bash -c '! LC_ALL=C.UTF-8 grep -qP "[\x{202a}-\x{202e}\x{2066}-\x{2069}\x{200e}\x{200f}\x{061c}]" "$1"' _ "$T/hostile.html"
fi

finish
