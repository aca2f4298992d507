# SPDX-License-Identifier: MPL-2.0
# Helpers for CLI test scripts that run tavle on one database and check its exit code
# and output. Source after tap.sh and sandbox.sh, with $TAVLE (the binary), $DB (the
# database) and $T (the sandbox directory) set. Each command's stdout goes to $T/out
# and stderr to $T/err; its exit status is in $rc.

run() { # run ARGS...: tavle --db $DB ARGS
	"$TAVLE" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
expect() { # expect CODE DESCRIPTION ARGS...
	local code=$1 desc=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$code" ]; then ok "$desc"; else not_ok "$desc" "exit $rc, expected $code"; fi
}
contains() { # contains DESCRIPTION TEXT (in stdout)
	if grep -qF -- "$2" "$T/out"; then ok "$1"; else not_ok "$1" "'$2' not in the output"; fi
}
lacks() { # lacks DESCRIPTION TEXT (not in stdout)
	if grep -qF -- "$2" "$T/out"; then not_ok "$1" "'$2' in the output"; else ok "$1"; fi
}
