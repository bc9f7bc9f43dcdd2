//! Test-only parts of the Tasks API: the request log, injected failures, seeding (generated or
//! raw), the PUT mode switch and a raw read of a stored task.

use std::collections::VecDeque;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::ApiState;
use super::auth::{AuthCheck, check};
use super::tasks_api::{parse_id, storage_failure};
use crate::cors::is_preflight;
use crate::options::PutMode;

/// One API request as the tests see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiRequestRecord {
    pub method: String,
    pub path: String,
    /// "valid", "invalid" or "missing".
    pub auth: String,
    pub token_use: Option<String>,
    pub status: u16,
    pub preflight: bool,
}

/// A queued failure: the next `times` non-preflight requests answer `status` with `body`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ApiFault {
    pub status: u16,
    #[serde(default = "one")]
    pub times: u32,
    #[serde(default)]
    pub body: Option<String>,
}

fn one() -> u32 {
    1
}

#[derive(Default)]
pub struct HookData {
    pub requests: Vec<ApiRequestRecord>,
    faults: VecDeque<ApiFault>,
}

const HOOK_PREFIX: &str = "/__test/";

pub fn router() -> Router<Arc<ApiState>> {
    Router::new()
        .route("/__test/requests", get(requests).delete(clear_requests))
        .route("/__test/faults", post(queue_fault).delete(clear_faults))
        .route("/__test/seed", post(seed))
        .route("/__test/seed-raw", post(seed_raw))
        .route(
            "/__test/put-mode",
            get(put_mode).post(set_put_mode).delete(reset_put_mode),
        )
        .route("/__test/task/{id}", get(stored_task))
        .route_layer(axum::middleware::from_fn(
            crate::hook_guard::json_bodies_only,
        ))
}

/// Logs every request except the hooks' own.
pub async fn record(State(state): State<Arc<ApiState>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with(HOOK_PREFIX) {
        return next.run(request).await;
    }
    let method = request.method().to_string();
    let preflight = is_preflight(request.method(), request.headers());
    let (auth, token_use) = match check(&state, request.headers()) {
        AuthCheck::Missing => ("missing", None),
        AuthCheck::Invalid { token_use, .. } => ("invalid", token_use),
        AuthCheck::Valid { token_use } => ("valid", token_use),
    };
    let response = next.run(request).await;
    state.hooks().requests.push(ApiRequestRecord {
        method,
        path,
        auth: auth.to_owned(),
        token_use,
        status: response.status().as_u16(),
        preflight,
    });
    response
}

/// Answers with the next queued fault instead of the real handler.
pub async fn inject_faults(
    State(state): State<Arc<ApiState>>,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().path().starts_with(HOOK_PREFIX) {
        return next.run(request).await;
    }
    let fault = {
        let mut hooks = state.hooks();
        let fault = hooks.faults.front_mut().map(|fault| {
            fault.times = fault.times.saturating_sub(1);
            fault.clone()
        });
        if hooks.faults.front().is_some_and(|f| f.times == 0) {
            hooks.faults.pop_front();
        }
        fault
    };
    match fault {
        Some(fault) => fault_response(&fault),
        None => next.run(request).await,
    }
}

fn fault_response(fault: &ApiFault) -> Response {
    let status = StatusCode::from_u16(fault.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = fault.body.clone().unwrap_or_default();
    let content_type = if serde_json::from_str::<serde_json::Value>(&body).is_ok() {
        "application/json"
    } else {
        "text/plain; charset=utf-8"
    };
    let mut response = (status, Body::from(body)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

async fn requests(State(state): State<Arc<ApiState>>) -> Json<Vec<ApiRequestRecord>> {
    Json(state.hooks().requests.clone())
}

async fn clear_requests(State(state): State<Arc<ApiState>>) -> StatusCode {
    state.hooks().requests.clear();
    StatusCode::NO_CONTENT
}

async fn queue_fault(State(state): State<Arc<ApiState>>, body: Bytes) -> Response {
    let fault: ApiFault = match serde_json::from_slice(&body) {
        Ok(fault) => fault,
        Err(error) => {
            let message =
                format!("expected {{\"status\":500,\"times\":1,\"body\":\"...\"}}: {error}");
            return (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response();
        }
    };
    if !(100..=599).contains(&fault.status) || fault.times == 0 {
        let message = "status must be 100-599 and times at least 1";
        return (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response();
    }
    state.hooks().faults.push_back(fault);
    StatusCode::NO_CONTENT.into_response()
}

/// `{"count": N}`: adds N generated tasks (at most 100,000), answering `{"total": ...}`.
#[derive(Debug, Deserialize)]
struct SeedRequest {
    count: usize,
}

const MAX_SEED: usize = 100_000;

async fn seed(State(state): State<Arc<ApiState>>, body: Bytes) -> Response {
    let request = match serde_json::from_slice::<SeedRequest>(&body) {
        Ok(request) if request.count <= MAX_SEED => request,
        _ => {
            let message = format!("expected {{\"count\": N}} with N at most {MAX_SEED}");
            return (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response();
        }
    };
    let now = super::iso_now();
    match state.store.insert_generated(request.count, &now) {
        Ok(total) => Json(json!({ "total": total })).into_response(),
        Err(error) => {
            let message = format!("the task store failed: {error}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({ "error": message })),
            )
                .into_response()
        }
    }
}

async fn clear_faults(State(state): State<Arc<ApiState>>) -> StatusCode {
    state.hooks().faults.clear();
    StatusCode::NO_CONTENT
}

#[derive(Debug, Serialize, Deserialize)]
struct PutModeBody {
    mode: PutMode,
}

/// `GET /__test/put-mode`: `{"mode": "lenient" | "replace"}`.
async fn put_mode(State(state): State<Arc<ApiState>>) -> Json<PutModeBody> {
    Json(PutModeBody {
        mode: state.put_mode(),
    })
}

/// `POST /__test/put-mode` `{"mode": "replace"}` (or `"lenient"`): answers the mode now in force.
async fn set_put_mode(State(state): State<Arc<ApiState>>, body: Bytes) -> Response {
    match serde_json::from_slice::<PutModeBody>(&body) {
        Ok(PutModeBody { mode }) => {
            state.set_put_mode(mode);
            Json(PutModeBody { mode }).into_response()
        }
        Err(error) => bad_request(&format!(
            "expected {{\"mode\": \"lenient\"}} or {{\"mode\": \"replace\"}}: {error}"
        )),
    }
}

/// `DELETE /__test/put-mode`: back to the mode the stack was started with.
async fn reset_put_mode(State(state): State<Arc<ApiState>>) -> StatusCode {
    state.set_put_mode(state.configured_put_mode);
    StatusCode::NO_CONTENT
}

/// The largest id a raw task may bring: JavaScript's `Number.MAX_SAFE_INTEGER`, so the app reads
/// every id exactly.
const MAX_RAW_ID: i64 = (1 << 53) - 1;

/// `POST /__test/seed-raw` `[{...}, ...]`: stores each object as given, unvalidated (a legacy
/// or hand-edited row), and answers `201 {"ids": [...]}` in order. An `id` must be an integer
/// from 1 to 2^53 - 1 and free (409 if taken); a missing one is assigned. All or nothing.
async fn seed_raw(State(state): State<Arc<ApiState>>, body: Bytes) -> Response {
    let tasks = match serde_json::from_slice::<Vec<serde_json::Value>>(&body) {
        Ok(tasks) => tasks,
        Err(error) => return bad_request(&format!("expected a JSON array of objects: {error}")),
    };
    let mut objects = Vec::with_capacity(tasks.len());
    for (index, task) in tasks.into_iter().enumerate() {
        let serde_json::Value::Object(object) = task else {
            return bad_request(&format!("item {index} is not a JSON object"));
        };
        if let Some(id) = object.get("id")
            && !id.as_i64().is_some_and(|id| (1..=MAX_RAW_ID).contains(&id))
        {
            return bad_request(&format!(
                "item {index}: id must be an integer from 1 to {MAX_RAW_ID}, or left out"
            ));
        }
        objects.push(object);
    }
    match state.store.insert_raw(&objects) {
        Ok(ids) => (StatusCode::CREATED, Json(json!({ "ids": ids }))).into_response(),
        Err(rusqlite::Error::SqliteFailure(error, _))
            if error.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            let message = "an id is already taken (or repeated); nothing was stored";
            (StatusCode::CONFLICT, Json(json!({ "error": message }))).into_response()
        }
        Err(error) => storage_failure(&error),
    }
}

/// `GET /__test/task/{id}`: the stored task as `GET <api>/task/{id}` answers it, without a
/// bearer; 404 `{"error": ...}` when there is none.
async fn stored_task(State(state): State<Arc<ApiState>>, Path(id): Path<String>) -> Response {
    let not_found = || {
        let message = format!("no task {id}");
        (StatusCode::NOT_FOUND, Json(json!({ "error": message }))).into_response()
    };
    let Some(number) = parse_id(&id) else {
        return not_found();
    };
    match state.store.get(number) {
        Ok(Some(task)) => Json(task).into_response(),
        Ok(None) => not_found(),
        Err(error) => storage_failure(&error),
    }
}

fn bad_request(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}
