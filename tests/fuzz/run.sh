#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Run every libFuzzer target for SECONDS each (default 60) on a copy of its corpus.
# Builds with clang -Dfuzz=true in build-fuzz. New interesting inputs stay in the
# temporary copy; a crashing input is saved under tests/fuzz/crashes/<target>/ so it
# can be fixed and then added to the corpus as a regression test.
# With target names after SECONDS only those run (e.g. to run two in parallel).
# Usage: tests/fuzz/run.sh [SECONDS [TARGET...]]
set -eu

secs=${1:-60}
case $secs in
''|*[!0-9]*) echo "usage: $0 [SECONDS [TARGET...]]" >&2; exit 2 ;;
esac
[ $# -gt 0 ] && shift

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build-fuzz

if [ ! -f "$build/build.ninja" ]; then
	CC=clang meson setup "$build" "$root" -Dfuzz=true -Db_lundef=false >/dev/null
elif ! grep -q '"name": "fuzz", "value": true' "$build/meson-info/intro-buildoptions.json" \
	2>/dev/null; then
	# Only when needed: two runs started together must not both take meson's lock.
	meson configure "$build" -Dfuzz=true >/dev/null
fi

targets=
for src in "$here"/fuzz_*.c; do
	t=$(basename "$src" .c)
	t=${t#fuzz_}
	if [ $# -gt 0 ]; then
		case " $* " in
		*" $t "*) ;;
		*) continue ;;
		esac
	fi
	targets="$targets $t"
done
if [ -z "$targets" ]; then
	echo "$0: no such fuzz target:$*" >&2
	exit 2
fi
# Build only the fuzzers: the rest of the tree need not be in a state to link.
ninja_targets=
for t in $targets; do
	ninja_targets="$ninja_targets tests/fuzz/fuzz_$t"
done
# shellcheck disable=SC2086
if ! ninja -C "$build" $ninja_targets >"$build/fuzz-build.log" 2>&1; then
	tail -n 40 "$build/fuzz-build.log" >&2
	echo "$0: building the fuzzers failed (log: $build/fuzz-build.log)" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

status=0
for t in $targets; do
	work=$tmp/$t
	mkdir -p "$work/corpus" "$work/artifacts"
	if [ -d "$here/corpus/$t" ]; then
		cp "$here/corpus/$t"/* "$work/corpus/" 2>/dev/null || :
	fi
	log=$work/log
	# The CLI parser prints usage errors and help: keep them out of the log.
	quiet=
	[ "$t" = cli ] && quiet=-close_fd_mask=3
	# shellcheck disable=SC2086
	if "$build/tests/fuzz/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 $quiet \
		-timeout=10 -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/" \
		"$work/corpus" >"$log" 2>&1; then
		result=ok
	else
		result=FAILED
		status=1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	printf '%-10s %-6s %s executions in %ss\n' "$t" "$result" "${execs:-?}" "$secs"
	if [ "$result" = FAILED ]; then
		tail -n 40 "$log" >&2
		if [ -n "$(ls -A "$work/artifacts")" ]; then
			mkdir -p "$here/crashes/$t"
			cp "$work/artifacts"/* "$here/crashes/$t/"
			echo "crashing input(s) saved in tests/fuzz/crashes/$t/" >&2
		fi
	fi
done
exit $status
