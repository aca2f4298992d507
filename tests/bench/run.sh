#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The national-scale benchmark: `tests/bench/run.sh [DB]` (or `ninja -C build-bench bench`).
#
# It builds what it needs into build-bench (release) when that is missing, generates the
# large database (1,000 boards, 20,000 packages, ~106,000 tasks; tests/bench/gen.c) into
# build-bench/bench.db when DB does not exist, and prints one table of figures with the
# machine at the top. It reports; it never fails on time. Each timing is the median of
# BENCH_RUNS runs (default 5). Methods, as printed under the table:
#
#  first frame   `tavle --db DB` on a fresh pseudo-terminal (python pty.fork, TERM=
#                xterm-256color, 100x30 set with TIOCSWINSZ before exec). Output is read
#                until no byte arrives for 300 ms; the first frame is complete at the last
#                byte before that gap, and the figure is that moment minus the moment just
#                before fork(). See tests/bench/bench.py.
#  CLI timings   wall time from fork to exit of the command, output to a file.
#  calcurse      the same 20,000 package deadlines, written as calcurse 4.7 day-long
#                events ("MM/DD/YYYY [1] Summary", what `calcurse -i` writes for a
#                VALUE=DATE event), exported with `calcurse -D DIR -x ical`. Per item:
#                time / 20,000 on both sides (tavle's events carry more properties).
#  bytes/key     tavle in tmux on a private socket (status line off), `pipe-pane -o` to
#                a file; after the first frame settles, keys are sent one at a time, each
#                waited for until the output is quiet for 300 ms; bytes / keys. j/k
#                alternate so every key moves the selection; so do l/h. Idle: bytes
#                written in 10 s without input.
#  edit latency  tests/bench/edit_latency.c on a copy of DB: 4 forked writers change
#                package owners of other boards in a loop (each tv_store_set is its own
#                BEGIN IMMEDIATE..COMMIT), while 200 tv_store_set calls are timed with
#                CLOCK_MONOTONIC. Flat-out writers and writers at one edit per 10 ms.
#  memory        peak resident set (GNU time %M) of the TUI to its first frame, of
#                `export ics --all`, and of importing 15 MB hostile calendars
#                (tests/hard/gen_hostile_ics.py) into a fresh board.
#  overdue       tv_store_overdue_by_number over every board (tests/bench/overdue.c).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${TAVLE_BENCH_BUILD:-$ROOT/build-bench}
DB=${1:-$BUILD/bench.db}
RUNS=${BENCH_RUNS:-5}
BOARD=${BENCH_BOARD:-Ærø Kommune}
PY=/usr/bin/python3
BENCH="$PY $ROOT/tests/bench/bench.py"
export LC_ALL=C.UTF-8

# Build unless we were started by the meson run target (ninja already built it all).
if [ -z "${TAVLE_BENCH_BUILD:-}" ]; then
	if [ ! -f "$BUILD/build.ninja" ]; then
		meson setup "$BUILD" "$ROOT" --buildtype=release >/dev/null
	fi
	ninja -C "$BUILD" src/tavle src/tavle-helper tests/bench/gen tests/bench/edit_latency \
		tests/bench/overdue >/dev/null
fi
TAVLE=$BUILD/src/tavle
GEN=$BUILD/tests/bench/gen
# The cached database is regenerated when this tavle cannot read it (an older schema).
if [ "$DB" = "$BUILD/bench.db" ] && [ -f "$DB" ] && ! "$TAVLE" --db "$DB" boards >/dev/null 2>&1; then
	echo "$DB is from another schema; generating it again" >&2
	rm -f "$DB" "$DB-wal" "$DB-shm"
fi
if [ ! -f "$DB" ]; then
	echo "generating $DB (once, about a minute) ..." >&2
	"$GEN" "$DB" >/dev/null
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tavle-bench.XXXXXX")
SOCK=tavle-bench-$$
cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# ---- helpers ----

ms_per() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.2f", t * 1000 / n }'; } # ms -> us/item
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.1f", b / a; else print "n/a" }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
yes_no() { if "$@"; then echo yes; else echo NO; fi; }

ROWS=()
row() { ROWS+=("$(printf '%-46s %-30s %-12s %s' "$1" "$2" "$3" "$4")"); }

size_of() { stat -c %s "$1" 2>/dev/null || echo 0; }

# Wait until FILE has not grown for 300 ms (at most 10 s).
settle() {
	local f=$1 last=-1 cur stable=0 i
	for ((i = 0; i < 200; i++)); do
		cur=$(size_of "$f")
		if [ "$cur" = "$last" ]; then
			stable=$((stable + 1))
			[ $stable -ge 6 ] && return 0
		else
			stable=0
			last=$cur
		fi
		sleep 0.05
	done
}

TERMNAME=tmux-256color
infocmp "$TERMNAME" >/dev/null 2>&1 || TERMNAME=screen-256color
printf 'set -g status off\nset -g default-terminal %s\n' "$TERMNAME" >"$WORK/tmux.conf"

# tmux_bytes COLS ROWS KEYS... : prints "bytes_per_key first_frame_bytes"
tmux_bytes() {
	local cols=$1 rows=$2
	shift 2
	local out=$WORK/pane-$cols.out
	: >"$out"
	tmux -L "$SOCK" -f "$WORK/tmux.conf" new-session -d -s b -x "$cols" -y "$rows" \
		"sleep 0.3; exec $(printf '%q' "$TAVLE") --db $(printf '%q' "$DB")"
	tmux -L "$SOCK" pipe-pane -o -t =b: "cat >> $(printf '%q' "$out")"
	sleep 0.4
	settle "$out"
	local first total=0 n=0 before k
	first=$(size_of "$out")
	for k in "$@"; do
		before=$(size_of "$out")
		tmux -L "$SOCK" send-keys -t =b: "$k"
		settle "$out"
		total=$((total + $(size_of "$out") - before))
		n=$((n + 1))
	done
	tmux -L "$SOCK" send-keys -t =b: q
	sleep 0.2
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	awk -v t="$total" -v n="$n" -v f="$first" 'BEGIN { printf "%.0f %d\n", t / n, f }'
}

# tmux_idle COLS ROWS SECONDS : bytes written with no input
tmux_idle() {
	local out=$WORK/idle.out
	: >"$out"
	tmux -L "$SOCK" -f "$WORK/tmux.conf" new-session -d -s b -x "$1" -y "$2" \
		"sleep 0.3; exec $(printf '%q' "$TAVLE") --db $(printf '%q' "$DB")"
	tmux -L "$SOCK" pipe-pane -o -t =b: "cat >> $(printf '%q' "$out")"
	sleep 0.4
	settle "$out"
	local before
	before=$(size_of "$out")
	sleep "$3"
	echo $(($(size_of "$out") - before))
	tmux -L "$SOCK" send-keys -t =b: q
	sleep 0.2
	tmux -L "$SOCK" kill-server 2>/dev/null || true
}

# ---- machine ----

CPU=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
RAM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
echo "tavle benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs, ${CPU:-unknown CPU}, $RAM RAM, $(uname -sr)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tavle: $($TAVLE --version 2>/dev/null | head -1), build $BUILD ($(meson introspect --buildoptions "$BUILD" 2>/dev/null | $PY -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"))' 2>/dev/null || echo '?'))"
echo "shared objects loaded by tavle: $(ldd "$TAVLE" 2>/dev/null | wc -l) (export ics, import ics, publish and export xlsx run in tavle-helper: $(ldd "$BUILD/src/tavle-helper" 2>/dev/null | wc -l))"
echo "calcurse: $(calcurse --version 2>/dev/null | head -1 || echo missing)"
echo "database: $DB ($(du -m "$DB" | cut -f1) MB): $("$TAVLE" --db "$DB" boards --json | $PY -c 'import json,sys; print(len(json.load(sys.stdin)), "boards")' 2>/dev/null || echo '?')"
echo "runs per figure: $RUNS (median)"
echo >&2 "measuring ... (about 2-4 minutes)"

# ---- 1. first frame ----
read -r FF_MED FF_MIN FF_MAX FF_BYTES FF_CPU < <($BENCH frame "$RUNS" 100 30 "$TAVLE" --db "$DB")
row "first complete frame, 100x30 (ms)" "$FF_MED (min $FF_MIN) cpu $FF_CPU" "<= 30" "$(yes_no le "$FF_MED" 30)"
read -r PS_MED PS_MIN PS_CPU < <($BENCH time "$RUNS" /dev/null "$TAVLE" --version)
read -r HS_MED HS_MIN HS_CPU < <($BENCH time "$RUNS" /dev/null /bin/true)
row "  of which process start: tavle --version" "$PS_MED (min $PS_MIN) cpu $PS_CPU" "-" "-"
row "  and a bare exec: /bin/true" "$HS_MED (min $HS_MIN) cpu $HS_CPU" "-" "-"

# ---- 2. list --json of one board ----
read -r LJ_MED LJ_MIN LJ_CPU < <($BENCH time "$RUNS" "$WORK/list.json" "$TAVLE" --db "$DB" --board "$BOARD" list --json)
row "list --json, one board (ms)" "$LJ_MED (min $LJ_MIN) cpu $LJ_CPU" "-" "-"

# ---- 3. exports ----
read -r EA_MED EA_MIN EA_CPU < <($BENCH time "$RUNS" "$WORK/all.ics" "$TAVLE" --db "$DB" export ics --all)
EA_ITEMS=$(grep -c '^BEGIN:VEVENT' "$WORK/all.ics")
EA_MB=$(awk -v b="$(size_of "$WORK/all.ics")" 'BEGIN { printf "%.0f", b / 1048576 }')
row "export ics --all: $EA_ITEMS events, $EA_MB MB (ms)" "$EA_MED (min $EA_MIN) cpu $EA_CPU" "<= 1000" "$(yes_no le "$EA_MED" 1000)"
read -r EB_MED EB_MIN EB_CPU < <($BENCH time "$RUNS" "$WORK/board.ics" "$TAVLE" --db "$DB" --board "$BOARD" export ics)
EB_ITEMS=$(grep -c '^BEGIN:VEVENT' "$WORK/board.ics")
row "export ics, one board: $EB_ITEMS events (ms)" "$EB_MED (min $EB_MIN) cpu $EB_CPU" "-" "-"

# ---- 4. calcurse side by side: the package deadlines ----
read -r ED_MED ED_MIN ED_CPU < <($BENCH time "$RUNS" "$WORK/deadlines.ics" "$TAVLE" --db "$DB" export ics --all --what deadlines)
ED_ITEMS=$(grep -c '^BEGIN:VEVENT' "$WORK/deadlines.ics")
mkdir -p "$WORK/calcurse"
CC_ITEMS=$($BENCH apts "$WORK/deadlines.ics" "$WORK/calcurse/apts")
: >"$WORK/calcurse/todo"
if command -v calcurse >/dev/null; then
	read -r CC_MED CC_MIN CC_CPU < <($BENCH time "$RUNS" "$WORK/calcurse.ics" calcurse -D "$WORK/calcurse" -x)
	CC_OUT=$(grep -c '^BEGIN:VEVENT' "$WORK/calcurse.ics" || true)
else
	CC_MED=0 CC_MIN=0 CC_CPU=0 CC_OUT=0
fi
T_US=$(ms_per "$ED_MED" "$ED_ITEMS")
C_US=$(ms_per "$CC_MED" "$CC_ITEMS")
SPEEDUP=$(ratio "$T_US" "$C_US")
SPEEDUP_CPU=$(ratio "$(ms_per "$ED_CPU" "$ED_ITEMS")" "$(ms_per "$CC_CPU" "$CC_ITEMS")")
row "tavle export, $ED_ITEMS deadlines (ms)" "$ED_MED (min $ED_MIN) cpu $ED_CPU" "-" "-"
row "calcurse -x ical, $CC_OUT day-long events (ms)" "$CC_MED (min $CC_MIN) cpu $CC_CPU" "-" "-"
row "per item, wall: tavle : calcurse (us)" "$T_US : $C_US" "-" "-"
row "calcurse / tavle per item (wall; cpu)" "${SPEEDUP}x; ${SPEEDUP_CPU}x" ">= 3x (10x)" "$(yes_no ge "$SPEEDUP" 3)"

# ---- 5. bytes per keystroke and idle ----
JK=() LH=()
for _ in 1 2 3 4 5; do JK+=(j j k k); done
for _ in 1 2 3 4; do LH+=(l l h h); done
LH+=(l l h h)
read -r B1J F1 < <(tmux_bytes 100 30 "${JK[@]}")
read -r B1L _ < <(tmux_bytes 100 30 "${LH[@]}")
read -r B2J F2 < <(tmux_bytes 200 60 "${JK[@]}")
read -r B2L _ < <(tmux_bytes 200 60 "${LH[@]}")
IDLE=$(tmux_idle 100 30 10)
row "bytes per key j/k, 100x30 (first frame $F1)" "$B1J" "<= 300" "$(yes_no le "$B1J" 300)"
row "bytes per key l/h, 100x30" "$B1L" "<= 300" "$(yes_no le "$B1L" 300)"
row "bytes per key j/k, 200x60 (first frame $F2)" "$B2J" "<= 300" "$(yes_no le "$B2J" 300)"
row "bytes per key l/h, 200x60" "$B2L" "<= 300" "$(yes_no le "$B2L" 300)"
row "bytes written idle for 10 s, 100x30" "$IDLE" "0" "$(yes_no le "$IDLE" 0)"

# ---- 6. edit latency with 4 other writers ----
cp "$DB" "$WORK/edit.db"
for ext in -wal -shm; do [ -f "$DB$ext" ] && cp "$DB$ext" "$WORK/edit.db$ext"; done
EL0=$("$BUILD/tests/bench/edit_latency" "$WORK/edit.db" 4 0 200)
EL10=$("$BUILD/tests/bench/edit_latency" "$WORK/edit.db" 4 10 200)
ELA=$("$BUILD/tests/bench/edit_latency" "$WORK/edit.db" 0 0 200)
field() { echo "$1" | tr ' ' '\n' | awk -v k="$2" 'prev == k { print; exit } { prev = $0 }'; }
row "one edit, no other writer: p50 / p99 (ms)" "$(field "$ELA" p50_ms) / $(field "$ELA" p99_ms)" "-" "-"
row "one edit, 4 writers flat out: p50 / p99 (ms)" "$(field "$EL0" p50_ms) / $(field "$EL0" p99_ms)" "p50 <= 5" "$(yes_no le "$(field "$EL0" p50_ms)" 5)"
row "  (writers' commits/s meanwhile; max ms)" "$(field "$EL0" writer_edits_per_s); $(field "$EL0" max_ms)" "-" "-"
row "one edit, 4 writers at 100/s: p50 / p99 (ms)" "$(field "$EL10" p50_ms) / $(field "$EL10" p99_ms)" "p50 <= 5" "$(yes_no le "$(field "$EL10" p50_ms)" 5)"

# ---- 7. peak memory ----
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	$BENCH frame 1 100 30 /usr/bin/time -o "$WORK/rss.tui" -f %M "$TAVLE" --db "$DB" >/dev/null
	/usr/bin/time -o "$WORK/rss.exp" -f %M "$TAVLE" --db "$DB" export ics --all >/dev/null
	RSS_TUI=$(awk '{ printf "%.1f", $1 / 1024 }' "$WORK/rss.tui")
	RSS_EXP=$(awk '{ printf "%.1f", $1 / 1024 }' "$WORK/rss.exp")
	row "peak RSS, TUI to first frame (MB)" "$RSS_TUI" "<= 32" "$(yes_no le "$RSS_TUI" 32)"
	row "peak RSS, export ics --all (MB)" "$RSS_EXP" "<= 32" "$(yes_no le "$RSS_EXP" 32)"
	# Hostile calendars (tests/hard/gen_hostile_ics.py), each imported into a fresh
	# board: the largest import within the limits, and the 15 MB file of one repeated
	# property (issue 15: 66.5 MB of it took 5.49 GB), refused by the pre-pass. Target:
	# 10 times the file plus 64 MiB.
	for shape in at-component-limits at-property-limits one-property; do
		$PY "$ROOT/tests/hard/gen_hostile_ics.py" "$shape" 15 >"$WORK/hostile.ics"
		"$TAVLE" --db "$WORK/import.db" init --start 2026-12-01 >/dev/null 2>&1
		/usr/bin/time -o "$WORK/rss.imp" -f %M "$TAVLE" --db "$WORK/import.db" import ics \
			"$WORK/hostile.ics" >/dev/null 2>&1 && how=imported || how=refused
		RSS_IMP=$(awk 'END { printf "%.1f", $1 / 1024 }' "$WORK/rss.imp") # after "Command exited ..."
		IMP_MB=$(awk -v b="$(size_of "$WORK/hostile.ics")" 'BEGIN { printf "%.1f", b / 1048576 }')
		IMP_CAP=$(awk -v m="$IMP_MB" 'BEGIN { printf "%.0f", m * 10 + 64 }')
		row "peak RSS, import ics $shape $IMP_MB MB, $how (MB)" "$RSS_IMP" "<= $IMP_CAP" "$(yes_no le "$RSS_IMP" "$IMP_CAP")"
		rm -f "$WORK/import.db"* "$WORK/hostile.ics"
	done
else
	row "peak RSS (GNU time missing: apt-get install time)" "n/a" "<= 32" "n/a"
fi

# ---- 8. portfolio aggregate ----
OV=$("$BUILD/tests/bench/overdue" "$DB" "$RUNS")
OV_MED=$(field "$(head -1 <<<"$OV")" median_ms)
row "overdue per package number, all boards (ms)" "$OV_MED (total $(field "$(head -1 <<<"$OV")" total))" "<= 100" "$(yes_no le "$OV_MED" 100)"

# ---- 9. status reports collected (issue 20) ----
# One real `report status --json` of the benchmark's board, made into 1,100 authorities'
# reports (each its own valid CVR, authority and report time), imported into a fresh
# programme database (each run from an empty one), then the portfolio over them.
"$TAVLE" --db "$DB" --board "$BOARD" report status --json >"$WORK/report.json"
mkdir -p "$WORK/reports"
$PY - "$WORK/report.json" "$WORK/reports" 1100 <<'PYEOF'
import json, random, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
base = json.load(open(src))
rnd = random.Random(20)
seen = set()
def cvr():
    while True:
        d = [rnd.randint(1, 9)] + [rnd.randint(0, 9) for _ in range(6)]
        s = sum(w * x for w, x in zip((2, 7, 6, 5, 4, 3, 2), d))
        c = (-s) % 11
        v = ''.join(map(str, d)) + str(c)
        if c < 10 and v not in seen:
            seen.add(v)
            return v
for i in range(n):
    r = json.loads(json.dumps(base))
    r['board']['cvr'] = cvr()
    r['board']['authority'] = f'Myndighed {i:04d}'
    r['board']['name'] = f'Tavle {i:04d}'
    r['report_time'] = f'2026-11-{1 + i % 28:02d}T08:00:00Z'
    json.dump(r, open(f'{out}/{i:04d}.json', 'w'), ensure_ascii=False)
PYEOF
REP_MB=$(du -sm "$WORK/reports" | cut -f1)
read -r PI_MED PI_MIN PI_CPU < <($BENCH time "$RUNS" /dev/null sh -c 'rm -f "$1"*; "$2" --db "$1" portfolio import "$3"' sh "$WORK/programme.db" "$TAVLE" "$WORK/reports")
row "portfolio import, 1,100 reports, $REP_MB MB (ms)" "$PI_MED (min $PI_MIN) cpu $PI_CPU" "-" "-"
read -r PJ_MED PJ_MIN PJ_CPU < <($BENCH time "$RUNS" "$WORK/portfolio.json" "$TAVLE" --db "$WORK/programme.db" portfolio --json)
row "portfolio --json over 1,100 reported boards (ms)" "$PJ_MED (min $PJ_MIN) cpu $PJ_CPU" "-" "-"
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	rm -f "$WORK/programme.db"*
	/usr/bin/time -o "$WORK/rss.pimp" -f %M "$TAVLE" --db "$WORK/programme.db" portfolio import "$WORK/reports" >/dev/null 2>&1 || true
	row "peak RSS, portfolio import of 1,100 reports (MB)" "$(awk 'END { printf "%.1f", $1 / 1024 }' "$WORK/rss.pimp")" "-" "-"
fi

echo
printf '%-46s %-30s %-12s %s\n' "figure" "median wall (fastest) cpu" "target" "met"
printf '%s\n' "--------------------------------------------------------------------------------------------"
printf '%s\n' "${ROWS[@]}"
echo
echo "overdue by package number: $(tail -1 <<<"$OV" | cut -d' ' -f2-)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
cat <<'EOF'
methods: first frame = last byte before a 300 ms quiet gap on a fresh pty (TERM=xterm-256color,
100x30 via TIOCSWINSZ) minus the time before fork(); CLI = fork to exit; calcurse = the same
package deadlines as day-long events in its apts file, `calcurse -D DIR -x ical`; bytes/key =
tmux pipe-pane, one key at a time, each awaited until 300 ms quiet; edit = tv_store_set
(one commit) timed with CLOCK_MONOTONIC while 4 forked processes commit edits to other
boards; memory = GNU time %M; overdue = tv_store_overdue_by_number; reports = one real status report of the
board made into 1,100 authorities', imported into an empty database. Wall times on a
shared machine include waiting for a CPU (compare the load average above); "cpu" is the
median user+system time of the process (for the TUI: of the whole run, quitting included).
EOF
