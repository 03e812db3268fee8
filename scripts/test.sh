#!/usr/bin/env bash
# Sets up what is missing, then runs every test: formatting, lints, the native suite
# (unit, scenario files, golden, CLI, properties, hostile inputs, doctests), the WASM
# package in Node and in headless Chromium, JS/CLI parity, the TypeScript check, the
# demo end to end in Chromium, and the packed package (npm pack) installed into a scratch
# app and run in Node, a Vite dev server, a Vite build and esbuild bundles. Prints the .wasm
# size figures. This is the one full test command (CI runs it).
#
#   scripts/test.sh           # everything (7+ minutes)
#   scripts/test.sh --quick   # the daily tier: the native suite only (cargo test
#                             # --workspace), no setup, no WASM, no browser
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

case "${1:-}" in
  "") ;;
  --quick)
    step "cargo test --workspace (the quick tier: native only; scripts/test.sh runs everything)"
    exec cargo test --workspace --quiet
    ;;
  *) echo "usage: scripts/test.sh [--quick]" >&2; exit 2 ;;
esac

scripts/setup.sh

step "cargo fmt --check"
cargo fmt --check
step "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings
step "cargo test --workspace (native: the core, the CLI, the module's Rust side)"
cargo test --workspace --quiet
step "a consumer crate outside the workspace: the builder, serde round trips, codes; the core's tree holds no clap, comfy-table or wasm-bindgen"
cargo test --manifest-path tests/consumer/Cargo.toml --target-dir target --quiet
step "the fuzz targets still build against the engine (scripts/fuzz.sh runs them, on nightly)"
cargo check --quiet --manifest-path fuzz/Cargo.toml --bins --target-dir target/fuzz-check
step "the slow hostile input: a history of a million real entries is accepted"
cargo test --quiet -p deploy-rollback-cli --test hostile -- --ignored

step "build pkg/ and the release CLI"
scripts/build-pkg.sh
cargo build --release --quiet -p deploy-rollback-cli

step "wasm-bindgen-test in Node"
cargo test --target wasm32-unknown-unknown -p deploy-rollback-wasm --lib
step "wasm-bindgen-test in headless Chromium"
CHROMEDRIVER="$(command -v chromedriver)" WASM_BINDGEN_USE_BROWSER=1 \
  cargo test --target wasm32-unknown-unknown -p deploy-rollback-wasm --lib

step "tsc --strict --noEmit (a TypeScript consumer of every function)"
node_modules/.bin/tsc -p tests/ts/tsconfig.json

step "node --test: the package in Node, parity with the CLI, the demo in Chromium, the packed package"
node --test tests/js/ tests/e2e/ tests/pkg/
