# Sourced by bench/harness.sh, bench/same-core-ab.sh and bench/instructions.sh: the gateway as they measure it. Its
# config, the bench's master and virtual keys, the image's node flags (docker/gateway.Dockerfile's CMD), and how a
# proxy under test is started.
BENCH_GATEWAY_CONFIG=$(realpath bench/gateway-config.yaml)
BENCH_MASTER_KEY=sk-bench-master-0123456789
BENCH_VIRTUAL_KEY=sk-bench-virtual-key-0123456789
BENCH_GATEWAY_NODE_FLAGS=$(node bench/image-node-flags.mjs)

# start_proxy SIDE PORT FLAGS WORK [WRAPPER...]: starts one proxy on core 1 against the fake upstream on :18000 and
# prints its pid. SIDE: `floor` (the neutral harness's undici proxy), `essential` (bench/essential-proxy.mjs) or a
# gateway bundle. FLAGS: extra node flags. WORK: the folder for its log (PORT.log) and spend journal. WRAPPER: a
# command node runs under (valgrind, for bench/instructions.sh). Needs SHARED_BENCH and DEPS_DIR.
start_proxy() {
  local side=$1 port=$2 flags=$3 work=$4
  shift 4
  if [ "$side" = floor ]; then
    UPSTREAM=http://127.0.0.1:18000 PORT=$port DEPS_DIR=$DEPS_DIR taskset -c 1 "$@" node $flags "$SHARED_BENCH/min-proxy-undici.mjs" > "$work/$port.log" 2>&1 &
  elif [ "$side" = essential ]; then
    UPSTREAM=http://127.0.0.1:18000 PORT=$port DEPS_DIR=$DEPS_DIR MASTER_KEY=$BENCH_MASTER_KEY taskset -c 1 "$@" node $flags bench/essential-proxy.mjs > "$work/$port.log" 2>&1 &
  else
    mkdir -p "$work/journal-$port"
    UPSTREAM_BASE_URL=http://127.0.0.1:18000/v1 CONFIG_FILE_PATH=$BENCH_GATEWAY_CONFIG SWITCHBOARD_MASTER_KEY=$BENCH_MASTER_KEY SPEND_JOURNAL_DIR=$work/journal-$port PORT=$port \
      taskset -c 1 "$@" node $BENCH_GATEWAY_NODE_FLAGS $flags "$side" > "$work/$port.log" 2>&1 &
  fi
  echo $!
}

# open_bench_stage PORT...: a work folder ($work; removed at exit, after every process in $pids has been stopped
# and waited for, since a gateway drains before it exits), the given ports and :18000 free (a proxy from an earlier
# run may still be draining on them), and the fake upstream on core 0 at :18000.
open_bench_stage() {
  work=$(mktemp -d)
  pids=()
  trap close_bench_stage EXIT
  local ports
  ports=$(IFS='|'; echo "$*|18000")
  for _ in $(seq 1 100); do ss -ltn | grep -qE ":($ports) " || break; sleep 0.2; done
  PORT=18000 taskset -c 0 node "$SHARED_BENCH/fake-upstream.mjs" > "$work/upstream.log" 2>&1 &
  pids+=($!)
}

close_bench_stage() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; done
  rm -rf "$work"
}
