//! What the two text front doors share: the command line and the WebAssembly module take
//! JSON text and strings in and give JSON text or plain values back. The typed API at the
//! crate's root is what a Rust program uses; this module adapts it to text, with the
//! argument names the JS package and the CLI report in error paths (`a`, `b`, `ref`).
//!
//! ```
//! use deploy_rollback::ffi;
//!
//! assert_eq!(ffi::compare_runtime_versions("3.0.0", "3.0-1"), Ok(-1));
//! let scenario = ffi::example_scenario()?;
//! let plan = deploy_rollback::plan(&scenario, ffi::EXAMPLE_TARGET, Some(ffi::EXAMPLE_DESCRIPTION))?;
//! assert!(ffi::to_json(&plan).starts_with("{\"verdict\":\"allowed\""));
//! # Ok::<(), deploy_rollback::InputError>(())
//! ```

use crate::agent::{AgentImage, AgentImageParts};
use crate::error::{ErrorCode, InputError};
use crate::runtime::RuntimeVersion;
use std::cmp::Ordering;

pub use crate::example::{
    example_scenario, example_timeline, EXAMPLE_DESCRIPTION, EXAMPLE_SCENARIO_JSON, EXAMPLE_TARGET,
    EXAMPLE_TIMELINE_JSON,
};
pub use crate::json::{from_json, to_json, to_json_pretty, ErrorAnswer};

/// The plain sentence an [`InputError`]'s `detail` holds for `message` at `path`, for the
/// errors a front door finds itself (the command line's `usage` and `unreadableFile`), so
/// that every error is worded alike.
///
/// ```
/// assert_eq!(deploy_rollback::ffi::error_detail("FILE", "cannot read x.json: not found"), "Cannot read x.json: not found.");
/// ```
pub fn error_detail(path: &str, message: &str) -> String {
    crate::error::detail(path, message)
}

/// Compares two Runtime version strings as the astro CLI orders them: -1, 0 or 1. A
/// string that is not a Runtime version is `invalidRuntimeVersion` at `a` or `b`.
pub fn compare_runtime_versions(a: &str, b: &str) -> Result<i8, InputError> {
    let parse = |text: &str, path: &str| {
        text.parse::<RuntimeVersion>()
            .map_err(|e| InputError::new(ErrorCode::InvalidRuntimeVersion, path, e.to_string()))
    };
    Ok(match parse(a, "a")?.cmp(&parse(b, "b")?) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    })
}

/// The parts of a Remote Execution agent image reference; one that cannot be read is
/// `invalidAgentImage` at `ref`.
///
/// ```
/// let parts = deploy_rollback::ffi::parse_agent_image("agent:3.1-11-python-3.12-astro-agent-1.3.3")?;
/// assert_eq!(parts.runtime_version.to_string(), "3.1-11");
/// # Ok::<(), deploy_rollback::InputError>(())
/// ```
pub fn parse_agent_image(reference: &str) -> Result<AgentImageParts, InputError> {
    reference
        .parse::<AgentImage>()
        .map(|image| image.parts())
        .map_err(|e| InputError::new(ErrorCode::InvalidAgentImage, "ref", e.to_string()))
}
