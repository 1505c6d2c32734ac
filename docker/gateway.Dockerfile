# switchboard-gateway: the data plane (port 4000).
# Build from the repository root: docker build -f docker/gateway.Dockerfile -t switchboard-gateway .

# --- build: the whole workspace, bundled by esbuild into dist/apps/gateway/main.mjs ---
FROM alpine:3.22 AS build
COPY docker/apk-add-retry.sh /tmp/apk-add-retry.sh
RUN sh /tmp/apk-add-retry.sh nodejs npm
WORKDIR /src
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nx build gateway --outputStyle=static

# --- runtime: the distro's Node and the self-contained bundle, nothing else ---
FROM alpine:3.22 AS runtime
COPY docker/apk-add-retry.sh /tmp/apk-add-retry.sh
RUN sh /tmp/apk-add-retry.sh nodejs \
  && rm /tmp/apk-add-retry.sh \
  && addgroup -S -g 65532 switchboard \
  && adduser -S -D -H -u 65532 -G switchboard -h /app switchboard
WORKDIR /app
# Owned by root and only readable by the service user: the code cannot be changed at run time.
COPY --from=build /src/dist/apps/gateway/ /app/dist/apps/gateway/
# One gateway process per container: scale with containers (HPA). GATEWAY_WORKERS=N (or auto, one per core the
# container may run on) forks N processes on the one port (node:cluster, the node flags below apply to each);
# more than one needs REDIS_URL/REDIS_HOST, or GATEWAY_WORKERS_ALLOW_LOCAL_LIMITS=true for per-process limits.
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=4000 \
  DISABLE_SCHEMA_UPDATE=true \
  GATEWAY_WORKERS=1
USER 65532:65532
EXPOSE 4000
# No --start-period: dockerfilelint 1.8 misreads it as an unknown option; compose and Helm set their own.
HEALTHCHECK --interval=10s --timeout=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health/liveliness', { signal: AbortSignal.timeout(4000) }).then((res) => process.exit(res.ok ? 0 : 1), () => process.exit(1))"]
# A small young generation: the request path promotes nothing per request (see tools/workspace-checks), so
# scavenges stay cheap, and resident memory under load stays near 130 MB (64 MB semi-spaces added ~40 MB).
# 8 MB semi-spaces. V8 rounds a semi-space up to a power of two: the 12 this image ran with were 16 (a 32 MB young
# generation in v8.getHeapSpaceStatistics()), which read 142-155 MB resident under load, over the 150 MB target;
# 8 read 126-137, for about 3% more CPU per request (README, #19's 26th session). No scavenge task: V8 otherwise
# starts one at 80% of the young generation, so each scavenge would come a fifth early. The bench reads these
# flags from here (bench/image-node-flags.mjs).
# An old generation grown by half, not up to 4x, after each full GC: from its start-up GC V8 let the heap reach
# 120 MB before the next one (resident 130 -> 193 MB in the first 30 s of load, 230 with keys and spend on).
CMD ["node", "--max-semi-space-size=8", "--no-minor-gc-task", "--heap-growing-percent=50", "dist/apps/gateway/main.mjs"]
