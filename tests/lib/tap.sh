# SPDX-License-Identifier: MPL-2.0
# TAP output for the shell test scripts (cli, e2e, hard, ical, caldav, multi): each
# check prints "ok N - name" or "not ok N - name", a skipped one "ok N - name # SKIP
# why", and `finish` prints the plan "1..N" at the end, so Meson (protocol 'tap')
# counts and names every check in its test log. Anything else a script shows goes to
# stdout as "# ..." lines (diag) or to stderr: a stray line starting with "ok" would
# be read as a check. A script that runs no check, or ends (exit, error, signal)
# before `finish`, fails: a test cannot pass by checking nothing.
# Source it (bash); run cleanups with at_exit, not with a trap of your own.
#   ok NAME                       a passing check
#   not_ok NAME [DETAIL...]       a failing check; the details as "# " lines
#   check NAME COMMAND...         ok or not_ok by COMMAND's exit status (its stdout
#                                 goes to stderr)
#   skip NAME REASON              a check that could not run here
#   skip_all REASON               nothing can run here: plan "1..0 # SKIP", exit 0
#   diag TEXT... / diag_file FILE [PREFIX [LINES]]   "# " lines on stdout
#   finish                        the plan; the script's status (0: all passed)
# TAP_ON_FAIL, if set, is run (eval) after each failing check to show more (the
# screen, a command's stderr) as "# " lines.

TAP_N=0
TAP_FAILED=0
TAP_SKIPPED=0
TAP_FINISHED=0
TAP_AT_EXIT=()

# One line of at most 200 characters, without "#" (Meson's TAP reader ends a name at
# "#" and would take "# skip..." in a name for a directive), control characters or
# bytes that are not UTF-8.
tap_name() {
	local s="$*"
	case $s in *[![:print:]]*) s=$(printf '%s' "$s" | iconv -f UTF-8 -t UTF-8 -c) ;; esac
	s=${s//[[:cntrl:]]/ }
	s=${s//#/no.}
	[ "${#s}" -le 200 ] || s="${s:0:197}..."
	[ -n "$s" ] || s="(unnamed check)"
	printf '%s' "$s"
}

diag() {
	[ $# -gt 0 ] || return 0
	printf '%s\n' "$*" | sed 's/^/# /'
}

# diag_file FILE [PREFIX [LINES]]: the first LINES (default 20) lines of FILE, if any.
diag_file() {
	[ -s "$1" ] || return 0
	head -n "${3:-20}" -- "$1" | sed "s/^/# ${2:-}/"
}

ok() {
	TAP_N=$((TAP_N + 1))
	printf 'ok %d - %s\n' "$TAP_N" "$(tap_name "$1")"
}

not_ok() {
	local name=$1
	shift
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	printf 'not ok %d - %s\n' "$TAP_N" "$(tap_name "$name")"
	diag "$@"
	[ -z "${TAP_ON_FAIL:-}" ] || eval "$TAP_ON_FAIL"
	return 0
}

check() { # check NAME COMMAND...: COMMAND's output goes to stderr, never into the TAP
	local name=$1
	shift
	if "$@" >&2; then ok "$name"; else not_ok "$name"; fi
}

skip() { # skip NAME REASON
	TAP_N=$((TAP_N + 1))
	TAP_SKIPPED=$((TAP_SKIPPED + 1))
	printf 'ok %d - %s # SKIP %s\n' "$TAP_N" "$(tap_name "$1")" "$(tap_name "${2:-}")"
}

skip_all() { # skip_all REASON: only before the first check
	if [ "$TAP_N" -gt 0 ]; then
		not_ok "skip_all after $TAP_N checks" "$*"
		finish
		exit 1
	fi
	printf '1..0 # SKIP %s\n' "$(tap_name "$*")"
	TAP_FINISHED=1
	exit 0
}

finish() {
	[ "$TAP_FINISHED" -eq 0 ] || return "$((TAP_FAILED > 0))"
	if [ "$TAP_N" -eq 0 ]; then
		not_ok "at least one check ran" "the script finished without checking anything"
	fi
	TAP_FINISHED=1
	printf '1..%d\n' "$TAP_N"
	diag "$((TAP_N - TAP_FAILED - TAP_SKIPPED)) passed, $TAP_FAILED failed, $TAP_SKIPPED skipped"
	[ "$TAP_FAILED" -eq 0 ]
}

at_exit() { # at_exit COMMAND: run (eval) COMMAND when the script exits, last added first
	TAP_AT_EXIT+=("$1")
}

tap_on_exit() {
	local rc=$? i
	for ((i = ${#TAP_AT_EXIT[@]} - 1; i >= 0; i--)); do
		eval "${TAP_AT_EXIT[i]}"
	done
	if [ "$TAP_FINISHED" -eq 0 ]; then
		not_ok "the script ran to its end" "it stopped with status $rc before finish"
		finish
		rc=1
	elif [ "$rc" -eq 0 ] && [ "$TAP_FAILED" -gt 0 ]; then
		rc=1
	fi
	exit "$rc"
}
trap tap_on_exit EXIT
