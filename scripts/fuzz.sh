#!/usr/bin/env bash
# Fuzzes every target in fuzz/ (or the TARGETs named) for SECONDS each (default 60), one
# after the other. On several cores, run one instance per group of targets.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Needs the nightly toolchain (`rustup toolchain install nightly`); installs cargo-fuzz
# when it is missing. The committed seeds (fuzz/seeds/<target>/) are copied into the
# working corpus (fuzz/corpus/<target>/, not committed) first. A crash leaves its input in
# fuzz/artifacts/<target>/ and makes this script fail: turn it into a regression test in
# tests/hostile.rs, fix the engine, and run again.
set -euo pipefail

seconds="${1:-60}"
case "$seconds" in
  '' | *[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac
shift || true
cd "$(dirname "$0")/.."

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "cargo-fuzz needs the nightly toolchain: rustup toolchain install nightly" >&2
  exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install --locked cargo-fuzz
fi

all=(scenario_plan timeline_simulate runtime_version agent_image astro_import)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi
for target in "${targets[@]}"; do
  case " ${all[*]} " in
    *" $target "*) ;;
    *) echo "unknown target $target (targets: ${all[*]})" >&2; exit 2 ;;
  esac
done
cargo +nightly fuzz build
status=0
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  if [ -d "fuzz/seeds/$target" ]; then
    cp -n fuzz/seeds/"$target"/* "fuzz/corpus/$target/" 2>/dev/null || true
  fi
  echo "== $target: ${seconds}s"
  if ! cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1; then
    echo "== $target: FAILED, see fuzz/artifacts/$target/" >&2
    status=1
  fi
done
exit "$status"
