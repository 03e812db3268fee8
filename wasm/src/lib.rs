//! The JS boundary, and all of it: read the arguments, call the core, hand back plain
//! objects. No rollback policy is decided here.
//!
//! Inputs cross as JSON text (`JSON.stringify` of the argument, or the argument itself
//! when it is a string), encoded to UTF-8 by `TextEncoder`, and are read by the same
//! serde_json reader as the CLI's, so unknown fields are refused and error paths are
//! identical. (`serde-wasm-bindgen` reads objects field by field and cannot see unknown
//! fields: RReverser/serde-wasm-bindgen#39.)
//! Answers cross through `serde-wasm-bindgen` with `Serializer::json_compatible()`: plain
//! objects, `null` rather than missing, RFC 3339 strings: what `JSON.parse` of the CLI's
//! `--json` text gives.

use deploy_rollback::Scenario;
use deploy_rollback::Timeline;
use deploy_rollback::{ErrorCode, InputError};
use js_sys::{Error, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

type JsResult = Result<JsValue, JsValue>;

/// A thrown `Error` named `InputError` carrying `.code`, `.path` and `.detail`; the
/// package's entry point (js/index.js) hands it on as an instance of its `InputError`
/// class.
fn throw(err: InputError) -> JsValue {
    let text = if err.path().is_empty() {
        format!("{}: {}", err.code(), err.message())
    } else {
        format!("{} at {}: {}", err.code(), err.path(), err.message())
    };
    let error = Error::new(&text);
    error.set_name("InputError");
    let _ = Reflect::set(&error, &"code".into(), &err.code().as_str().into());
    let _ = Reflect::set(&error, &"path".into(), &err.path().into());
    let _ = Reflect::set(&error, &"detail".into(), &err.detail().into());
    error.into()
}

/// The argument as JSON text.
fn json_text(value: &JsValue, path: &str) -> Result<String, JsValue> {
    let bad = |what: &str| throw(InputError::new(ErrorCode::InvalidJson, path, what));
    match json_bytes(value) {
        Ok(Some(bytes)) => String::from_utf8(bytes).map_err(|_| bad("is not UTF-8")),
        Ok(None) => Err(bad("is undefined or a function, not a JSON value")),
        Err(_) => Err(bad("cannot be turned into JSON (a cycle or a BigInt?)")),
    }
}

// The argument's JSON text as UTF-8 bytes: `TextEncoder` copies a long document into the
// module an order of magnitude faster than wasm-bindgen's per-character string loop.
#[wasm_bindgen(inline_js = "export function json_bytes(value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return typeof text === 'string' ? new TextEncoder().encode(text) : undefined;
}")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn json_bytes(value: &JsValue) -> Result<Option<Vec<u8>>, JsValue>;
}

/// A string argument, or an error naming it.
fn string_arg(value: &JsValue, path: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| throw(InputError::new(ErrorCode::InvalidJson, path, "is not a string")))
}

/// The answer as a plain JS value.
fn answer<T: Serialize>(value: &T) -> JsResult {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|err| throw(InputError::new(ErrorCode::InvalidJson, "", err.to_string())))
}

fn scenario(value: &JsValue) -> Result<Scenario, JsValue> {
    Scenario::from_json(&json_text(value, "")?).map_err(throw)
}

/// `checkEligibility(scenario)`: the eligibility of every history entry, newest first.
#[wasm_bindgen(js_name = checkEligibility, skip_typescript)]
pub fn check_eligibility(scenario_value: JsValue) -> JsResult {
    answer(&deploy_rollback::eligibility(&scenario(&scenario_value)?).map_err(throw)?)
}

/// `planRollback(scenario, targetId, description?)`: a preview of one rollback.
#[wasm_bindgen(js_name = planRollback, skip_typescript)]
pub fn plan_rollback(scenario_value: JsValue, target_id: JsValue, description: JsValue) -> JsResult {
    plan_of(&scenario(&scenario_value)?, &target_id, &description)
}

fn plan_of(scenario: &Scenario, target_id: &JsValue, description: &JsValue) -> JsResult {
    let target = string_arg(target_id, "target")?;
    let description = if description.is_null() || description.is_undefined() {
        None
    } else {
        Some(string_arg(description, "description")?)
    };
    answer(&deploy_rollback::plan(scenario, &target, description.as_deref()).map_err(throw)?)
}

/// `compareEntries(scenario, fromId, toId)`: two history entries compared, field by field.
#[wasm_bindgen(js_name = compareEntries, skip_typescript)]
pub fn compare_entries(scenario_value: JsValue, from_id: JsValue, to_id: JsValue) -> JsResult {
    comparison_of(&scenario(&scenario_value)?, &from_id, &to_id)
}

fn comparison_of(scenario: &Scenario, from_id: &JsValue, to_id: &JsValue) -> JsResult {
    let from = string_arg(from_id, "from")?;
    let to = string_arg(to_id, "to")?;
    answer(&deploy_rollback::compare_entries(scenario, &from, &to).map_err(throw)?)
}

/// `previousTarget(scenario)`: the entry a rollback "to the previous deploy" means (the
/// CLI's `plan` without `--to`), or `null` when no older deployed entry holds other code.
#[wasm_bindgen(js_name = previousTarget, skip_typescript)]
pub fn previous_target(scenario_value: JsValue) -> JsResult {
    previous_of(&scenario(&scenario_value)?)
}

fn previous_of(scenario: &Scenario) -> JsResult {
    let id = deploy_rollback::previous_target(scenario).map_err(throw)?;
    Ok(id.map_or(JsValue::NULL, |id| JsValue::from_str(&id)))
}

/// `new PreparedScenario(scenario)`: a scenario read once and kept in the module, for
/// many questions about it (a preview that answers every click without reading the
/// history again). Beyond the contract; `free()` releases it.
#[wasm_bindgen(skip_typescript)]
pub struct PreparedScenario {
    scenario: Scenario,
}

#[wasm_bindgen]
impl PreparedScenario {
    /// Reads `scenario` (an object or JSON text) as `checkEligibility` does.
    #[wasm_bindgen(constructor)]
    pub fn new(scenario_value: JsValue) -> Result<PreparedScenario, JsValue> {
        Ok(Self { scenario: scenario(&scenario_value)? })
    }

    /// `checkEligibility(scenario)` of the kept scenario.
    #[wasm_bindgen(js_name = checkEligibility)]
    pub fn check_eligibility(&self) -> JsResult {
        answer(&deploy_rollback::eligibility(&self.scenario).map_err(throw)?)
    }

    /// `planRollback(scenario, targetId, description?)` of the kept scenario.
    #[wasm_bindgen(js_name = planRollback)]
    pub fn plan_rollback(&self, target_id: JsValue, description: JsValue) -> JsResult {
        plan_of(&self.scenario, &target_id, &description)
    }

    /// `compareEntries(scenario, fromId, toId)` of the kept scenario.
    #[wasm_bindgen(js_name = compareEntries)]
    pub fn compare_entries(&self, from_id: JsValue, to_id: JsValue) -> JsResult {
        comparison_of(&self.scenario, &from_id, &to_id)
    }

    /// `previousTarget(scenario)` of the kept scenario.
    #[wasm_bindgen(js_name = previousTarget)]
    pub fn previous_target(&self) -> JsResult {
        previous_of(&self.scenario)
    }

    /// `resolvedOptions(scenario)` of the kept scenario.
    #[wasm_bindgen(js_name = resolvedOptions)]
    pub fn resolved_options(&self) -> JsResult {
        answer(&deploy_rollback::ResolvedOptions::of(&self.scenario))
    }
}

/// `resolvedOptions(scenario)`: the policy options in force once defaults are applied,
/// with the description limit, so that a page never restates the engine's defaults.
#[wasm_bindgen(js_name = resolvedOptions, skip_typescript)]
pub fn resolved_options(scenario_value: JsValue) -> JsResult {
    answer(&deploy_rollback::ResolvedOptions::of(&scenario(&scenario_value)?))
}

/// `simulateTimeline(timeline)`: apply a timeline's events in order.
#[wasm_bindgen(js_name = simulateTimeline, skip_typescript)]
pub fn simulate_timeline(timeline: JsValue) -> JsResult {
    let timeline = Timeline::from_json(&json_text(&timeline, "")?).map_err(throw)?;
    answer(&deploy_rollback::simulate(&timeline).map_err(throw)?)
}

/// `compareRuntimeVersions(a, b)`: -1, 0 or 1, as the astro CLI orders Runtime versions.
#[wasm_bindgen(js_name = compareRuntimeVersions, skip_typescript)]
pub fn compare_runtime_versions(a: JsValue, b: JsValue) -> Result<i8, JsValue> {
    deploy_rollback::ffi::compare_runtime_versions(&string_arg(&a, "a")?, &string_arg(&b, "b")?)
        .map_err(throw)
}

/// `parseAgentImage(ref)`: the parts of a Remote Execution agent image reference.
#[wasm_bindgen(js_name = parseAgentImage, skip_typescript)]
pub fn parse_agent_image(reference: JsValue) -> JsResult {
    answer(&deploy_rollback::ffi::parse_agent_image(&string_arg(&reference, "ref")?).map_err(throw)?)
}

/// `fromAstroApi(deployment, deploysPage, now)`: a scenario from Astro Platform API
/// responses.
#[wasm_bindgen(js_name = fromAstroApi, skip_typescript)]
pub fn from_astro_api(deployment: JsValue, deploys_page: JsValue, now: JsValue) -> JsResult {
    let deployment = json_text(&deployment, "deployment")?;
    let deploys = json_text(&deploys_page, "deploys")?;
    answer(&deploy_rollback::from_astro_api(&deployment, &deploys, &string_arg(&now, "now")?).map_err(throw)?)
}

/// `exampleScenario()`: the documentation's 8-November example.
#[wasm_bindgen(js_name = exampleScenario, skip_typescript)]
pub fn example_scenario() -> JsResult {
    // Read and written back, so that it has every field a `Scenario` output has.
    answer(&deploy_rollback::ffi::example_scenario().map_err(throw)?)
}

/// `rules()`: every rule of docs/rules.md with its id, section, title and summary, in the
/// page's order.
#[wasm_bindgen(js_name = rules, skip_typescript)]
pub fn rules() -> JsResult {
    answer(&deploy_rollback::rules())
}

/// `engineVersion()`: the crate version.
#[wasm_bindgen(js_name = engineVersion, skip_typescript)]
pub fn engine_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("../types.d.ts");

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
