//! Astro Runtime versions: both formats, the astro CLI's order, and what is not a
//! version (docs/rules.md §2).
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

use deploy_rollback::ffi::compare_runtime_versions;
use deploy_rollback::{AirflowLine, RuntimeVersion};
use std::cmp::Ordering;

#[track_caller]
fn v(text: &str) -> RuntimeVersion {
    text.parse().unwrap_or_else(|e| panic!("{text:?} does not parse: {e}"))
}

/// Each version is strictly older than every later one, by `Ord` and by the
/// -1/0/1 comparison the JS package and the CLI use.
#[track_caller]
fn assert_ascending(versions: &[&str]) {
    for (i, a) in versions.iter().enumerate() {
        for b in versions.iter().skip(i + 1) {
            assert_eq!(v(a).cmp(&v(b)), Ordering::Less, "{a} should be older than {b}");
            assert_eq!(v(b).cmp(&v(a)), Ordering::Greater, "{b} should be newer than {a}");
            assert_eq!(compare_runtime_versions(a, b), Ok(-1), "compare({a}, {b})");
            assert_eq!(compare_runtime_versions(b, a), Ok(1), "compare({b}, {a})");
        }
    }
}

#[track_caller]
fn assert_same_version(a: &str, b: &str) {
    assert_eq!(v(a), v(b), "{a} and {b}");
    assert_eq!(compare_runtime_versions(a, b), Ok(0), "compare({a}, {b})");
}

/// `text` is refused, by the parser and by the comparison (which never answers "equal"
/// for garbage), with a message that quotes it.
#[track_caller]
fn assert_invalid(text: &str) {
    match text.parse::<RuntimeVersion>() {
        Ok(parsed) => panic!("{text:?} parsed as {parsed}"),
        Err(err) => {
            let clipped: String = text.chars().take(64).collect();
            assert!(err.to_string().contains(&clipped), "{err} does not quote {text:?}");
        }
    }
    for (a, b, path) in [(text, "3.0-1", "a"), ("3.0-1", text, "b")] {
        match compare_runtime_versions(a, b) {
            Ok(order) => panic!("compare({a:?}, {b:?}) answered {order}"),
            Err(err) => {
                assert_eq!(err.code().as_str(), "invalidRuntimeVersion", "{text:?}");
                assert_eq!(err.path(), path, "{text:?}");
            }
        }
    }
}

#[track_caller]
fn assert_display(text: &str, shown: &str) {
    assert_eq!(v(text).to_string(), shown, "{text:?}");
}

#[test]
fn semver_versions_order_numerically() {
    assert_ascending(&[
        "3.0.0", "3.0.1", "4.2.0", "5.0.0", "9.1.0", "9.5.0", "9.9.0", "9.10.0", "10.0.0", "12.4.0",
    ]);
}

#[test]
fn dashed_versions_order_as_x_y_z() {
    assert_ascending(&["3.0-1", "3.0-2", "3.0-10", "3.0-12", "3.1-1", "3.1-2", "3.1-11", "4.0-1"]);
}

#[test]
fn every_dashed_version_is_newer_than_every_semver_version() {
    assert_ascending(&["3.0.0", "12.4.0", "13.99.99", "3.0-1"]);
    assert_ascending(&["99.0.0", "2.0-0"]);
    assert_ascending(&["12.4.0", "3.1-2"]);
}

#[test]
fn the_3_0_pitfall_only_the_dash_tells_them_apart() {
    // Semver 3.0.0 is Runtime 3 (Airflow 2.1); dashed 3.0-1 is Airflow 3.0.
    assert_ascending(&["3.0.0", "3.0-1"]);
    assert_ne!(v("3.0.0"), v("3.0-0"));
    assert_ascending(&["3.0.0", "3.0-0"]);
    assert_eq!(v("3.0.0").builtin_airflow(), Some(AirflowLine { major: 2, minor: 1 }));
    assert_eq!(v("3.0-1").builtin_airflow(), Some(AirflowLine { major: 3, minor: 0 }));
    assert!(!v("3.0.0").is_dashed());
    assert!(v("3.0-1").is_dashed());
}

#[test]
fn pre_releases_come_before_their_release() {
    assert_ascending(&["12.3.0", "12.4.0-alpha", "12.4.0-rc.1", "12.4.0-rc.2", "12.4.0-rc.10", "12.4.0"]);
    assert_ascending(&["3.1-0", "3.1-1-rc1", "3.1-1", "3.1-2-rc1"]);
    assert!(v("12.4.0-rc.1").is_prerelease());
    assert!(!v("12.4.0").is_prerelease());
}

#[test]
fn a_dashed_pre_release_may_follow_a_dot() {
    assert_same_version("3.1-1.dev1", "3.1-1-dev1");
    assert_display("3.1-1.dev1", "3.1-1-dev1");
    assert_ascending(&["3.1-1.dev1", "3.1-1"]);
}

#[test]
fn a_leading_v_is_tolerated() {
    assert_same_version("v12.4.0", "12.4.0");
    assert_same_version("v3.1-11", "3.1-11");
    assert_display("v12.4.0", "12.4.0");
    assert_invalid("V12.4.0");
    assert_invalid("vv12.4.0");
}

#[test]
fn versions_print_as_written() {
    for text in ["9.1.0", "12.4.0", "3.0-1", "3.1-11", "12.4.0-rc.1", "3.1-1-alpha1"] {
        assert_display(text, text);
    }
}

#[test]
fn the_airflow_line_of_each_runtime_major() {
    let table =
        [(3, 1), (4, 2), (5, 3), (6, 4), (7, 5), (8, 6), (9, 7), (10, 8), (11, 9), (12, 10), (13, 11)];
    for (runtime, airflow_minor) in table {
        let line = v(&format!("{runtime}.0.0")).builtin_airflow();
        assert_eq!(line, Some(AirflowLine { major: 2, minor: airflow_minor }), "Runtime {runtime}");
    }
    assert_eq!(v("3.1-11").builtin_airflow(), Some(AirflowLine { major: 3, minor: 1 }));
    assert_eq!(v("2.1.1").builtin_airflow(), None, "before the table");
}

#[test]
fn the_known_yanked_releases() {
    for yanked in ["8.0.0", "9.0.0", "9.1.0", "9.6.0", "11.0.0", "11.1.0"] {
        assert!(v(yanked).builtin_yanked(), "{yanked} is yanked");
    }
    for fine in ["7.6.0", "8.0.1", "8.1.0", "9.7.0", "10.0.0", "11.2.0", "12.4.0", "3.0-1"] {
        assert!(!v(fine).builtin_yanked(), "{fine} is not yanked");
    }
}

#[test]
fn incomplete_versions_are_errors() {
    for text in ["", "3", "3.", "3.0", "3.0.", "3.0-", "3..0", ".3.0", "3.0-1-", "12.4.0-"] {
        assert_invalid(text);
    }
}

#[test]
fn look_alike_digits_are_not_digits() {
    for text in [
        "３.0.0", // full-width digit three
        "3.０-1", // full-width zero
        "١٢.4.0", // Arabic-Indic digits
        "१२.4.0", // Devanagari digits
        "𝟑.0-1",  // mathematical bold digit three
        "3.0-１", // full-width one
        "3．0-1", // full-width full stop
        "3.0‐1",  // Unicode hyphen, not a hyphen-minus
        "3.0–1",  // en dash
    ] {
        assert_invalid(text);
    }
}

#[test]
fn trailing_garbage_is_an_error() {
    for text in [
        "3.0.0 ",
        " 3.0.0",
        "3.0-1\n",
        "3.0.0x",
        "3.0-1_rc",
        "3.0.0.0",
        "12.4.0+build.5",
        "3.1-11 hotfix",
        "12.4.0-rc 1",
    ] {
        assert_invalid(text);
    }
}

#[test]
fn other_non_versions_are_errors() {
    for text in ["x.y.z", "latest", "03.0.0", "3.01-1", "-3.0.0", "99999999999999999999.0.0", "12.4.0-01"] {
        assert_invalid(text);
    }
}

#[test]
fn the_order_is_total_and_consistent() {
    let versions =
        ["3.0.0", "9.1.0", "9.1.0-rc1", "12.4.0", "3.0-1", "3.0-1-rc1", "3.1-11", "v3.1-11", "3.1-2"];
    for a in versions {
        for b in versions {
            let ord = v(a).cmp(&v(b));
            assert_eq!(v(b).cmp(&v(a)), ord.reverse(), "{a} vs {b}");
            assert_eq!(ord == Ordering::Equal, v(a) == v(b), "{a} vs {b}");
            let expected = match ord {
                Ordering::Less => -1,
                Ordering::Equal => 0,
                Ordering::Greater => 1,
            };
            assert_eq!(compare_runtime_versions(a, b), Ok(expected), "{a} vs {b}");
        }
    }
}

#[test]
fn a_number_too_large_says_so() {
    // docs/rules.md §2 [decided]: not a shape error, the number itself is too large.
    for text in [
        "18446744073709551616.0.0",
        "3.18446744073709551616.0",
        "3.0.18446744073709551616",
        "3.1-18446744073709551616",
        "99999999999999999999999.0-1",
    ] {
        assert_invalid(text);
        match text.parse::<RuntimeVersion>() {
            Ok(parsed) => panic!("{text} parsed as {parsed}"),
            Err(err) => assert!(err.to_string().contains("number too large"), "{text}: {err}"),
        }
    }
    // The largest number is still a number.
    assert_display("18446744073709551615.0.0", "18446744073709551615.0.0");
}
