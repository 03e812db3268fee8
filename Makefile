# Developer entry points. The crate builds with plain cargo; these are conveniences.

.PHONY: bench bench-quick mutants

# Benchmarks, native and WebAssembly, over the same generated inputs; writes BENCHMARKS.md.
bench:
	scripts/bench.sh

# The same with few samples: a smoke test of the harness (report in target/bench-results/).
bench-quick:
	scripts/bench.sh --quick

# Mutation testing of the rules against the scenario files alone: a report, not a gate
# (target/mutants/; about half an hour).
mutants:
	scripts/mutants.sh
