# switchboard-migrations: applies the schema once per release (Helm pre-install/pre-upgrade Job, compose
# one-shot), then exits. The only image that changes the schema; it never reads DISABLE_SCHEMA_UPDATE.
# Build from the repository root: docker build -f docker/migrations.Dockerfile -t switchboard-migrations .

# --- build: bundles dist/apps/migrations/main.mjs next to its SQL folder dist/apps/migrations/drizzle ---
FROM alpine:3.22 AS build
COPY docker/apk-add-retry.sh /tmp/apk-add-retry.sh
RUN sh /tmp/apk-add-retry.sh nodejs npm
WORKDIR /src
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nx build migrations --outputStyle=static

# --- runtime: the distro's Node, the bundle and its migrations folder ---
FROM alpine:3.22 AS runtime
COPY docker/apk-add-retry.sh /tmp/apk-add-retry.sh
RUN sh /tmp/apk-add-retry.sh nodejs \
  && rm /tmp/apk-add-retry.sh \
  && addgroup -S -g 65532 switchboard \
  && adduser -S -D -H -u 65532 -G switchboard -h /app switchboard
WORKDIR /app
COPY --from=build /src/dist/apps/migrations/ /app/dist/apps/migrations/
ENV NODE_ENV=production
USER 65532:65532
# A one-shot job serves nothing to probe; its exit status is its health.
HEALTHCHECK NONE
CMD ["node", "dist/apps/migrations/main.mjs"]
