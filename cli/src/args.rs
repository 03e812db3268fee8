//! The command line's grammar, declared with clap: every command, argument and option,
//! and the help text each one shows.

use clap::{Args, Parser, Subcommand};
use clap_complete::Shell;
use std::path::PathBuf;

/// What follows every command's help: the conventions the commands share.
const SHARED: &str = "\
FILE may be `-` for standard input. With --json the answer is the JSON that
the JS package returns, and every error is {\"error\": {\"code\", \"message\",
\"path\", \"detail\"}} on stderr. Exit status: 0 ran (whatever the verdict); 1
with --check when the verdict is not `allowed`; 2 bad input or usage. Each
reason, warning and task outcome names its rule ([D1]): `explain D1` says it.";

/// What follows `explain`'s help.
const EXPLAIN: &str = "\
A rule prints its id, title and summary, as docs/rules.md states them; a
code (a reason, warning, task outcome, agent status or error) prints its
title, severity and the rule it applies. With --json: an array, of the
rules (as the JS package's rules() returns them) or of what matched.";

/// Preview deploy rollbacks of an Airflow Deployment before anyone clicks.
///
/// With no command it runs the built-in 8-November example: the Deploy History before,
/// the plan of a rollback to the deploy of 6 November, and the history after.
#[derive(Debug, Parser)]
#[command(name = "deploy-rollback", version, after_help = SHARED)]
pub struct Cli {
    /// Print the answer as JSON (as the JS package returns it), and errors as JSON
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Which history entries can be rollback targets, why not the others, and when each
    /// leaves the retention window
    #[command(after_help = SHARED)]
    Eligibility(FileArg),

    /// Preview one rollback: verdict, field by field, downgrade, tasks, agents and steps
    #[command(after_help = SHARED)]
    Plan {
        /// The scenario (JSON), `-` for standard input
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The id of the history entry to roll back to
        #[arg(long, value_name = "ID")]
        to: String,
        /// The rollback's description, as the Deploy History will show it
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        description: Option<String>,
        /// Exit 1 when the verdict is not `allowed`
        #[arg(long)]
        check: bool,
    },

    /// Compare two history entries: their code field by field, the Runtime change, the
    /// entries between them and their commits
    #[command(after_help = SHARED)]
    Diff {
        /// The scenario (JSON), `-` for standard input
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The id of the first history entry (from)
        #[arg(value_name = "A")]
        a: String,
        /// The id of the second history entry (to)
        #[arg(value_name = "B")]
        b: String,
    },

    /// Tell a timeline's story: each deploy, rollback, settings change, agent update and
    /// set of running tasks in order, and the Deployment at the end
    #[command(after_help = SHARED)]
    Simulate(FileArg),

    /// Runtime versions and Remote Execution agent images
    #[command(subcommand)]
    Runtime(RuntimeCommand),

    /// Turn a Deployment and its deploys, as the Astro API returns them, into a scenario
    #[command(after_help = SHARED)]
    Import {
        /// The Deployment object (JSON), `-` for standard input
        #[arg(value_name = "DEPLOYMENT.json")]
        deployment: PathBuf,
        /// Its deploys (JSON): files each holding a page or an array of pages, in any order
        #[arg(value_name = "DEPLOYS.json", required = true)]
        deploys: Vec<PathBuf>,
        /// The moment of the preview, RFC 3339 [default: the current time]
        #[arg(long, value_name = "TIME")]
        now: Option<String>,
    },

    /// Print the built-in example scenario (JSON), a starting point for your own
    Example {
        /// Print the example timeline instead, an input for `simulate`
        #[arg(long)]
        timeline: bool,
    },

    /// Say what a rule of docs/rules.md or a code of the answers means; with no argument,
    /// list every rule
    #[command(after_help = EXPLAIN)]
    Explain {
        /// A rule (`E1`, `§4`, also `4` or `S4`) or a code (`runtimeDowngrade`,
        /// `notDeployed`, `failsThenRetries`, `invalidTimestamp`)
        #[arg(value_name = "CODE|RULE")]
        topic: Option<String>,
    },

    /// Print a shell completion script
    #[command(after_help = "\
Load the completions in the running shell with one of these lines; add it to
the shell's start-up file (~/.bashrc, ~/.zshrc after compinit,
~/.config/fish/config.fish, $PROFILE) to load them in every new one.
  bash:  source <(deploy-rollback completion bash)
  zsh:   source <(deploy-rollback completion zsh)
  fish:  deploy-rollback completion fish | source
  PowerShell:
    deploy-rollback completion powershell | Out-String | Invoke-Expression")]
    Completion {
        /// The shell
        #[arg(value_name = "SHELL")]
        shell: Shell,
    },
}

/// A command that reads one scenario or timeline.
#[derive(Debug, Args)]
pub struct FileArg {
    /// The input (JSON), `-` for standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `runtime compare` and `runtime agent-image`.
#[derive(Debug, Subcommand)]
pub enum RuntimeCommand {
    /// Compare two Runtime versions as the astro CLI orders them (-1, 0 or 1 with --json)
    #[command(after_help = SHARED)]
    Compare {
        /// A Runtime version (`9.1.0`, `3.0-1`)
        #[arg(value_name = "A")]
        a: String,
        /// The other Runtime version
        #[arg(value_name = "B")]
        b: String,
    },

    /// Read a Remote Execution agent image reference: Runtime, Python, agent version
    #[command(after_help = SHARED)]
    AgentImage {
        /// The image reference (`agent:3.1-11-python-3.12-astro-agent-1.3.3`)
        #[arg(value_name = "REF")]
        reference: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }
}
