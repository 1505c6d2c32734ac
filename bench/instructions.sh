#!/usr/bin/env bash
# Instructions per request, counted by valgrind's callgrind: a reading the host's drift moves less than it moves
# time. CPU time on a shared VM swings by 10-50% from minute to minute and by host (bench/same-core-ab.sh resolves
# ±1.5% on a quiet hour, ±8% on a noisy one). Under callgrind V8 keeps compiling well past the warm-up (a quarter to
# a third of the count, against 0.1% of the samples at full speed), and how much moves from run to run, so the line
# per side leaves V8's compiling out and prints it beside. Without it the same side still moved by up to 3% between
# two passes: compare builds within one invocation, each side in turn, and repeat it. It counts user space only (the kernel's share is the same two writev and two read calls per
# request for the floor and the gateway) and not what cache misses or promise turns cost in time, so it
# complements the time the targets are set on; it does not replace it.
#
#   bench/instructions.sh SIDE...   SIDE: `floor`, `essential` or a gateway bundle (dist/apps/gateway/main.mjs)
# Each side runs alone under callgrind on core 1 with `--single-threaded` (V8 compiles and collects on the main
# thread, so when code gets optimized depends less on timing). wrk sends the harness's chat body one request at a
# time (no batching that depends on speed): WARM_SECONDS uncounted, then COUNT_SECONDS counted.
# Env: WARM_SECONDS (60), COUNT_SECONDS (40), SHARED_BENCH (../shared/bench), DEPS_DIR (/tmp/llm-bench-work/deps).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n '2,14p' "$0"; exit 2; }
SHARED_BENCH=${SHARED_BENCH:-../shared/bench}
DEPS_DIR=${DEPS_DIR:-/tmp/llm-bench-work/deps}
WARM_SECONDS=${WARM_SECONDS:-60}; COUNT_SECONDS=${COUNT_SECONDS:-40}
source bench/gateway-under-test.sh
for tool in valgrind callgrind_control callgrind_annotate wrk taskset curl node; do command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }; done
[ -f "$SHARED_BENCH/compare.sh" ] || { echo "no neutral harness at $SHARED_BENCH (set SHARED_BENCH)" >&2; exit 1; }
for side in "$@"; do
  case $side in floor | essential) ;; *) [ -f "$side" ] || { echo "no bundle at $side (node tools/build-app.mjs gateway)" >&2; exit 1; } ;; esac
done

open_bench_stage 4100
export BENCH_HEADERS="Authorization: Bearer $BENCH_MASTER_KEY"
url=http://127.0.0.1:4100/v1/chat/completions

for side in "$@"; do
  # Instrumentation off until the warm-up is done: the count covers only the counted requests.
  pid=$(start_proxy "$side" 4100 --single-threaded "$work" valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/callgrind.%p")
  pids+=("$pid")
  code=000
  for _ in $(seq 1 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$BENCH_HEADERS" -H 'content-type: application/json' \
      -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}' "$url" || true)
    [ "$code" = 200 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  [ "$code" = 200 ] || { echo "$side did not answer 200 under valgrind (its log:)" >&2; cat "$work/4100.log" >&2; exit 1; }
  taskset -c 0 wrk -t1 -c1 -d"${WARM_SECONDS}s" -s "$SHARED_BENCH/chat.lua" "$url" > /dev/null
  callgrind_control -i on "$pid" > /dev/null 2>&1
  BENCH_OUT=$work/count.json taskset -c 0 wrk -t1 -c1 -d"${COUNT_SECONDS}s" -s "$SHARED_BENCH/chat.lua" "$url" > /dev/null
  callgrind_control -d "$pid" > /dev/null 2>&1
  callgrind_control -i off "$pid" > /dev/null 2>&1
  # V8 compiling (lazily, or to optimized code) inside the count: its runtime entry points, inclusive. Under callgrind
  # V8 keeps optimizing long after a warm-up that settles it at full speed (`perf` at full speed puts its compilers at
  # 0.1% of the samples), so that share is the slowed run's, not the requests'; it is printed and left out.
  compiling=$(callgrind_annotate --inclusive=yes --threshold=100 --auto=no "$work/callgrind.$pid.1" 2>/dev/null |
    awk '/v8::internal::Runtime_(Compile|InstallBaselineCode)/ { gsub(",", "", $1); sum += $1 } END { printf "%d", sum }')
  node -e '
    const fs = require("fs");
    const [countFile, dumpFile, side, compiling] = process.argv.slice(1);
    const count = JSON.parse(fs.readFileSync(countFile, "utf8"));
    const totals = /^totals: (\d+)/m.exec(fs.readFileSync(dumpFile, "utf8"));
    const bad = count.bad_body + count.err_status;
    if (bad > 0) throw new Error(`${side}: ${bad} bad answers`);
    if (!totals || Number(totals[1]) === 0 || count.requests === 0) throw new Error(`${side}: no instructions or no requests counted`);
    const total = Number(totals[1]);
    const k = (n) => (n / count.requests / 1000).toFixed(1);
    const share = ((100 * Number(compiling)) / total).toFixed(1);
    console.log(`${side}: ${k(total - Number(compiling))} k instructions per request without V8 compiling (${k(total)} k with it, ${share}% compiling; ${count.requests} requests)`);
  ' "$work/count.json" "$work/callgrind.$pid.1" "$side" "$compiling"
  kill "$pid"
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
done
