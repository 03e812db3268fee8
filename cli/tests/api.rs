//! `--api`: the live history from the Astro API, read from a local server that serves
//! recorded documents shaped like the API's (`astro_api/`). Several pages, a history that
//! changes between two readings, 429 and 5xx then success or not, 401, 403, 404, a slow
//! answer, no server at all; the token never in any output.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

#[path = "../../tests/support/mod.rs"]
mod support;

mod astro_api;

use astro_api::{set, Hit, Reply, Server, DEPLOYMENT, NOW, ORGANIZATION, TOKEN};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use support::cli::{cli, run_command, Run};

/// The binary with a clean environment for the API: the test's token (or none), no ids
/// from the environment running the tests, no proxy.
fn command(token: Option<&str>) -> Command {
    let mut command = cli();
    for var in [
        "ASTRO_API_TOKEN",
        "ASTRO_ORGANIZATION_ID",
        "ASTRO_DEPLOYMENT_ID",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        command.env_remove(var);
    }
    if let Some(token) = token {
        command.env("ASTRO_API_TOKEN", token);
    }
    command
}

/// Runs `args` with the test's token; asserts that no output holds the token.
#[track_caller]
fn run_with(mut command: Command, args: &[&str]) -> Run {
    let run: Run = run_command(command.args(args), None).into();
    assert!(!run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN), "the token leaked:\n{run:?}");
    run
}

/// `import --api` (or another command) against `server`, with the ids as options, at NOW,
/// with retries 1 ms apart.
#[track_caller]
fn api(server: &Server, command: &[&str], more: &[&str]) -> Run {
    api_as(command_with_token(), server, DEPLOYMENT, command, more)
}

/// [`api`] run as `binary` (another token, say), for the Deployment `deployment`.
#[track_caller]
fn api_as(binary: Command, server: &Server, deployment: &str, command: &[&str], more: &[&str]) -> Run {
    let mut args: Vec<&str> = command.to_vec();
    args.extend([
        "--api",
        "--api-url",
        &server.url,
        "--organization",
        ORGANIZATION,
        "--deployment",
        deployment,
        "--now",
        NOW,
        "--api-retry-delay-ms",
        "1",
    ]);
    args.extend(more);
    run_with(binary, &args)
}

fn command_with_token() -> Command {
    command(Some(TOKEN))
}

#[track_caller]
fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The error a `--json` run printed: (code, path, message).
#[track_caller]
fn error_of(run: &Run) -> (String, String, String) {
    assert_eq!(run.code, Some(2), "{run:?}");
    let error = json_of(&run.stderr);
    let field = |name: &str| {
        error.pointer(&format!("/error/{name}")).and_then(Value::as_str).unwrap_or("").to_owned()
    };
    (field("code"), field("path"), field("message"))
}

fn ids(scenario: &Value) -> Vec<String> {
    scenario
        .pointer("/history")
        .and_then(Value::as_array)
        .map(|h| h.iter().filter_map(|d| d.get("id").and_then(Value::as_str)).map(str::to_owned).collect())
        .unwrap_or_default()
}

fn scratch(name: &str, contents: &str) -> String {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("api-{name}"));
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path.display().to_string()
}

#[test]
fn several_pages_import_as_the_same_documents_given_as_files() {
    let server = astro_api::recorded(2);
    let run = api(&server, &["import"], &["--json"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let scenario = json_of(&run.stdout);
    let expected_ids: Vec<String> =
        astro_api::deploys().iter().filter_map(|d| d["id"].as_str()).map(str::to_owned).collect();
    assert_eq!(ids(&scenario), expected_ids);

    // The same documents as files give the same scenario, byte for byte.
    let deployment = scratch("deployment.json", &astro_api::deployment().to_string());
    // deploys.json is a bare array of deploys, which import reads as one page.
    let page =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/astro_api/deploys.json").display().to_string();
    let files = run_with(command(None), &["import", &deployment, &page, "--now", NOW, "--json"]);
    assert_eq!(files.code, Some(0), "{files:?}");
    assert_eq!(run.stdout, files.stdout);

    // The Deployment once, then pages from offset 0 to the end, each with the token.
    let hits = server.hits();
    let asked: Vec<(bool, Option<u64>)> = hits.iter().map(|h| (h.is_deployment(), h.offset)).collect();
    assert_eq!(asked, [(true, None), (false, Some(0)), (false, Some(2)), (false, Some(4))]);
    assert!(hits.iter().skip(1).all(|h| h.is_deploys() && h.limit == Some(1000)), "{hits:?}");
    assert!(hits.iter().all(|h| h.authorization.as_deref() == Some(&format!("Bearer {TOKEN}"))), "{hits:?}");
}

#[test]
fn the_ids_may_come_from_the_environment() {
    let server = astro_api::recorded(1000);
    let mut command = command_with_token();
    command.env("ASTRO_ORGANIZATION_ID", ORGANIZATION).env("ASTRO_DEPLOYMENT_ID", DEPLOYMENT);
    let run = run_with(command, &["import", "--api", "--api-url", &server.url, "--now", NOW, "--json"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(json_of(&run.stdout).pointer("/deployment/name"), Some(&json!("etl-prod")));
}

#[test]
fn eligibility_and_plan_read_the_api_too() {
    let server = astro_api::recorded(2);
    let run = api(&server, &["eligibility"], &["--json"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let answer = json_of(&run.stdout);
    assert_eq!(answer.pointer("/current"), Some(&json!("clq7deploy00000000005")));
    assert_eq!(answer.pointer("/entries").and_then(Value::as_array).map(Vec::len), Some(5));

    let run = api(&server, &["plan", "--to", "clq7deploy00000000002"], &["--json"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(json_of(&run.stdout).pointer("/verdict"), Some(&json!("allowed")));
    // People get the text, as for a file.
    let run = api(&server, &["plan", "--to", "clq7deploy00000000002"], &[]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("clq7deploy00000000002: allowed"), "{}", run.stdout);
}

#[test]
fn diff_reads_the_api_with_two_entries_only() {
    let server = astro_api::recorded(2);
    let run = api(&server, &["diff", "clq7deploy00000000002", "clq7deploy00000000005"], &["--json"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let answer = json_of(&run.stdout);
    assert_eq!(answer.pointer("/from"), Some(&json!("clq7deploy00000000002")));
    assert_eq!(answer.pointer("/to"), Some(&json!("clq7deploy00000000005")));
    // The same as the documents given as a scenario file.
    let scenario = api(&server, &["import"], &["--json"]);
    let file = scratch("diff-scenario.json", &scenario.stdout);
    let from_file =
        run_with(command(None), &["diff", &file, "clq7deploy00000000002", "clq7deploy00000000005", "--json"]);
    assert_eq!(run.stdout, from_file.stdout);
    // A FILE as well as --api is a usage mistake.
    let three = api(&server, &["diff", "s.json", "a", "b"], &["--json"]);
    assert_eq!(error_of(&three).0, "usage");
}

#[test]
fn a_history_that_changes_while_it_is_read_is_read_again_once() {
    // A deploy lands between the first and the second page of the first reading: the
    // second page says totalCount 6, and the list has shifted by one.
    let (deployment, deploys) = (astro_api::deployment(), astro_api::deploys());
    let mut newer = deploys.clone();
    newer.insert(
        0,
        json!({"id": "clq7deploy00000000006", "createdAt": "2024-03-06T09:00:00Z", "type": "DAG_ONLY",
               "status": "DEPLOYED", "dagTarballVersion": "2024-03-06T09:00:00.0000000Z"}),
    );
    let server = Server::start(move |hit: &Hit| {
        let first_reading = hit.deployment_hits <= 1;
        let list = if first_reading && hit.offset.unwrap_or(0) == 0 { &deploys } else { &newer };
        astro_api::serve(hit, &deployment, list, 2)
    });
    let run = api(&server, &["import"], &["--json"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let scenario = json_of(&run.stdout);
    assert_eq!(ids(&scenario).first().map(String::as_str), Some("clq7deploy00000000006"));
    assert_eq!(ids(&scenario).len(), 6);
    // Read twice: the first reading stopped at the page that showed the change.
    let readings = server.hits().iter().filter(|h| h.is_deployment()).count();
    assert_eq!(readings, 2);
}

#[test]
fn a_history_that_keeps_changing_is_a_clear_error() {
    // Every page says a different totalCount: a deploy after every request.
    let (deployment, deploys) = (astro_api::deployment(), astro_api::deploys());
    let server = Server::start(move |hit: &Hit| {
        let mut page = astro_api::page(&deploys, hit.limit, hit.offset, 2);
        set(&mut page, "totalCount", json!(5 + hit.offset.unwrap_or(0)));
        if hit.is_deploys() {
            Reply::json(&page)
        } else {
            astro_api::serve(hit, &deployment, &deploys, 2)
        }
    });
    let (code, path, message) = error_of(&api(&server, &["import"], &["--json"]));
    assert_eq!((code.as_str(), path.as_str()), ("incompleteHistory", "deploys"));
    assert!(message.contains("changed while they were read, twice"), "{message}");
    assert!(message.contains("totalCount was 5 at offset 0 and 7 at offset 2"), "{message}");
    assert_eq!(server.hits().iter().filter(|h| h.is_deployment()).count(), 2);
}

#[test]
fn a_deployment_newer_than_its_pages_is_read_again() {
    // The Deployment already runs a newer image when first read; the deploy shows up in
    // the pages of the second reading only. The import's cross-check sees the mismatch.
    let (mut deployment, deploys) = (astro_api::deployment(), astro_api::deploys());
    set(&mut deployment, "imageTag", json!("deploy-2024-03-06T08-00"));
    let mut newer = deploys.clone();
    newer.insert(
        0,
        json!({"id": "clq7deploy00000000006", "createdAt": "2024-03-06T08:00:00Z", "type": "IMAGE_ONLY",
               "status": "DEPLOYED", "imageTag": "deploy-2024-03-06T08-00", "astroRuntimeVersion": "11.3.0"}),
    );
    let server = Server::start(move |hit: &Hit| {
        let list = if hit.deployment_hits <= 1 { &deploys } else { &newer };
        astro_api::serve(hit, &deployment, list, 1000)
    });
    let run = api(&server, &["import"], &["--json"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(ids(&json_of(&run.stdout)).len(), 6);
    assert_eq!(server.hits().iter().filter(|h| h.is_deployment()).count(), 2);
}

#[test]
fn too_many_requests_then_success() {
    let (deployment, deploys) = (astro_api::deployment(), astro_api::deploys());
    let server = Server::start(move |hit: &Hit| {
        if hit.repeats == 0 {
            Reply::status(429)
        } else {
            astro_api::serve(hit, &deployment, &deploys, 2)
        }
    });
    let run = api(&server, &["import"], &["--json"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    // Every request was refused once, then answered.
    let hits = server.hits();
    assert_eq!(hits.len(), 8, "{hits:?}");
    assert!(hits.chunks(2).all(|pair| matches!(pair, [a, b] if a.path == b.path && a.offset == b.offset)));
}

#[test]
fn server_errors_are_retried_then_reported() {
    let server = Server::start(|_: &Hit| Reply::status(503));
    let (code, path, message) = error_of(&api(&server, &["import"], &["--json"]));
    assert_eq!(code, "apiUnavailable");
    assert_eq!(path, format!("{}/organizations/{ORGANIZATION}/deployments/{DEPLOYMENT}", server.url));
    assert!(message.contains("503") && message.contains("4 tries"), "{message}");
    assert_eq!(server.hits().len(), 4);

    let server = Server::start(|_: &Hit| Reply::status(429));
    let (code, _, message) = error_of(&api(&server, &["import"], &["--json"]));
    assert_eq!(code, "apiUnavailable");
    assert!(message.contains("429 Too Many Requests"), "{message}");
}

#[test]
fn a_refused_token_says_which_token() {
    let server = astro_api::recorded(2);
    let run = api_as(command(Some("not-the-right-token")), &server, DEPLOYMENT, &["import"], &["--json"]);
    assert!(!run.stderr.contains("not-the-right-token"), "{run:?}");
    let (code, _, message) = error_of(&run);
    assert_eq!(code, "apiUnauthorized");
    assert!(message.contains("ASTRO_API_TOKEN") && message.contains("401"), "{message}");
    // Not retried.
    assert_eq!(server.hits().len(), 1);

    // The text form: the code, the URL and what to do.
    let server = Server::start(|_: &Hit| Reply::status(401));
    let run = api(&server, &["import"], &[]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.starts_with("error: apiUnauthorized at http://127.0.0.1:"), "{}", run.stderr);
}

#[test]
fn a_forbidden_token_says_which_permission() {
    let server = Server::start(|_: &Hit| Reply::status(403));
    let (code, _, message) = error_of(&api(&server, &["import"], &["--json"]));
    assert_eq!(code, "apiForbidden");
    assert!(message.contains(DEPLOYMENT) && message.contains("Deployment API token"), "{message}");
}

#[test]
fn an_unknown_deployment_says_which_id() {
    let server = astro_api::recorded(2);
    let run = api_as(command_with_token(), &server, "clq7nosuchdeployment1", &["import"], &["--json"]);
    let (code, path, message) = error_of(&run);
    assert_eq!(code, "apiNotFound");
    assert!(path.ends_with("/deployments/clq7nosuchdeployment1"), "{path}");
    assert!(message.contains("`clq7nosuchdeployment1`") && message.contains("--deployment"), "{message}");
}

#[test]
fn a_slow_answer_is_a_timeout() {
    let server =
        Server::start(|_: &Hit| Reply { delay: std::time::Duration::from_secs(5), ..Reply::status(200) });
    let (code, _, message) = error_of(&api(&server, &["import"], &["--json", "--api-timeout", "0.2"]));
    assert_eq!(code, "apiTimeout");
    assert!(message.contains("0.2 s") && message.contains("--api-timeout"), "{message}");
}

#[test]
fn no_server_is_unreachable() {
    // A port that was just free: nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"));
    let url = format!("http://127.0.0.1:{port}/v1");
    let run = run_with(
        command_with_token(),
        &["import", "--api", "--api-url", &url, "--organization", "o", "--deployment", "d", "--json"],
    );
    let (code, path, message) = error_of(&run);
    assert_eq!(code, "apiUnreachable");
    assert_eq!(path, format!("{url}/organizations/o/deployments/d"));
    assert!(message.contains("cannot reach 127.0.0.1"), "{message}");
}

#[test]
fn a_page_that_does_not_import_names_its_request() {
    let (deployment, mut deploys) = (astro_api::deployment(), astro_api::deploys());
    if let Some(deploy) = deploys.get_mut(3) {
        set(deploy, "createdAt", json!("yesterday"));
    }
    let server = Server::start(move |hit: &Hit| astro_api::serve(hit, &deployment, &deploys, 2));
    let run = api(&server, &["import"], &["--json"]);
    let (code, path, message) = error_of(&run);
    assert_eq!((code.as_str(), path.as_str()), ("invalidTimestamp", "deploys[1].deploys[1].createdAt"));
    assert!(message.contains("(hint: deploys[1] is the answer to GET http://127.0.0.1:"), "{message}");
    assert!(message.contains("/deploys?limit=1000&offset=2"), "{message}");
}

#[test]
fn missing_settings_are_usage_errors() {
    let no_token =
        run_with(command(None), &["import", "--api", "--organization", "o", "--deployment", "d", "--json"]);
    let (code, path, message) = error_of(&no_token);
    assert_eq!((code.as_str(), path.as_str()), ("usage", "ASTRO_API_TOKEN"));
    assert!(message.contains("ASTRO_API_TOKEN"), "{message}");

    let no_deployment =
        run_with(command_with_token(), &["plan", "--to", "d1", "--api", "--organization", "o", "--json"]);
    let (code, path, message) = error_of(&no_deployment);
    assert_eq!((code.as_str(), path.as_str()), ("usage", "--deployment"));
    assert!(message.contains("ASTRO_DEPLOYMENT_ID"), "{message}");

    let odd_id = run_with(
        command_with_token(),
        &["eligibility", "--api", "--organization", "o/../x", "--deployment", "d", "--json"],
    );
    assert_eq!(error_of(&odd_id).1, "--organization");

    let plain_http = run_with(
        command_with_token(),
        &[
            "import",
            "--api",
            "--api-url",
            "http://api.example.com/v1",
            "--organization",
            "o",
            "--deployment",
            "d",
        ],
    );
    assert_eq!(plain_http.code, Some(2));
    assert!(plain_http.stderr.contains("unencrypted"), "{}", plain_http.stderr);

    // A file and --api together, or --now without --api on a command that reads a scenario.
    let both = run_with(command_with_token(), &["eligibility", "scenario.json", "--api", "--json"]);
    assert_eq!(error_of(&both).0, "usage");
    let now_alone = run_with(command_with_token(), &["eligibility", "scenario.json", "--now", NOW, "--json"]);
    let (code, path, message) = error_of(&now_alone);
    assert_eq!((code.as_str(), path.as_str()), ("usage", "FILE"));
    assert!(message.contains("--now"), "{message}");
    let option_alone =
        run_with(command_with_token(), &["import", "a.json", "b.json", "--organization", "o", "--json"]);
    assert_eq!(error_of(&option_alone).1, "DEPLOYMENT.json");
}

#[test]
fn progress_shows_on_a_terminal_for_a_history_of_several_pages() {
    // 2,500 deploys: three pages of 1,000.
    let deployment = astro_api::deployment();
    let template = astro_api::deploys().into_iter().last().unwrap_or(Value::Null);
    let deploys: Vec<Value> = (0..2500)
        .map(|i| {
            let mut d = template.clone();
            set(&mut d, "id", json!(format!("d{i:05}")));
            set(&mut d, "imageTag", json!(format!("tag-{i}")));
            set(
                &mut d,
                "createdAt",
                json!(format!(
                    "2024-01-{:02}T{:02}:{:02}:00Z",
                    10 - i / 1000,
                    23 - (i % 1000) / 60,
                    59 - i % 60
                )),
            );
            d
        })
        .collect();
    let mut deployment = deployment;
    set(&mut deployment, "imageTag", json!("tag-0"));
    let server = Server::start(move |hit: &Hit| astro_api::serve(hit, &deployment, &deploys, 1000));
    let bin = support::cli::binary();
    let shell = format!(
        "'{bin}' import --api --api-url '{}' --organization {ORGANIZATION} --deployment {DEPLOYMENT} --now {NOW} \
         --json > /dev/null",
        server.url
    );
    // `script` (util-linux) gives the command a terminal.
    let mut script = Command::new("script");
    script.args(["-qec", &shell, "/dev/null"]).env("ASTRO_API_TOKEN", TOKEN);
    for var in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "COLUMNS"] {
        script.env_remove(var);
    }
    let out = script.output().unwrap_or_else(|e| panic!("util-linux `script` could not run: {e}"));
    let terminal = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{terminal}");
    assert!(terminal.contains("reading deploys from the Astro API: 2,500 of 2,500"), "{terminal:?}");
    assert!(!terminal.contains(TOKEN));
    assert_eq!(server.hits().iter().filter(|h| h.is_deploys()).count(), 3);

    // Without a terminal, standard error stays empty.
    let run = api(&server, &["import"], &["--json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
}
