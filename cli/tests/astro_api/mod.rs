//! A local stand-in for the Astro Platform API, for the tests of `--api`: a plain HTTP
//! server on 127.0.0.1 (tiny_http) that answers as a test says, and the recorded
//! documents it serves (`deployment.json`, and `deploys.json`: every deploy, newest
//! first, as the API lists them). Each request gets its own thread, so that a slow answer
//! holds up no other.
#![allow(dead_code, reason = "each test crate that includes it uses only some of it")]

use serde::Deserialize;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The token the tests give; no output may hold it.
pub const TOKEN: &str = "astro-test-token-5f2c9a8e";
pub const ORGANIZATION: &str = "clq7organization00001";
pub const DEPLOYMENT: &str = "clq7deploymentetl0001";
/// The moment the tests judge the history at.
pub const NOW: &str = "2024-03-06T12:00:00Z";

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The path, without the query.
    pub path: String,
    /// `limit` and `offset` from the query, when given.
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    /// The `Authorization` header.
    pub authorization: Option<String>,
    /// How many requests for the Deployment came before this one (so a handler can tell
    /// the first reading of the history from the second).
    pub deployment_hits: usize,
    /// How many requests for the same path and query came before this one.
    pub repeats: usize,
}

impl Hit {
    pub fn is_deployment(&self) -> bool {
        self.path == format!("/v1/organizations/{ORGANIZATION}/deployments/{DEPLOYMENT}")
    }

    pub fn is_deploys(&self) -> bool {
        self.path == format!("/v1/organizations/{ORGANIZATION}/deployments/{DEPLOYMENT}/deploys")
    }
}

/// What the server answers.
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn json(value: &Value) -> Self {
        Self { status: 200, body: value.to_string(), delay: Duration::ZERO }
    }

    pub fn status(status: u16) -> Self {
        let body = json!({"message": "as the test says", "statusCode": status}).to_string();
        Self { status, body, delay: Duration::ZERO }
    }
}

#[derive(Deserialize)]
struct Query {
    limit: Option<u64>,
    offset: Option<u64>,
}

/// A running server; it stops when dropped.
pub struct Server {
    server: Arc<tiny_http::Server>,
    hits: Arc<Mutex<Vec<Hit>>>,
    pub url: String,
}

impl Server {
    /// Starts a server answering each request with `handler`.
    pub fn start(handler: impl Fn(&Hit) -> Reply + Send + Sync + 'static) -> Self {
        let server = Arc::new(
            tiny_http::Server::http("127.0.0.1:0")
                .unwrap_or_else(|e| panic!("cannot start the test server: {e}")),
        );
        let port = server.server_addr().to_ip().map(|a| a.port()).unwrap_or_default();
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let handler = Arc::new(handler);
        let (listener, log) = (Arc::clone(&server), Arc::clone(&hits));
        std::thread::spawn(move || {
            for request in listener.incoming_requests() {
                let (path, query) = request.url().split_once('?').unwrap_or((request.url(), ""));
                let query: Query =
                    serde_urlencoded::from_str(query).unwrap_or(Query { limit: None, offset: None });
                let authorization = request
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv("Authorization"))
                    .map(|h| h.value.as_str().to_owned());
                let hit = {
                    let mut log = log.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    let mut hit = Hit {
                        path: path.to_owned(),
                        limit: query.limit,
                        offset: query.offset,
                        authorization,
                        deployment_hits: 0,
                        repeats: 0,
                    };
                    hit.deployment_hits = log.iter().filter(|h| h.is_deployment()).count();
                    hit.repeats = log.iter().filter(|h| h.path == hit.path && h.offset == hit.offset).count();
                    log.push(hit.clone());
                    hit
                };
                let handler = Arc::clone(&handler);
                std::thread::spawn(move || {
                    let reply = handler(&hit);
                    std::thread::sleep(reply.delay);
                    let header = tiny_http::Header::from_bytes("Content-Type", "application/json")
                        .unwrap_or_else(|()| panic!("a valid header"));
                    let response = tiny_http::Response::from_string(reply.body)
                        .with_status_code(reply.status)
                        .with_header(header);
                    // The client may have given up (a timeout test): nothing to do then.
                    let _ = request.respond(response);
                });
            }
        });
        Self { server, hits, url: format!("http://127.0.0.1:{port}/v1") }
    }

    /// Every request so far, in order.
    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn here() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("astro_api")
}

fn document(name: &str) -> Value {
    let path = here().join(name);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

/// The recorded Deployment.
pub fn deployment() -> Value {
    document("deployment.json")
}

/// The recorded deploys, newest first.
pub fn deploys() -> Vec<Value> {
    match document("deploys.json") {
        Value::Array(deploys) => deploys,
        _ => panic!("deploys.json is not an array"),
    }
}

/// The page at `offset` of `deploys` as the API gives it: at most `limit` deploys (and at
/// most `cap`, the server's own page size), with `limit`, `offset` and `totalCount`.
pub fn page(deploys: &[Value], limit: Option<u64>, offset: Option<u64>, cap: usize) -> Value {
    let offset = offset.unwrap_or(0) as usize;
    let limit = (limit.unwrap_or(20) as usize).min(cap);
    let slice: Vec<Value> = deploys.iter().skip(offset).take(limit).cloned().collect();
    json!({"deploys": slice, "limit": limit, "offset": offset, "totalCount": deploys.len()})
}

/// The usual server: the recorded documents, `cap` deploys a page, 404 elsewhere; 401
/// without the test's token.
pub fn recorded(cap: usize) -> Server {
    let (deployment, deploys) = (deployment(), deploys());
    Server::start(move |hit| serve(hit, &deployment, &deploys, cap))
}

/// How [`recorded`] answers, for handlers that change one thing.
pub fn serve(hit: &Hit, deployment: &Value, deploys: &[Value], cap: usize) -> Reply {
    if hit.authorization.as_deref() != Some(&format!("Bearer {TOKEN}")) {
        return Reply::status(401);
    }
    if hit.is_deployment() {
        Reply::json(deployment)
    } else if hit.is_deploys() {
        Reply::json(&page(deploys, hit.limit, hit.offset, cap))
    } else {
        Reply::status(404)
    }
}

/// `value` with `key` set to `to` (on an object; anything else is left as it is).
pub fn set(value: &mut Value, key: &str, to: Value) {
    if let Some(object) = value.as_object_mut() {
        object.insert(key.to_owned(), to);
    }
}
