#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# CalDAV suite: `tavle publish` against a real Radicale server on 127.0.0.1 (random free
# port, temporary storage and plain-text htpasswd user, stopped on exit). Publishes a
# board, re-publishes unchanged, edits and removes a package, reads the collection back
# with an independent client (dav.py) and compares it with `tavle export ics`; checks a
# conflict made by another client, wrong password, unreachable server, a collection
# that is not a calendar, .netrc, a server answering in another XML dialect (dav.py
# fake-server), and that the password never appears in any output.
# Installs nothing: CI's .ci/run installs radicale.
# usage: run.sh path/to/tavle [path/to/publish_driver]
set -u

TAVLE=${1:?usage: run.sh path/to/tavle [publish_driver]}
DRIVER=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
DAV="$PY $HERE/dav.py"

export LC_ALL=C.UTF-8
unset TAVLE_DB XDG_DATA_HOME SOURCE_DATE_EPOCH SUDO_USER NETRC
T=$(mktemp -d "${TMPDIR:-/tmp}/tavle-caldav.XXXXXX")
RPID=
FPID=
cleanup() {
	for pid in $RPID $FPID; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT
export HOME=$T/home
mkdir -p "$HOME"
DB=$T/a.db

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*"
	if [ -s "$T/err" ]; then sed 's/^/  stderr: /' "$T/err" | head -5; fi
	if [ -s "$T/out" ]; then grep -v '^unchanged ' "$T/out" | sed 's/^/  stdout: /' | head -8; fi
}

if ! $PY -c 'import radicale' 2>/dev/null; then
	echo "radicale is not installed (Debian package radicale)"
	echo "0 passed, 1 failed"
	exit 1
fi

# ---- the server ----
PORT=$($DAV free-port)
CLOSED=$($DAV free-port)
PW=s3cr3t-Pässwörd
printf 'alice:%s\n' "$PW" >"$T/users"
printf '%s\n' "$PW" >"$T/pw"
printf 'not-the-password\n' >"$T/badpw"
chmod 600 "$T/pw" "$T/badpw"
cat >"$T/radicale.conf" <<EOF
[server]
hosts = 127.0.0.1:$PORT
[auth]
type = htpasswd
htpasswd_filename = $T/users
htpasswd_encryption = plain
delay = 0
[storage]
filesystem_folder = $T/collections
[web]
type = none
[logging]
level = warning
EOF
$PY -m radicale --config "$T/radicale.conf" >"$T/radicale.log" 2>&1 &
RPID=$!
for _ in $(seq 1 100); do
	$PY -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null && break
	sleep 0.1
done
BASE=http://127.0.0.1:$PORT
URL=$BASE/alice/tavle/
if ! $DAV mkcalendar "$URL" alice "$PW" 2>"$T/err"; then
	bad "radicale did not start or MKCALENDAR failed"
	cat "$T/radicale.log"
	echo "$pass passed, $fail failed"
	exit 1
fi

# ---- helpers ----
if "$TAVLE" publish --help >/dev/null 2>&1; then
	USE_CLI=1
elif [ -n "$DRIVER" ]; then
	USE_CLI=0
else
	echo "tavle has no publish command and no driver was given"
	echo "0 passed, 1 failed"
	exit 1
fi

# publish URL [--user U] [--password-file F]: stdout $T/out, stderr $T/err, status $rc.
publish() {
	local url=$1 user= pwfile=
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--user) user=$2; shift 2 ;;
		--password-file) pwfile=$2; shift 2 ;;
		*) echo "publish: bad test argument $1"; exit 1 ;;
		esac
	done
	if [ "$USE_CLI" = 1 ]; then
		local args=("$TAVLE" --db "$DB" publish "$url")
		[ -n "$user" ] && args+=(--user "$user")
		[ -n "$pwfile" ] && args+=(--password-file "$pwfile")
		"${args[@]}" >"$T/out" 2>"$T/err"
	else
		"$DRIVER" "$DB" "$url" "$user" "${pwfile:-$T/none}" >"$T/out" 2>"$T/err"
	fi
	rc=$?
	cat "$T/out" "$T/err" >>"$T/all-output"
}

# count NAME: the number before NAME in the summary line of the last publish.
count() {
	grep -Eo "[0-9]+ $1" "$T/out" | tail -1 | cut -d' ' -f1
}

# expect_counts DESCRIPTION CREATED UPDATED DELETED UNCHANGED [CONFLICTS]
expect_counts() {
	local d=$1 c u x n k=${6:-0}
	c=$(count created) u=$(count updated) x=$(count deleted) n=$(count unchanged)
	local got="$c/$u/$x/$n/$(count conflicts)"
	if [ "$got" = "$2/$3/$4/$5/$k" ]; then ok; else bad "$d: counts $got, wanted $2/$3/$4/$5/$k"; fi
}

export_uids() {
	"$TAVLE" --db "$DB" export ics -o "$T/$1.ics" >/dev/null 2>&1 ||
		"$TAVLE" --db "$DB" export ics >"$T/$1.ics" 2>/dev/null
	$DAV export-uids "$T/$1.ics" >"$T/$1.uids"
}

# server_matches DESCRIPTION: the server holds exactly the board's exported UIDs.
server_matches() {
	export_uids now
	if ! $DAV uids "$URL" alice "$PW" >"$T/server.uids" 2>"$T/err"; then
		bad "$1: reading the collection back"
		return
	fi
	if cmp -s "$T/now.uids" "$T/server.uids"; then ok; else
		bad "$1: server UIDs differ from the export"
		diff "$T/now.uids" "$T/server.uids" | head -5
	fi
}

# server_text: every resource's calendar data, unfolded.
server_text() {
	"$PY" -c "
import sys; sys.path.insert(0, '$HERE'); import dav
for h, d, e in dav.listing('$URL', 'alice', sys.argv[1]): print(dav.unfold(d))" "$PW"
}

# ---- the board ----
"$TAVLE" --db "$DB" init >/dev/null 2>"$T/err" || bad "init"

# First publish: everything created.
export_uids first
n_first=$(wc -l <"$T/first.uids")
[ "$n_first" -gt 20 ] && ok || bad "the template board exports only $n_first items"
publish "$URL" --user alice --password-file "$T/pw"
[ $rc = 0 ] && ok || bad "first publish exit $rc"
expect_counts "first publish" "$n_first" 0 0 0
server_matches "after the first publish"

# Again: nothing sent.
publish "$URL" --user alice --password-file "$T/pw"
[ $rc = 0 ] && ok || bad "second publish exit $rc"
expect_counts "unchanged publish" 0 0 0 "$n_first"

# Edit a package: exactly the items whose content changed are updated.
cp "$T/first.ics" "$T/before-edit.ics"
"$TAVLE" --db "$DB" set 1 title "Opstart – ny titel" >/dev/null 2>"$T/err" || bad "set title"
export_uids edited
$DAV changed "$T/before-edit.ics" "$T/edited.ics" >"$T/changed.uids"
n_changed=$(grep -c . "$T/changed.uids")
[ "$n_changed" -ge 1 ] && ok || bad "the edit changed no exported item"
publish "$URL" --user alice --password-file "$T/pw"
[ $rc = 0 ] && ok || bad "publish after edit exit $rc"
expect_counts "publish after edit" 0 "$n_changed" 0 $((n_first - n_changed))
server_text >"$T/server.txt"
grep -q "Opstart – ny titel" "$T/server.txt" && ok || bad "the new title is not on the server"

# Remove a package: its items are deleted on the server.
"$TAVLE" --db "$DB" rm package 3 >/dev/null 2>"$T/err" || bad "rm package 3"
export_uids removed
n_gone=$(comm -23 "$T/edited.uids" "$T/removed.uids" | grep -c .)
[ "$n_gone" -ge 1 ] && ok || bad "removing package 3 removed no exported item"
publish "$URL" --user alice --password-file "$T/pw"
[ $rc = 0 ] && ok || bad "publish after rm exit $rc"
n_left=$(wc -l <"$T/removed.uids")
expect_counts "publish after rm" 0 0 "$n_gone" "$n_left"
server_matches "after removing a package"

# Another client changes an item on the server, then tavle changes it too: conflict,
# the other client's version stays, the rest is published, exit 1.
"$TAVLE" --db "$DB" set 2 title "Ledelse – ændret" >/dev/null 2>"$T/err" || bad "set 2 title"
export_uids edited2
$DAV changed "$T/removed.ics" "$T/edited2.ics" >"$T/changed2.uids"
n_changed2=$(grep -c . "$T/changed2.uids")
victim=$(grep '^pkg-' "$T/changed2.uids" | head -1)
[ -n "$victim" ] && ok || bad "package 2's deadline did not change"
if $DAV tamper "$URL" alice "$PW" "$victim" 2>"$T/err"; then ok; else bad "tamper"; fi
publish "$URL" --user alice --password-file "$T/pw"
[ $rc = 1 ] && ok || bad "publish with a conflict exit $rc, wanted 1"
expect_counts "publish with a conflict" 0 $((n_changed2 - 1)) 0 $((n_left - n_changed2)) 1
grep -q "$victim" "$T/out" "$T/err" && ok || bad "the conflict does not name $victim"
server_text >"$T/server.txt"
grep -q "Changed elsewhere" "$T/server.txt" && ok || bad "the other client's change was overwritten"

# Wrong password: clear message, exit 1.
publish "$URL" --user alice --password-file "$T/badpw"
[ $rc = 1 ] && ok || bad "wrong password exit $rc"
want="publish: the server refused the credentials for alice at $URL (HTTP 401)"
grep -qF "$want" "$T/err" && ok || bad "wrong password message (wanted: $want)"

# Unreachable server (a closed port): clear message, exit 1.
publish "http://127.0.0.1:$CLOSED/alice/tavle/" --user alice --password-file "$T/pw"
[ $rc = 1 ] && ok || bad "unreachable exit $rc"
grep -qF "publish: cannot connect to http://127.0.0.1:$CLOSED/alice/tavle/: " "$T/err" && ok ||
	bad "unreachable message"

# Not a calendar collection (the user's home collection).
publish "$BASE/alice/" --user alice --password-file "$T/pw"
[ $rc != 0 ] && ok || bad "non-calendar exit 0"
grep -q "is not a CalDAV calendar collection" "$T/err" && ok || bad "non-calendar message"

# A collection that does not exist.
publish "$BASE/alice/nothing/" --user alice --password-file "$T/pw"
[ $rc != 0 ] && ok || bad "missing collection exit 0"
grep -q "does not exist on the server (HTTP 404)" "$T/err" && ok || bad "404 message"

# A password inside the URL is refused and not echoed.
publish "http://alice:$PW@127.0.0.1:$PORT/alice/tavle/"
[ $rc != 0 ] && ok || bad "password in URL accepted"
grep -q "contains a password" "$T/err" && ok || bad "password-in-URL message"

# .netrc ($NETRC): no --user, no --password-file. Everything unchanged but package 2's
# items other than the conflicting one were already published; the conflict remains.
printf 'machine 127.0.0.1\nlogin alice\npassword %s\n' "$PW" >"$T/netrc"
chmod 600 "$T/netrc"
NETRC=$T/netrc publish "$URL"
[ "$(count conflicts)" = 1 ] && [ "$(count unchanged)" -ge 1 ] && ok ||
	bad ".netrc credentials were not used"
grep -q "HTTP 401" "$T/err" && bad ".netrc: 401" || ok

# The user name in the URL is used, the password from the file.
publish "http://alice@127.0.0.1:$PORT/alice/tavle/" --password-file "$T/pw"
[ "$(count conflicts)" = 1 ] && ok || bad "user from the URL"

# --what and --area select items; a narrower selection deletes what is no longer
# published to that URL (only there).
if [ "$USE_CLI" = 1 ]; then
	URL2=$BASE/alice/meetings/
	$DAV mkcalendar "$URL2" alice "$PW" 2>"$T/err" || bad "MKCALENDAR $URL2"
	"$TAVLE" --db "$DB" export ics --what meetings -o "$T/meet.ics" 2>"$T/err" || bad "export meetings"
	n_meet=$($DAV export-uids "$T/meet.ics" | grep -c .)
	"$TAVLE" --db "$DB" export ics --what meetings,deadlines --area org -o "$T/md.ics" 2>"$T/err" ||
		bad "export meetings+org deadlines"
	n_md=$($DAV export-uids "$T/md.ics" | grep -c .)
	"$TAVLE" --db "$DB" publish "$URL2" --user alice --password-file "$T/pw" \
		--what meetings,deadlines --area org >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc = 0 ] && ok || bad "publish --what meetings,deadlines --area org exit $rc"
	expect_counts "meetings and org deadlines" "$n_md" 0 0 0
	"$TAVLE" --db "$DB" publish "$URL2" --user alice --password-file "$T/pw" \
		--what meetings -q >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc = 0 ] && ok || bad "publish --what meetings exit $rc"
	expect_counts "narrowed to meetings" 0 0 $((n_md - n_meet)) "$n_meet"
	[ "$(grep -c . "$T/out")" = 1 ] && ok || bad "-q printed more than the counts"
	"$TAVLE" --db "$DB" publish "$URL2" --user alice --password-file "$T/pw" \
		--what bogus >"$T/out" 2>"$T/err"
	[ $? = 2 ] && ok || bad "--what bogus is not a usage error"
	"$TAVLE" --db "$DB" publish "$URL2" --user alice --password-file "$T/nonexistent" \
		>"$T/out" 2>"$T/err"
	[ $? = 2 ] && grep -q "cannot read --password-file" "$T/err" && ok ||
		bad "missing password file"
	cat "$T/out" "$T/err" >>"$T/all-output"
fi

# Another server's dialect: "D:"/"cal:" prefixes, absolute hrefs, a 404 propstat.
FPORT=$($DAV free-port)
$DAV fake-server "$FPORT" >"$T/fake.log" 2>&1 &
FPID=$!
for _ in $(seq 1 100); do
	$PY -c "import socket; socket.create_connection(('127.0.0.1', $FPORT), 1)" 2>/dev/null && break
	sleep 0.1
done
publish "http://127.0.0.1:$FPORT/cal"
[ $rc = 0 ] && ok || bad "publish to the prefixed-XML server exit $rc"
expect_counts "prefixed-XML server, first" "$n_left" 0 0 0
publish "http://127.0.0.1:$FPORT/cal/"
expect_counts "prefixed-XML server, again" 0 0 0 "$n_left"
kill "$FPID" 2>/dev/null
wait "$FPID" 2>/dev/null
FPID=

# A password file without any user name is refused before anything is sent.
publish "$URL" --password-file "$T/pw"
[ $rc != 0 ] && ok || bad "password without user accepted"
grep -q "a password needs a user name" "$T/err" && ok || bad "password-without-user message"

# The password never appears in any output.
if grep -qF "$PW" "$T/all-output"; then bad "the password was printed"; else ok; fi
if grep -q "alice:" "$T/all-output"; then bad "userinfo was printed"; else ok; fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
