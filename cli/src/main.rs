//! `deploy-rollback`: the command-line front door to the rollback engine.
//!
//! Exit status: 0 when it ran (whatever the verdict), 1 with `--check` when a plan's
//! verdict is not `allowed`, 2 for bad input or usage (message on stderr, JSON with
//! `--json`). A closed pipe is not an error.
//!
//! Only this crate touches files, standard input and output, the clock and exit codes;
//! every answer comes from the core library (`deploy-rollback`).

mod api;
mod args;
mod explain;
mod hints;
mod output;
mod render;
mod summary;
mod table;
mod text;

use args::{Cli, Command, FileArg, RuntimeCommand, ScenarioInput};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches};
use deploy_rollback::ffi::{
    compare_runtime_versions, error_detail, example_scenario, parse_agent_image, to_json, to_json_pretty,
    EXAMPLE_DESCRIPTION, EXAMPLE_SCENARIO_JSON, EXAMPLE_TARGET, EXAMPLE_TIMELINE_JSON,
};
use deploy_rollback::{
    compare_entries, eligibility, from_astro_api, plan, previous_target, simulate, ErrorCode, Event,
    InputError, Scenario, Timeline, Verdict,
};
use render::Look;
use std::borrow::Cow;
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
    // The output options, read even from a command line that does not parse.
    let early = output::early(&argv);
    let look = Look { width: width(&stdout), color: output::colors(early.color, &stdout) };
    let mut json = early.json;
    let failure = match run(&argv, look, &mut json) {
        Ok(Output { text, exit }) => match write_all(stdout, &text) {
            Ok(()) => return ExitCode::from(exit),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return ExitCode::from(exit),
            Err(e) => Failure::Unwritable(e),
        },
        Err(failure) => failure,
    };
    let stderr = io::stderr();
    let text = if json { failure.json() } else { failure.text(output::colors(early.color, &stderr)) };
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
    /// The Astro API could not be read (`--api`): the URL asked, and what to do.
    Api(api::ApiError),
}

impl From<api::ApiFailure> for Failure {
    fn from(failure: api::ApiFailure) -> Self {
        match failure {
            api::ApiFailure::Usage { path, message } => Self::usage(&path, &message),
            api::ApiFailure::Api(error) => Self::Api(error),
            api::ApiFailure::Input { error, hint } => {
                Self::Input { error, hint: (!hint.is_empty()).then_some(hint) }
            }
        }
    }
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
            Self::Api(error) => error.code,
        }
    }

    fn path(&self) -> &str {
        match self {
            Self::Usage { path, .. } => path,
            Self::Unreadable { file, .. } => file,
            Self::Input { error, .. } => error.path(),
            Self::Unwritable(_) => "",
            Self::Api(error) => &error.url,
        }
    }

    fn message(&self) -> String {
        match self {
            Self::Usage { message, .. } | Self::Unreadable { message, .. } => message.clone(),
            Self::Input { error, hint: None } => error.message().to_owned(),
            Self::Input { error, hint: Some(hint) } => format!("{} (hint: {hint})", error.message()),
            Self::Unwritable(e) => format!("cannot write to standard output: {e}"),
            Self::Api(error) => error.message.clone(),
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
                // The styled form only when the plain one is safe as it is: its escapes are
                // clap's own, and cleaning would break them.
                let safe = clean_lines(text) == *text;
                let rest = if color && safe { styled } else { text };
                if let Some((_, after)) = rest.split_once("\n\n") {
                    out.push('\n');
                    out.push_str(&if color && safe { after.to_owned() } else { clean_lines(after) });
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

/// The one place where the library's answers become JSON text: one line, or indented for
/// people (`pretty`, as on a terminal) and then safe for their terminal (the same JSON
/// value, with control and format characters escaped).
fn json_answer<T: serde::Serialize>(value: &T, pretty: bool) -> String {
    if pretty {
        json_for_terminal(&(to_json_pretty(value) + "\n"))
    } else {
        to_json(value) + "\n"
    }
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
    name.trim_start_matches(['<', '[']).trim_end_matches("...").trim_end_matches(['>', ']']).to_owned()
}

/// Runs the command line `argv` (with the program name first). `json` is set once the
/// command line parses.
fn run(argv: &[OsString], look: Look, json: &mut bool) -> Result<Output, Failure> {
    let cli = match parse(argv, look)? {
        Parsed::Run(cli) => cli,
        Parsed::Print(help) => return Ok(Output::ok(help)),
    };
    *json = cli.output.json();
    let json = *json;
    let look = Look { color: output::colors(cli.output.color, &io::stdout()), ..look };
    // JSON for a person on a terminal is indented; for a program, one line.
    let pretty = json && io::stdout().is_terminal();
    let Some(command) = cli.command else { return example(json, pretty, look) };
    match command {
        Command::Eligibility { input, all } => {
            let scenario = load(&input)?;
            let result = eligibility(&scenario)?;
            Ok(Output::ok(if json {
                json_answer(&result, pretty)
            } else {
                summary::eligibility(&look, &scenario, &result, all)
            }))
        }
        Command::Plan { input, to, description, check } => {
            let scenario = load(&input)?;
            let target = target(&scenario, &to)?;
            let result = plan(&scenario, &target, description.as_deref())?;
            let exit = if check { gate(result.verdict) } else { 0 };
            let text = if json { json_answer(&result, pretty) } else { render::plan(&look, &result) };
            Ok(Output { text, exit })
        }
        Command::Diff { file, a, b, now, api } => {
            // With --api there is no FILE: the two positionals given are A and B.
            let (scenario, a, b) = match (api.api, b) {
                (true, None) => (from_api(&api, now)?, file, a),
                (true, Some(_)) => {
                    return Err(Failure::usage(
                        "FILE",
                        "with --api, diff takes the two entries only: diff --api A B",
                    ))
                }
                (false, b) => {
                    let file = std::path::PathBuf::from(file);
                    let text = read(&file)?;
                    let scenario = Scenario::from_json(&text).map_err(|error| Failure::Input {
                        hint: hints::astro_document(&text, &file),
                        error,
                    })?;
                    (scenario, a, b.unwrap_or_default())
                }
            };
            let result = compare_entries(&scenario, &a, &b)?;
            Ok(Output::ok(if json {
                json_answer(&result, pretty)
            } else {
                render::diff::comparison(&look, &result)
            }))
        }
        Command::Simulate(FileArg { file }) => {
            let text = read(&file)?;
            let timeline = Timeline::from_json(&text)
                .map_err(|error| Failure::Input { hint: hints::astro_document(&text, &file), error })?;
            let result = simulate(&timeline)?;
            Ok(Output::ok(if json {
                json_answer(&result, pretty)
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
            Ok(Output::ok(if json { json_answer(&parts, pretty) } else { render::agent_image(&parts) }))
        }
        Command::Import { api, now, .. } if api.api => {
            let scenario = from_api(&api, now)?;
            Ok(Output::ok(scenario_json(&scenario, json, pretty)))
        }
        Command::Import { deployment_file, deploys, now, .. } => {
            import(deployment_file.as_deref().unwrap_or(Path::new("-")), &deploys, now, json, pretty)
        }
        // The files as written for people; with --json the model's full, compact JSON, as
        // the JS package's exampleScenario() returns it.
        Command::Example { timeline: true } if json => {
            Ok(Output::ok(json_answer(&Timeline::from_json(EXAMPLE_TIMELINE_JSON)?, pretty)))
        }
        Command::Example { timeline: true } => Ok(Output::ok(EXAMPLE_TIMELINE_JSON)),
        Command::Example { timeline: false } if json => {
            Ok(Output::ok(json_answer(&example_scenario()?, pretty)))
        }
        Command::Example { timeline: false } => Ok(Output::ok(EXAMPLE_SCENARIO_JSON)),
        Command::Explain { topic: None } if json => {
            Ok(Output::ok(json_answer(&deploy_rollback::rules(), pretty)))
        }
        Command::Explain { topic: None } => Ok(Output::ok(explain::all_rules(&look))),
        Command::Explain { topic: Some(topic) } => {
            let found = explain::lookup(&topic)
                .map_err(|(message, listing)| Failure::usage_listing("CODE|RULE", &message, &listing))?;
            Ok(Output::ok(if json { json_answer(&found, pretty) } else { explain::topics(&look, &found) }))
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
    pretty: bool,
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
    Ok(Output::ok(scenario_json(&scenario, json, pretty)))
}

/// `import`'s answer: with `-o json` as any JSON answer, else indented for people and safe
/// for their terminal (the same JSON value).
fn scenario_json(scenario: &Scenario, json: bool, pretty: bool) -> String {
    json_answer(scenario, pretty || !json)
}

/// The exit status of `plan --check`: 0 allowed, 1 blocked, 3 action required first. (A
/// verdict added later is not `allowed`: 1.)
fn gate(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Allowed => 0,
        Verdict::ActionRequired => 3,
        _ => 1,
    }
}

/// The entry `--to` names: an entry with that id, else for `previous` the previous code.
fn target(scenario: &Scenario, to: &str) -> Result<String, Failure> {
    if to != args::PREVIOUS || scenario.history.iter().any(|d| d.id == to) {
        return Ok(to.to_owned());
    }
    previous_target(scenario)?.ok_or_else(|| {
        Failure::usage(
            "--to",
            "there is no previous code to roll back to: no deployed entry older than the current one holds other \
             code; name the target with --to ID",
        )
    })
}

/// The scenario a command reads: its FILE, or the Astro API with `--api`.
fn load(input: &ScenarioInput) -> Result<Scenario, Failure> {
    match &input.file {
        Some(file) if !input.api.api => {
            let text = read(file)?;
            Scenario::from_json(&text)
                .map_err(|error| Failure::Input { hint: hints::astro_document(&text, file), error })
        }
        _ => from_api(&input.api, input.now.clone()),
    }
}

/// The scenario of the Deployment `--api` names, at `now` (default: the current time).
fn from_api(args: &args::ApiArgs, now: Option<String>) -> Result<Scenario, Failure> {
    let source = api::Source::new(args, |name| std::env::var(name).ok())?;
    let mut progress = api::Progress::new(io::stderr().is_terminal());
    Ok(api::scenario(&source, &now.unwrap_or_else(current_time), &mut progress)?)
}

/// One deploys file as elements of the array of pages: the elements of an array of
/// pages, a bare array of deploys as one page, or the file's page itself. (A file that is
/// not JSON is passed on whole, for the library to report.)
fn pages_in(text: &str) -> Cow<'_, str> {
    /// An element of an array: a page has `deploys`, a deploy does not.
    #[derive(serde::Deserialize)]
    struct PageOrDeploy {
        deploys: Option<serde::de::IgnoredAny>,
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim();
    let elements = serde_json::from_str::<Vec<PageOrDeploy>>(text).ok();
    if elements.as_ref().is_some_and(|e| !e.is_empty() && e.iter().all(|p| p.deploys.is_none())) {
        return Cow::Owned(format!("{{\"deploys\": {text}}}"));
    }
    let is_array = serde_json::from_str::<Vec<serde::de::IgnoredAny>>(text).is_ok();
    match text.strip_prefix('[').and_then(|inner| inner.strip_suffix(']')) {
        Some(inner) if is_array => Cow::Borrowed(inner.trim()),
        _ => Cow::Borrowed(text),
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
fn example(json: bool, pretty: bool, look: Look) -> Result<Output, Failure> {
    let scenario = example_scenario()?;
    let result = plan(&scenario, EXAMPLE_TARGET, Some(EXAMPLE_DESCRIPTION))?;
    if json {
        return Ok(Output::ok(json_answer(&result, pretty)));
    }
    let event = Event::rollback(scenario.now, EXAMPLE_TARGET, Some(EXAMPLE_DESCRIPTION));
    let after = simulate(&Timeline::from_scenario(scenario.clone(), vec![event]))?;
    Ok(Output::ok(render::example(&look, &scenario, &result, &after)))
}
