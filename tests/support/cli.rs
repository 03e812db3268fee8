//! The `deploy-rollback` binary as the command line's tests run it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The binary under test. Cargo names it only to the command line's own test crates; any
/// other includer that calls this has a broken test.
#[track_caller]
pub fn binary() -> &'static str {
    match option_env!("CARGO_BIN_EXE_deploy-rollback") {
        Some(path) => path,
        None => panic!("only the command line's tests (cli/tests) can run the binary"),
    }
}

/// A command for the binary. The tests say the width and the colour; the environment
/// running them must not.
#[track_caller]
pub fn cli() -> Command {
    let mut command = Command::new(binary());
    command.env_remove("COLUMNS").env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    command
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit code; `None` when a signal ended it.
    pub code: Option<i32>,
    /// Standard output, any bytes that are not UTF-8 replaced.
    pub stdout: String,
    /// Standard error, likewise.
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Self {
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Runs `command` to the end with `stdin` on its standard input (nothing when `None`) and
/// its output captured, as bytes.
#[track_caller]
pub fn run_command(command: &mut Command, stdin: Option<&[u8]>) -> Output {
    command.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the CLI: {e}"));
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        // A CLI that refuses its arguments exits without reading its input: a broken pipe
        // then is its answer, not a test failure.
        match pipe.write_all(bytes) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("cannot write to the CLI: {e}"),
            _ => {}
        }
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("the CLI did not finish: {e}"))
}

/// Runs the binary with `args` and `stdin` (nothing when `None`), its output as text.
#[track_caller]
pub fn run(args: &[&str], stdin: Option<&str>) -> Run {
    run_command(cli().args(args), stdin.map(str::as_bytes)).into()
}
