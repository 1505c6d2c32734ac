# Sourced by bench/harness.sh and bench/same-core-ab.sh: the gateway as both measure it. Its config, the bench's
# master and virtual keys, and the image's node flags (docker/gateway.Dockerfile's CMD).
BENCH_GATEWAY_CONFIG=$(realpath bench/gateway-config.yaml)
BENCH_MASTER_KEY=sk-bench-master-0123456789
BENCH_VIRTUAL_KEY=sk-bench-virtual-key-0123456789
BENCH_GATEWAY_NODE_FLAGS="--max-semi-space-size=8 --heap-growing-percent=50"
