#!/usr/bin/env bash
# Two proxies on the same core at the same time, under the same load: an A/B whose two sides share the
# machine's drift. On a shared VM a proxy's CPU per request swings by 10-50% from minute to minute, more than
# most changes we measure; run one after the other, that drift lands on one side only. Here both sides run
# on core 1 together (wrk and the fake upstream on core 0), each driven by its own wrk at CONNS connections,
# and the line per round is each side's CPU per request (utime+stime from /proc) and their ratio.
#
#   bench/same-core-ab.sh A B      A, B: a gateway bundle (dist/apps/gateway/main.mjs, a copy of another
#                                  build), `floor` (the neutral harness's undici proxy) or `essential`
#                                  (bench/essential-proxy.mjs: the floor plus the work a LiteLLM-faithful
#                                  answer cannot skip; master key only)
# Env: ROUNDS (3), SECONDS_PER_ROUND (6), CONNS (32 each), KEY=master|virtual (virtual needs DATABASE_URL and
# REDIS_URL, and the key sk-bench-virtual-key-0123456789 in that database), SHARED_BENCH (../shared/bench),
# DEPS_DIR (the harness's peers, for the floor: /tmp/llm-bench-work/deps), NODE_FLAGS_A / NODE_FLAGS_B.
# An A/A run (the same bundle twice) reads within about ±1.5% on a quiet hour; that is the method's resolution.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { sed -n '2,15p' "$0"; exit 2; }
A=$1; B=$2
SHARED_BENCH=${SHARED_BENCH:-../shared/bench}
DEPS_DIR=${DEPS_DIR:-/tmp/llm-bench-work/deps}
ROUNDS=${ROUNDS:-3}; SECONDS_PER_ROUND=${SECONDS_PER_ROUND:-6}; CONNS=${CONNS:-32}
source bench/gateway-under-test.sh
MASTER=$BENCH_MASTER_KEY
for tool in wrk taskset curl node; do command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }; done

open_bench_stage 4100 4102

PA=$(start_proxy "$A" 4100 "${NODE_FLAGS_A:-}" "$work"); pids+=("$PA")
PB=$(start_proxy "$B" 4102 "${NODE_FLAGS_B:-}" "$work"); pids+=("$PB")

key=$MASTER
[ "${KEY:-master}" = virtual ] && key=$BENCH_VIRTUAL_KEY
export BENCH_HEADERS="Authorization: Bearer $key"
url() { echo "http://127.0.0.1:$1/v1/chat/completions"; }
for port in 4100 4102; do
  for _ in $(seq 1 100); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$BENCH_HEADERS" -H 'content-type: application/json' \
      -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}' "$(url $port)" || true)
    [ "$code" = 200 ] && break
    sleep 0.2
  done
  [ "$code" = 200 ] && kill -0 "$([ $port = 4100 ] && echo "$PA" || echo "$PB")" 2>/dev/null || { echo "the proxy on :$port did not answer 200 (see $work/$port.log)" >&2; cat "$work/$port.log" >&2; exit 1; }
done

cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
load() { # seconds outA outB
  BENCH_OUT=$2 taskset -c 0 wrk -t1 -c"$CONNS" -d"$1"s -s "$SHARED_BENCH/chat.lua" "$(url 4100)" > /dev/null &
  local w=$!
  BENCH_OUT=$3 taskset -c 0 wrk -t1 -c"$CONNS" -d"$1"s -s "$SHARED_BENCH/chat.lua" "$(url 4102)" > /dev/null
  wait $w
}
load 3 "$work/warm-a.json" "$work/warm-b.json"
tick=$(getconf CLK_TCK)
for round in $(seq 1 "$ROUNDS"); do
  a0=$(cpu "$PA"); b0=$(cpu "$PB")
  load "$SECONDS_PER_ROUND" "$work/a.json" "$work/b.json"
  a1=$(cpu "$PA"); b1=$(cpu "$PB")
  node -e '
    const [a, b] = [process.argv[1], process.argv[2]].map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
    const [da, db, tick, round] = process.argv.slice(3).map(Number);
    const ua = (da * 1e6) / tick / a.requests, ub = (db * 1e6) / tick / b.requests;
    const bad = a.bad_body + b.bad_body + a.err_status + b.err_status;
    console.log(`round ${round}: A ${ua.toFixed(1)} µs/req ${Math.round(a.rps)} rps | B ${ub.toFixed(1)} µs/req ${Math.round(b.rps)} rps | B/A ${(ub / ua).toFixed(3)}${bad ? ` | ${bad} bad answers` : ""}`);
  ' "$work/a.json" "$work/b.json" $((a1 - a0)) $((b1 - b0)) "$tick" "$round"
done
