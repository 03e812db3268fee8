//! `deploy-rollback`: the command-line front door to the rollback engine.
//!
//! Exit status: 0 when it ran (whatever the verdict), 1 with `--check` when a plan's
//! verdict is not `allowed`, 2 for bad input or usage (message on stderr, JSON with
//! `--json`). A closed pipe is not an error.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
