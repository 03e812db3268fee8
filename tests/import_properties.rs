//! The import's pages (rules.md §8): however a history is cut into pages, overlapping or
//! fetched twice, in any order, it imports as the same scenario; and the cross-check
//! with the Deployment names both images.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

use deploy_rollback::{from_astro_api, ErrorCode, MAX_INPUT_BYTES};
use proptest::prelude::*;
use serde_json::{json, Value};

const DEPLOYMENT: &str = r#"{"id": "dep-1", "name": "etl", "astroRuntimeVersion": "12.4.0"}"#;
const NOW: &str = "2023-11-08T13:00:00Z";

/// Deploy `i` of a history of `n`, newest first as the API lists them: a mix of types,
/// some without image or Runtime, so that carrying is exercised.
fn deploy(n: usize, i: usize) -> Value {
    let at = format!("2023-11-0{}T{:02}:00:00Z", 1 + (n - i) / 24, (n - i) % 24);
    match i % 4 {
        0 => json!({"id": format!("d{i}"), "createdAt": at, "type": "DAG_ONLY", "status": "DEPLOYED"}),
        1 => json!({"id": format!("d{i}"), "createdAt": at, "type": "BUNDLE", "status": "DEPLOYED",
                    "bundles": [{"bundleType": "dbt", "currentVersion": format!("v{i}"), "mountPath": format!("/dbt/{}", i % 3)}]}),
        2 => {
            json!({"id": format!("d{i}"), "createdAt": at, "type": "IMAGE_ONLY", "status": if i % 3 == 0 { "FAILED" } else { "DEPLOYED" },
                    "imageTag": format!("img-{i}"), "astroRuntimeVersion": "12.4.0"})
        }
        _ => json!({"id": format!("d{i}"), "createdAt": at, "type": "IMAGE_AND_DAG", "status": "DEPLOYED",
                    "imageTag": format!("img-{}", i / 2)}),
    }
}

proptest! {
    #[test]
    fn any_overlapping_paging_imports_as_one_page(
        n in 1usize..30,
        cuts in proptest::collection::vec((0usize..30, 1usize..10), 0..6),
        reverse in any::<bool>(),
    ) {
        let all: Vec<Value> = (0..n).map(|i| deploy(n, i)).collect();
        let whole = json!({"deploys": all, "offset": 0, "totalCount": n}).to_string();
        let expected = from_astro_api(DEPLOYMENT, &whole, NOW);
        // Pages that cover the history: [0, k), [k, n) and any extra overlapping pages.
        let k = cuts.first().map_or(n, |(a, _)| a % (n + 1));
        let page = |from: usize, to: usize| {
            let to = to.min(n);
            json!({"deploys": all.get(from..to).unwrap_or_default(), "offset": from, "limit": to.saturating_sub(from), "totalCount": n})
        };
        let mut pages = vec![page(0, k), page(k, n)];
        pages.extend(cuts.iter().map(|&(from, len)| page(from % n, from % n + len)));
        if reverse {
            pages.reverse();
        }
        let paged = from_astro_api(DEPLOYMENT, &Value::Array(pages).to_string(), NOW);
        let ids = |s: &deploy_rollback::Scenario| {
            let mut ids: Vec<String> = s.history.iter().map(|d| d.id.clone()).collect();
            ids.sort();
            ids
        };
        match (&expected, &paged) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(ids(a), ids(b));
                for d in &a.history {
                    let same = b.history.iter().find(|e| e.id == d.id);
                    prop_assert_eq!(Some(d), same);
                }
            }
            _ => prop_assert!(false, "{expected:?} / {paged:?}"),
        }
    }
}

#[test]
fn a_deployment_running_another_image_names_both_tags() {
    let deploys = json!({"deploys": [
        {"id": "d2", "createdAt": "2023-11-07T10:00:00Z", "type": "DAG_ONLY", "status": "DEPLOYED"},
        {"id": "d1", "createdAt": "2023-11-06T10:00:00Z", "type": "IMAGE_ONLY", "status": "DEPLOYED", "imageTag": "img-1"},
    ]});
    let deployment = r#"{"id": "dep-1", "imageTag": "img-9"}"#;
    let err = match from_astro_api(deployment, &deploys.to_string(), NOW) {
        Ok(s) => panic!("imported: {s:?}"),
        Err(err) => err,
    };
    assert_eq!((err.code(), err.path()), (ErrorCode::IncompleteHistory, "deploys"));
    assert!(err.message().contains("`img-9`") && err.message().contains("`img-1`"), "{}", err.message());
    // The same image (carried onto the Dag-only deploy) passes.
    let deployment = r#"{"id": "dep-1", "imageTag": "img-1"}"#;
    assert!(from_astro_api(deployment, &deploys.to_string(), NOW).is_ok());
}

/// One image deploy with a tag of `tag_len` bytes and a dbt bundle whose name and version
/// take 16 bytes, then `n` Dag-only deploys that carry both over; newest first.
fn carrying_history(n: usize, tag_len: usize) -> String {
    let at = |m: usize| format!("2023-01-{:02}T{:02}:{:02}:00Z", 1 + m / 1440, m / 60 % 24, m % 60);
    let mut deploys: Vec<String> = (1..=n)
        .rev()
        .map(|m| format!(r#"{{"id":"d{m}","createdAt":"{}","type":"DAG_ONLY","status":"DEPLOYED"}}"#, at(m)))
        .collect();
    deploys.push(format!(
        r#"{{"id":"d0","createdAt":"{}","type":"IMAGE_AND_DAG","status":"DEPLOYED","imageTag":"{}","astroRuntimeVersion":"12.4.0","bundles":[{{"bundleType":"dbt","mountPath":"/dbt/abc","currentVersion":"v1234567"}}]}}"#,
        at(0),
        "t".repeat(tag_len)
    ));
    format!(r#"{{"deploys":[{}],"offset":0,"totalCount":{}}}"#, deploys.join(","), n + 1)
}

/// Carrying copies text from deploy to deploy, at most the document limit in all (§8):
/// exactly the limit is read, one deploy more is `inputTooLarge`.
#[test]
fn carrying_may_copy_up_to_the_document_limit_and_no_more() {
    let per_deploy = 32 * 1024;
    let n = MAX_INPUT_BYTES / per_deploy;
    assert_eq!(n * per_deploy, MAX_INPUT_BYTES);
    match from_astro_api(DEPLOYMENT, &carrying_history(n, per_deploy - 16), NOW) {
        Ok(scenario) => {
            assert_eq!(scenario.history.len(), n + 1);
            let newest = scenario
                .history
                .first()
                .map(|d| (d.image_tag.as_ref().map(String::len), d.dbt_bundles.len()));
            assert_eq!(newest, Some((Some(per_deploy - 16), 1)));
        }
        Err(err) => panic!("at the limit: {err}"),
    }
    match from_astro_api(DEPLOYMENT, &carrying_history(n + 1, per_deploy - 16), NOW) {
        Ok(_) => panic!("one deploy over the limit was read"),
        Err(err) => {
            assert_eq!((err.code(), err.path()), (ErrorCode::InputTooLarge, "deploys"));
        }
    }
}
