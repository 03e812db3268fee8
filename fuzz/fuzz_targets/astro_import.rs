//! Bytes → the two Astro API documents (and optionally `now`), separated by a line that
//! holds only `--` (JSON text cannot contain a raw newline inside a string, so the
//! separator is never part of a document). An import that succeeds must be a valid
//! scenario in our own format, with every invariant of `scenario_plan`.
#![no_main]

mod common;

use deploy_rollback::{from_astro_api, Scenario};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else { return };
    let mut parts = text.splitn(3, "\n--\n");
    let deployment = parts.next().unwrap_or_default();
    let deploys = parts.next().unwrap_or("{\"deploys\": []}");
    let now = parts.next().map_or("2023-11-08T13:00:00Z", str::trim);
    let scenario = match from_astro_api(deployment, deploys, now) {
        Ok(scenario) => scenario,
        Err(err) => {
            common::check_error_path(deployment, "deployment", &err);
            common::check_error_path(deploys, "deploys", &err);
            return;
        }
    };
    // The import is our format: its JSON must pass our own, stricter reader.
    let json = deploy_rollback::ffi::to_json(&scenario);
    match Scenario::from_json(&json) {
        Ok(back) => assert_eq!(back, scenario),
        Err(err) => panic!("an imported scenario is not a valid scenario: {err}\n{json}"),
    }
    assert!(deploy_rollback::eligibility(&scenario).is_ok(), "an imported history is not valid");
    common::check_scenario(&scenario);
});
