//! Bytes → `Timeline::from_json` → `simulate`; the result is checked against its input,
//! and the same events simulated in two calls (split at every point) must end in the
//! same place.
#![no_main]

mod common;

use deploy_rollback::{simulate, Timeline};
use deploy_rollback::ffi::{to_json};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else { return };
    let timeline = match Timeline::from_json(text) {
        Ok(timeline) => timeline,
        Err(err) => return common::check_error_path(text, "", &err),
    };
    let json = to_json(&timeline);
    match Timeline::from_json(&json) {
        Ok(back) => assert_eq!(back, timeline, "a timeline does not read back as itself: {json}"),
        Err(err) => panic!("the engine cannot read its own timeline back: {err}\n{json}"),
    }
    let whole = match simulate(&timeline) {
        Ok(whole) => whole,
        Err(err) => return common::check_error_path(text, "", &err),
    };
    common::check_simulation(&timeline, &whole);
    for k in 0..=timeline.events.len().min(16) {
        common::check_split(&timeline, &whole, k);
    }
});
