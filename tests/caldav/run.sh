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
. "$(dirname "$0")/../lib/tap.sh"

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
at_exit cleanup
export HOME=$T/home
mkdir -p "$HOME"
DB=$T/a.db

# A failing check shows the last command's output.
show_output() {
	diag_file "$T/err" "stderr: " 5
	if [ -s "$T/out" ]; then grep -v '^unchanged ' "$T/out" | head -8 | sed 's/^/# stdout: /'; fi
}
TAP_ON_FAIL=show_output

if ! $PY -c 'import radicale' 2>/dev/null; then
	not_ok "radicale is installed" "Debian package radicale"
	finish
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
	not_ok "radicale starts and MKCALENDAR works"
	diag_file "$T/radicale.log" "radicale: " 40
	finish
	exit 1
fi
ok "radicale starts and MKCALENDAR works"

# ---- helpers ----
if "$TAVLE" publish --help >/dev/null 2>&1; then
	USE_CLI=1
elif [ -n "$DRIVER" ]; then
	USE_CLI=0
else
	not_ok "tavle has a publish command or a driver was given"
	finish
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
		*) echo "publish: bad test argument $1" >&2; exit 1 ;;
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
	if [ "$got" = "$2/$3/$4/$5/$k" ]; then ok "$d"; else not_ok "$d" "counts $got, wanted $2/$3/$4/$5/$k"; fi
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
		not_ok "$1" "reading the collection back"
		return
	fi
	if cmp -s "$T/now.uids" "$T/server.uids"; then ok "$1"; else
		not_ok "$1" "server UIDs differ from the export" "$(diff "$T/now.uids" "$T/server.uids" | head -5)"
	fi
}

# server_text: every resource's calendar data, unfolded.
server_text() {
	"$PY" -c "
import sys; sys.path.insert(0, '$HERE'); import dav
for h, d, e in dav.listing('$URL', 'alice', sys.argv[1]): print(dav.unfold(d))" "$PW"
}

# ---- the board ----
"$TAVLE" --db "$DB" init >/dev/null 2>"$T/err" && ok "init" || not_ok "init"

# First publish: everything created.
export_uids first
n_first=$(wc -l <"$T/first.uids")
[ "$n_first" -gt 20 ] && ok "the template board exports more than 20 items" || not_ok "the template board exports more than 20 items" "only $n_first"
publish "$URL" --user alice --password-file "$T/pw"
[ $rc = 0 ] && ok "first publish exit 0" || not_ok "first publish exit 0" "exit $rc"
expect_counts "first publish" "$n_first" 0 0 0
server_matches "after the first publish"

# Again: nothing sent.
publish "$URL" --user alice --password-file "$T/pw"
[ $rc = 0 ] && ok "second publish exit 0" || not_ok "second publish exit 0" "exit $rc"
expect_counts "unchanged publish" 0 0 0 "$n_first"

# Edit a package: exactly the items whose content changed are updated.
cp "$T/first.ics" "$T/before-edit.ics"
"$TAVLE" --db "$DB" set 1 title "Opstart – ny titel" >/dev/null 2>"$T/err" && ok "set title" || not_ok "set title"
export_uids edited
$DAV changed "$T/before-edit.ics" "$T/edited.ics" >"$T/changed.uids"
n_changed=$(grep -c . "$T/changed.uids")
[ "$n_changed" -ge 1 ] && ok "the edit changed an exported item" || not_ok "the edit changed an exported item"
publish "$URL" --user alice --password-file "$T/pw"
[ $rc = 0 ] && ok "publish after edit exit 0" || not_ok "publish after edit exit 0" "exit $rc"
expect_counts "publish after edit" 0 "$n_changed" 0 $((n_first - n_changed))
server_text >"$T/server.txt"
grep -q "Opstart – ny titel" "$T/server.txt" && ok "the new title is on the server" || not_ok "the new title is on the server"

# Remove a package: its items are deleted on the server.
"$TAVLE" --db "$DB" rm package 3 >/dev/null 2>"$T/err" && ok "rm package 3" || not_ok "rm package 3"
export_uids removed
n_gone=$(comm -23 "$T/edited.uids" "$T/removed.uids" | grep -c .)
[ "$n_gone" -ge 1 ] && ok "removing package 3 removed an exported item" || not_ok "removing package 3 removed an exported item"
publish "$URL" --user alice --password-file "$T/pw"
[ $rc = 0 ] && ok "publish after rm exit 0" || not_ok "publish after rm exit 0" "exit $rc"
n_left=$(wc -l <"$T/removed.uids")
expect_counts "publish after rm" 0 0 "$n_gone" "$n_left"
server_matches "after removing a package"

# Another client changes an item on the server, then tavle changes it too: conflict,
# the other client's version stays, the rest is published, exit 1.
"$TAVLE" --db "$DB" set 2 title "Ledelse – ændret" >/dev/null 2>"$T/err" && ok "set 2 title" || not_ok "set 2 title"
export_uids edited2
$DAV changed "$T/removed.ics" "$T/edited2.ics" >"$T/changed2.uids"
n_changed2=$(grep -c . "$T/changed2.uids")
victim=$(grep '^pkg-' "$T/changed2.uids" | head -1)
[ -n "$victim" ] && ok "package 2's deadline changed" || not_ok "package 2's deadline changed"
if $DAV tamper "$URL" alice "$PW" "$victim" 2>"$T/err"; then ok "tamper"; else not_ok "tamper"; fi
publish "$URL" --user alice --password-file "$T/pw"
[ $rc = 1 ] && ok "publish with a conflict exit 1" || not_ok "publish with a conflict exit 1" "exit $rc"
expect_counts "publish with a conflict" 0 $((n_changed2 - 1)) 0 $((n_left - n_changed2)) 1
grep -q "$victim" "$T/out" "$T/err" && ok "the conflict names the item" || not_ok "the conflict names the item" "$victim not named"
server_text >"$T/server.txt"
grep -q "Changed elsewhere" "$T/server.txt" && ok "the other client's change stays" || not_ok "the other client's change stays"

# Wrong password: clear message, exit 1.
publish "$URL" --user alice --password-file "$T/badpw"
[ $rc = 1 ] && ok "wrong password exit 1" || not_ok "wrong password exit 1" "exit $rc"
want="publish: the server refused the credentials for alice at $URL (HTTP 401)"
grep -qF "$want" "$T/err" && ok "wrong password message" || not_ok "wrong password message" "wanted: $want"

# Unreachable server (a closed port): clear message, exit 1.
publish "http://127.0.0.1:$CLOSED/alice/tavle/" --user alice --password-file "$T/pw"
[ $rc = 1 ] && ok "unreachable exit 1" || not_ok "unreachable exit 1" "exit $rc"
grep -qF "publish: cannot connect to http://127.0.0.1:$CLOSED/alice/tavle/: " "$T/err" && ok "unreachable message" ||
	not_ok "unreachable message"

# Not a calendar collection (the user's home collection).
publish "$BASE/alice/" --user alice --password-file "$T/pw"
[ $rc != 0 ] && ok "non-calendar fails" || not_ok "non-calendar fails" "exit 0"
grep -q "is not a CalDAV calendar collection" "$T/err" && ok "non-calendar message" || not_ok "non-calendar message"

# A collection that does not exist.
publish "$BASE/alice/nothing/" --user alice --password-file "$T/pw"
[ $rc != 0 ] && ok "missing collection fails" || not_ok "missing collection fails" "exit 0"
grep -q "does not exist on the server (HTTP 404)" "$T/err" && ok "404 message" || not_ok "404 message"

# A password inside the URL is refused and not echoed.
publish "http://alice:$PW@127.0.0.1:$PORT/alice/tavle/"
[ $rc != 0 ] && ok "password in URL refused" || not_ok "password in URL refused"
grep -q "contains a password" "$T/err" && ok "password-in-URL message" || not_ok "password-in-URL message"

# .netrc ($NETRC): no --user, no --password-file. Everything unchanged but package 2's
# items other than the conflicting one were already published; the conflict remains.
printf 'machine 127.0.0.1\nlogin alice\npassword %s\n' "$PW" >"$T/netrc"
chmod 600 "$T/netrc"
NETRC=$T/netrc publish "$URL"
[ "$(count conflicts)" = 1 ] && [ "$(count unchanged)" -ge 1 ] && ok ".netrc credentials used" ||
	not_ok ".netrc credentials used"
grep -q "HTTP 401" "$T/err" && not_ok ".netrc: no 401" || ok ".netrc: no 401"

# The user name in the URL is used, the password from the file.
publish "http://alice@127.0.0.1:$PORT/alice/tavle/" --password-file "$T/pw"
[ "$(count conflicts)" = 1 ] && ok "user from the URL" || not_ok "user from the URL"

# --what and --area select items; a narrower selection deletes what is no longer
# published to that URL (only there).
if [ "$USE_CLI" = 1 ]; then
	URL2=$BASE/alice/meetings/
	$DAV mkcalendar "$URL2" alice "$PW" 2>"$T/err" && ok "MKCALENDAR of a second collection" || not_ok "MKCALENDAR of a second collection" "$URL2"
	"$TAVLE" --db "$DB" export ics --what meetings -o "$T/meet.ics" 2>"$T/err" && ok "export meetings" || not_ok "export meetings"
	n_meet=$($DAV export-uids "$T/meet.ics" | grep -c .)
	"$TAVLE" --db "$DB" export ics --what meetings,deadlines --area org -o "$T/md.ics" 2>"$T/err" && ok "export meetings+org deadlines" ||
		not_ok "export meetings+org deadlines"
	n_md=$($DAV export-uids "$T/md.ics" | grep -c .)
	"$TAVLE" --db "$DB" publish "$URL2" --user alice --password-file "$T/pw" \
		--what meetings,deadlines --area org >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc = 0 ] && ok "publish --what meetings,deadlines --area org exit 0" || not_ok "publish --what meetings,deadlines --area org exit 0" "exit $rc"
	expect_counts "meetings and org deadlines" "$n_md" 0 0 0
	"$TAVLE" --db "$DB" publish "$URL2" --user alice --password-file "$T/pw" \
		--what meetings -q >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc = 0 ] && ok "publish --what meetings exit 0" || not_ok "publish --what meetings exit 0" "exit $rc"
	expect_counts "narrowed to meetings" 0 0 $((n_md - n_meet)) "$n_meet"
	[ "$(grep -c . "$T/out")" = 1 ] && ok "-q prints only the counts" || not_ok "-q prints only the counts"
	"$TAVLE" --db "$DB" publish "$URL2" --user alice --password-file "$T/pw" \
		--what bogus >"$T/out" 2>"$T/err"
	[ $? = 2 ] && ok "--what bogus is a usage error" || not_ok "--what bogus is a usage error"
	"$TAVLE" --db "$DB" publish "$URL2" --user alice --password-file "$T/nonexistent" \
		>"$T/out" 2>"$T/err"
	[ $? = 2 ] && grep -q "cannot read --password-file" "$T/err" && ok "missing password file" ||
		not_ok "missing password file"
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
[ $rc = 0 ] && ok "publish to the prefixed-XML server exit 0" || not_ok "publish to the prefixed-XML server exit 0" "exit $rc"
expect_counts "prefixed-XML server, first" "$n_left" 0 0 0
publish "http://127.0.0.1:$FPORT/cal/"
expect_counts "prefixed-XML server, again" 0 0 0 "$n_left"
kill "$FPID" 2>/dev/null
wait "$FPID" 2>/dev/null
FPID=

# A password file without any user name is refused before anything is sent.
publish "$URL" --password-file "$T/pw"
[ $rc != 0 ] && ok "password without user refused" || not_ok "password without user refused"
grep -q "a password needs a user name" "$T/err" && ok "password-without-user message" || not_ok "password-without-user message"

# The password never appears in any output.
if grep -qF "$PW" "$T/all-output"; then not_ok "the password is never printed"; else ok "the password is never printed"; fi
if grep -q "alice:" "$T/all-output"; then not_ok "userinfo is never printed"; else ok "userinfo is never printed"; fi

finish
