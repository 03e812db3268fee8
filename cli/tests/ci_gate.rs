//! `examples/ci-gate.sh`, the CI recipe of the README, run as a CI job would run it: with
//! the binary on PATH and the Astro API's settings in the environment, against a local
//! server serving recorded documents (`astro_api/`). Its exit status is the gate's: 0
//! allowed, 1 blocked, 2 no preview; 3 (action required first) comes only from Remote
//! Execution agents, which the Astro API does not list, and is tested on a scenario file
//! in `gate.rs`.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

#[path = "../../tests/support/mod.rs"]
mod support;

mod astro_api;

use astro_api::{Server, DEPLOYMENT, NOW, ORGANIZATION, TOKEN};
use std::path::Path;
use std::process::Command;
use support::cli::{run_command, Run};

/// Runs the script with `env` on top of the CI's settings, and `--api-url` and `--now`
/// for the local server.
fn gate(server: &Server, env: &[(&str, &str)]) -> Run {
    gate_with(server, env, &[])
}

/// [`gate`] with `more` arguments for `plan`.
fn gate_with(server: &Server, env: &[(&str, &str)], more: &[&str]) -> Run {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/ci-gate.sh");
    let bin_dir = Path::new(support::cli::binary()).parent().map(Path::to_path_buf).unwrap_or_default();
    let path = std::env::join_paths(
        std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap_or_else(|e| panic!("PATH: {e}"));
    let mut command = Command::new("sh");
    command.arg(&script).args(["--api-url", &server.url, "--now", NOW]).args(more);
    for var in [
        "COLUMNS",
        "NO_COLOR",
        "CLICOLOR_FORCE",
        "HTTP_PROXY",
        "http_proxy",
        "ROLLBACK_TO",
        "ROLLBACK_DESCRIPTION",
    ] {
        command.env_remove(var);
    }
    command
        .env("PATH", path)
        .env("ASTRO_API_TOKEN", TOKEN)
        .env("ASTRO_ORGANIZATION_ID", ORGANIZATION)
        .env("ASTRO_DEPLOYMENT_ID", DEPLOYMENT)
        .envs(env.iter().copied());
    let run: Run = run_command(&mut command, None).into();
    assert!(!run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN), "the token leaked: {run:?}");
    run
}

#[test]
fn an_allowed_rollback_to_the_previous_code_passes() {
    let server = astro_api::recorded(2);
    let run = gate(&server, &[("ROLLBACK_DESCRIPTION", "back to the retry of the load step")]);
    assert_eq!(run.code, Some(0), "{run:?}");
    // The previous code: the Dag-only deploy before the current one.
    assert!(
        run.stdout.starts_with("Rollback from clq7deploy00000000005 to clq7deploy00000000004: allowed"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("back to the retry of the load step"), "{}", run.stdout);
    assert!(run.stderr.contains("ci-gate: the rollback can go ahead"), "{}", run.stderr);
}

#[test]
fn a_blocked_rollback_fails_with_1() {
    let server = astro_api::recorded(2);
    let run = gate(&server, &[("ROLLBACK_TO", "clq7deploy00000000003")]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.contains("blocked"), "{}", run.stdout);
    assert!(run.stdout.contains("Not a deployed entry [E3]"), "{}", run.stdout);
    assert!(run.stderr.contains("ci-gate: the rollback is blocked"), "{}", run.stderr);
}

#[test]
fn no_preview_fails_with_2() {
    let server = astro_api::recorded(2);
    // A token the API refuses.
    let run = gate(&server, &[("ASTRO_API_TOKEN", "expired-token")]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.starts_with("error: apiUnauthorized"), "{}", run.stderr);
    assert!(run.stderr.contains("ci-gate: the rollback could not be previewed"), "{}", run.stderr);
    // An entry that does not exist.
    let run = gate(&server, &[("ROLLBACK_TO", "clq7nosuchdeploy")]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("unknownDeploy"), "{}", run.stderr);
}

#[test]
fn the_answer_can_be_json_for_a_later_step() {
    let server = astro_api::recorded(1000);
    let run = gate_with(&server, &[], &["-o", "json"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let plan: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    assert_eq!(plan.pointer("/verdict").and_then(serde_json::Value::as_str), Some("allowed"));
    assert_eq!(plan.pointer("/target").and_then(serde_json::Value::as_str), Some("clq7deploy00000000004"));
}
