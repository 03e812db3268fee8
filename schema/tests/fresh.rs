//! The checked-in docs/schema/ is what the generator writes: renaming a code, a field or
//! a type fails here until `cargo run -p deploy-rollback-schema` is run again.

use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn the_checked_in_schemas_are_what_the_generator_writes() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(deploy_rollback_schema::FOLDER);
    let documents = deploy_rollback_schema::documents();
    let mut stale = Vec::new();
    for (name, text) in &documents {
        match std::fs::read_to_string(folder.join(name)) {
            Ok(on_disk) if on_disk == *text => {}
            Ok(_) => stale.push(format!("{name} differs")),
            Err(err) => stale.push(format!("{name}: {err}")),
        }
    }
    let written: BTreeSet<String> = documents.iter().map(|(name, _)| (*name).to_owned()).collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(&folder)
        .map(|entries| {
            entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect()
        })
        .unwrap_or_default();
    stale.extend(on_disk.difference(&written).map(|name| format!("{name} is not generated")));
    assert!(
        stale.is_empty(),
        "docs/schema/ is stale ({}): run `cargo run -p deploy-rollback-schema`",
        stale.join("; ")
    );
}

#[test]
fn the_code_lists_hold_every_code_once() {
    let documents = deploy_rollback_schema::documents();
    let codes = documents.iter().find(|(name, _)| *name == "codes.json").map(|(_, text)| text.as_str());
    let codes: serde_json::Value = serde_json::from_str(codes.unwrap_or_default()).unwrap_or_default();
    let reasons = codes.get("ReasonCode").and_then(serde_json::Value::as_array);
    assert_eq!(reasons.map(Vec::len), Some(deploy_rollback::ReasonCode::ALL.len()));
    assert!(reasons.is_some_and(|list| list.contains(&"dagDeploysDisabled".into())));
    for (name, list) in codes.as_object().into_iter().flatten() {
        let list: Vec<&str> = list.as_array().into_iter().flatten().filter_map(|v| v.as_str()).collect();
        let unique: BTreeSet<&str> = list.iter().copied().collect();
        assert!(!list.is_empty() && unique.len() == list.len(), "{name}: {list:?}");
    }
}
