//! `deploy-rollback`: the command-line front door to the rollback engine.
//!
//! Exit status: 0 when it ran (whatever the verdict), 1 with `--check` when a plan's
//! verdict is not `allowed`, 2 for bad input or usage (message on stderr).

#[path = "cli/mod.rs"]
mod cli;
#[path = "cli/render.rs"]
mod render;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match cli::run(&args) {
        Ok(cli::Output { text, exit }) => {
            print!("{text}");
            exit
        }
        Err(failure) => {
            eprintln!("{failure}");
            2
        }
    };
    std::process::exit(code);
}
