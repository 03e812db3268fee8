//! `--api`: the Deployment and every page of its deploys, read from the Astro Platform API
//! (v1) and imported with the import's rules (docs/rules.md §8), as `import` does with files.
//!
//! - `GET {api}/organizations/{org}/deployments/{id}`, then
//!   `GET {api}/organizations/{org}/deployments/{id}/deploys?limit=1000&offset=…` from offset 0
//!   until the pages reach `totalCount` (or a short or empty page when it is missing).
//! - A bearer token from `ASTRO_API_TOKEN`. It goes into the `Authorization` header and
//!   nowhere else: no message, error or progress line holds it, and it is never sent
//!   over plain HTTP except to this machine.
//! - 429 and 5xx are retried with backoff (a `Retry-After` in seconds is honoured, up to a
//!   minute), then reported; 401, 403, 404, a timeout and no network are reported at once,
//!   each saying what to check.
//! - [decided] A history that changes while it is read (a deploy during the paging) is read
//!   again from the start, once. It shows as a `totalCount` that differs between pages, a
//!   deploy on two pages, or one of the import's cross-checks failing (`incompleteHistory`:
//!   the Deployment runs another image than the pages' current deploy;
//!   `duplicateDeployId`: a deploy read twice with different contents). If the second
//!   reading changes too, the error says so: `incompleteHistory` at `deploys`, or the
//!   import's own error with a hint.
//!
//! The HTTP client (ureq with rustls) lives in the command line only: the core and the
//! module never do I/O.

use crate::args::ApiArgs;
use deploy_rollback::{from_astro_api, ErrorCode, InputError, Scenario, MAX_ARRAY_LEN, MAX_INPUT_BYTES};
use serde::Deserialize;
use std::collections::HashSet;
use std::io::Write;
use std::time::Duration;

/// Where the Astro Platform API v1 lives.
pub const DEFAULT_URL: &str = "https://api.astronomer.io/v1";
/// The variable holding the API token.
pub const TOKEN_VAR: &str = "ASTRO_API_TOKEN";
/// The variable naming the Organization when `--organization` is not given.
pub const ORGANIZATION_VAR: &str = "ASTRO_ORGANIZATION_ID";
/// The variable naming the Deployment when `--deployment` is not given.
pub const DEPLOYMENT_VAR: &str = "ASTRO_DEPLOYMENT_ID";

/// The error codes of `--api`, with their titles (`explain CODE` lists them). Stable, as
/// every code.
pub const ERROR_CODES: [(&str, &str); 7] = [
    ("apiUnauthorized", "The API refused the token"),
    ("apiForbidden", "The token may not view the Deployment"),
    ("apiNotFound", "No such Organization or Deployment"),
    ("apiUnavailable", "The API kept failing or limiting"),
    ("apiTimeout", "The API did not answer in time"),
    ("apiUnreachable", "The API cannot be reached"),
    ("apiError", "The API answered unexpectedly"),
];

/// Deploys asked for per page: the most the API gives.
const PAGE_SIZE: u64 = 1000;
/// Tries of one request that meets 429 or 5xx: the first and three retries.
const ATTEMPTS: u32 = 4;
/// The longest `Retry-After` waited for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// Readings of the whole history when it changes while it is read.
const READINGS: u32 = 2;

/// An error of the API's, or of reaching it: a code of the command line's, the URL asked
/// (without the token, which is never in a URL), and what to do.
#[derive(Debug)]
pub struct ApiError {
    pub code: &'static str,
    pub url: String,
    pub message: String,
}

/// Why `--api` gave no scenario.
#[derive(Debug)]
pub enum ApiFailure {
    /// The settings: no token, no organization, a URL that cannot be used.
    Usage { path: String, message: String },
    /// The API could not be read.
    Api(ApiError),
    /// The documents it returned do not import; `hint` names the request each came from.
    Input { error: InputError, hint: String },
}

/// An API token. It has no `Debug` or `Display`: it cannot be printed by mistake.
struct Token(String);

/// What `--api` reads from, and how patiently.
pub struct Source {
    base: String,
    organization: String,
    deployment: String,
    token: Token,
    timeout: Duration,
    retry_delay: Duration,
}

impl Source {
    /// The settings from the command line, with the environment (`var`) for the token and
    /// for the ids not given as options.
    pub fn new(args: &ApiArgs, var: impl Fn(&str) -> Option<String>) -> Result<Self, ApiFailure> {
        let usage = |path: &str, message: String| ApiFailure::Usage { path: path.to_owned(), message };
        let token = var(TOKEN_VAR).filter(|t| !t.trim().is_empty()).ok_or_else(|| {
            usage(
                TOKEN_VAR,
                format!(
                    "--api needs an Astro API token in {TOKEN_VAR}: a Deployment API token of the Deployment, or a \
                     Workspace or Organization API token that may view it"
                ),
            )
        })?;
        // Printable ASCII only; the message does not echo it.
        if !token.trim().bytes().all(|b| b.is_ascii_graphic()) {
            return Err(usage(TOKEN_VAR, format!("{TOKEN_VAR} holds characters an API token cannot have")));
        }
        let id = |given: &Option<String>, option: &str, name: &str, what: &str| {
            let value = given.clone().or_else(|| var(name)).filter(|v| !v.is_empty()).ok_or_else(|| {
                usage(option, format!("--api needs the {what} id: give {option} ID or set {name}"))
            })?;
            // Astro ids are cuids; anything that would change the URL's shape is refused.
            if value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b)) {
                Ok(value)
            } else {
                Err(usage(option, format!("`{}` is not an Astro {what} id", crate::text::clean(&value, 80))))
            }
        };
        let organization = id(&args.organization, "--organization", ORGANIZATION_VAR, "Organization")?;
        let deployment = id(&args.deployment, "--deployment", DEPLOYMENT_VAR, "Deployment")?;
        let base = args.api_url.trim_end_matches('/').to_owned();
        check_url(&base).map_err(|message| usage("--api-url", message))?;
        let timeout =
            Duration::try_from_secs_f64(args.api_timeout).ok().filter(|t| !t.is_zero()).ok_or_else(|| {
                usage("--api-timeout", "the timeout must be a positive number of seconds".to_owned())
            })?;
        Ok(Self {
            base,
            organization,
            deployment,
            token: Token(token.trim().to_owned()),
            timeout,
            retry_delay: Duration::from_millis(args.api_retry_delay_ms),
        })
    }

    fn deployment_url(&self) -> String {
        format!("{}/organizations/{}/deployments/{}", self.base, self.organization, self.deployment)
    }
}

/// An `http` or `https` URL with a host; plain `http` only to this machine, so that the
/// token never crosses a network unencrypted.
fn check_url(url: &str) -> Result<(), String> {
    let uri: ureq::http::Uri = url.parse().map_err(|e| format!("`{url}` is not a URL: {e}"))?;
    let host = uri.host().unwrap_or_default();
    match uri.scheme_str() {
        Some("https") if !host.is_empty() => Ok(()),
        Some("http") if matches!(host, "127.0.0.1" | "localhost" | "[::1]" | "::1") => Ok(()),
        Some("http") => Err(format!(
            "`{url}` is plain HTTP: the API token would cross the network unencrypted; use https"
        )),
        _ => Err(format!("`{url}` is not an http(s) URL with a host")),
    }
}

/// The first few fields of a page, to know where the history ends and whether it moved.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageHead {
    deploys: Vec<DeployHead>,
    limit: Option<u64>,
    total_count: Option<u64>,
}

#[derive(Deserialize)]
struct DeployHead {
    id: Option<String>,
}

/// The documents of one reading: the Deployment and the pages, each with its URL.
struct Reading {
    deployment: (String, String),
    pages: Vec<(String, String)>,
    /// Why the history seems to have changed during the reading.
    changed: Option<String>,
}

/// Progress on standard error, when it is a terminal and the history has several pages.
pub struct Progress {
    pub on: bool,
    shown: bool,
}

impl Progress {
    pub fn new(on: bool) -> Self {
        Self { on, shown: false }
    }

    fn show(&mut self, read: u64, total: Option<u64>) {
        let several = total.is_some_and(|t| t > PAGE_SIZE) || read > PAGE_SIZE;
        if !self.on || !several {
            return;
        }
        let of = total.map(|t| format!(" of {}", thousands(t))).unwrap_or_default();
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\rreading deploys from the Astro API: {}{of} ", thousands(read));
        let _ = err.flush();
        self.shown = true;
    }

    fn done(&mut self) {
        if self.shown {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{:60}\r", "");
            let _ = err.flush();
            self.shown = false;
        }
    }
}

/// `11000` as `11,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The scenario of the Deployment at `now`: every page read, then imported; read again
/// once when the history changed meanwhile (see the module's documentation).
pub fn scenario(source: &Source, now: &str, progress: &mut Progress) -> Result<Scenario, ApiFailure> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_per_call(Some(source.timeout))
        .user_agent(concat!("deploy-rollback/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut why_again: Option<String> = None;
    for reading_number in 1..=READINGS {
        let reading = read(source, &agent, progress);
        progress.done();
        let reading = reading.map_err(ApiFailure::Api)?;
        let last = reading_number == READINGS;
        if let Some(why) = &reading.changed {
            if last {
                let message = format!(
                    "the deploys changed while they were read, twice ({}; the first time {}): run it again when no \
                     deploy is under way",
                    why,
                    why_again.as_deref().unwrap_or("likewise")
                );
                let error = InputError::new(ErrorCode::IncompleteHistory, "deploys", message);
                return Err(ApiFailure::Input { error, hint: String::new() });
            }
            why_again = Some(why.clone());
            continue;
        }
        let pages: Vec<&str> = reading.pages.iter().map(|(_, text)| strip_bom(text)).collect();
        let deploys = format!("[{}]", pages.join(","));
        match from_astro_api(&reading.deployment.1, &deploys, now) {
            Ok(scenario) => return Ok(scenario),
            Err(error) => {
                let moved =
                    matches!(error.code(), ErrorCode::IncompleteHistory | ErrorCode::DuplicateDeployId);
                if moved && !last {
                    why_again = Some(crate::text::clean(error.message(), 300));
                    continue;
                }
                let mut hint = origin_hint(&error, &reading);
                if moved && why_again.is_some() {
                    hint.push_str("; the deploys were read twice, as they seemed to change meanwhile");
                }
                return Err(ApiFailure::Input { error, hint });
            }
        }
    }
    // Each reading returns or continues; the last one always returns.
    let error = InputError::new(ErrorCode::IncompleteHistory, "deploys", "the deploys could not be read");
    Err(ApiFailure::Input { error, hint: String::new() })
}

/// The request an error's path points into: `deployment…` or `deploys[i]…`.
fn origin_hint(error: &InputError, reading: &Reading) -> String {
    let path = error.path();
    if path.starts_with("deployment") {
        return format!("deployment is the answer to GET {}", reading.deployment.0);
    }
    let page = path
        .strip_prefix("deploys[")
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(i, _)| i.parse::<usize>().ok());
    match page.and_then(|i| reading.pages.get(i).map(|(url, _)| (i, url))) {
        Some((i, url)) => format!("deploys[{i}] is the answer to GET {url}"),
        None => format!(
            "the deploys are the answers to GET {}/deploys, {} page(s)",
            reading.deployment.0,
            reading.pages.len()
        ),
    }
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// One reading: the Deployment, then the pages from offset 0. Stops early, with
/// `changed` set, as soon as the history is seen to move.
fn read(source: &Source, agent: &ureq::Agent, progress: &mut Progress) -> Result<Reading, ApiError> {
    let deployment_url = source.deployment_url();
    let deployment = get(source, agent, &deployment_url, Asked::Deployment)?;
    let mut reading =
        Reading { deployment: (deployment_url.clone(), deployment), pages: Vec::new(), changed: None };
    let mut seen: HashSet<String> = HashSet::new();
    let mut first_total: Option<Option<u64>> = None;
    let mut offset: u64 = 0;
    loop {
        let url = format!("{deployment_url}/deploys?limit={PAGE_SIZE}&offset={offset}");
        let text = get(source, agent, &url, Asked::Deploys)?;
        let head = serde_json::from_str::<PageHead>(strip_bom(&text)).ok();
        reading.pages.push((url, text));
        // A page that is not one is the import's to report, at its path.
        let Some(head) = head else { break };
        let count = head.deploys.len() as u64;
        let total = *first_total.get_or_insert(head.total_count);
        if head.total_count != total {
            let show = |t: Option<u64>| t.map_or_else(|| "none".to_owned(), thousands);
            reading.changed = Some(format!(
                "totalCount was {} at offset 0 and {} at offset {offset}",
                show(total),
                show(head.total_count)
            ));
            break;
        }
        if let Some(id) =
            head.deploys.iter().filter_map(|d| d.id.as_ref()).find(|id| !seen.insert((*id).clone()))
        {
            reading.changed = Some(format!("deploy `{}` was listed twice", crate::text::clean(id, 80)));
            break;
        }
        offset += count;
        progress.show(offset, head.total_count);
        let done = count == 0
            || match head.total_count {
                Some(total) => offset >= total,
                None => count < head.limit.unwrap_or(PAGE_SIZE),
            };
        if done || offset >= MAX_ARRAY_LEN as u64 {
            return Ok(reading);
        }
    }
    Ok(reading)
}

/// What a request asked for, to say what a 404 means.
#[derive(Clone, Copy)]
enum Asked {
    Deployment,
    Deploys,
}

/// One GET, with retries on 429 and 5xx. The body, as text.
fn get(source: &Source, agent: &ureq::Agent, url: &str, asked: Asked) -> Result<String, ApiError> {
    let error = |code: &'static str, message: String| ApiError { code, url: url.to_owned(), message };
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let sent = agent
            .get(url)
            .header("Authorization", format!("Bearer {}", source.token.0))
            .header("Accept", "application/json")
            .call();
        let mut response = match sent {
            Ok(response) => response,
            Err(e) => return Err(transport(e, url, source.timeout)),
        };
        let status = response.status().as_u16();
        if response.status().is_success() {
            return response
                .body_mut()
                .with_config()
                .limit(MAX_INPUT_BYTES as u64)
                .read_to_string()
                .map_err(|e| transport(e, url, source.timeout));
        }
        let retryable = status == 429 || (500..=599).contains(&status);
        if retryable && attempt < ATTEMPTS {
            let backoff = source.retry_delay.saturating_mul(1 << (attempt - 1));
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(|s| Duration::from_secs(s).min(MAX_RETRY_AFTER));
            std::thread::sleep(retry_after.map_or(backoff, |r| r.max(backoff)));
            continue;
        }
        let deployment = &source.deployment;
        let organization = &source.organization;
        return Err(match status {
            401 => error(
                "apiUnauthorized",
                format!(
                    "the Astro API refused the token in {TOKEN_VAR} (401 Unauthorized): it is not a valid API \
                     token, or it has expired or been deleted; create a new one and set {TOKEN_VAR}"
                ),
            ),
            403 => error(
                "apiForbidden",
                format!(
                    "the token in {TOKEN_VAR} may not read Deployment `{deployment}` of Organization \
                     `{organization}` (403 Forbidden): use a Deployment API token of that Deployment, or a \
                     Workspace or Organization API token whose role may view its Deployments and deploys"
                ),
            ),
            404 => error(
                "apiNotFound",
                match asked {
                    Asked::Deployment => format!(
                        "there is no Deployment `{deployment}` in Organization `{organization}` (404 Not Found): check \
                         --deployment ({DEPLOYMENT_VAR}) and --organization ({ORGANIZATION_VAR})"
                    ),
                    Asked::Deploys => format!(
                        "the deploys of Deployment `{deployment}` were not found (404 Not Found): check \
                         --api-url, which should end in the API version (/v1)"
                    ),
                },
            ),
            429 => error(
                "apiUnavailable",
                format!("the Astro API kept answering 429 Too Many Requests ({attempt} tries): try again later"),
            ),
            500..=599 => error(
                "apiUnavailable",
                format!("the Astro API kept failing with {status} ({attempt} tries): try again later"),
            ),
            _ => error("apiError", format!("the Astro API answered {status}, which was not expected")),
        });
    }
}

/// A request that got no usable answer: a timeout, no network, a broken reply.
fn transport(e: ureq::Error, url: &str, timeout: Duration) -> ApiError {
    let error = |code: &'static str, message: String| ApiError { code, url: url.to_owned(), message };
    let host =
        url.parse::<ureq::http::Uri>().ok().and_then(|u| u.host().map(str::to_owned)).unwrap_or_default();
    match e {
        ureq::Error::Timeout(_) => error(
            "apiTimeout",
            format!(
                "no complete answer from {host} within {} s: the network or the API is slow; try again, or give a \
                 longer --api-timeout",
                timeout.as_secs_f64()
            ),
        ),
        ureq::Error::HostNotFound => error(
            "apiUnreachable",
            format!("cannot find the host {host}: check the network (DNS) and --api-url"),
        ),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => error(
            "apiTimeout",
            format!("no complete answer from {host} within {} s: try again, or give a longer --api-timeout", timeout.as_secs_f64()),
        ),
        ureq::Error::Io(io) => error(
            "apiUnreachable",
            format!("cannot reach {host}: {io}; check the network, a proxy (HTTPS_PROXY) and --api-url"),
        ),
        ureq::Error::ConnectionFailed => error(
            "apiUnreachable",
            format!("cannot connect to {host}: check the network, a proxy (HTTPS_PROXY) and --api-url"),
        ),
        ureq::Error::BodyExceedsLimit(limit) => {
            error("apiError", format!("the answer is larger than the import reads ({limit} bytes)"))
        }
        other => error("apiError", format!("the request to {host} failed: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_used_is_listed() {
        let source = include_str!("api.rs");
        let used: std::collections::BTreeSet<&str> = source
            .split('"')
            .filter(|word| {
                word.starts_with("api") && word.len() > 3 && word.chars().all(char::is_alphanumeric)
            })
            .collect();
        let listed: std::collections::BTreeSet<&str> = ERROR_CODES.iter().map(|(code, _)| *code).collect();
        assert_eq!(used, listed);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(11_000), "11,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn plain_http_only_to_this_machine() {
        assert!(check_url("https://api.astronomer.io/v1").is_ok());
        assert!(check_url("http://127.0.0.1:8080/v1").is_ok());
        assert!(check_url("http://localhost/v1").is_ok());
        assert!(check_url("http://api.example.com/v1").is_err());
        assert!(check_url("ftp://api.example.com").is_err());
        assert!(check_url("not a url").is_err());
    }
}
