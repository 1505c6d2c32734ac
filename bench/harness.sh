#!/usr/bin/env bash
# One run of the neutral harness (../shared/bench/compare.sh) as issue #19 measures it: the undici floor and the
# gateway bundle with the image's flags, each alone on core 1 (wrk and the fake upstream on core 0), 6 s cells, two
# reps, JSON at one and 64 connections, streams at 16 and 64, the time-to-first-token probe. Prints the results
# folder; `node bench/harness-verdict.mjs KEY DIR...` turns runs into the README's rows and target verdicts.
#
#   bench/harness.sh master|virtual [BUNDLE]     BUNDLE: dist/apps/gateway/main.mjs (build it first) or a copy of
#                                                another build's folder (the bundle reads its data files beside it)
# Env: OUT (results folder; default /tmp/switchboard-harness/KEY-<time>), SHARED_BENCH (../shared/bench),
# DURATION, WARMUP, REPS (6, 3, 2). `virtual` also needs DATABASE_URL (migrated:
# `node dist/apps/migrations/main.mjs`) and REDIS_URL; the bench's virtual key is added to that database if absent,
# with limits high enough never to refuse (rpm, tpm, parallel requests and a budget are all checked).
set -euo pipefail
cd "$(dirname "$0")/.."
KEY=${1:-}; BUNDLE=${2:-dist/apps/gateway/main.mjs}
[ "$KEY" = master ] || [ "$KEY" = virtual ] || { sed -n '2,12p' "$0"; exit 2; }
[ -f "$BUNDLE" ] || { echo "no bundle at $BUNDLE (node tools/build-app.mjs gateway)" >&2; exit 1; }
BUNDLE=$(realpath "$BUNDLE")
SHARED_BENCH=${SHARED_BENCH:-../shared/bench}
[ -x "$SHARED_BENCH/compare.sh" ] || { echo "no neutral harness at $SHARED_BENCH/compare.sh (set SHARED_BENCH)" >&2; exit 1; }
SHARED_BENCH=$(realpath "$SHARED_BENCH")
source bench/gateway-under-test.sh

# The gateway inherits this environment: the master key's run has no database and no Redis whatever the shell
# exports, and the virtual key's URLs reach it from here, not on the command line compare.sh logs.
presented=$BENCH_MASTER_KEY
if [ "$KEY" = master ]; then
  unset DATABASE_URL DATABASE_HOST REDIS_URL REDIS_HOST
else
  : "${DATABASE_URL:?the virtual key needs DATABASE_URL}" "${REDIS_URL:?the virtual key needs REDIS_URL}"
  psql "$DATABASE_URL" -q -v ON_ERROR_STOP=1 -c "insert into keys (hash, key_name, max_budget, max_parallel_requests, tpm_limit, rpm_limit)
    select encode(sha256('$BENCH_VIRTUAL_KEY'::bytea), 'hex'), 'sk-...6789', 1e6, 100000, 1000000000, 100000000
    where not exists (select 1 from keys where hash = encode(sha256('$BENCH_VIRTUAL_KEY'::bytea), 'hex'))"
  export DATABASE_URL REDIS_URL
  presented=$BENCH_VIRTUAL_KEY
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/journal"

export OUT=${OUT:-/tmp/switchboard-harness/$KEY-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
export DURATION=${DURATION:-6} WARMUP=${WARMUP:-3} REPS=${REPS:-2} CHAT_CONNS="1 64" TARGETS=undici,switchboard
export GATEWAY_NAME=switchboard GATEWAY_URL=http://127.0.0.1:4000/v1 GATEWAY_READY_URL=http://127.0.0.1:4000/health/liveliness
export GATEWAY_HEADERS="Authorization: Bearer $presented"
# compare.sh exports UPSTREAM_BASE_URL (its fake upstream) to the command it starts; the config reads it.
export GATEWAY_CMD="env CONFIG_FILE_PATH=$BENCH_GATEWAY_CONFIG SWITCHBOARD_MASTER_KEY=$BENCH_MASTER_KEY SPEND_JOURNAL_DIR=$work/journal PORT=4000 LOG_LEVEL=warn node $BENCH_GATEWAY_NODE_FLAGS $BUNDLE"
"$SHARED_BENCH/compare.sh" > "$OUT/summary.txt" 2> "$OUT/progress.txt"
echo "$OUT"
