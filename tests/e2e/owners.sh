#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Owners and tasks (issue 16, item 9), at 80x24: the owner menu (o) offers one list,
# the board's people with their roles, the owners its packages name (the template's
# roles) and names typed before; a name typed there is offered again once no package
# has it; the owner filter picks from the same list and matches exactly; cards show
# each owner's short form, unique on the board (Kon/Kom, MHo/MHø); in the detail view a
# task's responsible party (r), minimum-requirement flag (M) and owner (o on a focused
# task: the task's owner, not the package's; shown on the task line by its short form
# at 80 columns, by name from 120) and the package's owner (o on a package field) are
# edited and undone (u); a name typed as a task's owner is offered by the owner menu
# afterwards. Each change is checked on the screen and in the database (tavle show
# --json).
. "$(dirname "$0")/lib.sh"

make_db
# owner_of N: package N's owner; task_of N I KEY: field KEY of task I (0-based) of N.
owner_of() { pkg_json "$1" 'p["owner"]'; }
task_of() { pkg_json "$1" "p[\"tasks\"][$2][\"$3\"]"; }
# down N: N presses of Down in a menu.
down() { local i; for ((i = 0; i < $1; i++)); do send Down; done; }
# help_shows TEXT: page through the help until TEXT shows.
help_shows() {
	local i
	for ((i = 0; i < 15; i++)); do
		capture | grep -qF -- "$1" && return 0
		send NPage
		sleep 0.1
	done
	wait_for "$1" 1
}

start 80 24
check "board drawn" wait_for "[U]"
check "80x24: the template's owners K, P, S told apart on the cards" \
	wait_re "2026-12-29 Kon" "2027-01-28 Kom" "2028-03-23 +Po" "2027-05-28 +Pr" \
		"2028-05-02 +Su" "2027-04-28 +Sy"

# ---- the owner menu: the board's people with roles, then the owners on the board ----
send o
check "o opens the owner menu with the people and their roles" \
	wait_for "Kontaktperson (SPOC)"
scr=$(capture)
# (Roles and areas are the model's names, Danish as in the people view.)
check "... a person's role is shown" grep -qE "Kontaktperson \(SPOC\) +— Kontaktperson" <<<"$scr"
check "... an area role says its area" grep -qE "Kommunikationsansvarlig +— Kommunikation" <<<"$scr"
check "... the template's roles used as owners are offered" \
	bash -c 'grep -qF "Projektejer" <<<"$1" && grep -qF "Postkasseansvarlig" <<<"$1"' _ "$scr"
check "... the package's owner is selected" line_has_reverse "  Kontaktperson  "
check "... and a new name can be typed, with key 1" grep -qF "1  Type a name…" <<<"$scr"
send 3
check "picking a person sets the owner (database)" wait_json 1 'p["owner"]' "Projektgruppe"

# ---- a typed name: set, then offered again once no package has it ----
send o
wait_for "Type a name…"
send 1
check "1 types a name" wait_for "Owner: "
send C-u
send_text "Mette Holm"
send Enter
check "the typed name is the owner (database)" wait_json 1 'p["owner"]' "Mette Holm"
send o
wait_for "Type a name…"
send 2
check "another owner (database)" wait_json 1 'p["owner"]' "Kontaktperson (SPOC)"
wait_gone "Mette Holm"
send o
check "the typed name is offered the next time" wait_for "Mette Holm"
down 12
check "... as the last name" line_has_reverse "Mette Holm"
send Enter
check "picking the remembered name sets it (database)" wait_json 1 'p["owner"]' "Mette Holm"

# ---- short forms unique on the board, at 80 columns ----
cli set 2 owner "Mette Høj" >/dev/null
check "two owners with initials MH: MHo and MHø on the cards" \
	wait_re "2026-12-29 MHo" "2027-06-17 MHø"

# ---- the owner filter: the same list, exact names ----
send f
wait_for "Owner…"
send 7
check "the filter offers the same owner list" wait_for "Kontaktperson (SPOC)"
check "... with the owners on the board" grep -qF "Mette Høj" <<<"$(capture)"
check "... and packages without an owner" grep -qF "No owner" <<<"$(capture)"
send 8                 # Mette Holm: the first owner after "No owner" and the six people
check "filtering by Mette Holm hides Mette Høj's package" wait_gone "Ledelsesbeslutn"
scr=$(capture)
check "... and keeps Mette Holm's" grep -qF "Implementerings" <<<"$scr"
check "... and no other package" bash -c '! grep -qE "Kommunikation +▌|Kortlægning" <<<"$1"' _ "$scr"
send Escape
check "Esc clears the owner filter" wait_for "Ledelsesbeslutn"

# ---- the detail view: a task's responsible party and minimum flag, the owner ----
send Enter
wait_for "Owner     Mette Holm"
send G
check "G focuses the last task" line_has_reverse "Tilpas tidsplanen"
check "the task heading names r and M" grep -qF "r responsible, M minimum" <<<"$(capture)"
send r
check "r opens the responsible party menu" wait_for "Responsible party"
check "... at the task's party" line_has_reverse "1  Myndigheden"
send 3
check "r sets the task's responsible party (database)" wait_json 1 'p["tasks"][5]["responsible"]' "supplier"
check "... on the screen" wait_for "til myndigheden  2026-12-29  (Leverandør)"
send M
check "M marks the task a minimum requirement (database)" wait_json 1 'p["tasks"][5]["minimum"]' "True"
check "... on the screen" wait_for "[minimum requirement] Tilpas tidsplanen"
send u
check "u undoes the minimum flag (database)" wait_json 1 'p["tasks"][5]["minimum"]' "False"
send u
check "u undoes the responsible party (database)" wait_json 1 'p["tasks"][5]["responsible"]' "authority"
check "the task heading names o" grep -qF "M minimum, o owner" <<<"$(capture)"
send o
check "o on a focused task opens the owner menu" wait_for "Type a name…"
check "... at 'type a name' (the task has no owner)" line_has_reverse "1  Type a name…"
send 1
check "... 1 types the task's owner" wait_for "Owner:"
send C-u
send_text "Sofie Lund"
send Enter
check "o on a focused task sets the task's owner (database)" \
	wait_json 1 'p["tasks"][5]["owner"]' "Sofie Lund"
check "... and not the package's" test "$(owner_of 1)" = "Mette Holm"
check "... the task line shows the owner's short form at 80 columns" \
	wait_for "[ ] 1.6 @SL Tilpas tidsplanen"
check "... the focus stays on the task" line_has_reverse "@SL Tilpas tidsplanen"
send u
check "u undoes the task's owner (database)" wait_json 1 'p["tasks"][5]["owner"]' "None"
check "... and the screen" wait_gone "@SL"
send g
send o
check "o on a package field opens the owner menu" wait_for "Type a name…"
check "... offering the name typed as a task's owner" grep -qF "Sofie Lund" <<<"$(capture)"
send 3
check "o sets the package's owner from the detail view (database)" wait_json 1 'p["owner"]' "Projektgruppe"
check "... and no task's" test "$(task_of 1 5 owner)" = "None"
check "... on the screen" wait_for "Owner     Projektgruppe"
send u
check "u undoes the owner (database)" wait_json 1 'p["owner"]' "Mette Holm"
send '?'
wait_for "set-deadline"
check "help lists r" help_shows "Set the task's responsible party"
check "help lists M" help_shows "toggle-minimum   Toggle the minimum-requirement flag"
send q
send Q
check "quits" wait_for "TAVLE-EXIT=0"

# ---- wider: a task's owner by name ----
cli set task 1.6 owner "Sofie Lund" >/dev/null
start 160 48
wait_for "[U]"
send Enter
wait_for "Owner     Mette Holm"
send G
check "160 columns: the task line names the task's owner in full" \
	wait_for "[ ] 1.6 @Sofie Lund Tilpas tidsplanen"
send Q
wait_for "TAVLE-EXIT=0"

# ---- in Danish: the menus' words ----
if locale -a 2>/dev/null | grep -qi '^da_DK\.utf-\?8$'; then
	start 100 30 LC_ALL= LANG=da_DK.UTF-8
	wait_for "[U]"
	send Enter
	wait_for "Opgaver — "
	send G
	send r
	check "da: the responsible party menu" wait_for "Ansvarlig part"
	check "da: the parties in Danish" grep -qF "Leverandør" <<<"$(capture)"
	send Escape
	send q
	send f
	wait_for "Ansvarlig…"
	send 7
	check "da: the owner filter's last item" wait_for "Ingen ansvarlig"
	send Escape
	send Q
else
	skip "da: the menus in Danish" "da_DK.UTF-8 locale not installed"
fi

finish
