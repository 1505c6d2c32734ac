#!/bin/sh
# The UI image's entrypoint: renders the route-table nginx config with the upstreams from the environment,
# then runs the command (nginx in the foreground by default). Only ${GATEWAY_UPSTREAM} and ${BACKEND_UPSTREAM}
# are substituted (and the custom routes of GATEWAY_EXTRA_ROUTES put in at their marker); nginx's own $variables are left alone. The rendered file goes to /tmp: the root
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

# The config's custom pass-through routes (general_settings.pass_through_endpoints) go to the gateway too:
# GATEWAY_EXTRA_ROUTES lists their paths, space-separated, `/path` for the path alone and `/path/*` for the path
# and everything under it (include_subpath). A path a built-in route already serves is refused: the gateway
# serves the built-in there, so the custom route could never be reached.
extra_locations=$(mktemp)
for route in ${GATEWAY_EXTRA_ROUTES:-}; do
  printf '%s' "$route" | grep -Eq '^(/[A-Za-z0-9._~-]+)+(/[*])?$' ||
    fail "GATEWAY_EXTRA_ROUTES: '$route' is not a path like /my-hook or /my-hook/* (letters, digits, . _ ~ - only)"
  path=${route%/\*}
  # The template lists every built-in route as `# @route = /path` or `# @route ^ /prefix`: the path itself, or
  # a prefix route above it (/key/x is under /key), belongs to the built-in.
  grep -Eq "^ *# @route [=^] $path\$" "$template" && fail "GATEWAY_EXTRA_ROUTES: $path is already a built-in route; the gateway serves the built-in there"
  above=${path%/*}
  while [ -n "$above" ]; do
    grep -Eq "^ *# @route \\^ $above\$" "$template" && fail "GATEWAY_EXTRA_ROUTES: $path is under the built-in route $above; the gateway serves the built-in there"
    above=${above%/*}
  done
  echo "    location = $path { proxy_pass http://switchboard_gateway; }" >>"$extra_locations"
  if [ "$path" != "$route" ]; then
    echo "    location ^~ $path/ { proxy_pass http://switchboard_gateway; }" >>"$extra_locations"
  fi
done

sed -e 's/[$]{GATEWAY_UPSTREAM}/'"$gateway_upstream"'/g' \
  -e 's/[$]{BACKEND_UPSTREAM}/'"$backend_upstream"'/g' \
  -e '/# @gateway-extra-routes@/r '"$extra_locations" \
  -e '/# @gateway-extra-routes@/d' \
  "$template" >"$rendered.tmp" || fail "cannot render $template into $rendered"
rm -f "$extra_locations"
if grep -q '[$]{' "$rendered.tmp"; then
  fail "$template has a placeholder other than \${GATEWAY_UPSTREAM} and \${BACKEND_UPSTREAM}"
fi
mv "$rendered.tmp" "$rendered"

exec "$@"
