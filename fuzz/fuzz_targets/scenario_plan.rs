//! Bytes → `Scenario::from_json` → eligibility, and a plan (and a one-rollback
//! simulation) to every id; see `common.rs` for the invariants.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else { return };
    match deploy_rollback::Scenario::from_json(text) {
        Ok(scenario) => {
            if let Err(err) = deploy_rollback::eligibility(&scenario) {
                common::check_error_path(text, "", &err);
            }
            common::check_scenario(&scenario);
        }
        Err(err) => common::check_error_path(text, "", &err),
    }
});
