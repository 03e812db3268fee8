//! # deploy-rollback
//!
//! The policy and simulation core for deploy rollbacks of managed Airflow Deployments
//! (Astronomer Astro style), native and in WebAssembly. Before anyone clicks "Roll back"
//! it answers:
//!
//! - which history entries can be rollback targets, why not the others, and when each
//!   leaves the retention window: [`eligibility`];
//! - what one rollback would do, field by field, to the Runtime, the running tasks and the
//!   Remote Execution agents, with the manual steps in order: [`plan`];
//! - how the history looks after a whole story of deploys and rollbacks: [`simulate`];
//! - how Runtime versions compare and what an agent image runs: [`RuntimeVersion`],
//!   [`AgentImage`];
//! - what a real Deployment's history says: [`from_astro_api`].
//!
//! ```
//! use deploy_rollback::{plan, Scenario, Verdict};
//!
//! let scenario = Scenario::from_json(deploy_rollback::EXAMPLE_SCENARIO_JSON)?;
//! let plan = plan(&scenario, "d2", Some("back to the 6 Nov deploy"))?;
//! assert_eq!(plan.verdict, Verdict::Allowed);
//! assert_eq!(plan.new_entry.image_tag, "deploy-2023-11-06T14-00");
//! # Ok::<(), deploy_rollback::InputError>(())
//! ```
//!
//! ## Map
//!
//! | module | concern |
//! |---|---|
//! | `runtime`, `catalog` | Runtime versions, their order, the Airflow table and the catalogue |
//! | `agent` | Remote Execution agent image tags |
//! | `model` | the scenario (plain data, the contract's JSON) |
//! | `history` | the history indexed for O(1) questions |
//! | `rules` | eligibility rules E1–E5 |
//! | `eligibility`, `plan`, `timeline` | the three operations |
//! | `astro_api` | import from the Astro Platform API |
//! | `json`, `error` | JSON in (a pull reader) and out (a writer); typed input errors with field paths |
//! | `wasm` | the JS boundary (wasm32 only) |
//!
//! Inputs are validated where they enter (types such as [`RuntimeVersion`] and
//! [`Timestamp`] cannot hold a bad value); the clock is never read; nothing panics on any
//! input. Every operation is linear in the history's length; a timeline is linear in its
//! number of events.

mod agent;
mod astro_api;
mod catalog;
mod eligibility;
mod error;
mod example;
mod history;
mod json;
mod model;
mod plan;
mod policy;
mod rules;
mod runtime;
mod text;
mod time;
mod timeline;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use agent::{AgentImage, AgentImageError, AgentImageParts};
pub use astro_api::from_astro_api;
pub use catalog::{
    AirflowVersion, CatalogEntry, CatalogMetadata, CatalogMigrations, RuntimeCatalog, Runtimes,
};
pub use eligibility::{eligibility, Eligibility, EntryEligibility};
pub use error::{ErrorCode, InputError};
pub use example::{example_scenario, EXAMPLE_DESCRIPTION, EXAMPLE_SCENARIO_JSON, EXAMPLE_TARGET};
pub use json::{
    from_json, to_json, to_json_pretty, ErrorAnswer, MAX_ARRAY_LEN, MAX_DEPTH, MAX_INPUT_BYTES,
    MAX_STRING_BYTES,
};
pub use model::{
    Actor, Agent, DbtBundle, Deploy, DeployMechanism, DeployStatus, DeployType, Deployment, EnvVar, Executor,
    Git, Profile, RemoteExecution, Role, RunningTask, Scenario, SchedulerSize, WorkerQueue,
};
pub use plan::{
    plan, AgentCheck, AgentStatus, Disposition, Downgrade, DowngradeKind, FieldChange, FieldValue,
    Likelihood, Plan, TaskFate, TaskOutcome, Verdict, Warning, WarningCode,
};
pub use policy::{PolicyOptions, ResolvedOptions, RuntimeRange, MAX_DESCRIPTION_CHARS, MAX_RETENTION_DAYS};
pub use rules::{Reason, ReasonCode};
pub use runtime::{AirflowLine, RuntimeVersion, RuntimeVersionError};
pub use time::{Timestamp, TimestampError};
pub use timeline::{
    simulate, AgentUpdateEvent, DeployEvent, Event, EventKind, Outcome, RollbackEvent, SettingsEvent,
    Simulation, Step, TasksEvent, Timeline,
};

/// Compares two Runtime version strings as the astro CLI orders them: -1, 0 or 1.
///
/// ```
/// assert_eq!(deploy_rollback::compare_runtime_versions("3.0.0", "3.0-1"), Ok(-1));
/// ```
pub fn compare_runtime_versions(a: &str, b: &str) -> Result<i8, InputError> {
    let parse = |s: &str, path: &str| {
        s.parse::<RuntimeVersion>()
            .map_err(|e| InputError::new(ErrorCode::InvalidRuntimeVersion, path, e.to_string()))
    };
    Ok(match parse(a, "a")?.cmp(&parse(b, "b")?) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    })
}

/// Parses an agent image reference into its parts.
///
/// ```
/// let parts = deploy_rollback::parse_agent_image("agent:3.1-11-python-3.12-astro-agent-1.3.3").unwrap();
/// assert_eq!(parts.runtime_version.to_string(), "3.1-11");
/// ```
pub fn parse_agent_image(reference: &str) -> Result<AgentImageParts, InputError> {
    reference
        .parse::<AgentImage>()
        .map(|image| image.parts())
        .map_err(|e| InputError::new(ErrorCode::InvalidAgentImage, "ref", e.to_string()))
}

/// The README's Rust examples, run as doctests so that the README cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
