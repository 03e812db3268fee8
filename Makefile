# Developer entry points. The crate builds with plain cargo; these are conveniences.

.PHONY: bench bench-quick

# Benchmarks, native and WebAssembly, over the same generated inputs; writes BENCHMARKS.md.
bench:
	scripts/bench.sh

# The same with few samples: a smoke test of the harness (report in target/bench-results/).
bench-quick:
	scripts/bench.sh --quick
