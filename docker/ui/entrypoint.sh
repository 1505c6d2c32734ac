#!/bin/sh
# The UI image's entrypoint: renders the route-table nginx config with the upstreams from the environment,
# then runs the command (nginx in the foreground by default). Only ${GATEWAY_UPSTREAM} and ${BACKEND_UPSTREAM}
# are substituted; nginx's own $variables are left alone. The rendered file goes to /tmp: the root
# filesystem may be read-only.
set -eu

template=${NGINX_TEMPLATE:-/etc/nginx/switchboard/nginx.conf.template}
rendered=${NGINX_CONF:-/tmp/nginx.conf}

fail() {
  echo "ui entrypoint: $*" >&2
  exit 1
}

# host:port only, so the value can neither break the sed expression nor inject nginx directives.
check_upstream() {
  printf '%s' "$2" | grep -Eq '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:[0-9]{1,5}$' ||
    fail "$1 must be host:port (e.g. gateway:4000), got '$2'"
}

gateway_upstream=${GATEWAY_UPSTREAM:-}
backend_upstream=${BACKEND_UPSTREAM:-}
check_upstream GATEWAY_UPSTREAM "$gateway_upstream"
check_upstream BACKEND_UPSTREAM "$backend_upstream"

sed -e 's/[$]{GATEWAY_UPSTREAM}/'"$gateway_upstream"'/g' \
  -e 's/[$]{BACKEND_UPSTREAM}/'"$backend_upstream"'/g' \
  "$template" >"$rendered.tmp" || fail "cannot render $template into $rendered"
if grep -q '[$]{' "$rendered.tmp"; then
  fail "$template has a placeholder other than \${GATEWAY_UPSTREAM} and \${BACKEND_UPSTREAM}"
fi
mv "$rendered.tmp" "$rendered"

exec "$@"
