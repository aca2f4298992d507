#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Calendar import as other programs write calendars (issue 17): empty values, one bad
# event among good ones, unknown properties, several VCALENDARs, --strict, --dry-run
# (the database byte-identical), tavle's own export read back (its deadlines, tasks,
# phases and decisions are not meetings; its meetings update by UID), exit codes, and
# the corpus of files from other programs' test suites in tests/data/ical/foreign
# (SOURCES names each file's origin, EXPECT what it gives): every file imported, the
# second import unchanged and the database byte-identical, tavle check clean; and
# recurring events (tests/data/ical/recur: COUNT, UNTIL across summer-time changes in
# Berlin and New York, EXDATE, RDATE, overrides, cancelled instances, a re-import that
# removes an occurrence, the cap, an endless rule, an invalid RRULE, the export of
# occurrences and its read-back).
# usage: ical_import.sh path/to/tavle path/to/tests/data
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sandbox.sh"

TAVLE=${1:?usage: ical_import.sh path/to/tavle DATA}
DATA=${2:?usage: ical_import.sh path/to/tavle DATA}
case $TAVLE in /*) ;; *) TAVLE=$PWD/$TAVLE ;; esac
case $DATA in /*) ;; *) DATA=$PWD/$DATA ;; esac
PY=/usr/bin/python3
FOREIGN=$DATA/ical/foreign

export LC_ALL=C.UTF-8
export TAVLE_NOW=2026-11-30T09:00:00Z
sandbox icalimport
DB=$T/a.db
cd "$T" || exit 1
TAP_ON_FAIL='diag_file "$T/out" "stdout: " 8; diag_file "$T/err" "stderr: " 5'

run() { "$TAVLE" --db "$DB" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
expect() { # expect CODE DESCRIPTION ARGS...
	local code=$1 desc=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$code" ]; then ok "$desc"; else not_ok "$desc" "exit $rc, expected $code"; fi
}
contains() { # contains DESCRIPTION FILE TEXT
	if grep -qF -- "$3" "$2"; then ok "$1"; else not_ok "$1" "'$3' not in $(basename "$2")"; fi
}
lacks() { # lacks DESCRIPTION FILE TEXT
	if grep -qF -- "$3" "$2"; then not_ok "$1" "'$3' in $(basename "$2")"; else ok "$1"; fi
}
# The database's bytes after a checkpoint: what a write would change.
checkpoint() {
	$PY -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()" "$DB"
}
digest() { cat "$DB" "$DB-wal" 2>/dev/null | sha256sum; }
cal() { # cal FILE EVENT-TEXT...: a calendar of the given events (LF lines become CRLF)
	local f=$1
	shift
	{ printf 'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n'; printf '%s\n' "$@"; printf 'END:VCALENDAR\n'; } |
		sed 's/$/\r/' >"$f"
}
event() { # event UID SUMMARY [EXTRA-LINES]
	printf 'BEGIN:VEVENT\nUID:%s\nDTSTAMP:20261101T000000Z\nDTSTART:20270115T090000Z\nDTEND:20270115T100000Z\nSUMMARY:%s\n%sEND:VEVENT\n' "$1" "$2" "${3:-}"
}

expect 0 "init" init --authority "Ærø Kommune" --start 2026-12-01
expect 0 "a second board for imports" init --name Import --start 2026-12-01

# ---- 1. empty values are legal text ----
expect 0 "Google file with empty DESCRIPTION and LOCATION" --board Import import ics "$FOREIGN/google-blank-description.ics"
contains "its event added" "$T/out" "added 1, updated 0, unchanged 0, skipped 0"
cal "$T/empty.ics" "$(event empty-1@example.dk "Tomme felter" $'DESCRIPTION:\nLOCATION:\nCLASS:\nCATEGORIES:\n')"
expect 0 "empty CLASS and CATEGORIES (Thunderbird, Exchange)" --board Import import ics "$T/empty.ics"
contains "added with empty values" "$T/out" "added 1,"

# ---- 2. one unusable event does not refuse the file ----
cal "$T/mixed.ics" "$(event good-1@example.dk "God")" \
	"$(printf 'BEGIN:VEVENT\nUID:bad-tz@example.dk\nDTSTAMP:20261101T000000Z\nDTSTART;TZID=Mars/Olympus_Mons:20270115T090000\nSUMMARY:Ukendt zone\nEND:VEVENT\n')" \
	"$(event bad-rrule@example.dk "Dårlig RRULE" $'RRULE:FREQ=SOMETIMES\n')" \
	"$(event good-2@example.dk "Også god" $'SUBCALENDAR-NAME:Arbejde\nLINK;LINKREL=latest-version;VALUE=URI:https://example.dk/x\n')"
checkpoint
before=$(digest)
expect 2 "--strict refuses a file with an unusable event" --board Import import ics --strict "$T/mixed.ics"
contains "--strict names the reason" "$T/err" "Mars/Olympus_Mons"
[ "$(digest)" = "$before" ] && ok "--strict wrote nothing" || not_ok "--strict wrote nothing"
expect 0 "--dry-run of a file with changes" --board Import import ics --dry-run "$T/mixed.ics"
contains "--dry-run tells what would change" "$T/out" "added 2, updated 0, unchanged 0, skipped 2"
[ "$(digest)" = "$before" ] && ok "--dry-run leaves the database byte-identical" || not_ok "--dry-run leaves the database byte-identical"
expect 0 "a file with two bad and two good events" --board Import import ics "$T/mixed.ics"
contains "the good ones imported, the bad skipped" "$T/out" "added 2, updated 0, unchanged 0, skipped 2"
contains "time zone reason with its line" "$T/out" "line 14: bad-tz@example.dk:"
contains "time zone named" "$T/out" "Mars/Olympus_Mons"
contains "bad RRULE reason" "$T/out" "bad-rrule@example.dk:"
grep -F "bad-rrule@example.dk" "$T/out" | grep -q RRULE && ok "the RRULE named" || not_ok "the RRULE named"
expect 0 "meetings" --board Import meetings --json
$PY -c "
import json,sys
d = json.load(open(sys.argv[1]))
u = sorted(m['uid'] for m in d)
assert 'good-1@example.dk' in u and 'good-2@example.dk' in u, u
assert 'bad-tz@example.dk' not in u and 'bad-rrule@example.dk' not in u, u
" "$T/out" && ok "good events stored, bad ones not" || not_ok "good events stored, bad ones not"
expect 0 "the same file again" --board Import import ics "$T/mixed.ics"
contains "second import unchanged" "$T/out" "added 0, updated 0, unchanged 2, skipped 2"
# python-icalendar's sample: two calendars of an event without DTSTART each.
expect 1 "several VCALENDARs in one file, nothing usable" --board Import import ics "$FOREIGN/icalendar-multiple-calendars.ics"
grep -q "skipped 2" "$T/out" && contains "both calendars' events read" "$T/out" "line 12: event2@example.com: no DTSTART" ||
	not_ok "both calendars' events read"
cal "$T/two.ics" "$(event cal1@example.dk "Første")"
cal "$T/two2.ics" "$(event cal2@example.dk "Anden")"
cat "$T/two.ics" "$T/two2.ics" >"$T/twocal.ics"
expect 0 "two calendars with a meeting each" --board Import import ics "$T/twocal.ics"
contains "both added" "$T/out" "added 2,"
checkpoint
before=$(digest)
expect 2 "a file that is not a calendar" --board Import import ics "$FOREIGN/khal-bare-vevent.ics"
contains "says why" "$T/err" "outside VCALENDAR"
[ "$(digest)" = "$before" ] && ok "nothing written for a non-calendar" || not_ok "nothing written for a non-calendar"

# ---- 8. exit codes ----
expect 2 "a directory" --board Import import ics "$T"
contains "a directory: message" "$T/err" "directory"
expect 2 "a missing file" --board Import import ics "$T/nope.ics"
contains "a missing file: message" "$T/err" "nope.ics"
cal "$T/allbad.ics" "$(event bad-rrule-2@example.dk "X" $'RRULE:FREQ=SOMETIMES\n')" \
	"$(printf 'BEGIN:VEVENT\nUID:no-start@example.dk\nDTSTAMP:20261101T000000Z\nSUMMARY:uden start\nEND:VEVENT\n')"
checkpoint
before=$(digest)
expect 1 "events of which none could be used" --board Import import ics "$T/allbad.ics"
contains "reasons listed (RRULE)" "$T/out" "bad-rrule-2@example.dk"
contains "reasons listed (DTSTART)" "$T/out" "no-start@example.dk: no DTSTART"
[ "$(digest)" = "$before" ] && ok "nothing written when nothing could be used" || not_ok "nothing written when nothing could be used"

# ---- 6. tavle's own export read back ----
expect 0 "add a meeting to board 1" --board 1 add meeting --title "Infomøde" --start "2027-01-20 10:00" --end "2027-01-20 11:30" --place Vejle
expect 0 "add a decision with a due day" --board 1 add decision --title "Godkend plan" --due 2027-02-01
expect 0 "export the whole board" --board 1 export ics -o "$T/own.ics"
nmeet=$("$TAVLE" --db "$DB" --board 1 meetings --json | $PY -c "import json,sys; print(len(json.load(sys.stdin)))")
nev=$(grep -c '^BEGIN:VEVENT' "$T/own.ics")
[ "$nev" -gt "$nmeet" ] && ok "the export has more than meetings ($nev events, $nmeet meetings)" || not_ok "the export has more than meetings"
expect 0 "own export into the same board" --board 1 import ics "$T/own.ics"
contains "nothing added to the same board" "$T/out" "added 0, updated 0, unchanged $nmeet, skipped $((nev - nmeet))"
contains "deadlines skipped as tavle's own" "$T/out" "tavle's own deadline"
contains "decisions skipped as tavle's own" "$T/out" "tavle's own decision"
expect 0 "a fresh board" init --name Kopi --start 2026-12-01
run --board Kopi meetings --json
before_kopi=$($PY -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$T/out")
expect 0 "own export into a fresh board" --board Kopi import ics "$T/own.ics"
contains "only the meetings added" "$T/out" "added $nmeet, updated 0, unchanged 0, skipped $((nev - nmeet))"
run --board Kopi meetings --json
cp "$T/out" "$T/kopi1.json"
checkpoint
before=$(digest)
expect 0 "own export into the fresh board again" --board Kopi import ics "$T/own.ics"
contains "second import: unchanged" "$T/out" "added 0, updated 0, unchanged $nmeet,"
run --board Kopi meetings --json
cmp -s "$T/out" "$T/kopi1.json" && ok "meetings the same after the second import" || not_ok "meetings the same after the second import"
checkpoint
[ "$(digest)" = "$before" ] && ok "second import leaves the database byte-identical" || not_ok "second import leaves the database byte-identical"
expect 0 "check after own import" check
expect 0 "own VTODO export" --board 1 export ics -o "$T/own-e.ics" --todo "$T/own-todo.ics"
expect 0 "own to-dos into a fresh board" --board Kopi import ics "$T/own-todo.ics"
contains "to-dos add nothing" "$T/out" "added 0,"

# ---- 3. time zones by name (a TZID without VTIMEZONE) ----
tzev() { # tzev UID TZID TIME: an event on 2027-07-01 at TIME in zone TZID
	printf 'BEGIN:VEVENT\nUID:%s\nDTSTAMP:20261101T000000Z\nDTSTART;TZID=%s:20270701T%s00\nDTEND;TZID=%s:20270701T%s00\nSUMMARY:Zone %s\nEND:VEVENT\n' "$1" "$2" "$3" "$2" "$(printf '%04d' $((10#$3 + 100)))" "$2"
}
cal "$T/tz.ics" "$(tzev tz-berlin@example.dk Europe/Berlin 1000)" \
	"$(tzev tz-free@example.dk /freeassociation.sourceforge.net/Europe/London 0900)" \
	"$(tzev tz-tzfile@example.dk /freeassociation.sourceforge.net/Tzfile/Europe/Copenhagen 1000)" \
	"$(tzev tz-moz@example.dk /mozilla.org/20050126_1/America/New_York 0400)" \
	"$(tzev tz-romance@example.dk 'Romance Standard Time' 1000)" \
	"$(tzev tz-weur@example.dk 'W. Europe Standard Time' 1000)" \
	"$(tzev tz-gmt@example.dk 'GMT Standard Time' 0900)" \
	"$(tzev tz-mars@example.dk Mars/Olympus_Mons 1000)" \
	"$(tzev tz-dots@example.dk ../../../etc/passwd 1000)"
expect 0 "TZIDs without VTIMEZONE, by name" --board Import import ics "$T/tz.ics"
contains "seven resolved, two not" "$T/out" "added 7, updated 0, unchanged 0, skipped 2"
contains "an unknown zone is still skipped" "$T/out" "time zone without VTIMEZONE (Mars/Olympus_Mons)"
contains "a path is no zone name" "$T/out" "time zone without VTIMEZONE (../../../etc/passwd)"
expect 0 "meetings" --board Import meetings --json
$PY -c "
import json,sys
d = {m['uid']: m for m in json.load(open(sys.argv[1])) if m['uid'].startswith('tz-')}
bad = [(u, m['start'], m['end']) for u, m in d.items() if (m['start'], m['end']) != ('2027-07-01 10:00', '2027-07-01 11:00')]
assert len(d) == 7 and not bad, (len(d), bad)
" "$T/out" && ok "every named zone read as 10:00 Copenhagen summer time" || not_ok "every named zone read as 10:00 Copenhagen summer time" "$($PY -c "import json,sys; print([(m['uid'],m['start']) for m in json.load(open(sys.argv[1])) if m['uid'].startswith('tz-')])" "$T/out")"

# ---- 5. SEQUENCE and cancellation ----
seq() { # seq FILE SEQUENCE SUMMARY HOUR [METHOD-LINE] [STATUS-LINE]
	{ printf 'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n%s' "${5:-}"
	  printf 'BEGIN:VEVENT\nUID:seq-1@example.dk\nDTSTAMP:20261101T000000Z\nSEQUENCE:%s\n' "$2"
	  printf 'DTSTART:20270301T%s0000Z\nDTEND:20270301T%s3000Z\nSUMMARY:%s\n%sEND:VEVENT\n' "$4" "$4" "$3" "${6:-}"
	  printf 'END:VCALENDAR\n'; } | sed 's/$/\r/' >"$1"
}
meeting_of() { # meeting_of UID: title and start of that meeting on Import, or "none"
	"$TAVLE" --db "$DB" --board Import meetings --json |
		$PY -c "import json,sys; m=[x for x in json.load(sys.stdin) if x['uid']==sys.argv[1]]; print(m[0]['title']+' '+m[0]['start'] if m else 'none')" "$1"
}
seq "$T/s2.ics" 2 "Version to" 10
seq "$T/s1.ics" 1 "Version en" 09
seq "$T/s3.ics" 3 "Version tre" 11
expect 0 "an invitation with SEQUENCE 2" --board Import import ics "$T/s2.ics"
contains "added" "$T/out" "added 1,"
checkpoint
before=$(digest)
expect 0 "an older invitation (SEQUENCE 1) afterwards" --board Import import ics "$T/s1.ics"
contains "the older one skipped" "$T/out" "added 0, updated 0, unchanged 0, skipped 1"
contains "with the reason" "$T/out" "seq-1@example.dk: older SEQUENCE 1 than the stored 2"
[ "$(meeting_of seq-1@example.dk)" = "Version to 2027-03-01 11:00" ] && ok "the newer meeting kept" || not_ok "the newer meeting kept" "$(meeting_of seq-1@example.dk)"
checkpoint
[ "$(digest)" = "$before" ] && ok "nothing written for the older one" || not_ok "nothing written for the older one"
expect 0 "a newer invitation (SEQUENCE 3)" --board Import import ics "$T/s3.ics"
contains "the newer one updates" "$T/out" "added 0, updated 1, unchanged 0, skipped 0"
[ "$(meeting_of seq-1@example.dk)" = "Version tre 2027-03-01 12:00" ] && ok "moved to the newest" || not_ok "moved to the newest" "$(meeting_of seq-1@example.dk)"
expect 0 "the SEQUENCE 2 one again" --board Import import ics "$T/s2.ics"
contains "still older" "$T/out" "older SEQUENCE 2 than the stored 3"
seq "$T/c-old.ics" 2 "Version to" 10 $'METHOD:CANCEL\n' $'STATUS:CANCELLED\n'
expect 0 "an older cancellation" --board Import import ics "$T/c-old.ics"
[ "$(meeting_of seq-1@example.dk)" != none ] && ok "an older cancellation does not remove" || not_ok "an older cancellation does not remove"
seq "$T/cancel.ics" 4 "Version tre" 11 $'METHOD:CANCEL\n'
expect 0 "METHOD:CANCEL" --board Import import ics "$T/cancel.ics"
contains "says cancelled" "$T/out" "cancelled seq-1@example.dk"
[ "$(meeting_of seq-1@example.dk)" = none ] && ok "the meeting is gone" || not_ok "the meeting is gone" "$(meeting_of seq-1@example.dk)"
expect 0 "export after the cancellation" --board Import export ics -o "$T/after-cancel.ics"
$PY - "$T/after-cancel.ics" <<'PYEOF' && ok "the export shows it cancelled (tombstone)" || not_ok "the export shows it cancelled (tombstone)"
import sys
text = open(sys.argv[1], encoding='utf-8').read().replace('\r\n ', '')
ev = [e for e in text.split('BEGIN:VEVENT')[1:] if 'UID:seq-1@example.dk' in e]
sys.exit(0 if len(ev) == 1 and 'STATUS:CANCELLED' in ev[0] else 1)
PYEOF
expect 0 "log records the removal" --board Import log
contains "removal in the log" "$T/out" "Version tre"
# An invitation after the cancellation: the tombstone remembers the cancellation's
# SEQUENCE (4); an invitation not newer than that must not bring the meeting back.
checkpoint
before=$(digest)
expect 0 "the SEQUENCE 3 invitation after the cancellation" --board Import import ics "$T/s3.ics"
contains "not re-added" "$T/out" "added 0, updated 0, unchanged 0, skipped 1"
contains "the reason names the cancellation" "$T/out" "seq-1@example.dk: cancelled at SEQUENCE 4; this invitation's SEQUENCE 3 is not newer"
[ "$(meeting_of seq-1@example.dk)" = none ] && ok "still cancelled" || not_ok "still cancelled" "$(meeting_of seq-1@example.dk)"
checkpoint
[ "$(digest)" = "$before" ] && ok "nothing written for the old invitation" || not_ok "nothing written for the old invitation"
seq "$T/s4.ics" 4 "Version fire" 13
expect 0 "an invitation with the cancellation's own SEQUENCE (4)" --board Import import ics "$T/s4.ics"
contains "not newer: not re-added" "$T/out" "this invitation's SEQUENCE 4 is not newer"
[ "$(meeting_of seq-1@example.dk)" = none ] && ok "still cancelled after SEQUENCE 4" || not_ok "still cancelled after SEQUENCE 4"
expect 0 "--dry-run of the old invitation" --board Import import ics --dry-run "$T/s3.ics"
contains "--dry-run says the same" "$T/out" "added 0, updated 0, unchanged 0, skipped 1"
seq "$T/s5.ics" 5 "Version fem" 14
expect 0 "a newer invitation (SEQUENCE 5) after the cancellation" --board Import import ics "$T/s5.ics"
contains "re-added" "$T/out" "added 1, updated 0, unchanged 0, skipped 0"
[ "$(meeting_of seq-1@example.dk)" = "Version fem 2027-03-01 15:00" ] && ok "back with the new time" || not_ok "back with the new time" "$(meeting_of seq-1@example.dk)"
expect 0 "export after the re-invitation" --board Import export ics -o "$T/after-reinvite.ics"
$PY - "$T/after-reinvite.ics" <<'PYEOF' && ok "the export holds it once, not cancelled" || not_ok "the export holds it once, not cancelled"
import sys
text = open(sys.argv[1], encoding='utf-8').read().replace('\r\n ', '')
ev = [e for e in text.split('BEGIN:VEVENT')[1:] if 'UID:seq-1@example.dk' in e]
sys.exit(0 if len(ev) == 1 and 'STATUS:CANCELLED' not in ev[0] else 1)
PYEOF
expect 0 "the SEQUENCE 5 invitation again" --board Import import ics "$T/s5.ics"
contains "unchanged" "$T/out" "added 0, updated 0, unchanged 1, skipped 0"
# Removed in tavle (no cancellation): the same invitation does not bring it back.
run --board Import meetings --json
mid=$($PY -c "import json,sys; print([m['id'] for m in json.load(open(sys.argv[1])) if m['uid']=='seq-1@example.dk'][0])" "$T/out")
expect 0 "remove the meeting in tavle" --board Import rm meeting "$mid"
expect 0 "the same invitation after the removal" --board Import import ics "$T/s5.ics"
contains "not re-added after a removal" "$T/out" "this invitation's SEQUENCE 5 is not newer"
[ "$(meeting_of seq-1@example.dk)" = none ] && ok "the removal stands" || not_ok "the removal stands"
seq "$T/s6.ics" 6 "Version seks" 15
expect 0 "a newer invitation after the removal" --board Import import ics "$T/s6.ics"
contains "re-added after the removal" "$T/out" "added 1,"
cal "$T/st.ics" "$(event good-1@example.dk "God" $'STATUS:CANCELLED\n')"
expect 0 "STATUS:CANCELLED in a PUBLISH calendar" --board Import import ics "$T/st.ics"
contains "cancelled by status" "$T/out" "cancelled good-1@example.dk"
[ "$(meeting_of good-1@example.dk)" = none ] && ok "that meeting is gone too" || not_ok "that meeting is gone too"
expect 0 "a cancellation of an unknown meeting" --board Import import ics "$T/st.ics"
contains "skipped: nothing to cancel" "$T/out" "good-1@example.dk: cancelled"
expect 0 "check after cancellations" check

# ---- recurring events (issue 17 item 4): tests/data/ical/recur ----
# One meeting per occurrence in the board's programme window (this board: 2026-09-02 to
# 2028-11-25), keyed by UID and RECURRENCE-ID.
R=$DATA/ical/recur
expect 0 "a board for series" init --name Serie --start 2026-12-01
ser() { run --board Serie "$@"; }
meet() { "$TAVLE" --db "$DB" --board Serie meetings >"$T/meet" 2>&1; }
has_meeting() { # has_meeting DESCRIPTION REGEX
	meet
	if grep -qE -- "$2" "$T/meet"; then ok "$1"; else not_ok "$1" "no /$2/ in the meetings"; fi
}
no_meeting() {
	meet
	if grep -qE -- "$2" "$T/meet"; then not_ok "$1" "/$2/ in the meetings"; else ok "$1"; fi
}
ser import ics "$R/daily-count.ics"
[ "$rc" -eq 0 ] && head -1 "$T/out" | grep -qx "added 5, updated 0, unchanged 0, skipped 0" &&
	ok "daily COUNT=5: five meetings" || not_ok "daily COUNT=5: five meetings" "$(head -1 "$T/out")"
meet
[ "$(grep -c "09:00-09:30 .*Daglig opfølgning" "$T/meet")" -eq 5 ] && ok "... each 09:00-09:30 Copenhagen time" ||
	not_ok "... each 09:00-09:30 Copenhagen time"
# meetings --json names an occurrence by its RECURRENCE-ID (as the store keeps it).
"$TAVLE" --db "$DB" --board Serie meetings --json >"$T/ser.json" 2>&1
$PY - "$T/ser.json" <<'PYEOF' && ok "meetings --json: each occurrence with its recurrence_id" || not_ok "meetings --json: each occurrence with its recurrence_id" "$(head -c 600 "$T/ser.json")"
import json, sys
d = [m for m in json.load(open(sys.argv[1])) if m['uid'] == 'daily-count@example.dk']
assert sorted(m.get('recurrence_id') for m in d) == ['2027011%dT080000Z' % i for i in range(1, 6)], d
assert all('recurrence_id' not in m for m in json.load(open(sys.argv[1])) if m['uid'].startswith('meet-'))
PYEOF
# An old invitation after one occurrence was cancelled (issue 17 item 5, per
# occurrence): the cancelled occurrence stays away, the others are unchanged.
expect 0 "a board for a cancelled occurrence" init --name SerieAflyst --start 2026-12-01
run --board SerieAflyst import ics "$R/daily-count.ics"
cat >"$T/cancel-one.ics" <<'ICS'
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//tavle tests//recur//EN
METHOD:CANCEL
BEGIN:VEVENT
UID:daily-count@example.dk
DTSTAMP:20261102T000000Z
RECURRENCE-ID:20270113T080000Z
DTSTART:20270113T080000Z
SEQUENCE:1
STATUS:CANCELLED
SUMMARY:Daglig opfølgning
END:VEVENT
END:VCALENDAR
ICS
run --board SerieAflyst import ics "$T/cancel-one.ics"
contains "one occurrence cancelled" "$T/out" "daily-count@example.dk 20270113T080000Z"
run --board SerieAflyst import ics "$R/daily-count.ics"
contains "the old series again: the others unchanged, the cancelled one not re-added" "$T/out" "added 0, updated 0, unchanged 4, skipped 1"
contains "... with the reason" "$T/out" "daily-count@example.dk: cancelled at SEQUENCE 1; this invitation's SEQUENCE 0 is not newer"
"$TAVLE" --db "$DB" --board SerieAflyst meetings >"$T/meet" 2>&1
grep -q "2027-01-13 09:00" "$T/meet" && not_ok "... and not on the board" || ok "... and not on the board"
ser import ics "$R/weekly-dst.ics"
contains "weekly UNTIL in Berlin and New York: 4 + 7 occurrences" "$T/out" "added 11, updated 0, unchanged 0, skipped 0"
has_meeting "Berlin 10:00 before the change" "2027-03-22 10:00-11:00 .*Berlin ugentlig"
has_meeting "Berlin 10:00 after the change" "2027-03-29 10:00-11:00 .*Berlin ugentlig"
has_meeting "New York 09:00 is 15:00 here in winter" "2027-03-08 15:00-16:00 .*New York ugentlig"
has_meeting "... 14:00 between the American and the European change" "2027-03-15 14:00-15:00 .*New York ugentlig"
has_meeting "... 15:00 again after both" "2027-03-29 15:00-16:00 .*New York ugentlig"
checkpoint
before=$(digest)
ser import ics "$R/weekly-dst.ics"
contains "second import changes nothing" "$T/out" "added 0, updated 0, unchanged 11, skipped 0"
checkpoint
[ "$(digest)" = "$before" ] && ok "... not a byte" || not_ok "... not a byte"
ser import ics "$R/exdate-rdate.ics"
contains "EXDATE and RDATE: 4 occurrences" "$T/out" "added 4, updated 0, unchanged 0, skipped 0"
no_meeting "the EXDATE is left out" "2027-02-08 .*Styregruppe"
has_meeting "the RDATE is added, as long as the master" "2027-03-04 09:00-10:00 .*Styregruppe"
sed 's/^EXDATE;TZID=Europe\/Copenhagen:20270208T130000\r$/&\nEXDATE;TZID=Europe\/Copenhagen:20270215T130000\r/' \
	"$R/exdate-rdate.ics" >"$T/exdate2.ics"
ser import ics "$T/exdate2.ics"
contains "one more EXDATE: that occurrence removed" "$T/out" "added 0, updated 0, unchanged 3, removed 1, skipped 0"
contains "... and named" "$T/out" "removed exrdate@example.dk TZID=Europe/Copenhagen:20270215T130000 (no longer in the series)"
no_meeting "... gone from the board" "2027-02-15 .*Styregruppe"
has_meeting "... the others kept" "2027-02-22 13:00-14:00 .*Styregruppe"
ser import ics "$R/override.ics"
contains "an override and a cancelled instance: 3 occurrences" "$T/out" "added 3, updated 0, unchanged 0, skipped 1"
contains "... the cancelled one noted" "$T/out" "skipped line 23: override@example.dk: cancelled"
has_meeting "the override moved its occurrence" "2027-04-13 14:00-15:00 .*Infomøde \(flyttet\) .*Biblioteket"
no_meeting "... not at its original time" "2027-04-12 .*Infomøde"
no_meeting "the cancelled instance is not a meeting" "2027-04-19 .*Infomøde"
sed 's/^SEQUENCE:1\r$/SEQUENCE:0\r/; s/^DTSTART:20270413T120000Z/DTSTART:20270414T120000Z/; s/^DTEND:20270413T130000Z/DTEND:20270414T130000Z/' \
	"$R/override.ics" >"$T/older.ics"
ser import ics "$T/older.ics"
contains "an older SEQUENCE of one occurrence is ignored" "$T/out" "older SEQUENCE 0 than the stored 1"
has_meeting "... the occurrence stays where the newer one put it" "2027-04-13 14:00-15:00 .*Infomøde \(flyttet\)"
ser import ics "$R/cancel-instance.ics"
contains "METHOD:CANCEL with RECURRENCE-ID cancels one occurrence" "$T/out" "cancelled daily-count@example.dk 20270113T080000Z"
meet
[ "$(grep -c "Daglig opfølgning" "$T/meet")" -eq 4 ] && ok "... and only that one" || not_ok "... and only that one"
ser import ics "$R/allday.ics"
contains "an all-day series" "$T/out" "added 3, updated 0, unchanged 0, skipped 0"
has_meeting "... two days each" "2027-04-01-2027-04-02 .*Temadage"
ser import ics "$R/over-cap.ics"
contains "a series over the cap: 500" "$T/out" "added 500, updated 0, unchanged 0, skipped 0"
contains "... the rest said" "$T/out" "over-cap@example.dk: 100 occurrences over the limit of 500 a series left out"
ser import ics "$R/endless.ics"
contains "an endless RRULE: up to the window's end" "$T/out" "added 116, updated 0, unchanged 0, skipped 0"
contains "... said" "$T/out" "endless@example.dk: occurrences outside the programme window 2026-09-02 to 2028-11-25 left out (the series has no end)"
ser import ics "$R/bad-rrule.ics"
contains "an invalid RRULE skips that series with its line" "$T/out" "skipped line 8: bad-rrule@example.dk: Can't parse as RECUR value in RRULE property"
contains "... the valid series is read" "$T/out" "added 2,"
# The export: each occurrence an event of its own, UID "<uid>-<code>@tavle" (khal keeps
# one instance per UID of a RECURRENCE-ID without its master), a removed one cancelled.
run --board Serie export ics --what meetings --now 2026-12-01T00:00:00Z -o "$T/serie.ics"
contains "export: an occurrence in our zone" "$T/serie.ics" "UID:exrdate@example.dk-L20270201T130000@tavle"
contains "export: another zone's by its UTC instant" "$T/serie.ics" "UID:weekly-berlin@example.dk-20270329T080000Z@tavle"
contains "export: an all-day one by its date" "$T/serie.ics" "UID:allday@example.dk-D20270401@tavle"
lacks "export: no RECURRENCE-ID without its master" "$T/serie.ics" "RECURRENCE-ID"
tr -d '\r' <"$T/serie.ics" | awk '/^BEGIN:VEVENT/{e=""} {e=e $0 "\n"} /^END:VEVENT/{if (e ~ /UID:exrdate@example.dk-L20270215T130000@tavle/) print e}' |
	grep -q "STATUS:CANCELLED" && ok "export: the removed occurrence is cancelled, alone" ||
	not_ok "export: the removed occurrence is cancelled, alone"
ser import ics "$T/serie.ics"
contains "tavle's own export of the series reads back unchanged" "$T/out" "added 0, updated 0, unchanged 648, skipped 2"
contains "... its cancelled occurrences have nothing left to cancel" "$T/out" "exrdate@example.dk-L20270215T130000@tavle: cancelled"
expect 0 "check after series" check --full

# ---- files as real programs write them (issue 17): lines that are not content lines ----
expect 0 "a board for tolerance" init --name Tol --start 2026-12-01
tol() { run --board Tol import ics "$@"; }
# mfield TITLE FIELD: the field of the board's meeting of that title, as JSON.
mfield() {
	"$TAVLE" --db "$DB" --board Tol meetings --json |
		$PY -c "import json,sys; print(json.dumps([m[sys.argv[2]] for m in json.load(sys.stdin) if m['title'] == sys.argv[1]]))" "$1" "$2"
}
# Outlook/Exchange write a DESCRIPTION's raw newlines as lines of their own.
cal "$T/cont.ics" "$(printf 'BEGIN:VEVENT\nUID:cont-1@example.dk\nDTSTAMP:20261101T000000Z\nDTSTART:20270115T090000Z\nDTEND:20270115T100000Z\nDESCRIPTION:Kære alle,\nvi ses mandag.\n\nMødelink: https://example.dk/m\nKode: 1234\nSUMMARY:Fortsat\nEND:VEVENT\n')"
tol "$T/cont.ics"
[ "$rc" -eq 0 ] && ok "raw newlines in a DESCRIPTION: the file is read" || not_ok "raw newlines in a DESCRIPTION: the file is read" "exit $rc"
contains "... its event added" "$T/out" "added 1, updated 0, unchanged 0, skipped 0"
contains "... a note names the property and the lines" "$T/out" "line 9: DESCRIPTION: lines 10 to 13 are not content lines, read as part of its value"
[ "$(mfield Fortsat notes)" = '["K\u00e6re alle,\nvi ses mandag.\n\nM\u00f8delink: https://example.dk/m\nKode: 1234"]' ] &&
	ok "... joined with newlines, the property after them read" || not_ok "... joined with newlines" "$(mfield Fortsat notes)"
tol "$T/cont.ics"
contains "... a second import changes nothing" "$T/out" "added 0, updated 0, unchanged 1, skipped 0"
# Such a line with nothing to continue is still an error.
cal "$T/nocont.ics" "$(printf 'BEGIN:VEVENT\nvi ses mandag\nUID:nocont@example.dk\nDTSTART:20270115T090000Z\nEND:VEVENT\n')"
expect 2 "a line without ':' right after BEGIN is refused" --board Tol import ics "$T/nocont.ics"
contains "... naming it" "$T/err" "line 5: not a content line (no ':')"
printf 'Kære alle\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' >"$T/first.ics"
expect 2 "... and as the first line" --board Tol import ics "$T/first.ics"
contains "... naming it" "$T/err" "line 1: not a content line (no ':')"
# Only text holds a raw newline: after a DTEND such a line is still an error.
cal "$T/notext.ics" "$(printf 'BEGIN:VEVENT\nUID:notext@example.dk\nDTSTART:20270115T090000Z\nDTEND:20270115T100000Z\nvi ses mandag\nEND:VEVENT\n')"
expect 2 "a line without ':' after a DTEND is refused" --board Tol import ics "$T/notext.ics"
contains "... naming it" "$T/err" "line 8: not a content line (no ':')"
# A property with parameters and no value (Sixt) is ignored.
cal "$T/noval.ics" "$(event noval@example.dk "Uden værdi" $'ORGANIZER;CN=Sixt SE\n')"
tol "$T/noval.ics"
contains "a property with parameters but no ':' is ignored" "$T/out" "added 1, updated 0, unchanged 0, skipped 0"
contains "... with a note" "$T/out" "line 10: ORGANIZER without ':' and value ignored"
# A parameter without '=' and value: libical would read the rest as the value.
cal "$T/bare.ics" "$(event bare@example.dk "Bar parameter" $'ATTENDEE;RSVP;CN=Anna Holm:mailto:anna@example.dk\n')"
tol "$T/bare.ics"
contains "a parameter without a value is dropped" "$T/out" "line 10: ATTENDEE: parameter \"RSVP\" without a value ignored"
[ "$(mfield "Bar parameter" participants)" = '["Anna Holm"]' ] && ok "... the property read" ||
	not_ok "... the property read" "$(mfield "Bar parameter" participants)"
# Thousands of such lines are not thousands of notes.
cal "$T/many.ics" "$(event many@example.dk "Mange" "$(for ((i = 1; i <= 150; i++)); do printf 'ORGANIZER;CN=%d\n' "$i"; done)
")"
tol "$T/many.ics"
contains "150 properties without value: the event added" "$T/out" "added 1, updated 0, unchanged 0, skipped 0"
contains "... 99 notes and a count" "$T/out" "51 more lines repaired or ignored, not listed"
[ "$(grep -c "without ':' and value ignored" "$T/out")" -eq 99 ] && ok "... 99 notes listed" || not_ok "... 99 notes listed"
# Exchange puts a TZID's closing quote after the value.
cal "$T/quote.ics" "$(printf 'BEGIN:VEVENT\nUID:quote@example.dk\nDTSTAMP:20261101T000000Z\nDTSTART;TZID="Europe/Berlin:20270115T090000"\nDTEND;TZID=Europe/Berlin:20270115T100000\nSUMMARY:Citat\nEND:VEVENT\n')"
tol "$T/quote.ics"
contains "a TZID quoted past the value is read" "$T/out" "added 1, updated 0, unchanged 0, skipped 0"
contains "... with a note" "$T/out" "line 7: DTSTART: the closing quote of a parameter after its value moved before the ':'"
[ "$(mfield Citat start)" = '["2027-01-15 09:00"]' ] && ok "... at its time" || not_ok "... at its time" "$(mfield Citat start)"
# Text after END:VCALENDAR (Podio's cache comment) is ignored, another calendar is read.
cal "$T/trail.ics" "$(event trail-1@example.dk "Efter slut")"
{ printf 'X-COMMENT:Cached 2022-02-20\nmore text\nBEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n'
	event trail-2@example.dk "Anden kalender"; printf 'END:VCALENDAR\nslut\n'; } | sed 's/$/\r/' >>"$T/trail.ics"
tol "$T/trail.ics"
[ "$rc" -eq 0 ] && ok "text after END:VCALENDAR: the file is read" || not_ok "text after END:VCALENDAR: the file is read" "exit $rc"
contains "... both calendars' events added" "$T/out" "added 2, updated 0, unchanged 0, skipped 0"
contains "... a note for the text between them" "$T/out" "lines 12 to 13: text after END:VCALENDAR ignored"
contains "... and for the text at the end" "$T/out" "line 25: text after END:VCALENDAR ignored"
printf 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\n' >"$T/trailev.ics"
expect 2 "a calendar of nothing but trailing text imports nothing" --board Tol import ics "$T/trailev.ics"

# ---- events without UID (Outlook, OWA) ----
nouid() { # nouid SUMMARY DTSTART
	printf 'BEGIN:VEVENT\nDTSTAMP:20261101T000000Z\nDTSTART:%s\nDURATION:PT1H\nSUMMARY:%s\nORGANIZER:mailto:a@example.dk\nEND:VEVENT\n' "$2" "$1"
}
cal "$T/nouid.ics" "$(nouid "Uden UID" 20270201T090000Z)" "$(nouid "Uden UID" 20270202T090000Z)" \
	"$(nouid "Tvilling" 20270203T090000Z)" "$(nouid "Tvilling" 20270203T090000Z)"
tol "$T/nouid.ics"
contains "events without UID are added" "$T/out" "added 4, updated 0, unchanged 0, skipped 0"
contains "... with a note naming the UID made for each" "$T/out" "line 4: Uden UID: no UID; imported as nouid-"
uids=$("$TAVLE" --db "$DB" --board Tol meetings --json | $PY -c "import json,sys; print(' '.join(sorted(m['uid'] for m in json.load(sys.stdin) if m['title'] in ('Uden UID', 'Tvilling'))))")
case $uids in *nouid-*@import.tavle*) ok "... UIDs nouid-<hash>@import.tavle" ;; *) not_ok "... UIDs nouid-<hash>@import.tavle" "$uids" ;; esac
checkpoint
before=$(digest)
tol "$T/nouid.ics"
contains "... a second import changes nothing" "$T/out" "added 0, updated 0, unchanged 4, skipped 0"
checkpoint
[ "$(digest)" = "$before" ] && ok "... not a byte" || not_ok "... not a byte"

# ---- values libical 3.0 does not read ----
# Google's birthdays: RDATE a date with a 'Z' ("20131210Z").
cal "$T/rdatez.ics" "$(printf 'BEGIN:VEVENT\nUID:rdatez@example.dk\nDTSTAMP:20261101T000000Z\nDTSTART;VALUE=DATE:20270310\nDTEND;VALUE=DATE:20270311\nRRULE:FREQ=DAILY;COUNT=1\nRDATE:20280310Z\nSUMMARY:Fødselsdag\nEND:VEVENT\n')"
tol "$T/rdatez.ics"
contains "RDATE a date with a Z: both occurrences" "$T/out" "added 2, updated 0, unchanged 0, skipped 0"
[ "$(mfield Fødselsdag start)" = '["2027-03-10", "2028-03-10"]' ] && ok "... on their days" || not_ok "... on their days" "$(mfield Fødselsdag start)"
# Synology: DURATION:PT1W (RFC 5545 writes P1W).
cal "$T/dur.ics" "$(printf 'BEGIN:VEVENT\nUID:durw@example.dk\nDTSTAMP:20261101T000000Z\nDTSTART;VALUE=DATE:20270315\nDURATION:PT1W\nSUMMARY:Uge\nEND:VEVENT\n')" \
	"$(printf 'BEGIN:VEVENT\nUID:durd@example.dk\nDTSTAMP:20261101T000000Z\nDTSTART:20270315T090000Z\nDURATION:PT2D\nSUMMARY:Dage\nEND:VEVENT\n')"
tol "$T/dur.ics"
contains "DURATION:PT1W and PT2D are read" "$T/out" "added 2, updated 0, unchanged 0, skipped 0"
[ "$(mfield Uge end)" = '["2027-03-21"]' ] && ok "... a week" || not_ok "... a week" "$(mfield Uge end)"
[ "$(mfield Dage end)" = '["2027-03-17 10:00"]' ] && ok "... two days" || not_ok "... two days" "$(mfield Dage end)"
cal "$T/durbad.ics" "$(printf 'BEGIN:VEVENT\nUID:durbad@example.dk\nDTSTAMP:20261101T000000Z\nDTSTART;VALUE=DATE:20270315\nDURATION:PXW\nSUMMARY:Dårlig\nEND:VEVENT\n')"
tol "$T/durbad.ics"
contains "a DURATION that is none still skips its event" "$T/out" "skipped line 8: durbad@example.dk: Can't parse as DURATION value in DURATION property"
expect 0 "check after tolerance" check --full

# ---- the corpus: files written by other programs ----
# Each file into a database of its own (several samples share UIDs): copies of one
# seeded board (seeding 93 boards took most of this test's time under ASan).
MAIN_DB=$DB
mkdir -p "$T/corpus"
DB=$T/corpus-seed.db
"$TAVLE" --db "$DB" init --name Korpus --start 2026-12-01 >/dev/null 2>&1
checkpoint
SEED=$DB
while IFS=$'\t' read -r f code added skipped text; do
	case $f in '#'* | '') continue ;; esac
	DB=$T/corpus/$f.db
	cp "$SEED" "$DB"
	before=$(digest)
	run import ics "$FOREIGN/$f"
	if [ "$rc" -ne "$code" ]; then not_ok "$f: exit $code" "exit $rc"; continue; fi
	if [ "$code" -eq 2 ]; then
		grep -qF -- "$text" "$T/err" && ok "$f: refused ($text)" || not_ok "$f: refused ($text)"
		[ "$(digest)" = "$before" ] && ok "$f: nothing written" || not_ok "$f: nothing written"
		continue
	fi
	if grep -q "^added $added, updated 0, unchanged 0, skipped $skipped$" "$T/out"; then
		ok "$f: added $added, skipped $skipped"
	else
		not_ok "$f: added $added, skipped $skipped" "$(head -1 "$T/out")"
	fi
	[ "$text" = - ] || contains "$f: says '$text'" "$T/out" "$text"
	checkpoint
	before=$(digest)
	run import ics "$FOREIGN/$f"
	if [ "$rc" -eq "$code" ] && grep -q "^added 0, updated 0, unchanged $added, skipped $skipped$" "$T/out"; then
		ok "$f: second import unchanged"
	else
		not_ok "$f: second import unchanged" "$(head -1 "$T/out")"
	fi
	checkpoint
	[ "$(digest)" = "$before" ] && ok "$f: second import changed no byte" || not_ok "$f: second import changed no byte"
	run check --full
	[ "$rc" -eq 0 ] && ok "$f: tavle check clean" || not_ok "$f: tavle check clean"
done <"$FOREIGN/EXPECT"
n=$(grep -c $'^[^#].*\t0\t[1-9]' "$FOREIGN/EXPECT")
[ "$(grep -vc '^#' "$FOREIGN/EXPECT")" -ge 15 ] && [ "$n" -ge 15 ] && ok "corpus: at least 15 files, $n of them import meetings" ||
	not_ok "corpus: at least 15 files, $n of them import meetings"
DB=$MAIN_DB
expect 0 "tavle check after everything" check --full

finish
