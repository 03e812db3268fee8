//! Bytes → `Scenario::from_json` → eligibility, and a plan (and a one-rollback
//! simulation) to every id; see `common.rs` for the invariants.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else { return };
    if let Ok(scenario) = deploy_rollback::Scenario::from_json(text) {
        common::check_scenario(&scenario);
    }
});
