//! The command line's grammar, declared with clap: every command, argument and option,
//! and the help text each one shows.

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use std::path::PathBuf;

// What follows each command's help: the conventions it shares with the others, and only
// the ones that apply to it. (Macros, so that `concat!` can put them together.)

/// FILE as standard input.
macro_rules! file_note {
    () => {
        "FILE may be `-` for standard input."
    };
}

/// The JSON form of answers and errors.
macro_rules! json_note {
    () => {
        "With -o json (or --json) the answer is the JSON that the JS package returns \
         (indented on a terminal), and every error is {\"error\": {\"code\", \"message\", \
         \"path\", \"detail\"}} on stderr."
    };
}

/// Where `--api` finds its token and ids.
macro_rules! api_note {
    () => {
        "--api reads the token from ASTRO_API_TOKEN, and the ids from ASTRO_ORGANIZATION_ID \
         and ASTRO_DEPLOYMENT_ID when --organization and --deployment are not given."
    };
}

/// Rule ids in answers.
macro_rules! rules_note {
    () => {
        "Each reason, warning and task outcome names its rule ([D1]): `explain D1` says it."
    };
}

/// The exit status of a command with no gate.
macro_rules! exit_ran {
    () => {
        "Exit status: 0 it ran; 2 bad input or usage."
    };
}

/// The top-level help: every convention, every exit status.
const SHARED: &str = concat!(
    file_note!(),
    " ",
    json_note!(),
    " ",
    rules_note!(),
    "\n\nExit status: 0 it ran, whatever the verdict; with `plan --check`: 0 allowed, 1 \
     blocked, 3 action required first; 2 bad input, usage, or the Astro API could not be read."
);

const ELIGIBILITY: &str = concat!(
    file_note!(),
    " ",
    api_note!(),
    " ",
    json_note!(),
    " ",
    rules_note!(),
    "\n\nWith more than 20 entries it prints a summary and the 20 newest; --all prints \
     every entry.\n\n",
    exit_ran!()
);

const PLAN: &str = concat!(
    file_note!(),
    " ",
    api_note!(),
    " ",
    json_note!(),
    " ",
    rules_note!(),
    "\n\nExit status: 0 it ran, whatever the verdict; with --check: 0 allowed, 1 blocked, \
     3 action required first (the steps say what); 2 bad input, usage, or the Astro API \
     could not be read."
);

const SIMULATE: &str = concat!(file_note!(), " ", json_note!(), " ", rules_note!(), "\n\n", exit_ran!());

const IMPORT: &str = concat!(
    file_note!(),
    " ",
    api_note!(),
    " It prints the scenario as JSON, indented for people; with -o json on one line \
     (indented on a terminal). Errors as JSON with -o json.\n\n",
    exit_ran!()
);

const RUNTIME: &str = concat!(json_note!(), "\n\n", exit_ran!());

const DIFF: &str = concat!(file_note!(), " ", api_note!(), " ", json_note!(), "\n\n", exit_ran!());

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
    #[command(flatten)]
    pub output: OutputArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Which history entries can be rollback targets, why not the others, and when each
    /// leaves the retention window
    #[command(after_help = ELIGIBILITY)]
    Eligibility {
        /// Print every entry and every reason, however long the history
        #[arg(long)]
        all: bool,
        // Last: the Astro API's heading applies to the options after it.
        #[command(flatten)]
        input: ScenarioInput,
    },

    /// Preview one rollback: verdict, field by field, downgrade, tasks, agents and steps
    #[command(after_help = PLAN)]
    Plan {
        /// The id of the history entry to roll back to; `previous`: the newest deployed
        /// entry older than the current one whose code differs
        #[arg(long, value_name = "ID", default_value = PREVIOUS)]
        to: String,
        /// The rollback's description, as the Deploy History will show it
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        description: Option<String>,
        /// Gate on the verdict: exit 0 allowed, 1 blocked, 3 action required first
        #[arg(long)]
        check: bool,
        // Last: the Astro API's heading applies to the options after it.
        #[command(flatten)]
        input: ScenarioInput,
    },

    /// Compare two history entries: their code field by field, the Runtime change, the
    /// entries between them and their commits
    #[command(after_help = DIFF)]
    #[command(override_usage = "\
deploy-rollback diff [OPTIONS] <FILE> <A> <B>
       deploy-rollback diff --api [OPTIONS] <A> <B>")]
    Diff {
        /// The scenario (JSON), `-` for standard input; with --api, left out (the
        /// arguments are then A and B)
        #[arg(value_name = "FILE")]
        file: String,
        /// The id of the first history entry (from)
        #[arg(value_name = "A")]
        a: String,
        /// The id of the second history entry (to)
        #[arg(value_name = "B", required_unless_present = "api")]
        b: Option<String>,
        /// With --api: the moment of the preview, RFC 3339 [default: the current time]
        #[arg(long, value_name = "TIME", requires = "api")]
        now: Option<String>,
        // Last: the Astro API's heading applies to the options after it.
        #[command(flatten)]
        api: ApiArgs,
    },

    /// Tell a timeline's story: each deploy, rollback, settings change, agent update and
    /// set of running tasks in order, and the Deployment at the end
    #[command(after_help = SIMULATE)]
    Simulate(FileArg),

    /// Runtime versions and Remote Execution agent images
    #[command(subcommand)]
    Runtime(RuntimeCommand),

    /// Turn a Deployment and its deploys, as the Astro API returns them, into a scenario
    #[command(after_help = IMPORT)]
    #[command(override_usage = "\
deploy-rollback import [OPTIONS] <DEPLOYMENT.json> <DEPLOYS.json>...
       deploy-rollback import --api [OPTIONS]")]
    Import {
        /// The Deployment object (JSON), `-` for standard input
        #[arg(value_name = "DEPLOYMENT.json", required_unless_present = "api", conflicts_with_all = API_ONLY)]
        deployment_file: Option<PathBuf>,
        /// Its deploys (JSON): files each holding a page or an array of pages, in any order
        #[arg(value_name = "DEPLOYS.json", required_unless_present = "api", conflicts_with_all = API_ONLY)]
        deploys: Vec<PathBuf>,
        /// The moment of the preview, RFC 3339 [default: the current time]
        #[arg(long, value_name = "TIME")]
        now: Option<String>,
        #[command(flatten)]
        api: ApiArgs,
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

/// `plan --to`'s default: the previous code (`deploy_rollback::previous_target`), unless an
/// entry has this very id.
pub const PREVIOUS: &str = "previous";

/// How answers are written, for every command: read first, so that even a command line
/// that does not parse is answered in the form it asks for.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// The same as --output json
    #[arg(long, global = true)]
    pub json: bool,
    /// How to print the answer: text for people (the default), or json as the JS package
    /// returns it (errors too)
    #[arg(
        short = 'o',
        long,
        value_name = "FORMAT",
        value_enum,
        global = true,
        default_value_t = Format::Text,
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub output: Format,
    /// When to colour text: auto (the default: on a terminal, unless NO_COLOR is set or
    /// TERM is dumb; CLICOLOR_FORCE forces it), always or never
    #[arg(
        long,
        value_name = "WHEN",
        value_enum,
        global = true,
        default_value_t = ColorWhen::Auto,
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub color: ColorWhen,
}

impl OutputArgs {
    /// Whether the answer (and any error) is JSON.
    pub fn json(&self) -> bool {
        self.json || self.output == Format::Json
    }
}

/// `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    // (No doc comments: clap would list them, and the option's help says it.)
    Text,
    Json,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// A command that reads a scenario: from a file, or from the Astro API.
#[derive(Debug, Args)]
pub struct ScenarioInput {
    /// The scenario (JSON), `-` for standard input
    #[arg(value_name = "FILE", required_unless_present = "api", conflicts_with_all = API_ONLY)]
    pub file: Option<PathBuf>,
    /// With --api: the moment of the preview, RFC 3339 [default: the current time]
    #[arg(long, value_name = "TIME", requires = "api", conflicts_with = "file")]
    pub now: Option<String>,
    #[command(flatten)]
    pub api: ApiArgs,
}

/// The options that only `--api` reads: a FILE cannot come with them. (clap does not
/// enforce `requires = "api"` while a FILE, which conflicts with `--api`, is given.)
const API_ONLY: [&str; 5] = ["api", "api_url", "organization", "deployment", "api_timeout"];

/// `--api` and its settings: where the Astro API is, which Deployment, how long to wait.
/// The token comes from `ASTRO_API_TOKEN` only, never from the command line.
#[derive(Debug, Args)]
#[command(next_help_heading = "Astro API")]
pub struct ApiArgs {
    /// Read the Deployment and all its deploys from the Astro API instead of files (the
    /// token from ASTRO_API_TOKEN)
    #[arg(long)]
    pub api: bool,
    /// The API's address
    #[arg(long, value_name = "URL", default_value = crate::api::DEFAULT_URL, requires = "api")]
    pub api_url: String,
    /// The Organization's id [default: $ASTRO_ORGANIZATION_ID]
    #[arg(long, value_name = "ID", requires = "api")]
    pub organization: Option<String>,
    /// The Deployment's id [default: $ASTRO_DEPLOYMENT_ID]
    #[arg(long, value_name = "ID", requires = "api")]
    pub deployment: Option<String>,
    /// Seconds to wait for each answer of the API
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, requires = "api")]
    pub api_timeout: f64,
    /// Milliseconds before the first retry of a 429 or 5xx answer, doubling at each retry
    /// (tests shorten it)
    #[arg(long, value_name = "MS", default_value_t = 1000, hide = true)]
    pub api_retry_delay_ms: u64,
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
    #[command(after_help = RUNTIME)]
    Compare {
        /// A Runtime version (`9.1.0`, `3.0-1`)
        #[arg(value_name = "A")]
        a: String,
        /// The other Runtime version
        #[arg(value_name = "B")]
        b: String,
    },

    /// Read a Remote Execution agent image reference: Runtime, Python, agent version
    #[command(after_help = RUNTIME)]
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
