#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The connection drops (SIGHUP) in the middle of a multi-line edit. Documented
# behaviour: the half-typed text is NOT written (it may be incomplete and could
# overwrite a colleague's newer text); it is saved as a draft (0600) under
# $XDG_STATE_HOME/tavle/drafts/ and the next start on the same database offers to
# restore it into the editor, keep it, or discard it. Checked: tavle exits, the
# database is unchanged and checks clean, the pane's terminal is sane (normal screen,
# cursor visible), the draft holds the text, and restoring it stores it.
. "$(dirname "$0")/../e2e/lib.sh"

STATE=$WORK/state
make_db
BG0=$(pkg_json 1 'p["sections"]["background"]')
start 100 30 TAVLE_USER=alice XDG_STATE_HOME=$STATE
wait_for "Uddannelse"
send Enter
wait_for "Baggrund"
send j j j j j j j j
send e
check "section editor open" wait_for "Ctrl-D or F2 save"
send C-u
send_text "Første linje af et udkast"
send Enter
send_text "anden linje, halvt skrevet"
wait_for "anden linje, halvt"
pane=$(tm list-panes -t "=$SESSION:" -F '#{pane_pid}')
tpid=$(pgrep -P "$pane" -x tavle || pgrep -P "$(pgrep -P "$pane" | head -n1)" -x tavle)
check "found the tavle process" test -n "$tpid"
kill -HUP "$tpid"
check "tavle exits on SIGHUP" wait_for "TAVLE-EXIT="
check "terminal back on the normal screen" test "$(tm display -p -t "=$SESSION:" '#{alternate_on}')" = 0
check "cursor visible again" test "$(tm display -p -t "=$SESSION:" '#{cursor_flag}')" = 1
check "database unchanged (draft not written)" \
	test "$(pkg_json 1 'p["sections"]["background"]')" = "$BG0"
check "tavle check clean" cli check
draft=$(ls "$STATE"/tavle/drafts/draft-*.txt 2>/dev/null | head -n1)
check "a draft was saved" test -n "$draft"
check "the draft is private (0600)" test "$(stat -c %a "$draft" 2>/dev/null)" = 600
check "the drafts directory is private (0700)" test "$(stat -c %a "$STATE/tavle/drafts")" = 700
check "the draft holds both lines" grep -q "anden linje, halvt skrevet" "$draft"
check "the draft names its field" grep -q "^field background" "$draft"

# Next start: the draft is offered; restore it and save.
start 100 30 TAVLE_USER=alice XDG_STATE_HOME=$STATE
check "next start offers the draft" wait_for "An edit was interrupted"
check "restore is the first choice" wait_for "Restore it in the editor"
send Enter
check "the editor shows the draft" wait_for "anden linje, halvt skrevet"
send C-d
check "restored draft stored" wait_json 1 \
	'"Første linje af et udkast\nanden linje, halvt skrevet" in p["sections"]["background"]' True
check "the draft file is gone after restoring" test ! -e "$draft"
send Q
check "tavle check clean after restoring" cli check

# A hang-up inside the conflict's "Merge both in the editor": the merge editor holds
# both texts (theirs and the one typed before the conflict, which exists nowhere
# else). Hung up before a key is typed in it, the text must still be kept as a draft,
# recorded against the colleague's version, and offered at the next start.
rm -f "$STATE"/tavle/drafts/draft-*.txt
start 100 30 TAVLE_USER=alice XDG_STATE_HOME=$STATE
wait_for "Uddannelse"
send Enter
wait_for "Baggrund"
send j j j j j j j j
send e
check "section editor open (merge case)" wait_for "Ctrl-D or F2 save"
send C-u
send_text "Min tekst skrevet før konflikten"
wait_for "Min tekst skrevet"
cli set 1 background "Kollegaens nye baggrund" >/dev/null 2>&1
check "a colleague changed the section meanwhile" \
	test "$(pkg_json 1 'p["sections"]["background"]')" = "Kollegaens nye baggrund"
send C-d
check "the conflict is offered" wait_for "Merge both in the editor"
send Down Down Enter
check "the merge editor is open" wait_for "Merge: keep what should stay"
pane=$(tm list-panes -t "=$SESSION:" -F '#{pane_pid}')
tpid=$(pgrep -P "$pane" -x tavle || pgrep -P "$(pgrep -P "$pane" | head -n1)" -x tavle)
check "found the tavle process (merge case)" test -n "$tpid"
kill -HUP "$tpid"
check "tavle exits on SIGHUP in the merge editor" wait_for "TAVLE-EXIT="
check "database keeps the colleague's text" \
	test "$(pkg_json 1 'p["sections"]["background"]')" = "Kollegaens nye baggrund"
draft=$(ls "$STATE"/tavle/drafts/draft-*.txt 2>/dev/null | head -n1)
check "the merge editor left a draft" test -n "$draft"
check "the merge draft is private (0600)" test "$(stat -c %a "$draft" 2>/dev/null)" = 600
check "the merge draft holds my text" grep -q "Min tekst skrevet før konflikten" "$draft"
check "the merge draft holds their text" grep -q "Kollegaens nye baggrund" "$draft"
check "the merge draft names its field" grep -q "^field background" "$draft"
start 100 30 TAVLE_USER=alice XDG_STATE_HOME=$STATE
check "next start offers the merge draft" wait_for "An edit was interrupted"
send Enter
check "the editor shows the merge draft" wait_for "Min tekst skrevet"
send C-d
check "restored merge draft stored" wait_json 1 \
	'"Min tekst skrevet før konflikten" in p["sections"]["background"]' True
send Q
check "tavle check clean after the merge draft" cli check
finish
