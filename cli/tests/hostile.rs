//! A catalogue of hostile inputs: each test feeds the engine one kind of malformed,
//! extreme or deceptive input and asserts the exact error code and JSON path, or the
//! correct answer where the input is legitimate. Nothing here may panic: the engine also
//! runs as WebAssembly, where a panic kills the module for the whole page.
//!
//! Regression tests for what fuzzing found (`scripts/fuzz.sh`) are at the end.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

#[path = "../../tests/support/mod.rs"]
mod support;

use deploy_rollback::ffi::{compare_runtime_versions, parse_agent_image};
use deploy_rollback::{
    eligibility, from_astro_api, plan, simulate, AgentImage, DeployType, ErrorCode, InputError, ReasonCode,
    RuntimeVersion, Scenario, Timeline, Timestamp, Verdict, MAX_ARRAY_LEN, MAX_DEPTH, MAX_RETENTION_DAYS,
    MAX_STRING_BYTES,
};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// One history entry as JSON, deployed, on Runtime 9.1.0 unless `extra` says otherwise
/// (`extra` is spliced in after the required fields and may override none of them).
fn entry(id: &str, created_at: &str, extra: &str) -> String {
    let comma = if extra.is_empty() { "" } else { ", " };
    format!(
        r#"{{"id": "{id}", "createdAt": "{created_at}", "type": "imageAndDags", "status": "deployed",
            "imageTag": "tag-{id}", "runtimeVersion": "9.1.0"{comma}{extra}}}"#
    )
}

/// A scenario document around `history` entries (already JSON) at `now`.
fn scenario_json(now: &str, history: &[String]) -> String {
    scenario_json_with(now, history, "")
}

/// Like [`scenario_json`], with `top` spliced in as extra top-level members.
fn scenario_json_with(now: &str, history: &[String], top: &str) -> String {
    let comma = if top.is_empty() { "" } else { ", " };
    format!(
        r#"{{"now": "{now}", "deployment": {{"id": "dep-1", "name": "etl"}}, "history": [{}]{comma}{top}}}"#,
        history.join(", ")
    )
}

#[track_caller]
fn parsed(text: &str) -> Scenario {
    match Scenario::from_json(text) {
        Ok(s) => s,
        Err(err) => panic!("expected a valid scenario, got {err}\n{}", clip(text)),
    }
}

fn clip(text: &str) -> String {
    text.chars().take(400).collect()
}

/// The error's code and path, for one-line assertions.
fn code_path(err: &InputError) -> (ErrorCode, &str) {
    (err.code(), err.path())
}

#[track_caller]
fn scenario_error(text: &str) -> InputError {
    match Scenario::from_json(text) {
        Ok(s) => panic!("expected an error, parsed {} entries\n{}", s.history.len(), clip(text)),
        Err(err) => err,
    }
}

#[track_caller]
fn timeline_error(text: &str) -> InputError {
    match Timeline::from_json(text).and_then(|t| simulate(&t)) {
        Ok(_) => panic!("expected an error\n{}", clip(text)),
        Err(err) => err,
    }
}

#[track_caller]
fn assert_error(err: &InputError, code: ErrorCode, path: &str) {
    assert_eq!(code_path(err), (code, path), "{err}");
}

#[track_caller]
fn ts(s: &str) -> Timestamp {
    match s.parse() {
        Ok(t) => t,
        Err(err) => panic!("{err}"),
    }
}

/// Eligibility rows as `(id, eligible, reason codes, windowClosesAt)`.
#[track_caller]
fn rows(scenario: &Scenario) -> Vec<(String, bool, Vec<ReasonCode>, Option<String>)> {
    match eligibility(scenario) {
        Ok(e) => e
            .entries
            .into_iter()
            .map(|r| {
                let codes = r.reasons.iter().map(|r| r.code).collect();
                (r.id, r.eligible, codes, r.window_closes_at.map(|t| t.to_string()))
            })
            .collect(),
        Err(err) => panic!("eligibility failed: {err}"),
    }
}

// ---------------------------------------------------------------------------------------
// Not JSON, or JSON of the wrong shape
// ---------------------------------------------------------------------------------------

#[test]
fn empty_input_is_invalid_json_of_the_whole_document() {
    for text in ["", " ", "\n\t"] {
        assert_error(&scenario_error(text), ErrorCode::InvalidJson, "");
        assert_error(&timeline_error(text), ErrorCode::InvalidJson, "");
    }
    let err = from_astro_api("", r#"{"deploys": []}"#, "2023-11-08T13:00:00Z");
    assert_eq!(err.as_ref().map_err(code_path).err(), Some((ErrorCode::InvalidJson, "deployment")));
    let err = from_astro_api(r#"{"id": "d"}"#, "", "2023-11-08T13:00:00Z");
    assert_eq!(err.as_ref().map_err(code_path).err(), Some((ErrorCode::InvalidJson, "deploys")));
}

#[test]
fn wrong_json_types_name_their_path() {
    let now = "2023-11-08T13:00:00Z";
    for (text, path) in [
        ("[]".to_owned(), ""),
        ("null".to_owned(), ""),
        ("\"scenario\"".to_owned(), ""),
        (r#"{"now": "2023-11-08T13:00:00Z", "deployment": []}"#.to_owned(), "deployment"),
        (
            r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "name": "n"}, "history": {}}"#
                .to_owned(),
            "history",
        ),
        (scenario_json(now, &["3".to_owned()]), "history[0]"),
        (scenario_json(now, &[entry("d1", now, ""), "[]".to_owned()]), "history[1]"),
        (
            scenario_json(now, &[entry("d1", now, r#""dagDeployEnabled": "yes""#)]),
            "history[0].dagDeployEnabled",
        ),
        (scenario_json(now, &[entry("d1", now, r#""dbtBundles": {"name": "j"}"#)]), "history[0].dbtBundles"),
        (scenario_json_with(now, &[], r#""actor": {"id": "a", "roles": "deploymentAdmin"}"#), "actor.roles"),
    ] {
        let err = scenario_error(&text);
        assert_eq!(code_path(&err), (ErrorCode::InvalidJson, path), "{err}\n{text}");
    }
}

#[test]
fn numbers_where_strings_belong_are_invalid_json() {
    let now = "2023-11-08T13:00:00Z";
    for (text, path) in [
        (r#"{"now": 1699448400, "deployment": {"id": "d", "name": "n"}}"#.to_owned(), "now"),
        (
            r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": 1, "name": "n"}}"#.to_owned(),
            "deployment.id",
        ),
        (
            r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "name": 3}}"#.to_owned(),
            "deployment.name",
        ),
        (
            scenario_json(
                now,
                &[entry("d1", now, "").replace(r#""runtimeVersion": "9.1.0""#, r#""runtimeVersion": 9.1"#)],
            ),
            "history[0].runtimeVersion",
        ),
        (
            scenario_json(
                now,
                &[entry("d1", now, "").replace(r#""imageTag": "tag-d1""#, r#""imageTag": 7"#)],
            ),
            "history[0].imageTag",
        ),
        (scenario_json(now, &[entry("d1", now, "").replace(r#""id": "d1""#, r#""id": 1"#)]), "history[0].id"),
    ] {
        let err = scenario_error(&text);
        assert_eq!(code_path(&err), (ErrorCode::InvalidJson, path), "{err}\n{text}");
    }
    assert_error(
        &scenario_error(&scenario_json(now, &[entry("d1", now, r#""description": 5"#)])),
        ErrorCode::InvalidJson,
        "history[0].description",
    );
}

#[test]
fn required_fields_and_nulls() {
    assert_error(
        &scenario_error(r#"{"deployment": {"id": "d", "name": "n"}}"#),
        ErrorCode::MissingField,
        "now",
    );
    assert_error(
        &scenario_error(r#"{"now": "2023-11-08T13:00:00Z"}"#),
        ErrorCode::MissingField,
        "deployment",
    );
    let now = "2023-11-08T13:00:00Z";
    let no_id = entry("d1", now, "").replace(r#""id": "d1", "#, "");
    assert_error(&scenario_error(&scenario_json(now, &[no_id])), ErrorCode::MissingField, "history[0].id");
    let null_id = entry("d1", now, "").replace(r#""id": "d1""#, r#""id": null"#);
    assert_error(&scenario_error(&scenario_json(now, &[null_id])), ErrorCode::InvalidJson, "history[0].id");
}

// ---------------------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------------------

#[test]
fn timestamps_without_an_offset_are_refused() {
    for bad in ["2023-11-08T13:00:00", "2023-11-08 13:00:00", "2023-11-08", "13:00", "1699448400"] {
        let text = scenario_json(bad, &[]);
        assert_error(&scenario_error(&text), ErrorCode::InvalidTimestamp, "now");
        let text = scenario_json("2023-11-08T13:00:00Z", &[entry("d1", bad, "")]);
        assert_error(&scenario_error(&text), ErrorCode::InvalidTimestamp, "history[0].createdAt");
    }
}

#[test]
fn non_utc_offsets_are_converted_to_utc() {
    // 15:00 at +01:00 is 14:00 UTC; 08:00 at -05:00 is 13:00 UTC.
    let text = scenario_json("2023-11-08T08:00:00-05:00", &[entry("d1", "2023-11-06T15:00:00+01:00", "")]);
    let scenario = parsed(&text);
    assert_eq!(scenario.now.to_string(), "2023-11-08T13:00:00Z");
    assert_eq!(rows(&scenario), [("d1".to_owned(), true, vec![], Some("2024-02-04T14:00:00Z".to_owned()))]);
    let p = match plan(&scenario, "d1", Some("same code")) {
        Ok(p) => p,
        Err(err) => panic!("{err}"),
    };
    assert_eq!(p.new_entry.map(|e| e.created_at.to_string()).as_deref(), Some("2023-11-08T13:00:00Z"));
    // The same instant written with two offsets is one instant.
    assert_eq!(ts("2023-11-08T23:30:00-01:00"), ts("2023-11-09T00:30:00Z"));
    assert_eq!(ts("2023-11-09T05:45:00+05:45").to_string(), "2023-11-09T00:00:00Z");
}

#[test]
fn a_leap_second_is_an_invalid_timestamp() {
    let text = scenario_json("2016-12-31T23:59:60Z", &[]);
    assert_error(&scenario_error(&text), ErrorCode::InvalidTimestamp, "now");
    let text = scenario_json("2017-01-01T00:00:00Z", &[entry("d1", "2016-12-31T23:59:60Z", "")]);
    assert_error(&scenario_error(&text), ErrorCode::InvalidTimestamp, "history[0].createdAt");
    // Also with an offset, where the leap second falls at another local time.
    let text = scenario_json("2017-01-01T00:59:60+01:00", &[]);
    assert_error(&scenario_error(&text), ErrorCode::InvalidTimestamp, "now");
}

#[test]
fn year_9999_is_accepted_with_the_right_answer() {
    let text = scenario_json(
        "9999-12-31T23:59:59Z",
        &[entry("old", "9999-06-01T00:00:00Z", ""), entry("new", "9999-12-01T00:00:00Z", "")],
    );
    let scenario = parsed(&text);
    // `old`'s window closed on 30 August 9999. `new`'s would close in year 10000, past
    // the last instant RFC 3339 can write: it never closes within the calendar.
    assert_eq!(
        rows(&scenario),
        [
            ("new".to_owned(), true, vec![], None),
            (
                "old".to_owned(),
                false,
                vec![ReasonCode::OutsideRetentionWindow],
                Some("9999-08-30T00:00:00Z".to_owned())
            ),
        ]
    );
}

#[test]
fn before_1970_is_accepted_with_the_right_answer() {
    let text = scenario_json("1969-07-21T02:56:15Z", &[entry("eagle", "1969-07-20T20:17:40Z", "")]);
    let scenario = parsed(&text);
    assert_eq!(
        rows(&scenario),
        [("eagle".to_owned(), true, vec![], Some("1969-10-18T20:17:40Z".to_owned()))]
    );
    let text = scenario_json("1900-01-01T00:00:00Z", &[entry("a", "1900-01-01T00:00:59+00:01", "")]);
    assert_eq!(rows(&parsed(&text)).len(), 1);
}

#[test]
fn instants_outside_rfc_3339_years_are_refused() {
    // Each is written inside years 0000–9999 but is in year -1 or 10000 in UTC, which no
    // RFC 3339 text can hold: accepting it would produce output the engine cannot read.
    for bad in ["0000-01-01T00:00:00+00:01", "9999-12-31T23:59:59-00:01"] {
        let text = scenario_json(bad, &[]);
        assert_error(&scenario_error(&text), ErrorCode::InvalidTimestamp, "now");
    }
    assert_eq!(ts("0000-01-01T00:00:00Z").to_string(), "0000-01-01T00:00:00Z");
    assert_eq!(ts("9999-12-31T23:59:59.999999999Z").to_string(), "9999-12-31T23:59:59.999999999Z");
}

// ---------------------------------------------------------------------------------------
// Retention options
// ---------------------------------------------------------------------------------------

fn with_retention(days: &str, profile: &str, history: &[String]) -> String {
    let top = format!(r#""options": {{"retentionDays": {days}}}, "profile": "{profile}""#);
    scenario_json_with("2023-11-08T13:00:00Z", history, &top)
}

#[test]
fn retention_of_zero_keeps_only_what_was_created_at_now() {
    // `at-now-1` and `at-now-2` share the instant `now`; the first listed is the newer, so
    // it is current, and the other is eligible only because it was created exactly at now.
    let history = [
        entry("old", "2023-11-08T12:00:00Z", ""),
        entry("at-now-1", "2023-11-08T13:00:00Z", ""),
        entry("at-now-2", "2023-11-08T13:00:00Z", ""),
    ];
    let scenario = parsed(&with_retention("0", "astroHosted", &history));
    let eligible: Vec<(String, bool)> = rows(&scenario).into_iter().map(|r| (r.0, r.1)).collect();
    assert_eq!(
        eligible,
        [("at-now-1".to_owned(), true), ("at-now-2".to_owned(), true), ("old".to_owned(), false)]
    );
    assert_eq!(rows(&scenario).get(2).and_then(|r| r.3.clone()).as_deref(), Some("2023-11-08T12:00:00Z"));
}

#[test]
fn retention_of_zero_keeps_the_hosted_current_deploy_only() {
    let history = [entry("older", "2023-11-08T11:00:00Z", ""), entry("current", "2023-11-08T12:00:00Z", "")];
    let hosted = parsed(&with_retention("0", "astroHosted", &history));
    let codes: Vec<(String, bool)> = rows(&hosted).into_iter().map(|r| (r.0, r.1)).collect();
    assert_eq!(codes, [("current".to_owned(), true), ("older".to_owned(), false)]);
    // Private Cloud deletes the records: no exception for the current deploy.
    let private = parsed(
        &with_retention("0", "astroPrivateCloud", &history)
            .replace(r#""name": "etl""#, r#""name": "etl", "rollbackEnabled": true"#),
    );
    let outside: Vec<(String, Vec<ReasonCode>)> = rows(&private).into_iter().map(|r| (r.0, r.2)).collect();
    assert_eq!(
        outside,
        [
            ("current".to_owned(), vec![ReasonCode::OutsideRetentionWindow]),
            ("older".to_owned(), vec![ReasonCode::OutsideRetentionWindow]),
        ]
    );
}

#[test]
fn negative_retention_is_an_error() {
    let err = scenario_error(&with_retention("-1", "astroHosted", &[]));
    assert_error(&err, ErrorCode::InvalidValue, "options.retentionDays");
    let text = scenario_json_with(
        "2023-11-08T13:00:00Z",
        &[],
        r#""runningTasks": [{"id": "t", "startedAt": "2023-11-08T12:00:00Z", "retriesLeft": -1}]"#,
    );
    assert_error(&scenario_error(&text), ErrorCode::InvalidValue, "runningTasks[0].retriesLeft");
    let err = scenario_error(&with_retention("1.5", "astroHosted", &[]));
    assert_error(&err, ErrorCode::InvalidJson, "options.retentionDays");
}

#[test]
fn huge_retention_is_an_error_and_a_century_is_accepted() {
    for huge in ["36501", "4294967296", "18446744073709551615", "99999999999999999999999"] {
        let err = scenario_error(&with_retention(huge, "astroHosted", &[]));
        let code = if huge.len() > 20 { ErrorCode::InvalidJson } else { ErrorCode::InvalidValue };
        assert_error(&err, code, "options.retentionDays");
    }
    assert_eq!(MAX_RETENTION_DAYS, 36_500);
    let scenario =
        parsed(&with_retention("36500", "astroHosted", &[entry("d1", "2023-11-06T14:00:00Z", "")]));
    assert_eq!(rows(&scenario), [("d1".to_owned(), true, vec![], Some("2123-10-13T14:00:00Z".to_owned()))]);
}

// ---------------------------------------------------------------------------------------
// Ids and links
// ---------------------------------------------------------------------------------------

#[test]
fn duplicate_ids_name_the_second_one() {
    let now = "2023-11-08T13:00:00Z";
    let history = [
        entry("d1", "2023-11-01T00:00:00Z", ""),
        entry("d2", "2023-11-02T00:00:00Z", ""),
        entry("d1", "2023-11-03T00:00:00Z", ""),
    ];
    let scenario = parsed(&scenario_json(now, &history));
    let err = eligibility(&scenario).err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::DuplicateDeployId, "history[2].id")));
    let err = plan(&scenario, "d2", None).err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::DuplicateDeployId, "history[2].id")));
    // In a timeline, a deploy event may not reuse an id either.
    let text = format!(
        r#"{{"deployment": {{"id": "d", "name": "n"}}, "history": [{}],
            "events": [{{"at": "{now}", "kind": "deploy", "type": "imageOnly", "id": "d1"}}]}}"#,
        history[0]
    );
    assert_error(&timeline_error(&text), ErrorCode::DuplicateDeployId, "events[0].id");
}

#[test]
fn a_rollback_of_itself_is_invalid() {
    let now = "2023-11-08T13:00:00Z";
    let rollback =
        entry("r1", "2023-11-07T00:00:00Z", r#""rollbackOf": "r1""#).replace("imageAndDags", "rollback");
    let history = [entry("d1", "2023-11-01T00:00:00Z", ""), rollback];
    let err = eligibility(&parsed(&scenario_json(now, &history))).err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::InvalidValue, "history[1].rollbackOf")));
    let replaces =
        entry("r1", "2023-11-07T00:00:00Z", r#""replaces": "r1""#).replace("imageAndDags", "rollback");
    let err = eligibility(&parsed(&scenario_json(now, &[replaces]))).err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::InvalidValue, "history[0].replaces")));
}

#[test]
fn a_cycle_of_rollbacks_is_invalid() {
    let now = "2023-11-08T13:00:00Z";
    // r1 (older) claims to restore r2 (newer), which claims to restore r1.
    let r1 = entry("r1", "2023-11-06T00:00:00Z", r#""rollbackOf": "r2""#).replace("imageAndDags", "rollback");
    let r2 = entry("r2", "2023-11-07T00:00:00Z", r#""rollbackOf": "r1""#).replace("imageAndDags", "rollback");
    let err = eligibility(&parsed(&scenario_json(now, &[r2.clone(), r1.clone()]))).err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::InvalidValue, "history[1].rollbackOf")));
    // Same instant: the first listed is the newer, so the second's link points forward.
    let r1 = r1.replace("2023-11-06", "2023-11-07");
    let err = eligibility(&parsed(&scenario_json(now, &[r2, r1]))).err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::InvalidValue, "history[1].rollbackOf")));
    // A link only a rollback may carry.
    let bad = entry("d1", "2023-11-06T00:00:00Z", r#""rollbackOf": "d0""#);
    let err = eligibility(&parsed(&scenario_json(now, &[bad]))).err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::InvalidValue, "history[0].rollbackOf")));
    // A link to a record older than the history holds (deleted, or on another page) is fine.
    let ok =
        entry("r9", "2023-11-06T00:00:00Z", r#""rollbackOf": "gone""#).replace("imageAndDags", "rollback");
    assert_eq!(rows(&parsed(&scenario_json(now, &[ok]))).len(), 1);
}

#[test]
fn an_unknown_target_is_unknown_deploy_at_target() {
    let scenario = parsed(&scenario_json("2023-11-08T13:00:00Z", &[entry("d1", "2023-11-06T14:00:00Z", "")]));
    for target in ["d2", "", "D1", "d1 ", "\u{0}"] {
        let err = plan(&scenario, target, None).err();
        assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::UnknownDeploy, "target")), "{target:?}");
    }
    let empty = parsed(&scenario_json("2023-11-08T13:00:00Z", &[]));
    let err = plan(&empty, "d1", None).err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::EmptyHistory, "history")));
    let text = format!(
        r#"{{"deployment": {{"id": "d", "name": "n"}}, "history": [{}],
            "events": [{{"at": "2023-11-08T13:00:00Z", "kind": "rollback", "to": "nope"}}]}}"#,
        entry("d1", "2023-11-06T14:00:00Z", "")
    );
    assert_error(&timeline_error(&text), ErrorCode::UnknownDeploy, "events[0].to");
}

#[test]
fn a_deploy_after_now_is_refused() {
    let text = scenario_json("2023-11-08T13:00:00Z", &[entry("d1", "2023-11-08T13:00:00.000000001Z", "")]);
    let err = eligibility(&parsed(&text)).err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::DeployInFuture, "history[0].createdAt")));
}

// ---------------------------------------------------------------------------------------
// Size limits
// ---------------------------------------------------------------------------------------

#[test]
fn a_one_mebibyte_description_is_too_large_at_its_path() {
    let huge = "x".repeat(1024 * 1024);
    let text =
        r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "name": "n", "description": "HUGE"}}"#
            .replace("HUGE", &huge);
    assert_error(&scenario_error(&text), ErrorCode::InputTooLarge, "deployment.description");
    let text = scenario_json(
        "2023-11-08T13:00:00Z",
        &[
            entry("d1", "2023-11-06T14:00:00Z", ""),
            entry("d2", "2023-11-07T14:00:00Z", &format!(r#""description": "{huge}""#)),
        ],
    );
    assert_error(&scenario_error(&text), ErrorCode::InputTooLarge, "history[1].description");
    // Escapes count as written: 1 MiB of `\n` is still too large.
    let escaped = "\\n".repeat(512 * 1024);
    let text = scenario_json(
        "2023-11-08T13:00:00Z",
        &[entry("d1", "2023-11-06T14:00:00Z", &format!(r#""author": "{escaped}""#))],
    );
    assert_error(&scenario_error(&text), ErrorCode::InputTooLarge, "history[0].author");
    // A long key is named by its container.
    let text = format!(r#"{{"now": "2023-11-08T13:00:00Z", "deployment": {{"{huge}": 1}}}}"#);
    assert_error(&scenario_error(&text), ErrorCode::InputTooLarge, "deployment");
    // The limit itself is accepted.
    let at_limit = "y".repeat(MAX_STRING_BYTES);
    let text =
        r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "name": "n", "description": "HUGE"}}"#
            .replace("HUGE", &at_limit);
    assert_eq!(parsed(&text).deployment.description.map(|d| d.len()), Some(MAX_STRING_BYTES));
}

#[test]
fn a_rollback_description_over_500_characters_is_too_long() {
    let scenario = parsed(&scenario_json("2023-11-08T13:00:00Z", &[entry("d1", "2023-11-06T14:00:00Z", "")]));
    let err = plan(&scenario, "d1", Some(&"x".repeat(501))).err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::DescriptionTooLong, "description")));
    // Characters, not bytes: 500 four-byte characters fit.
    assert!(plan(&scenario, "d1", Some(&"🦀".repeat(500))).is_ok());
    assert!(plan(&scenario, "d1", Some(&"🦀".repeat(501))).is_err());
}

/// `{"now": …, "deployment": …, "history": [ENTRY, ENTRY, …]}` with `n` entries, built
/// without formatting each one.
fn history_of(n: usize, entry: &str) -> String {
    let mut text = String::with_capacity(n * (entry.len() + 1) + 200);
    text.push_str(r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "name": "n"}, "history": ["#);
    for i in 0..n {
        if i > 0 {
            text.push(',');
        }
        text.push_str(entry);
    }
    text.push_str("]}");
    text
}

#[test]
fn a_million_and_one_entries_are_too_large() {
    assert_eq!(MAX_ARRAY_LEN, 1_000_000);
    // Elements are read in order, so the limit answers once a million good ones are read:
    // here a million and one permissions.
    let mut text = String::from(
        r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "name": "n"}, "actor": {"id": "a", "permissions": ["p""#,
    );
    text.push_str(&r#","p""#.repeat(MAX_ARRAY_LEN));
    text.push_str("]}}");
    assert_error(&scenario_error(&text), ErrorCode::InputTooLarge, "actor.permissions");
    // Also for an array whose elements are skipped, in a document of others.
    let text = format!(r#"{{"runtimeVersions": {{}}, "extra": [0{}]}}"#, ",0".repeat(MAX_ARRAY_LEN));
    let text = format!(
        r#"{{"now": "2023-11-08T13:00:00Z", "deployment": {{"id": "d", "name": "n"}}, "runtimeCatalog": {text}}}"#
    );
    assert_error(&scenario_error(&text), ErrorCode::InputTooLarge, "runtimeCatalog.extra");
}

#[test]
fn a_million_entries_are_not_too_large() {
    // Exactly at the limit the document is read, and the first complaint is about the
    // first entry's fields.
    let text = history_of(MAX_ARRAY_LEN, "{}");
    assert_error(&scenario_error(&text), ErrorCode::MissingField, "history[0].id");
    // The same with a few real entries up front and the rest failing late: the whole
    // array is read, and the error names the first bad element.
    let good = r#"{"id":"a","createdAt":"2023-11-06T14:00:00Z","type":"imageOnly","status":"deployed","imageTag":"t","runtimeVersion":"9.1.0"}"#;
    let text = history_of(MAX_ARRAY_LEN, "{}").replacen("[{}", &format!("[{good}"), 1);
    assert_error(&scenario_error(&text), ErrorCode::MissingField, "history[1].id");
}

#[test]
#[ignore = "parsing a million real entries takes seconds in debug; run with --ignored (or --release)"]
fn a_million_real_entries_are_accepted() {
    let mut text = history_of(0, "");
    text.truncate(text.len() - 2);
    for i in 0..MAX_ARRAY_LEN {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            r#"{{"id":"d{i}","createdAt":"2023-11-06T14:00:00Z","type":"imageOnly","status":"deployed","imageTag":"t","runtimeVersion":"9.1.0"}}"#
        ));
    }
    text.push_str("]}");
    let scenario = parsed(&text);
    assert_eq!(eligibility(&scenario).map(|e| e.entries.len()).ok(), Some(MAX_ARRAY_LEN));
}

#[test]
fn ten_thousand_deep_nesting_is_refused_without_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    // The nesting limit is checked before reading, whatever the document's length, and
    // names where it went too deep.
    let text = format!(
        r#"{{"now": "2023-11-08T13:00:00Z", "deployment": {{"id": "d", "name": "n", "description": {deep}}}}}"#
    );
    let path = format!("deployment.description{}", "[0]".repeat(MAX_DEPTH - 2));
    assert_error(&scenario_error(&text), ErrorCode::InputTooLarge, &path);
    let deep_objects = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    let path = vec!["a"; MAX_DEPTH].join(".");
    assert_error(&scenario_error(&deep_objects), ErrorCode::InputTooLarge, &path);
    assert_error(&timeline_error(&deep_objects), ErrorCode::InputTooLarge, &path);
    // The Astro API import skips unknown fields, but not the limit.
    let path = format!("deployment.extra.{}", vec!["a"; MAX_DEPTH - 1].join("."));
    let pad = " ".repeat(MAX_STRING_BYTES);
    let text = format!(r#"{{"id": "d", "extra": {deep_objects}}}{pad}"#);
    let err = from_astro_api(&text, r#"{"deploys": []}"#, "2023-11-08T13:00:00Z").err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::InputTooLarge, path.as_str())));
    let text = format!(r#"{{"id": "d", "extra": {deep_objects}}}"#);
    let err = from_astro_api(&text, r#"{"deploys": []}"#, "2023-11-08T13:00:00Z").err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::InputTooLarge, path.as_str())));
    let shallow = format!("{}1{}", r#"{"a":"#.repeat(MAX_DEPTH - 2), "}".repeat(MAX_DEPTH - 2));
    let text = format!(r#"{{"id": "d", "extra": {shallow}}}"#);
    let imported = from_astro_api(&text, r#"{"deploys": []}"#, "2023-11-08T13:00:00Z");
    assert_eq!(imported.map(|s| s.deployment.id).ok().as_deref(), Some("d"));
}

// ---------------------------------------------------------------------------------------
// The command line's standard input
// ---------------------------------------------------------------------------------------

/// Runs the CLI with `args`, `stdin` on its standard input: (exit code, stdout, stderr).
#[track_caller]
fn cli(args: &[&str], stdin: &[u8]) -> (Option<i32>, String, String) {
    let run = support::cli::Run::from(support::cli::run_command(support::cli::cli().args(args), Some(stdin)));
    (run.code, run.stdout, run.stderr)
}

#[test]
fn the_cli_accepts_a_byte_order_mark() {
    let mut input = b"\xEF\xBB\xBF".to_vec();
    input.extend_from_slice(deploy_rollback::ffi::EXAMPLE_SCENARIO_JSON.as_bytes());
    let (code, stdout, stderr) = cli(&["eligibility", "-", "--json"], &input);
    assert_eq!(code, Some(0), "{stderr}");
    let value: serde_json::Value = match serde_json::from_str(&stdout) {
        Ok(v) => v,
        Err(err) => panic!("{err}: {stdout}"),
    };
    assert_eq!(value.pointer("/entries/0/id").and_then(|v| v.as_str()), Some("d3"));
    // Only one mark is skipped: a second one is not JSON.
    let mut twice = b"\xEF\xBB\xBF".to_vec();
    twice.extend_from_slice(&input);
    let (code, _, stderr) = cli(&["eligibility", "-", "--json"], &twice);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(r#""code":"invalidJson""#), "{stderr}");
}

#[test]
fn the_cli_refuses_invalid_utf8_with_exit_2() {
    for bad in [&b"\xff"[..], b"{\"now\": \"\xc3\x28\"}", b"\xEF\xBB", b"{\"a\": \"\xed\xa0\x80\"}"] {
        let (code, stdout, stderr) = cli(&["eligibility", "-", "--json"], bad);
        assert_eq!(code, Some(2), "{bad:?}: {stdout}{stderr}");
        let value: serde_json::Value = match serde_json::from_str(stderr.trim()) {
            Ok(v) => v,
            Err(err) => panic!("{err}: {stderr}"),
        };
        assert_eq!(value.pointer("/error/code").and_then(|v| v.as_str()), Some("invalidJson"), "{stderr}");
        assert_eq!(value.pointer("/error/path").and_then(|v| v.as_str()), Some(""), "{stderr}");
        let (code, _, stderr) = cli(&["simulate", "-"], bad);
        assert_eq!(code, Some(2));
        assert!(stderr.starts_with("error: invalidJson"), "{stderr}");
    }
    let (code, _, stderr) = cli(&["eligibility", "-"], b"");
    assert_eq!(code, Some(2));
    assert!(stderr.starts_with("error: invalidJson"), "{stderr}");
}

// ---------------------------------------------------------------------------------------
// Runtime versions and agent images
// ---------------------------------------------------------------------------------------

#[test]
fn look_alike_digits_are_not_runtime_versions() {
    for bad in [
        "９.1.0",              // fullwidth nine
        "9.１.0",              // fullwidth one
        "٩.١.٠",               // Arabic-Indic digits
        "۹.۱.۰",               // extended Arabic-Indic (Persian) digits
        "३.१-११",              // Devanagari, dashed
        "3.1-１1",             // one fullwidth digit in the patch
        "𝟗.1.0",               // mathematical bold nine
        "9.1.0\u{200b}",       // zero-width space
        "9\u{2024}1\u{2024}0", // one-dot leaders instead of full stops
        "3.1\u{2010}11",       // Unicode hyphen instead of `-`
        "3.1\u{2212}11",       // minus sign
    ] {
        assert!(bad.parse::<RuntimeVersion>().is_err(), "{bad:?} parsed");
        let err = compare_runtime_versions(bad, "9.1.0").err();
        assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::InvalidRuntimeVersion, "a")), "{bad:?}");
        let err = compare_runtime_versions("9.1.0", bad).err();
        assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::InvalidRuntimeVersion, "b")), "{bad:?}");
        let text = scenario_json(
            "2023-11-08T13:00:00Z",
            &[entry("d1", "2023-11-06T14:00:00Z", r#""author": "x""#).replace("9.1.0", bad)],
        );
        assert_error(&scenario_error(&text), ErrorCode::InvalidRuntimeVersion, "history[0].runtimeVersion");
    }
}

#[test]
fn extreme_version_numbers_are_errors_or_exact() {
    assert!("18446744073709551616.0.0".parse::<RuntimeVersion>().is_err());
    let max = "18446744073709551615.18446744073709551615-18446744073709551615";
    let parsed = match max.parse::<RuntimeVersion>() {
        Ok(v) => v,
        Err(err) => panic!("{err}"),
    };
    assert_eq!(parsed.to_string(), max);
    assert_eq!(compare_runtime_versions(max, "3.1-11"), Ok(1));
    assert!(format!("9.1.0-{}", "a".repeat(10_000)).parse::<RuntimeVersion>().is_ok());
}

#[test]
fn agent_images_with_trailing_garbage_are_refused() {
    for bad in [
        "agent:3.1-1-python-3.12-astro-agent-1.1.0-astro-agent-1.1.0",
        "agent:3.1-1-python-3.12-astro-agent-1.1.0\n",
        "agent:3.1-1-python-3.12-astro-agent-1.1.0\u{0}",
        "agent:3.1-1-python-3.12.-astro-agent-1.1.0",
        "agent:3.1-1-python-3.12-astro-agent-1.1.0@sha256:abc",
        "agent:3.1-１-python-3.12-astro-agent-1.1.0",
    ] {
        assert!(bad.parse::<AgentImage>().is_err(), "{bad:?} parsed");
        let err = parse_agent_image(bad).err();
        assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::InvalidAgentImage, "ref")), "{bad:?}");
        let image = serde_json::Value::String(bad.to_owned());
        let text = format!(
            r#"{{"now": "2023-11-08T13:00:00Z", "deployment": {{"id": "d", "name": "n",
                "remoteExecution": {{"enabled": true, "agents": [{{"id": "a", "image": "ok"}}, {{"id": "b", "image": {image}}}]}}}}}}"#
        )
        .replace(r#""ok""#, r#""agent:3.1-1-python-3.12-astro-agent-1.1.0""#);
        let err = scenario_error(&text);
        assert_error(&err, ErrorCode::InvalidAgentImage, "deployment.remoteExecution.agents[1].image");
    }
}

// ---------------------------------------------------------------------------------------
// Unknown fields
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_fields_in_our_format_are_named() {
    let now = "2023-11-08T13:00:00Z";
    for (text, path) in [
        (
            r#"{"now": "2023-11-08T13:00:00Z", "nwo": 1, "deployment": {"id": "d", "name": "n"}}"#.to_owned(),
            "nwo",
        ),
        (
            r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "nmae": "n"}}"#.to_owned(),
            "deployment.nmae",
        ),
        (scenario_json(now, &[entry("d1", now, r#""imagetag": "x""#)]), "history[0].imagetag"),
        (scenario_json(now, &[entry("d1", now, r#""git": {"sha": "abc"}"#)]), "history[0].git.sha"),
        (scenario_json_with(now, &[], r#""options": {"retentionDay": 30}"#), "options.retentionDay"),
        (scenario_json_with(now, &[], r#""deployment2": {}"#), "deployment2"),
    ] {
        let err = scenario_error(&text);
        assert_eq!(code_path(&err), (ErrorCode::UnknownField, path), "{err}\n{text}");
    }
    // An event carrying a field of another kind of event.
    let text = r#"{"deployment": {"id": "d", "name": "n"}, "events": [
        {"at": "2023-11-08T13:00:00Z", "kind": "settings", "name": "x"},
        {"at": "2023-11-08T13:00:00Z", "kind": "settings", "to": "d1"}]}"#;
    assert_error(&timeline_error(text), ErrorCode::UnknownField, "events[1].to");
    let text = r#"{"deployment": {"id": "d", "name": "n"}, "events": [{"at": "2023-11-08T13:00:00Z", "kind": "deploy", "type": "imageOnly", "runtimeVersion": "9.1.0", "colour": "red"}]}"#;
    assert_error(&timeline_error(text), ErrorCode::UnknownField, "events[0].colour");
}

#[test]
fn unknown_fields_in_the_astro_api_import_are_ignored() {
    let deployment = r#"{"id": "dep-1", "name": "etl", "runtimeVersion": "9.5.0", "astroRuntimeVersion": "9.5.0",
        "brandNewField": {"nested": [1, 2, {"deep": null}]}, "executor": "CELERY",
        "workerQueues": [{"name": "default", "id": "q1", "nodePoolId": "np"}],
        "environmentVariables": [{"key": "A", "value": "1", "isSecret": false, "origin": "ui"}],
        "remoteExecution": {"enabled": false, "allowedIpAddressRanges": []}}"#;
    let deploys = r#"{"deploys": [
        {"id": "d1", "createdAt": "2023-11-06T15:00:00+01:00", "type": "IMAGE_ONLY", "status": "DEPLOYED",
         "imageTag": "deploy-2023-11-06T14-00", "astroRuntimeVersion": "9.1.0", "futureField": true,
         "createdBySubject": {"id": "u1", "subjectType": "USER", "avatarUrl": "x", "username": "ada@example.com"},
         "bundles": [{"bundleType": "dbt", "currentVersion": "v3", "mountPath": "/dbt/j", "extra": 1}],
         "git": {"provider": "GITHUB", "commitSha": "abc1234", "authorName": "Ada"}},
        {"id": "d2", "createdAt": "2023-11-07T16:45:00Z", "type": "NEW_KIND", "status": "NEW_STATUS",
         "imageTag": "deploy-2023-11-07T16-45", "astroRuntimeVersion": "9.5.0"}],
        "limit": 20, "offset": 0, "totalCount": 2, "cursor": "abc"}"#;
    let scenario = match from_astro_api(deployment, deploys, "2023-11-08T13:00:00Z") {
        Ok(s) => s,
        Err(err) => panic!("{err}"),
    };
    let kinds: Vec<(&str, DeployType, String)> =
        scenario.history.iter().map(|d| (d.id.as_str(), d.kind, d.created_at.to_string())).collect();
    assert_eq!(
        kinds,
        [
            ("d1", DeployType::ImageOnly, "2023-11-06T14:00:00Z".to_owned()),
            ("d2", DeployType::ImageAndDags, "2023-11-07T16:45:00Z".to_owned()),
        ]
    );
    let d1 = scenario.history.first();
    assert_eq!(d1.and_then(|d| d.author.as_deref()), Some("ada@example.com"));
    assert_eq!(
        d1.and_then(|d| d.dbt_bundles.first()).map(|b| (b.name.as_str(), b.version.as_str())),
        Some(("/dbt/j", "v3"))
    );
    assert_eq!(scenario.deployment.env_vars.len(), 1);
    // Its result is a valid scenario in our own (strict) format.
    let back = Scenario::from_json(&deploy_rollback::ffi::to_json(&scenario));
    assert_eq!(back.as_ref().ok(), Some(&scenario));
    let p = match plan(&scenario, "d1", Some("back")) {
        Ok(p) => p,
        Err(err) => panic!("{err}"),
    };
    assert_eq!(p.verdict, Verdict::Allowed);
    // A wrong type in a field it knows is still an error, with its path.
    let err = from_astro_api(r#"{"id": 5}"#, r#"{"deploys": []}"#, "2023-11-08T13:00:00Z").err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::InvalidJson, "deployment.id")));
    let err = from_astro_api(
        r#"{"id": "d"}"#,
        r#"{"deploys": [{"id": "x", "status": "DEPLOYED", "type": "IMAGE_ONLY", "createdAt": "2023-11-06T14:00:00Z", "astroRuntimeVersion": "９.1.0"}]}"#,
        "2023-11-08T13:00:00Z",
    )
    .err();
    assert_eq!(
        err.as_ref().map(code_path),
        Some((ErrorCode::InvalidRuntimeVersion, "deploys.deploys[0].astroRuntimeVersion"))
    );
    // A rollback that names itself is named by the API's own field.
    let deploys = r#"{"deploys": [{"id": "a", "status": "DEPLOYED", "type": "IMAGE_ONLY", "createdAt": "2023-11-06T14:00:00Z", "astroRuntimeVersion": "9.1.0",
        "rollbackFromId": "a"}]}"#;
    let err = from_astro_api(r#"{"id": "d"}"#, deploys, "2023-11-08T13:00:00Z").err();
    assert_eq!(
        err.as_ref().map(code_path),
        Some((ErrorCode::InvalidValue, "deploys.deploys[0].rollbackFromId"))
    );
    let deploys = r#"{"deploys": [{"id": "a", "status": "DEPLOYED", "type": "IMAGE_ONLY", "createdAt": "2023-11-06T14:00:00Z", "imageTag": "t", "astroRuntimeVersion": "9.1.0"},
        {"id": "a", "status": "DEPLOYED", "type": "IMAGE_ONLY", "createdAt": "2023-11-07T14:00:00Z", "imageTag": "t", "astroRuntimeVersion": "9.1.0"}]}"#;
    let err = from_astro_api(r#"{"id": "d"}"#, deploys, "2023-11-08T13:00:00Z").err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::DuplicateDeployId, "deploys.deploys[1].id")));
    let err = from_astro_api(r#"{"id": "d"}"#, r#"{"deploys": []}"#, "2023-11-08 13:00").err();
    assert_eq!(err.as_ref().map(code_path), Some((ErrorCode::InvalidTimestamp, "now")));
}

// ---------------------------------------------------------------------------------------
// Timelines
// ---------------------------------------------------------------------------------------

fn timeline_json(history: &[String], events: &str) -> String {
    format!(
        r#"{{"deployment": {{"id": "d", "name": "n"}}, "history": [{}], "events": [{events}]}}"#,
        history.join(", ")
    )
}

#[test]
fn hostile_timelines_name_the_event() {
    let h = [entry("d1", "2023-11-06T14:00:00Z", "")];
    for (events, code, path) in [
        (
            r#"{"at": "2023-11-08T13:00:00Z", "kind": "settings"}, {"at": "2023-11-08T12:59:59Z", "kind": "settings"}"#,
            ErrorCode::InvalidTimestamp,
            "events[1].at",
        ),
        (
            r#"{"at": "2023-11-05T00:00:00Z", "kind": "settings"}"#,
            ErrorCode::DeployInFuture,
            "history[0].createdAt",
        ),
        (
            r#"{"at": "2023-11-08T13:00:00Z", "kind": "deploy", "type": "rollback"}"#,
            ErrorCode::InvalidValue,
            "events[0].type",
        ),
        (r#"{"at": "2023-11-08T13:00:00Z", "kind": "deploy"}"#, ErrorCode::MissingField, "events[0].type"),
        (r#"{"at": "2023-11-08T13:00:00Z", "kind": "rollback"}"#, ErrorCode::MissingField, "events[0].to"),
        (
            r#"{"at": "2023-11-08T13:00:00Z", "kind": "agentUpdate", "image": "agent:3.1-1-python-3.12-astro-agent-1.1.0"}"#,
            ErrorCode::MissingField,
            "events[0].agentId",
        ),
        (
            r#"{"at": "2023-11-08T13:00:00Z", "kind": "tasks"}"#,
            ErrorCode::MissingField,
            "events[0].runningTasks",
        ),
        (r#"{"at": "2023-11-08T13:00:00Z", "kind": "undo"}"#, ErrorCode::InvalidValue, "events[0].kind"),
        (r#"{"at": "2023-11-08T13:00:00", "kind": "settings"}"#, ErrorCode::InvalidTimestamp, "events[0].at"),
        (
            r#"{"at": "2023-11-08T13:00:00Z", "kind": "deploy", "type": "imageOnly", "runtimeVersion": "٩.1.0"}"#,
            ErrorCode::InvalidRuntimeVersion,
            "events[0].runtimeVersion",
        ),
    ] {
        let err = timeline_error(&timeline_json(&h, events));
        assert_eq!(code_path(&err), (code, path), "{err}\n{events}");
    }
    let long = "x".repeat(501);
    let events = format!(
        r#"{{"at": "2023-11-08T13:00:00Z", "kind": "rollback", "to": "d1", "description": "{long}"}}"#
    );
    assert_error(
        &timeline_error(&timeline_json(&h, &events)),
        ErrorCode::DescriptionTooLong,
        "events[0].description",
    );
    // A deploy that would lower the Runtime is refused as a step, not an error.
    let events =
        r#"{"at": "2023-11-08T13:00:00Z", "kind": "deploy", "type": "imageOnly", "runtimeVersion": "8.0.0"}"#;
    let result = Timeline::from_json(&timeline_json(&h, events)).and_then(|t| simulate(&t));
    let step = result.as_ref().ok().and_then(|r| r.steps.first());
    assert_eq!(
        step.map(|s| s.reasons.iter().map(|r| r.code).collect::<Vec<_>>()),
        Some(vec![ReasonCode::DeployCannotDowngrade])
    );
}

// ---------------------------------------------------------------------------------------
// Regressions found by fuzzing (scripts/fuzz.sh)
// ---------------------------------------------------------------------------------------

/// Found by `astro_import` (its path check, not the engine): with a key repeated, the
/// engine reads the first occurrence and reports the repeat, so the error's path names
/// the first one even where the last one (which `serde_json::Value` keeps) is fine.
#[test]
fn repeated_keys_are_refused_at_the_first_problem() {
    let text = r#"{"now": "2023-11-08T13:00:00Z", "now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "name": "n"}}"#;
    assert_error(&scenario_error(text), ErrorCode::InvalidJson, "now");
    let text = r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "name": "n", "name": "m"}}"#;
    assert_error(&scenario_error(text), ErrorCode::InvalidJson, "deployment.name");
    let import = |deployment: &str| {
        from_astro_api(deployment, r#"{"deploys": []}"#, "2023-11-08T13:00:00Z")
            .err()
            .map(|e| (e.code(), e.path().to_owned()))
    };
    assert_eq!(
        import(
            r#"{"id": "d", "environmentVariables": [{"key": "A"}, {"isSecret": true}], "environmentVariables": [{"key": "B"}]}"#
        ),
        Some((ErrorCode::MissingField, "deployment.environmentVariables[1].key".to_owned()))
    );
    assert_eq!(
        import(
            r#"{"id": "d", "environmentVariables": [{"key": "A"}], "environmentVariables": [{"key": "B"}]}"#
        ),
        Some((ErrorCode::InvalidJson, "deployment.environmentVariables".to_owned()))
    );
}

/// Found by `scenario_plan` and `timeline_simulate` (their path check): an unknown field
/// whose name holds a backtick (`dagDepl`yEnabled`, a one-byte mutation) was reported
/// as `dagDepl`, cut at the backtick serde quotes field names with.
#[test]
fn unknown_fields_with_backticks_and_commas_are_named_whole() {
    let now = "2023-11-08T13:00:00Z";
    for field in ["dagDepl`yEnabled", "a`, expected `b", "`", "x, y", "x`, there are no fields"] {
        let extra = format!("{}: true", serde_json::Value::String(field.to_owned()));
        let err = scenario_error(&scenario_json(now, &[entry("d1", now, &extra)]));
        assert_error(&err, ErrorCode::UnknownField, &format!("history[0].{field}"));
        let text = format!(
            r#"{{"deployment": {{"id": "d", "name": "n"}}, "runningTasks": [{{"id": "t", "startedAt": "{now}", {extra}}}]}}"#
        );
        assert_error(&timeline_error(&text), ErrorCode::UnknownField, &format!("runningTasks[0].{field}"));
    }
}

/// Found by `scenario_plan` and `timeline_simulate` (their path check): a path named
/// the fields serde reported with their escapes decoded but the containers around them
/// as written, so `"deploym\u0065nt"` (which serde reads as `deployment`) showed up
/// undecoded. Every key is now named as the document means it, as JavaScript sees it.
#[test]
fn escaped_keys_are_named_decoded() {
    let text = r#"{"now": "2023-11-08T13:00:00Z", "deploym\u0065nt": {"id": "d", "name": 3}}"#;
    assert_error(&scenario_error(text), ErrorCode::InvalidJson, "deployment.name");
    let text = r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "name": "n", "n\u00e4me": 1}}"#;
    assert_error(&scenario_error(text), ErrorCode::UnknownField, "deployment.näme");
    let text = r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "name": "n", "a\\b\/c": 1}}"#;
    assert_error(&scenario_error(text), ErrorCode::UnknownField, r"deployment.a\b/c");
    let text = r#"{"deployment": {"id": "d", "name": "n"}, "ev\u0065nts": [{"at": "2023-11-08T13:00:00Z", "kind": "deploy",
        "type": "imageOnly", "runt\\\\imeVersion": "9.1.0"}]}"#;
    assert_error(&timeline_error(text), ErrorCode::UnknownField, r"events[0].runt\\imeVersion");
    // Where the error path comes from the scan alone (a bad value, not a field name).
    let text = r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "n\u0061me": "n",
        "r\u0075ntimeVersion": "٩.1.0"}}"#;
    assert_error(&scenario_error(text), ErrorCode::InvalidRuntimeVersion, "deployment.runtimeVersion");
}
