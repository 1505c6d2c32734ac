#!/bin/sh
# `apk add --no-cache <packages>` with retries, for every image's build stages (SPEC §9): a mirror hiccup
# should not fail a release build, but a package that cannot be installed must. Three attempts, 5 s apart;
# after the last failure it says so on stderr and exits 1. (The reference's loop ended on `sleep` and so
# exited 0 when every attempt had failed, shipping an image without its packages.)
# Usage: sh /tmp/apk-add-retry.sh nodejs npm
set -u

if [ "$#" -eq 0 ]; then
  echo "apk-add-retry: no packages given" >&2
  exit 2
fi

attempts=3
attempt=1
while :; do
  if apk add --no-cache "$@"; then
    exit 0
  fi
  if [ "$attempt" -ge "$attempts" ]; then
    echo "apk-add-retry: 'apk add --no-cache $*' failed $attempts times; giving up" >&2
    exit 1
  fi
  echo "apk-add-retry: 'apk add' failed (attempt $attempt of $attempts); retrying in 5 s" >&2
  attempt=$((attempt + 1))
  sleep 5
done
