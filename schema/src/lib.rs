//! The contract's JSON Schemas and code lists, generated from the core's types: the
//! inputs (a scenario, a timeline) as serde reads them, the answers as serde writes them.
//! `cargo run -p deploy-rollback-schema` writes them into docs/schema/; the package build
//! copies them into the npm package (`deploy-rollback/schema/…`).

use deploy_rollback::ffi::ErrorAnswer;
use deploy_rollback::{
    AgentImageParts, AgentStatus, Comparison, Direction, Disposition, DowngradeKind, Eligibility, ErrorCode,
    EventKind, Field, Likelihood, Outcome, Plan, ReasonCode, ResolvedOptions, Rule, RuntimeChangeKind,
    Scenario, Simulation, TaskFate, Timeline, Verdict, WarningCode,
};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// The folder of the workspace the files belong in.
pub const FOLDER: &str = "docs/schema";

/// Every file of [`FOLDER`]: its name and its text.
pub fn documents() -> Vec<(&'static str, String)> {
    vec![
        ("scenario.schema.json", text(&input::<Scenario>("scenario"))),
        ("timeline.schema.json", text(&input::<Timeline>("timeline"))),
        ("eligibility.schema.json", text(&answer::<Eligibility>("eligibility"))),
        ("plan.schema.json", text(&answer::<Plan>("plan"))),
        ("simulation.schema.json", text(&answer::<Simulation>("simulation"))),
        ("comparison.schema.json", text(&answer::<Comparison>("comparison"))),
        ("import.schema.json", text(&answer::<Scenario>("import"))),
        ("agent-image.schema.json", text(&answer::<AgentImageParts>("agent-image"))),
        ("resolved-options.schema.json", text(&answer::<ResolvedOptions>("resolved-options"))),
        ("error.schema.json", text(&answer::<ErrorAnswer<'static>>("error"))),
        ("rules.schema.json", text(&answer::<Vec<Rule>>("rules"))),
        ("codes.json", text(&codes())),
    ]
}

/// A document as read: its top level may name its schema with `$schema`, which the engine
/// ignores (docs/contract.md).
fn input<T: JsonSchema>(name: &str) -> Schema {
    let mut schema =
        SchemaSettings::draft2020_12().for_deserialize().into_generator().into_root_schema_for::<T>();
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        let about = "The address of this document's JSON Schema, for editors; the engine ignores it.";
        properties.insert("$schema".to_owned(), json!({"type": "string", "description": about}));
    }
    identified(schema, name)
}

/// An answer as written: every field is present (`null` rather than missing).
fn answer<T: JsonSchema>(name: &str) -> Schema {
    identified(
        SchemaSettings::draft2020_12().for_serialize().into_generator().into_root_schema_for::<T>(),
        name,
    )
}

/// The schema with an `$id` relative to the folder, so that editors and validators can
/// tell the files apart.
fn identified(mut schema: Schema, name: &str) -> Schema {
    schema.insert("$id".to_owned(), Value::String(format!("{name}.schema.json")));
    schema
}

/// Every code of the contract, by the enum that holds it, in declaration order.
fn codes() -> Value {
    fn names<T: Copy + Serialize>(all: &[T]) -> Value {
        all.iter().map(|value| serde_json::to_value(value).unwrap_or(Value::Null)).collect()
    }
    let mut codes = Map::new();
    let mut add = |name: &str, list: Value| codes.insert(name.to_owned(), list);
    add("ReasonCode", names(&ReasonCode::ALL));
    add("WarningCode", names(&WarningCode::ALL));
    add("ErrorCode", names(&ErrorCode::ALL));
    add("Verdict", names(&Verdict::ALL));
    add("Disposition", names(&Disposition::ALL));
    add("Field", names(&Field::ALL));
    add("DowngradeKind", names(&DowngradeKind::ALL));
    add("Likelihood", names(&Likelihood::ALL));
    add("TaskFate", names(&TaskFate::ALL));
    add("AgentStatus", names(&AgentStatus::ALL));
    add("EventKind", names(&EventKind::ALL));
    add("Outcome", names(&Outcome::ALL));
    add("Profile", names(&deploy_rollback::Profile::ALL));
    add("DeployMechanism", names(&deploy_rollback::DeployMechanism::ALL));
    add("DeployType", names(&deploy_rollback::DeployType::ALL));
    add("DeployStatus", names(&deploy_rollback::DeployStatus::ALL));
    add("Role", names(&deploy_rollback::Role::ALL));
    add("Severity", names(&deploy_rollback::Severity::ALL));
    add("RuleId", names(&deploy_rollback::RuleId::ALL));
    add("Direction", names(&Direction::ALL));
    add("RuntimeChangeKind", names(&RuntimeChangeKind::ALL));
    Value::Object(codes)
}

/// Pretty JSON with a final newline, as the files are checked in.
fn text<T: Serialize>(value: &T) -> String {
    let mut out = serde_json::to_string_pretty(value).unwrap_or_default();
    out.push('\n');
    out
}
