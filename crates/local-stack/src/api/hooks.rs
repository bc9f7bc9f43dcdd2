//! Test-only parts of the Tasks API: the request log and injected failures.

use std::collections::VecDeque;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::ApiState;
use super::auth::{AuthCheck, check};
use crate::cors::is_preflight;

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
