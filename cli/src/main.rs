//! `deploy-rollback`: the command-line front door to the rollback engine.
//!
//! Exit status: 0 when it ran (whatever the verdict), 1 with `--check` when a plan's
//! verdict is not `allowed`, 2 for bad input or usage (message on stderr, JSON with
//! `--json`). A closed pipe is not an error.
//!
//! Only this crate touches files, standard input and output, the clock and exit codes;
//! every answer comes from the core library (`deploy-rollback`).

mod args;
mod explain;
mod render;
mod table;
mod text;

use args::{Cli, Command, FileArg, RuntimeCommand};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches};
use deploy_rollback::ffi::{
    compare_runtime_versions, error_detail, example_scenario, parse_agent_image, to_json, to_json_pretty,
    EXAMPLE_DESCRIPTION, EXAMPLE_SCENARIO_JSON, EXAMPLE_TARGET, EXAMPLE_TIMELINE_JSON,
};
use deploy_rollback::{
    compare_entries, eligibility, from_astro_api, plan, simulate, ErrorCode, Event, InputError, Scenario,
    Timeline, Verdict,
};
use render::Look;
use std::ffi::OsString;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;
use text::{clean_lines, json_for_terminal};

/// The width when neither the terminal nor `COLUMNS` says.
const DEFAULT_WIDTH: usize = 100;

/// Runs the command line and writes its answer: standard output for answers and help,
/// standard error for errors. A closed pipe on either ends quietly.
fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().collect();
    let stdout = io::stdout();
    let look = Look { width: width(&stdout), color: color(&stdout) };
    // Until the command line parses, `--json` anywhere before `--` asks for JSON errors.
    let mut json = argv.iter().skip(1).take_while(|a| *a != "--").any(|a| a == "--json");
    let failure = match run(&argv, look, &mut json) {
        Ok(Output { text, exit }) => match write_all(stdout, &text) {
            Ok(()) => return ExitCode::from(exit),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return ExitCode::from(exit),
            Err(e) => Failure::Unwritable(e),
        },
        Err(failure) => failure,
    };
    let stderr = io::stderr();
    let text = if json { failure.json() } else { failure.text(color(&stderr)) };
    // Nowhere is left to say that standard error failed too.
    let _ = write_all(stderr, &text);
    ExitCode::from(2)
}

/// Writes the whole text, returning the error (never panicking) when the stream is closed
/// or full: Rust ignores SIGPIPE, so a closed pipe is an `EPIPE` error here.
fn write_all(mut stream: impl Write, text: &str) -> io::Result<()> {
    stream.write_all(text.as_bytes())?;
    stream.flush()
}

/// The columns to fit: `COLUMNS` when set, else the terminal's, else 100.
fn width(stdout: &io::Stdout) -> usize {
    let from_env = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
    let from_terminal = || {
        stdout
            .is_terminal()
            .then(|| terminal_size::terminal_size_of(stdout))
            .flatten()
            .map(|(w, _)| usize::from(w.0))
    };
    from_env.filter(|w| *w > 0).or_else(from_terminal).unwrap_or(DEFAULT_WIDTH).max(render::MIN_WIDTH)
}

/// Colour only for a terminal, and never when `NO_COLOR` is set (to anything but "").
fn color(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// What to print on standard output, and the exit status.
struct Output {
    text: String,
    exit: u8,
}

impl Output {
    fn ok(text: impl Into<String>) -> Self {
        Self { text: text.into(), exit: 0 }
    }
}

/// Why the command could not run. Each has a code, a path, a message and the same as a
/// plain sentence, written as text, or as `{"error": {"code", "message", "path", "detail"}}`
/// with `--json`.
enum Failure {
    /// The command line does not parse: clap's message, the offending argument.
    Usage { message: String, path: String, text: String, styled: String },
    /// A FILE argument that cannot be read.
    Unreadable { file: String, message: String },
    /// Bad input, found by the library; `hint` when the arguments may be to blame.
    Input { error: InputError, hint: Option<String> },
    /// Standard output cannot be written (a full disk).
    Unwritable(io::Error),
}

impl From<InputError> for Failure {
    fn from(error: InputError) -> Self {
        Self::Input { error, hint: None }
    }
}

impl Failure {
    fn code(&self) -> &'static str {
        match self {
            Self::Usage { .. } => "usage",
            Self::Unreadable { .. } => "unreadableFile",
            Self::Input { error, .. } => error.code().as_str(),
            Self::Unwritable(_) => "unwritableOutput",
        }
    }

    fn path(&self) -> &str {
        match self {
            Self::Usage { path, .. } => path,
            Self::Unreadable { file, .. } => file,
            Self::Input { error, .. } => error.path(),
            Self::Unwritable(_) => "",
        }
    }

    fn message(&self) -> String {
        match self {
            Self::Usage { message, .. } | Self::Unreadable { message, .. } => message.clone(),
            Self::Input { error, hint: None } => error.message().to_owned(),
            Self::Input { error, hint: Some(hint) } => format!("{} (hint: {hint})", error.message()),
            Self::Unwritable(e) => format!("cannot write to standard output: {e}"),
        }
    }

    /// What is wrong as one plain sentence, as the engine words its errors' `detail`.
    fn detail(&self) -> String {
        match self {
            Self::Input { error, hint: None } => error.detail().to_owned(),
            Self::Input { error, hint: Some(hint) } => format!("{} Hint: {hint}.", error.detail()),
            _ => error_detail(self.path(), &self.message()),
        }
    }

    /// The `--json` form, one line, its keys in the engine's order.
    fn json(&self) -> String {
        #[derive(serde::Serialize)]
        struct Error<'a> {
            code: &'a str,
            message: String,
            path: &'a str,
            detail: String,
        }
        #[derive(serde::Serialize)]
        struct Answer<'a> {
            error: Error<'a>,
        }
        let error =
            Error { code: self.code(), message: self.message(), path: self.path(), detail: self.detail() };
        json_answer(&Answer { error }, false)
    }

    /// The text form, `error: CODE at PATH: MESSAGE` (without ` at PATH` when no path
    /// applies), then for usage clap's tip and usage lines, and for input a hint. Text
    /// from the input or the command line is made safe for the terminal.
    fn text(&self, color: bool) -> String {
        let at = if self.path().is_empty() { String::new() } else { format!(" at {}", self.path()) };
        let message = match self {
            Self::Input { error, .. } => error.message().to_owned(),
            _ => self.message(),
        };
        let mut out = clean_lines(&format!("error: {}{at}: {message}\n", self.code()));
        match self {
            Self::Usage { text, styled, .. } => {
                // clap's paragraphs after its first line: a tip, the usage, where to read more.
                let rest = if color && clean_lines(text) == *text { styled } else { text };
                if let Some((_, after)) = rest.split_once("\n\n") {
                    out.push('\n');
                    out.push_str(&clean_lines(after));
                }
            }
            Self::Input { hint: Some(hint), .. } => out.push_str(&clean_lines(&format!("hint: {hint}\n"))),
            _ => {}
        }
        out
    }

    /// A usage mistake that clap did not see (two FILEs reading standard input).
    fn usage(path: &str, message: &str) -> Self {
        Self::usage_listing(path, message, "")
    }

    /// A usage mistake, with `listing` (lines) between the error line and the pointer to
    /// `--help`: what could have been given instead.
    fn usage_listing(path: &str, message: &str, listing: &str) -> Self {
        let listing = if listing.is_empty() { String::new() } else { format!("{listing}\n") };
        let text = format!("error: {message}\n\n{listing}For more information, try '--help'.\n");
        Self::Usage { message: message.to_owned(), path: path.to_owned(), styled: text.clone(), text }
    }
}

/// The one place where the library's answers become JSON text.
fn json_answer<T: serde::Serialize>(value: &T, pretty: bool) -> String {
    let text = if pretty { to_json_pretty(value) } else { to_json(value) };
    text + "\n"
}

/// A command line that parses: a command to run, or help or the version to print.
enum Parsed {
    Run(Cli),
    Print(String),
}

/// Parses the command line, with help fitted to the width.
fn parse(argv: &[OsString], look: Look) -> Result<Parsed, Failure> {
    let parsed = Cli::command()
        .term_width(look.width)
        .try_get_matches_from(argv)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let error = match parsed {
        Ok(cli) => return Ok(Parsed::Run(cli)),
        Err(error) => error,
    };
    let styled = error.render();
    if !error.use_stderr() {
        // --help, help COMMAND, --version: an answer, not an error.
        let mut text = if look.color { styled.ansi().to_string() } else { styled.to_string() };
        if !text.ends_with('\n') {
            text.push('\n');
        }
        return Ok(Parsed::Print(text));
    }
    let text = styled.to_string();
    let first = text.split("\n\n").next().unwrap_or_default();
    let message = first.trim_start_matches("error: ").split_whitespace().collect::<Vec<_>>().join(" ");
    let styled = styled.ansi().to_string();
    Err(Failure::Usage { message, path: offending(&error), text, styled })
}

/// The argument a clap error is about, by name: `--to`, `FILE`, `frobnicate`.
fn offending(error: &clap::Error) -> String {
    let value = [ContextKind::InvalidArg, ContextKind::InvalidSubcommand].into_iter().find_map(|kind| {
        match error.get(kind) {
            Some(ContextValue::String(s)) => Some(s.clone()),
            Some(ContextValue::Strings(s)) => s.first().cloned(),
            _ => None,
        }
    });
    let value = value.unwrap_or_default();
    let name = value.split_whitespace().next().unwrap_or_default();
    match error.kind() {
        ErrorKind::UnknownArgument => return value,
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return "COMMAND".to_owned();
        }
        _ => {}
    }
    name.trim_start_matches('<').trim_end_matches("...").trim_end_matches('>').to_owned()
}

/// Runs the command line `argv` (with the program name first). `json` is set once the
/// command line parses.
fn run(argv: &[OsString], look: Look, json: &mut bool) -> Result<Output, Failure> {
    let cli = match parse(argv, look)? {
        Parsed::Run(cli) => cli,
        Parsed::Print(help) => return Ok(Output::ok(help)),
    };
    *json = cli.json;
    let json = cli.json;
    let Some(command) = cli.command else { return example(json, look) };
    match command {
        Command::Eligibility(FileArg { file }) => {
            let scenario = Scenario::from_json(&read(&file)?)?;
            let result = eligibility(&scenario)?;
            Ok(Output::ok(if json {
                json_answer(&result, false)
            } else {
                render::eligibility(&look, &scenario, &result)
            }))
        }
        Command::Plan { file, to, description, check } => {
            let scenario = Scenario::from_json(&read(&file)?)?;
            let result = plan(&scenario, &to, description.as_deref())?;
            let exit = u8::from(check && result.verdict != Verdict::Allowed);
            let text = if json { json_answer(&result, false) } else { render::plan(&look, &result) };
            Ok(Output { text, exit })
        }
        Command::Diff { file, a, b } => {
            let scenario = Scenario::from_json(&read(&file)?)?;
            let result = compare_entries(&scenario, &a, &b)?;
            Ok(Output::ok(if json {
                json_answer(&result, false)
            } else {
                render::diff::comparison(&look, &result)
            }))
        }
        Command::Simulate(FileArg { file }) => {
            let timeline = Timeline::from_json(&read(&file)?)?;
            let result = simulate(&timeline)?;
            Ok(Output::ok(if json {
                json_answer(&result, false)
            } else {
                render::simulation(&look, &timeline, &result)
            }))
        }
        Command::Runtime(RuntimeCommand::Compare { a, b }) => {
            let order = compare_runtime_versions(&a, &b)?;
            let sign = match order {
                ..0 => "<",
                0 => "=",
                _ => ">",
            };
            Ok(Output::ok(if json { format!("{order}\n") } else { format!("{a} {sign} {b}\n") }))
        }
        Command::Runtime(RuntimeCommand::AgentImage { reference }) => {
            let parts = parse_agent_image(&reference)?;
            Ok(Output::ok(if json { json_answer(&parts, false) } else { render::agent_image(&parts) }))
        }
        Command::Import { deployment, deploys, now } => import(&deployment, &deploys, now, json),
        // The files as written for people; with --json the model's full, compact JSON, as
        // the JS package's exampleScenario() returns it.
        Command::Example { timeline: true } if json => {
            Ok(Output::ok(json_answer(&Timeline::from_json(EXAMPLE_TIMELINE_JSON)?, false)))
        }
        Command::Example { timeline: true } => Ok(Output::ok(EXAMPLE_TIMELINE_JSON)),
        Command::Example { timeline: false } if json => {
            Ok(Output::ok(json_answer(&example_scenario()?, false)))
        }
        Command::Example { timeline: false } => Ok(Output::ok(EXAMPLE_SCENARIO_JSON)),
        Command::Explain { topic: None } if json => {
            Ok(Output::ok(json_answer(&deploy_rollback::rules(), false)))
        }
        Command::Explain { topic: None } => Ok(Output::ok(explain::all_rules(&look))),
        Command::Explain { topic: Some(topic) } => {
            let found = explain::lookup(&topic)
                .map_err(|(message, listing)| Failure::usage_listing("CODE|RULE", &message, &listing))?;
            Ok(Output::ok(if json { json_answer(&found, false) } else { explain::topics(&look, &found) }))
        }
        Command::Completion { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "deploy-rollback", &mut script);
            let script = String::from_utf8_lossy(&script);
            // clap_complete's bash script spells a hyphenated program's states two ways,
            // so nothing after a subcommand completes (clap-rs/clap#6421): use one.
            Ok(Output::ok(if shell == clap_complete::Shell::Bash {
                script.replace("deploy__subcmd__rollback", "deploy__rollback")
            } else {
                script.into_owned()
            }))
        }
    }
}

/// `import`: the Deployment and its pages of deploys become a scenario, `now` defaulting
/// to the current time.
fn import(
    deployment: &Path,
    deploys: &[std::path::PathBuf],
    now: Option<String>,
    json: bool,
) -> Result<Output, Failure> {
    let stdin_readers = std::iter::once(deployment).chain(deploys.iter().map(|p| p.as_path()));
    if stdin_readers.filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(Failure::usage("-", "only one FILE can be `-` (standard input)"));
    }
    let deployment_file = deployment;
    let deployment = read(deployment)?;
    let pages = deploys.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>()?;
    // Several files go to the library as one JSON array of pages: each file holds a page
    // or an array of pages, flattened in order.
    let deploys_text = match pages.as_slice() {
        [page] => page.clone(),
        pages => format!(
            "[{}]",
            pages.iter().map(|p| pages_in(p)).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(",")
        ),
    };
    let now = now.unwrap_or_else(current_time);
    let scenario = from_astro_api(&deployment, &deploys_text, &now).map_err(|error| {
        let first_page = pages.first().map(String::as_str).unwrap_or_default();
        let hint = looks_swapped(&deployment, first_page).then(|| {
            let page_file = deploys.first().map(|p| p.display().to_string()).unwrap_or_default();
            format!(
                "{} looks like a page of deploys and {page_file} like a Deployment: the Deployment \
                 comes first (import DEPLOYMENT.json DEPLOYS.json...)",
                deployment_file.display()
            )
        });
        Failure::Input { error, hint }
    })?;
    // Indented for people, and then safe for their terminal (the same JSON value).
    Ok(Output::ok(if json {
        json_answer(&scenario, false)
    } else {
        json_for_terminal(&json_answer(&scenario, true))
    }))
}

/// One deploys file as elements of the array of pages: the elements of an array of
/// pages, or the file's page itself. (A file that is not JSON is passed on whole, for the
/// library to report.)
fn pages_in(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim();
    let is_array = serde_json::from_str::<Vec<serde::de::IgnoredAny>>(text).is_ok();
    match text.strip_prefix('[').and_then(|inner| inner.strip_suffix(']')) {
        Some(inner) if is_array => inner.trim(),
        _ => text,
    }
}

/// Whether `import`'s two documents look the wrong way round: the first a page of
/// deploys (`{"deploys": [...]}`), the second a Deployment (an object with an `id`).
fn looks_swapped(deployment: &str, page: &str) -> bool {
    use serde_json::Value;
    let parse = |text: &str| {
        serde_json::from_str::<Value>(text.strip_prefix('\u{feff}').unwrap_or(text)).unwrap_or(Value::Null)
    };
    let (first, second) = (parse(deployment), parse(page));
    let is_page = |v: &Value| v.get("deploys").is_some_and(Value::is_array);
    let is_deployment = |v: &Value| v.get("id").is_some() && v.get("deploys").is_none();
    is_page(&first) && is_deployment(&second)
}

/// Now, as RFC 3339 UTC to the second: the CLI reads the clock, the library never does.
fn current_time() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    chrono::DateTime::from_timestamp(seconds, 0)
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// Reads a file, or standard input for `-`, as UTF-8 (the library skips a byte-order
/// mark).
fn read(path: &Path) -> Result<String, Failure> {
    let stdin = path.as_os_str() == "-";
    let mut bytes = Vec::new();
    let result = if stdin {
        io::stdin().lock().read_to_end(&mut bytes).map(drop)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).map(drop)
    };
    let name = path.display().to_string();
    let source = if stdin { "standard input".to_owned() } else { name.clone() };
    result.map_err(|e| Failure::Unreadable { message: format!("cannot read {source}: {e}"), file: name })?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let message = format!("{source} is not UTF-8 (invalid byte at offset {at})");
        Failure::from(InputError::new(ErrorCode::InvalidJson, "", message))
    })
}

/// The built-in example: the history before, the plan, the history after, and the three
/// slips of the documentation's own example.
fn example(json: bool, look: Look) -> Result<Output, Failure> {
    let scenario = example_scenario()?;
    let result = plan(&scenario, EXAMPLE_TARGET, Some(EXAMPLE_DESCRIPTION))?;
    if json {
        return Ok(Output::ok(json_answer(&result, false)));
    }
    let event = Event::rollback(scenario.now, EXAMPLE_TARGET, Some(EXAMPLE_DESCRIPTION));
    let after = simulate(&Timeline::from_scenario(scenario.clone(), vec![event]))?;
    Ok(Output::ok(render::example(&look, &scenario, &result, &after)))
}
