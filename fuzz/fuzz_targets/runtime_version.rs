//! Bytes → one or two Runtime versions (split at the first newline). A version that
//! parses prints in a form that parses back to itself, equals itself, and orders
//! consistently with the other one.
#![no_main]

mod common;

use deploy_rollback::{RuntimeVersion};
use deploy_rollback::ffi::{compare_runtime_versions};
use libfuzzer_sys::fuzz_target;
use std::cmp::Ordering;

fn check(input: &str) -> Option<RuntimeVersion> {
    let v: RuntimeVersion = input.parse().ok()?;
    assert!(input.is_ascii(), "{input:?} parsed although it is not ASCII");
    let shown = v.to_string();
    let back: RuntimeVersion = match shown.parse() {
        Ok(back) => back,
        Err(err) => panic!("{input:?} prints as {shown:?}, which does not parse: {err}"),
    };
    assert_eq!(back, v, "{input:?} → {shown:?} reads back as another version");
    assert_eq!(back.to_string(), shown, "printing is not canonical");
    assert_eq!(v.cmp(&v), Ordering::Equal);
    assert_eq!(
        v.is_dashed(),
        shown
            .split_once('.')
            .is_some_and(|(_, r)| { r.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with('-') })
    );
    Some(v)
}

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else { return };
    let (a, b) = text.split_once('\n').unwrap_or((text, text));
    let (Some(x), Some(y)) = (check(a), check(b)) else { return };
    let order = x.cmp(&y);
    assert_eq!(y.cmp(&x), order.reverse(), "not antisymmetric");
    assert_eq!(order == Ordering::Equal, x == y, "Ord and Eq disagree");
    assert_eq!(order == Ordering::Equal, x.to_string() == y.to_string(), "equal versions print differently");
    if x.is_dashed() != y.is_dashed() {
        assert_eq!(order == Ordering::Greater, x.is_dashed(), "a semver version is newer than a dashed one");
    }
    let sign = match order {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    };
    assert_eq!(compare_runtime_versions(a, b), Ok(sign));
});
