#!/usr/bin/env bash
# The benchmark harness, one command: `make bench` (or `make bench-quick`, fewer samples,
# for a smoke test). Generates the inputs once, builds the WebAssembly package, runs the
# native half (benches/engine.rs) and the WASM half (benches/wasm-bench.mjs) over the
# same files, and writes the report (benches/report.mjs): BENCHMARKS.md for a full run,
# target/bench-results/BENCHMARKS-quick.md for a quick one.
#
#   scripts/bench.sh [--quick]
#
# BENCH_PKG=existing uses pkg/ as it is instead of rebuilding it (when someone else is
# building it, or to measure a module built another way). The module's size is a figure
# of the report, so the build here never fails on the size budget (SIZE_BUDGET=report).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=()
report=BENCHMARKS.md
if [ "${1:-}" = "--quick" ]; then
  quick=(--quick)
  report=target/bench-results/BENCHMARKS-quick.md
fi
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)

echo "==> inputs (examples/gen_bench_inputs.rs → target/bench-inputs/)"
cargo run --quiet --profile bench --example gen_bench_inputs -- target/bench-inputs

if [ "${BENCH_PKG:-build}" = existing ] && [ -f pkg/deploy_rollback_bg.wasm ]; then
  echo "==> using pkg/ as it is (BENCH_PKG=existing)"
else
  echo "==> WebAssembly package (scripts/build-pkg.sh)"
  SIZE_BUDGET=report scripts/build-pkg.sh
fi

echo "==> native (benches/engine.rs)"
cargo bench --quiet --bench engine -- "${quick[@]}"

echo "==> WebAssembly in Node $(node --version) (benches/wasm-bench.mjs)"
node --expose-gc benches/wasm-bench.mjs "${quick[@]}"

echo "==> report"
node benches/report.mjs --out "$report" --load-start "$load_start" --seconds "$(($(date +%s) - started))"
