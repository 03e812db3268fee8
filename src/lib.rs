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
//! - what changed between any two deploys, field by field: [`compare_entries`];
//! - how the history looks after a whole story of deploys and rollbacks: [`simulate`];
//! - how Runtime versions compare and what an agent image runs: [`RuntimeVersion`],
//!   [`AgentImage`];
//! - what a real Deployment's history says: [`from_astro_api`].
//!
//! ```
//! use deploy_rollback::{plan, Scenario, Verdict};
//!
//! let scenario = Scenario::from_json(deploy_rollback::ffi::EXAMPLE_SCENARIO_JSON)?;
//! let plan = plan(&scenario, "d2", Some("back to the 6 Nov deploy"))?;
//! assert_eq!(plan.verdict, Verdict::Allowed);
//! assert_eq!(plan.new_entry.and_then(|e| e.image_tag).as_deref(), Some("deploy-2023-11-06T14-00"));
//! # Ok::<(), deploy_rollback::InputError>(())
//! ```
//!
//! A test states its scenario in code with [`Scenario::builder`] (see [`ScenarioBuilder`]):
//!
//! ```
//! use deploy_rollback::{plan, Scenario, TaskFate, WarningCode};
//!
//! let scenario = Scenario::builder("2023-11-08T13:00:00Z")
//!     .deploy("d1", "2023-11-01T09:30:00Z", |d| d.runtime("9.1.0"))
//!     .deploy("d2", "2023-11-07T16:45:00Z", |d| d.runtime("9.5.0"))
//!     .running_task("etl.load", "2023-11-08T12:30:00Z", |t| t.retries_left(0))
//!     .build()?;
//! let preview = plan(&scenario, "d1", None)?;
//! assert!(preview.warnings.iter().any(|w| w.code == WarningCode::TasksWillFail));
//! assert_eq!(preview.running_tasks.first().map(|t| t.outcome), Some(TaskFate::Fails));
//! # Ok::<(), deploy_rollback::InputError>(())
//! ```
//!
//! ## Map
//!
//! | module | concern |
//! |---|---|
//! | `runtime`, `catalog` | Runtime versions, their order, the Airflow table and the catalogue |
//! | `agent` | Remote Execution agent image tags |
//! | `model` | the scenario (plain serde data, the contract's JSON) and its options, every default |
//! | `builder` | [`ScenarioBuilder`]: scenarios stated in code, checked as JSON ones are |
//! | `history` | the history indexed for O(1) questions |
//! | `policy` | the rules, one file per section of `docs/rules.md` |
//! | `eligibility`, `plan`, `timeline` | the three operations |
//! | `diff` | any two history entries compared, in a plan's words |
//! | `astro_api` | import from the Astro Platform API |
//! | `error` | typed input errors with field paths |
//! | `json`, `limits` | the JSON edge: serde_json in and out, the size limits, error paths |
//! | [`ffi`] | the text adapters the command line and the WebAssembly module share |
//!
//! The rules are written down in `docs/rules.md` and the public interface in
//! `docs/contract.md`; rule labels in the code (E1–E5, D1–D3, §4–§8) point there.
//!
//! Inputs are validated where they enter (types such as [`RuntimeVersion`] and
//! [`Timestamp`] cannot hold a bad value); the clock is never read; nothing panics on any
//! input. Every operation is linear in the history's length; a timeline is linear in its
//! number of events.

mod agent;
mod astro_api;
mod builder;
mod catalog;
mod diff;
mod eligibility;
mod error;
mod example;
pub mod ffi;
mod history;
mod json;
mod limits;
mod model;
mod names;
mod plan;
mod policy;
mod rules;
mod runtime;
#[cfg(feature = "schema")]
mod schema;
mod sentence;
mod text;
mod time;
mod timeline;

pub use agent::{AgentImage, AgentImageError, AgentImageParts};
pub use astro_api::from_astro_api;
pub use builder::{DeployBuilder, ScenarioBuilder, TaskBuilder, Typed};
pub use catalog::{
    AirflowVersion, CatalogEntry, CatalogMetadata, CatalogMigrations, RuntimeCatalog, Runtimes,
};
pub use diff::{
    compare_entries, CodeFieldChange, Commits, Comparison, Direction, RuntimeChange, RuntimeChangeKind,
};
pub use eligibility::{eligibility, Eligibility, EntryEligibility};
pub use error::{ErrorCode, InputError};
pub use limits::{MAX_ARRAY_LEN, MAX_DEPTH, MAX_INPUT_BYTES, MAX_STRING_BYTES};
pub use model::options::{
    PolicyOptions, ResolvedOptions, RuntimeRange, MAX_DESCRIPTION_CHARS, MAX_RETENTION_DAYS,
};
pub use model::{
    Actor, Agent, DbtBundle, Deploy, DeployMechanism, DeployStatus, DeployType, Deployment, EnvVar, Git,
    Profile, RemoteExecution, Role, RunningTask, Scenario, WorkerQueue,
};
pub use plan::{plan, Plan};
pub use policy::{
    AgentCheck, AgentStatus, Disposition, Downgrade, DowngradeKind, Field, FieldChange, FieldValue,
    Likelihood, Reason, ReasonCode, TaskFate, TaskOutcome, Verdict, Warning, WarningCode,
};
pub use rules::{rules, Rule, RuleId, Severity};
pub use runtime::{AirflowLine, RuntimeVersion, RuntimeVersionError};
pub use time::{Timestamp, TimestampError};
pub use timeline::{
    simulate, AgentUpdateEvent, DeployEvent, Event, EventKind, Moment, Outcome, RollbackEvent, SettingsEvent,
    Simulation, Step, TasksEvent, Timeline,
};

/// The README's Rust examples, run as doctests so that the README cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
