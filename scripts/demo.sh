#!/usr/bin/env bash
# Runs the demo: builds pkg/ when it is missing or older than the sources, then serves
# www/ and pkg/ on http://127.0.0.1:8080 (PORT=… for another port). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

# The demo needs no browser; the test command installs one.
SKIP_BROWSER=1 scripts/setup.sh

wasm=pkg/deploy_rollback_bg.wasm
stale=no
if [ ! -f "$wasm" ] || [ ! -f pkg/deploy_rollback.js ]; then
  stale=yes
elif [ -n "$(find src Cargo.toml Cargo.lock -newer "$wasm" -print -quit 2>/dev/null)" ]; then
  stale=yes
fi
if [ "$stale" = yes ]; then
  echo "==> pkg/ is missing or older than src/: building it"
  scripts/build-pkg.sh
elif [ ! -f pkg/index.js ] || [ -n "$(find js LICENSE -newer pkg/index.js -print -quit 2>/dev/null)" ]; then
  echo "==> pkg/'s entry points are older than js/: copying them"
  scripts/build-pkg.sh --js-only
fi

exec node scripts/serve.mjs
