//! Commands and arguments. Only this module touches files, standard input and exit
//! codes; every answer comes from the library.

use crate::render;
use deploy_rollback::{
    compare_runtime_versions, eligibility, example_scenario, from_astro_api, parse_agent_image, plan,
    simulate, to_json, ErrorAnswer, ErrorCode, Event, InputError, Scenario, Timeline, Verdict,
    EXAMPLE_DESCRIPTION, EXAMPLE_TARGET,
};
use std::fmt;
use std::io::Read;

pub const USAGE: &str = "\
deploy-rollback: preview deploy rollbacks of an Airflow Deployment before anyone clicks

Usage:
  deploy-rollback                                   run the built-in 8-November example
  deploy-rollback eligibility FILE [--json]
  deploy-rollback plan FILE --to ID [--description TEXT] [--json] [--check]
  deploy-rollback simulate FILE [--json]
  deploy-rollback runtime compare A B [--json]
  deploy-rollback runtime agent-image REF [--json]
  deploy-rollback import DEPLOYMENT.json DEPLOYS.json --now TIME [--json]
  deploy-rollback example                           print the example scenario (JSON)

FILE may be `-` for standard input. --json prints exactly what the JS package returns.
Exit status: 0 ran; 1 with --check when the verdict is not `allowed`; 2 bad input.
";

/// What to print and the exit status.
pub struct Output {
    pub text: String,
    pub exit: i32,
}

impl Output {
    fn ok(text: String) -> Self {
        Self { text, exit: 0 }
    }
}

/// Why the command could not run: a usage mistake, or bad input from the engine.
pub enum Failure {
    Usage(String),
    Input { error: InputError, json: bool },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(message) => write!(f, "error: {message}\n\n{USAGE}"),
            Self::Input { error, json: true } => {
                write!(f, "{}", to_json(&ErrorAnswer { error }))
            }
            Self::Input { error, json: false } => {
                let at =
                    if error.path().is_empty() { String::new() } else { format!(" at {}", error.path()) };
                write!(f, "error: {}{at}: {}", error.code(), error.message())
            }
        }
    }
}

/// Parsed flags and positional arguments.
struct Args<'a> {
    positional: Vec<&'a str>,
    json: bool,
    check: bool,
    to: Option<&'a str>,
    description: Option<&'a str>,
    now: Option<&'a str>,
}

fn parse_args(args: &[String]) -> Result<Args<'_>, Failure> {
    let mut parsed =
        Args { positional: Vec::new(), json: false, check: false, to: None, description: None, now: None };
    let mut iter = args.iter().map(String::as_str);
    while let Some(arg) = iter.next() {
        let mut value =
            |name: &str| iter.next().ok_or_else(|| Failure::Usage(format!("{name} needs a value")));
        match arg {
            "--json" => parsed.json = true,
            "--check" => parsed.check = true,
            "--to" => parsed.to = Some(value("--to")?),
            "--description" => parsed.description = Some(value("--description")?),
            "--now" => parsed.now = Some(value("--now")?),
            flag if flag.starts_with("--") => return Err(Failure::Usage(format!("unknown option {flag}"))),
            positional => parsed.positional.push(positional),
        }
    }
    Ok(parsed)
}

/// Runs the command line `args` (without the program name).
pub fn run(args: &[String]) -> Result<Output, Failure> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Output::ok(USAGE.to_owned()));
    }
    if args.iter().any(|a| a == "--version" || a == "-V") {
        return Ok(Output::ok(format!("deploy-rollback {}\n", env!("CARGO_PKG_VERSION"))));
    }
    let a = parse_args(args)?;
    let json = a.json;
    let input = |error: InputError| Failure::Input { error, json };
    match a.positional.as_slice() {
        [] => example(json).map_err(input),
        ["example"] => Ok(Output::ok(deploy_rollback::EXAMPLE_SCENARIO_JSON.to_owned())),
        ["eligibility", file] => {
            let scenario = Scenario::from_json(&read(file).map_err(input)?).map_err(input)?;
            let result = eligibility(&scenario).map_err(input)?;
            Ok(Output::ok(if json { line(to_json(&result)) } else { render::eligibility(&result) }))
        }
        ["plan", file] => {
            let to = a.to.ok_or_else(|| Failure::Usage("plan needs --to ID".to_owned()))?;
            let scenario = Scenario::from_json(&read(file).map_err(input)?).map_err(input)?;
            let result = plan(&scenario, to, a.description).map_err(input)?;
            let exit = i32::from(a.check && result.verdict != Verdict::Allowed);
            Ok(Output { text: if json { line(to_json(&result)) } else { render::plan(&result) }, exit })
        }
        ["simulate", file] => {
            let timeline = Timeline::from_json(&read(file).map_err(input)?).map_err(input)?;
            let result = simulate(&timeline).map_err(input)?;
            Ok(Output::ok(if json { line(to_json(&result)) } else { render::simulation(&result) }))
        }
        ["runtime", "compare", x, y] => {
            let order = compare_runtime_versions(x, y).map_err(input)?;
            let sign = ["<", "=", ">"].get(usize::try_from(order + 1).unwrap_or(1)).copied().unwrap_or("?");
            Ok(Output::ok(if json { line(order.to_string()) } else { format!("{x} {sign} {y}\n") }))
        }
        ["runtime", "agent-image", reference] => {
            let parts = parse_agent_image(reference).map_err(input)?;
            Ok(Output::ok(if json {
                line(to_json(&parts))
            } else {
                format!(
                    "repository      {}\nRuntime         {}\nPython          {}\nagent version   {}\ndistro          {}\nbase image      {}\n",
                    parts.repository,
                    parts.runtime_version,
                    parts.python_version,
                    parts.agent_version,
                    parts.distro.as_deref().unwrap_or("—"),
                    if parts.is_base { "yes" } else { "no" }
                )
            }))
        }
        ["import", deployment, deploys] => {
            let now = a.now.ok_or_else(|| Failure::Usage("import needs --now TIME (RFC 3339)".to_owned()))?;
            let deployment = read(deployment).map_err(input)?;
            let deploys = read(deploys).map_err(input)?;
            let scenario = from_astro_api(&deployment, &deploys, now).map_err(input)?;
            Ok(Output::ok(line(if json {
                to_json(&scenario)
            } else {
                deploy_rollback::to_json_pretty(&scenario)
            })))
        }
        other => Err(Failure::Usage(format!("unknown command `{}`", other.join(" ")))),
    }
}

fn line(text: String) -> String {
    text + "\n"
}

/// Reads a file, or standard input for `-`, as UTF-8 (a byte-order mark is skipped).
fn read(path: &str) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ())
    };
    let source = if path == "-" { "standard input" } else { path };
    result.map_err(|e| InputError::new(ErrorCode::InvalidJson, "", format!("cannot read {source}: {e}")))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(body.to_vec()).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        InputError::new(
            ErrorCode::InvalidJson,
            "",
            format!("{source} is not UTF-8 (invalid byte at offset {at})"),
        )
    })
}

/// The built-in example: the history before, the plan, the history after, and the three
/// slips of the documentation's own example.
fn example(json: bool) -> Result<Output, InputError> {
    let scenario = example_scenario()?;
    let result = plan(&scenario, EXAMPLE_TARGET, Some(EXAMPLE_DESCRIPTION))?;
    let event = Event::rollback(scenario.now, EXAMPLE_TARGET, Some(EXAMPLE_DESCRIPTION));
    let before = render::history(scenario.history.iter());
    let after = simulate(&Timeline::from_scenario(scenario.clone(), vec![event]))?;
    if json {
        return Ok(Output::ok(line(to_json(&result))));
    }
    let top = &result.new_entry;
    let text = format!(
        "The documentation's example: on {now} a user rolls back {name} to the deploy of 2023-11-06 14:00 UTC.\n\n\
         Deploy History before:\n{before}\n\
         {plan}\n\
         Deploy History after:\n{after}\n\
         Where the documentation's own example slips, and what the engine shows instead:\n\
         \x20 1. time: the new top entry is at {time}, the moment of the rollback (the docs print 14:00);\n\
         \x20 2. image tag: {tag}, the CLI's zero-padded default (the docs print 2023-11-6);\n\
         \x20 3. Dag bundle version: {bundle}, the target's (the docs print a 16 November value).\n\n\
         Try: deploy-rollback example > scenario.json, then deploy-rollback plan scenario.json --to d1\n",
        now = scenario.now,
        name = scenario.deployment.name,
        plan = render::plan(&result),
        after = render::history(after.history.iter()),
        time = top.created_at,
        tag = top.image_tag,
        bundle = top.dag_bundle_version.as_deref().unwrap_or("none"),
    );
    Ok(Output::ok(text))
}
