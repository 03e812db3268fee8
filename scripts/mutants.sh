#!/usr/bin/env bash
# Mutation testing of the rules, the import and the simulation, a report like the
# benchmarks (not a CI gate): how many wrong rules would the tests catch? cargo-mutants
# changes the source one small edit at a time (a `<` for a `<=`, an `||` for an `&&`, a
# function that returns a default) and runs the scenario runner and the property tests
# (`cargo test --test scenarios --test properties --test import_properties`) against each
# mutant. A mutant they still pass is "missed": nothing pins that part of the rules down.
#
#   scripts/mutants.sh [FILE_GLOB...]     # or: make mutants
#
# With no argument it mutates src/policy/*.rs, src/plan.rs, src/timeline.rs,
# src/eligibility.rs, src/history.rs and src/astro_api.rs; globs given replace that list
# (`scripts/mutants.sh src/policy/eligibility.rs`). One job at a time: about half an hour
# on two cores. cargo-mutants is installed from crates.io when missing. The full results are
# in target/mutants/mutants.out/ (caught.txt, missed.txt, unviable.txt, timeout.txt,
# outcomes.json, a log per mutant); the summary at the end counts them and lists every
# missed mutant. Exits 0 whatever the figures, unless cargo-mutants itself cannot run
# (or the scenario runner fails on the unmutated tree).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo mutants --version >/dev/null 2>&1; then
  echo "==> installing cargo-mutants from crates.io"
  # --locked builds with the versions cargo-mutants was released with; when the registry
  # no longer serves one of them, take the newest compatible ones instead.
  cargo install cargo-mutants --locked || cargo install cargo-mutants
fi

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=('src/policy/*.rs' src/plan.rs src/timeline.rs src/eligibility.rs src/history.rs src/astro_api.rs)
fi
file_args=()
for f in "${files[@]}"; do
  file_args+=(--file "$f")
done

out=target/mutants
mkdir -p "$out"
# The test targets that judge each mutant: the scenario files and the properties.
test_args=()
for t in scenarios properties import_properties; do
  if [ -f "tests/$t.rs" ]; then test_args+=("--cargo-arg=--test=$t"); fi
done
echo "==> $(cargo mutants --version): ${files[*]}, tested by ${test_args[*]#--cargo-arg=--test=}"
started=$(date +%s)
status=0
# --jobs 1 and one jobserver token: one build or test at a time. --no-shuffle: mutants
# in source order, so that two runs read alike. `--cargo-arg` reaches every cargo
# command cargo-mutants runs (`cargo test --no-run`, then `cargo test`), so that each
# mutant builds and runs those test targets alone, not every test target.
cargo mutants "${file_args[@]}" \
  --jobs 1 --jobserver-tasks 1 --no-shuffle \
  --output "$out" \
  --test-tool cargo "${test_args[@]}" || status=$?
# cargo-mutants exits 2 when mutants were missed and 3 when some timed out: those are
# results. Anything else (1: bad usage, 4: the runner fails on the unmutated tree, …) is
# a failure to run.
case $status in
  0 | 2 | 3) ;;
  *)
    echo "cargo mutants failed (exit $status): see $out/mutants.out/debug.log" >&2
    exit "$status"
    ;;
esac

results=$out/mutants.out
count() { if [ -f "$results/$1.txt" ]; then grep -c . "$results/$1.txt" || true; else echo 0; fi; }
caught=$(count caught)
missed=$(count missed)
unviable=$(count unviable)
timeout=$(count timeout)
viable=$((caught + missed + timeout))

echo
echo "==> mutation testing of the rules, $(($(date +%s) - started)) s"
echo "caught:   $caught"
echo "missed:   $missed"
echo "unviable: $unviable (do not build: not counted)"
echo "timeout:  $timeout"
if [ "$viable" -gt 0 ]; then
  # One decimal, in integer arithmetic.
  permille=$((caught * 1000 / viable))
  echo "caught of viable (caught + missed + timeout): $caught / $viable = $((permille / 10)).$((permille % 10)) %"
  if [ "$timeout" -gt 0 ]; then
    permille=$(((caught + timeout) * 1000 / viable))
    echo "caught or timed out (a mutant that hangs the runner does not pass it either): $((caught + timeout)) / $viable = $((permille / 10)).$((permille % 10)) %"
  fi
fi
if [ "$missed" -gt 0 ]; then
  echo
  echo "missed:"
  sed 's/^/  /' "$results/missed.txt"
fi
if [ "$timeout" -gt 0 ]; then
  echo
  echo "timed out (the scenario runner never finished on these):"
  sed 's/^/  /' "$results/timeout.txt"
fi
