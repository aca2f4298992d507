# SPDX-License-Identifier: MPL-2.0
# Helpers for driving the real tavle binary in tmux on a private socket: start the
# board at a fixed size, send keys, wait (polling every 50 ms, never fixed sleeps)
# for text on the screen, read the screen, and ask the CLI what the database holds.
# Source it with the tavle binary as $1. Checks are tap.sh's (ok, not_ok, check, TAP
# output); each script ends with `finish`.

set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap.sh"
TAVLE=${1:-${TAVLE:-tavle}}
case $TAVLE in /*) ;; */*) TAVLE=$PWD/$TAVLE ;; *) TAVLE=$(command -v "$TAVLE" || echo "$PWD/$TAVLE") ;; esac
SOCK_BASE="tavle-e2e-$$"
SOCK="$SOCK_BASE-0"
STARTS=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tavle-e2e.XXXXXX")
DB="$WORK/board.db"
NOW=${E2E_NOW:-2026-11-29T10:00:00Z}
PY=/usr/bin/python3
TIMEOUT=${E2E_TIMEOUT:-10}
SESSION=t

tm() { tmux -L "$SOCK" -f /dev/null "$@"; }

cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$WORK"
}
at_exit cleanup

if ! command -v tmux >/dev/null 2>&1; then
	skip_all "tmux not installed"
fi

# A failing check shows the screen as it is.
show_screen() {
	diag "screen:"
	capture 2>/dev/null | sed 's/^/#   | /'
}
TAP_ON_FAIL=show_screen

# The CLI on the same database and clock.
cli() { env TAVLE_NOW="$NOW" LC_ALL=C.UTF-8 "$TAVLE" --db "$DB" "$@"; }

# start W H [VAR=value...]: (re)start tavle on $DB in a W x H pane (DB empty: on its
# default path, with no --db).
start() {
	local w=$1 h=$2
	shift 2
	tm kill-server >/dev/null 2>&1
	local envs="TAVLE_NOW=$NOW LC_ALL=C.UTF-8 TERM=xterm-256color TAVLE_USER=e2e"
	local a try dbarg=
	for a in "$@"; do envs="$envs $(printf '%q' "$a")"; done
	[ -n "$DB" ] && dbarg="--db $(printf '%q' "$DB")"
	# A fresh socket per start: a server still shutting down on the old socket
	# would make the new session fail with "server exited unexpectedly". On a
	# loaded machine (other tmux suites running) a new server can still fail to
	# come up; then try again on another socket rather than fail every check.
	for try in 1 2 3; do
		STARTS=$((STARTS + 1))
		SOCK="$SOCK_BASE-$STARTS"
		tm new-session -d -s "$SESSION" -x "$w" -y "$h" \
			"env -u NO_COLOR -u TAVLE_DB $envs $(printf '%q' "$TAVLE") $dbarg; echo TAVLE-EXIT=\$?; sleep 30" &&
			break
		echo "# tmux did not start (try $try of 3)" >&2
		sleep 0.5
	done
	tm set-option -t "=$SESSION:" remain-on-exit on >/dev/null 2>&1 || true
}

capture() { tm capture-pane -p -t "=$SESSION:"; }
capture_e() { tm capture-pane -p -e -t "=$SESSION:"; }
send() { tm send-keys -t "=$SESSION:" "$@"; }
send_text() { tm send-keys -t "=$SESSION:" -l "$1"; }

# wait_for TEXT [SECONDS]: poll the screen until TEXT (fixed string) shows.
wait_for() {
	local text=$1 limit=${2:-$TIMEOUT}
	local tries=$((limit * 20))
	while [ "$tries" -gt 0 ]; do
		if capture | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "# timed out waiting for: $text" >&2
	return 1
}

# wait_re REGEX...: poll the screen until it matches every extended REGEX.
wait_re() {
	local tries=$((TIMEOUT * 20)) scr re all
	while [ "$tries" -gt 0 ]; do
		scr=$(capture)
		all=1
		for re in "$@"; do grep -qE -- "$re" <<<"$scr" || { all=0; break; }; done
		[ "$all" = 1 ] && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "# timed out waiting for: $*" >&2
	return 1
}
# wait_gone TEXT [SECONDS]
wait_gone() {
	local text=$1 limit=${2:-$TIMEOUT}
	local tries=$((limit * 20))
	while [ "$tries" -gt 0 ]; do
		if ! capture | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "# timed out waiting for text to go: $text" >&2
	return 1
}

# wait_json N EXPR EXPECTED: poll `tavle show N --json` until the Python expression
# over `p` (the package object) prints EXPECTED.
pkg_json() {
	cli show "$1" --json 2>/dev/null | $PY -c "import json,sys; p=json.load(sys.stdin); print($2)" 2>/dev/null
}
wait_json() {
	local n=$1 expr=$2 want=$3 tries=$((TIMEOUT * 20)) got=
	while [ "$tries" -gt 0 ]; do
		got=$(pkg_json "$n" "$expr")
		[ "$got" = "$want" ] && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "# $expr of package $n: got [$got], want [$want]" >&2
	return 1
}

# Does the screen line holding TEXT show reverse video (SGR 7) somewhere?
line_has_reverse() {
	capture_e | grep -F -- "$1" | grep -qE $'\x1b\\[([0-9;]*;)?7[;m]'
}

# The status line (last line) of the screen.
status_line() { capture | tail -n 1; }

db_sum() { sha256sum "$DB" | cut -d' ' -f1; }

# Make a seeded database (only init makes one on a --db path).
make_db() {
	rm -f "$DB" "$DB-wal" "$DB-shm"
	cli init >/dev/null 2>&1 || true
}

# finish is tap.sh's: the plan and the status (the EXIT handler stops tmux).
