#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# WebDAV suite (issue 20, status collected up the loop): `tavle report status --json
# --put URL` and `tavle portfolio import URL` against a real Apache 2 with mod_dav
# (apache.sh: 127.0.0.1, a random free port, everything under a temporary directory,
# stopped on exit) and against fake.py's misbehaving or unusual servers. Three authorities upload
# their reports to one folder; a programme database imports the folder and its
# portfolio shows the three with their overdue counts; a second import changes
# nothing. Checked too: the temporary upload name never remains, a wrong password
# (both directions), a missing folder (both), an unreachable server, a half-written
# report in the folder, one over the size limit, a listing cut off mid-answer (with and without Content-Length),
# a listing with absolute-URL, percent-encoded and relative hrefs beside sub-folders
# and other files, a server without MOVE, .netrc credentials (both), the password in no output, and that
# without --put or a URL tavle does not need tavle-helper.
# Installs nothing: CI's .ci/run installs apache2 (tools/debian-packages, [test]).
# usage: run.sh path/to/tavle
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib/tap.sh"
. "$HERE/../lib/sandbox.sh"
. "$HERE/apache.sh"

TAVLE=${1:?usage: run.sh path/to/tavle}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
PY=/usr/bin/python3
FAKE="$PY $HERE/fake.py"

export LC_ALL=C.UTF-8
export TAVLE_NOW=2027-03-01T09:00:00Z
sandbox dav
FPID=
cleanup() {
	apache_stop "$T/apache"
	if [ -n "$FPID" ]; then
		kill "$FPID" 2>/dev/null
		wait "$FPID" 2>/dev/null
	fi
}
at_exit cleanup
cd "$T" || exit 1

TAP_ON_FAIL='diag_file "$T/err" "stderr: " 5; diag_file "$T/out" "stdout: " 5'

if [ ! -x "$APACHE" ] || ! command -v htpasswd >/dev/null; then
	not_ok "apache2 and htpasswd are installed" "Debian package apache2"
	finish
	exit 1
fi

# ---- the server ----
PORT=$($FAKE free-port)
CLOSED=$($FAKE free-port)
PW=s3cr3t-Pässwörd
printf '%s\n' "$PW" >"$T/pw"
printf 'not-the-password\n' >"$T/badpw"
chmod 600 "$T/pw" "$T/badpw"
WWW=$T/apache/www
mkdir -p "$WWW/reports"
# As root, Apache's workers are nobody: they must pass through the sandbox. Where a
# directory on its path is private (a build root whose / is 0700, a TMPDIR of 0700),
# nobody cannot reach it and there is no server to test against: skipped, said so.
if [ "$(id -u)" = 0 ]; then
	chmod 711 "$T"
	if ! setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups test -x "$T" 2>/dev/null; then
		skip_all "Apache's workers (user nobody) cannot reach $T: a directory on its path is private (/ is $(stat -c %a /))"
	fi
fi
if apache_start "$T/apache" "$PORT" alice "$PW"; then
	ok "apache with mod_dav starts on 127.0.0.1:$PORT"
else
	not_ok "apache with mod_dav starts on 127.0.0.1:$PORT"
	diag_file "$T/apache/logs/start.log" "apache: " 20
	diag_file "$T/apache/logs/error.log" "apache: " 20
	finish
	exit 1
fi
BASE=http://127.0.0.1:$PORT
URL=$BASE/reports/

# run DB ARGS...: tavle on database DB, output in $T/out and $T/err, status in $rc; all
# output is kept in $T/all-output (the password must never be in it).
run() {
	local db=$1
	shift
	"$TAVLE" --db "$db" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	cat "$T/out" "$T/err" >>"$T/all-output"
}
expect() {
	local code=$1 desc=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$code" ]; then ok "$desc"; else not_ok "$desc" "exit $rc, expected $code"; fi
}
contains() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else not_ok "$1" "'$3' not in $(basename "$2")"; fi
}
py() {
	local desc=$1 prog=$2 res
	res=$($PY -c "import json,sys
d = json.load(open('$T/out'))
$prog" 2>&1)
	if [ "$res" = ok ]; then ok "$desc"; else not_ok "$desc" "$res"; fi
}
digest() {
	$PY -c "import hashlib,sqlite3,sys
c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
print(hashlib.sha256('\n'.join(c.iterdump()).encode()).hexdigest())" "$1"
}
# The folder on the server: every name (hidden ones too) and its content's digest.
folder_state() {
	(cd "$WWW/reports" && for f in $(ls -A); do printf '%s %s\n' "$f" "$(sha256sum <"$f")"; done)
}
# refused CODE DESCRIPTION WORDS DB ARGS...: exit CODE, stderr says WORDS, DB unchanged.
refused() {
	local code=$1 desc=$2 words=$3 db=$4 before
	shift 4
	before=$(digest "$db")
	run "$db" "$@"
	if [ "$rc" -ne "$code" ]; then not_ok "$desc" "exit $rc, expected $code"
	elif ! grep -qF -- "$words" "$T/err"; then not_ok "$desc" "stderr lacks '$words'"
	elif [ "$(digest "$db")" != "$before" ]; then not_ok "$desc" "database changed"
	else ok "$desc"; fi
}

# ---- three authorities, three databases (as tests/cli/portfolio_import.sh) ----
A=$T/aabenraa.db B=$T/region.db C=$T/skat.db P=$T/programme.db
expect 0 "init A" "$A" init --name Opstart --authority "Aabenraa Kommune" \
	--start 2027-03-01 --cvr 29180008
expect 0 "init B" "$B" init --name "Region M" --authority "Region Midtjylland" \
	--sector region --start 2027-03-01 --cvr 29180016
expect 0 "init C" "$C" init --name Skat --authority Skattestyrelsen --sector state \
	--start 2027-03-01 --cvr 29180024
# Overdue on 2027-03-01: A packages 1 and 2 (9 days each), B package 3 (4 days).
expect 0 "A: package 1 late" "$A" set 1 deadline 2027-02-20
expect 0 "A: package 2 late" "$A" set 2 deadline 2027-02-20
expect 0 "B: package 3 late" "$B" set 3 deadline 2027-02-25

# ---- without --put and without a URL, tavle runs the command itself ----
mkdir -p "$T/files"
TAVLE_EXEC_PATH=$T/nowhere run "$A" report status --json -o "$T/files/A.json"
if [ "$rc" -eq 0 ] && [ -s "$T/files/A.json" ]; then ok "report status without --put needs no tavle-helper"
else not_ok "report status without --put needs no tavle-helper" "exit $rc"; fi
TAVLE_EXEC_PATH=$T/nowhere run "$P" portfolio import "$T/files/A.json"
if [ "$rc" -eq 0 ]; then ok "portfolio import of a file needs no tavle-helper"
else not_ok "portfolio import of a file needs no tavle-helper" "exit $rc"; fi
rm -f "$P" "$P"-*
TAVLE_EXEC_PATH=$T/nowhere run "$A" report status --json --put "$URL"
if [ "$rc" -eq 1 ] && grep -qF "tavle-helper" "$T/err"; then ok "--put runs in tavle-helper"
else not_ok "--put runs in tavle-helper" "exit $rc"; fi

# ---- upload: PUT to a temporary name, then MOVE ----
for x in A B C; do
	db=${!x}
	expect 0 "$x: report status --json --put the folder" "$db" report status --json \
		--put "$URL" --user alice --password-file "$T/pw"
done
contains "... says where it went" "$T/out" \
	"uploaded the report of Skattestyrelsen (CVR 29180024) to $URL""29180024.json"
names=$(cd "$WWW/reports" && ls -A | tr '\n' ' ')
if [ "$names" = "29180008.json 29180016.json 29180024.json " ]; then
	ok "the folder holds CVR.json for each, no temporary name"
else not_ok "the folder holds CVR.json for each, no temporary name" "$names"; fi
run "$A" report status --json
if cmp -s "$T/out" "$WWW/reports/29180008.json"; then ok "the uploaded report is the whole report"
else not_ok "the uploaded report is the whole report"; fi

# ---- import the folder ----
expect 0 "portfolio import URL into a new programme database" "$P" portfolio import \
	"$URL" --user alice --password-file "$T/pw"
contains "... names the report's URL" "$T/out" \
	"${URL}29180008.json: imported the report of Aabenraa Kommune (CVR 29180008)"
contains "... the counts" "$T/out" "3 imported, 0 replaced, 0 ignored, 0 refused"
expect 0 "portfolio --json" "$P" portfolio --json
cp "$T/out" "$T/portfolio-1.json"
py "three authorities, reported, with their overdue counts" "
a = {x['authority']: x for x in d['authority_status']}
want = {'Aabenraa Kommune': ('29180008', 2, 18), 'Region Midtjylland': ('29180016', 1, 4),
	'Skattestyrelsen': ('29180024', 0, 0)}
got = {k: (v['cvr'], v['overdue'], v['days_late']) for k, v in a.items()}
assert got == want, got
assert all(v['reported'] and v['reported_at'] == '2027-03-01T09:00:00Z' and not v['stale']
	for v in a.values()), a
assert d['boards'] == 0 and d['reported_boards'] == 3, d
print('ok')"
before=$(digest "$P")
expect 0 "a second import" "$P" portfolio import "$URL" --user alice --password-file "$T/pw"
contains "... ignores all three" "$T/out" "0 imported, 0 replaced, 3 ignored, 0 refused"
run "$P" portfolio --json
if cmp -s "$T/out" "$T/portfolio-1.json" && [ "$(digest "$P")" = "$before" ]; then
	ok "... changes nothing (portfolio --json identical, database unchanged)"
else not_ok "... changes nothing (portfolio --json identical, database unchanged)"; fi

# ---- wrong password, both directions ----
server_before=$(folder_state)
export TAVLE_NOW=2027-03-02T09:00:00Z
expect 1 "put with a wrong password fails" "$A" report status --json --put "$URL" \
	--user alice --password-file "$T/badpw"
contains "... names HTTP 401, the user and the URL" "$T/err" \
	"the server refused the credentials for alice at ${URL}29180008.json (HTTP 401)"
if [ "$(folder_state)" = "$server_before" ]; then ok "... nothing written on the server"
else not_ok "... nothing written on the server" "$(folder_state)"; fi
refused 2 "import with a wrong password is refused" \
	"the server refused the credentials for alice at $URL (HTTP 401)" "$P" \
	portfolio import "$URL" --user alice --password-file "$T/badpw"
refused 2 "import without credentials: asks for them" "HTTP 401" "$P" portfolio import "$URL"

# ---- a missing folder, both directions ----
expect 2 "put into a missing folder fails" "$A" report status --json \
	--put "$BASE/nope/" --user alice --password-file "$T/pw"
contains "... says the folder does not exist" "$T/err" \
	"the folder $BASE/nope/ does not exist on the server"
refused 2 "import of a missing folder is refused" \
	"the folder $BASE/nope/ does not exist on the server" "$P" \
	portfolio import "$BASE/nope/" --user alice --password-file "$T/pw"
if [ -z "$(ls -A "$WWW" | grep -v '^reports$')" ] && [ "$(folder_state)" = "$server_before" ]; then
	ok "... nothing written on the server"
else not_ok "... nothing written on the server"; fi

# ---- unreachable ----
expect 1 "put to a server that is not there fails" "$A" report status --json \
	--put "http://127.0.0.1:$CLOSED/reports/" --user alice --password-file "$T/pw"
contains "... cannot connect" "$T/err" "cannot connect to http://127.0.0.1:$CLOSED/reports/"
refused 2 "import from a server that is not there is refused" \
	"cannot connect to http://127.0.0.1:$CLOSED/reports/" "$P" \
	portfolio import "http://127.0.0.1:$CLOSED/reports/"

# ---- a board without a CVR cannot go into a folder ----
expect 0 "init D without a CVR" "$T/d.db" init --name D --authority "Dragør Kommune" \
	--start 2027-03-01
expect 2 "put of a report without a CVR into a folder is refused" "$T/d.db" report status \
	--json --put "$URL" --user alice --password-file "$T/pw"
contains "... says why" "$T/err" "the board has no CVR number"
expect 2 "--put without --json is refused" "$A" report status --put "$URL"

# ---- a half-written report in the folder ----
size=$(stat -c %s "$WWW/reports/29180008.json")
head -c $((size / 2)) "$WWW/reports/29180008.json" >"$WWW/reports/29180032.json"
chmod 644 "$WWW/reports/29180032.json"
P2=$T/programme2.db
expect 1 "import of a folder with a half-written report: the others imported, exit 1" \
	"$P2" portfolio import "$URL" --user alice --password-file "$T/pw"
contains "... refused with the reason" "$T/err" \
	"${URL}29180032.json: refused: not a status report: not a complete JSON object"
contains "... the counts" "$T/out" "3 imported, 0 replaced, 0 ignored, 1 refused"
rm -f "$WWW/reports/29180032.json"
# Over the file import's limit (16 MB): refused, the download stopped there.
$PY -c "import sys; open(sys.argv[1], 'w').write('{\"pad\": \"' + 'x' * (17 << 20) + '\"}')" \
	"$WWW/reports/29180067.json"
chmod 644 "$WWW/reports/29180067.json"
expect 1 "import of a folder with an oversized report: the others imported, exit 1" \
	"$T/programme5.db" portfolio import "$URL" --user alice --password-file "$T/pw"
contains "... refused for its size" "$T/err" \
	"${URL}29180067.json: refused: the file is larger than 16777216 bytes"
rm -f "$WWW/reports/29180067.json"

# ---- a server that stops in the middle of its listing ----
FPORT=$($FAKE free-port)
edit() { $PY -c "import json,sys
r = json.load(open(sys.argv[1])); r['board']['cvr'] = '29180040'; r['board']['authority'] = 'Fake'
json.dump(r, open(sys.argv[2], 'w'))" "$@"; }
edit "$T/files/A.json" "$T/fake-report.json"
: >"$T/fake.log"
$FAKE serve "$FPORT" "$T/fake-report.json" "$T/fake.log" 2>"$T/fake.err" &
FPID=$!
for _ in $(seq 1 100); do
	$PY -c "import socket; socket.create_connection(('127.0.0.1', $FPORT), 1)" 2>/dev/null && break
	sleep 0.1
done
FAKEURL=http://127.0.0.1:$FPORT
refused 2 "a listing cut off (Content-Length not reached) is refused" \
	"the server stopped in the middle of its answer" "$P" portfolio import "$FAKEURL/cut/"
refused 2 "a listing cut off (connection closed) is refused" \
	"is not a complete WebDAV multistatus" "$P" portfolio import "$FAKEURL/eof/"
if grep -q '^GET' "$T/fake.log"; then not_ok "... nothing of the half listing was read" "$(cat "$T/fake.log")"
else ok "... nothing of the half listing was read"; fi
P3=$T/programme3.db
expect 1 "a cut-off folder beside a good one: the good one imported, exit 1" "$P3" \
	portfolio import "$FAKEURL/cut/" "$URL" --user alice --password-file "$T/pw"
contains "... the counts" "$T/out" "3 imported, 0 replaced, 0 ignored, 1 refused"

# ---- a listing in other forms: absolute URLs, percent-encoding, relative hrefs ----
: >"$T/fake.log"
P4=$T/programme4.db
expect 0 "import of a listing with absolute-URL, encoded and relative hrefs" "$P4" \
	portfolio import "$FAKEURL/odd/"
contains "... the counts" "$T/out" "2 imported, 0 replaced, 0 ignored, 0 refused"
# (libcurl writes the escapes in lower case; either is the same URL)
if grep -qiF "$FAKEURL/odd/r%C3%A5d%20a.json: imported" "$T/out"; then
	ok "... names the report's URL, encoded"
else not_ok "... names the report's URL, encoded"; fi
got=$(sed -n 's/^GET \(.*\) 200$/\1/p' "$T/fake.log" | sort | tr '\n' '|')
if [ "$got" = "/odd/b.json|/odd/råd a.json|" ]; then
	ok "... read only the two reports (no sub-folder, other or hidden file)"
else not_ok "... read only the two reports (no sub-folder, other or hidden file)" "$got"; fi

# ---- a server without MOVE: a plain PUT, with a warning ----
: >"$T/fake.log"
expect 0 "put to a server without MOVE" "$A" report status --json --put "$FAKEURL/nomove/A.json"
contains "... warns that it was written in place" "$T/err" "does not support MOVE"
if grep -q '^PUT /nomove/\.A\.json\.tmp-' "$T/fake.log" && grep -q '^MOVE .* 405' "$T/fake.log" &&
	grep -q '^DELETE /nomove/\.A\.json\.tmp-.* 204' "$T/fake.log" &&
	grep -q '^PUT /nomove/A\.json 201' "$T/fake.log"; then
	ok "... tried the temporary name and MOVE, deleted it, then PUT in place"
else not_ok "... tried the temporary name and MOVE, deleted it, then PUT in place" "$(cat "$T/fake.log")"; fi

# ---- .netrc, both directions ----
printf 'machine 127.0.0.1\nlogin alice\npassword %s\n' "$PW" >"$T/netrc"
chmod 600 "$T/netrc"
export NETRC=$T/netrc
export TAVLE_NOW=2027-03-08T09:00:00Z
expect 0 "B: package 3 done a week later" "$B" set 3 status done
printf 'machine 127.0.0.1\nlogin alice\npassword wrong\n' >"$T/badnetrc"
chmod 600 "$T/badnetrc"
NETRC=$T/badnetrc run "$B" report status --json --put "$URL"
if [ "$rc" -eq 1 ] && grep -qF "HTTP 401); check the entry for this host in $T/badnetrc" "$T/err"; then
	ok "a wrong .netrc password: the message names the file"
else not_ok "a wrong .netrc password: the message names the file" "exit $rc"; fi
expect 0 "put with .netrc credentials" "$B" report status --json --put "$URL"
expect 0 "import with .netrc credentials" "$P" portfolio import "$URL"
contains "... B's newer report replaces the older" "$T/out" \
	"the report of Region Midtjylland (CVR 29180016) of 2027-03-08T09:00:00Z replaces"
run "$P" portfolio --json
py "... B now has no overdue package" "
a = {x['cvr']: x['overdue'] for x in d['authority_status']}
print('ok' if a == {'29180008': 2, '29180016': 0, '29180024': 0} else a)"
# A file URL (not a folder) is the file itself.
expect 0 "put to a file URL" "$C" report status --json --put "${URL}skat.json"
unset NETRC

# ---- afterwards ----
hidden=$(cd "$WWW/reports" && ls -A | grep '^\.' | tr '\n' ' ')
if [ -z "$hidden" ]; then ok "no temporary upload name remains on the server"
else not_ok "no temporary upload name remains on the server" "$hidden"; fi
if grep -qF -- "$PW" "$T/all-output"; then not_ok "the password is in no output"
else ok "the password is in no output"; fi
[ "$TAP_FAILED" -eq 0 ] || diag_file "$T/apache/logs/error.log" "apache: " 20
finish
