//! `deploy-rollback`: the command-line front door to the rollback engine.
//!
//! Exit status: 0 when it ran (whatever the verdict), 1 with `--check` when a plan's
//! verdict is not `allowed`, 2 for bad input or usage (message on stderr, JSON with
//! `--json`). A closed pipe is not an error.
//!
//! The command line is native only: its parts (clap, the table crate) stay out of the
//! WebAssembly build, where this crate is the library and this binary is empty.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
