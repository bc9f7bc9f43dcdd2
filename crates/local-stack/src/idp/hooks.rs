//! Test-only endpoints of the sign-in server (mounted only with `test_hooks`).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::IdpState;
use super::behaviour::Behaviour;
use super::faults::Fault;

/// One `/oauth2/token` request as the tests see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenRequestRecord {
    pub grant_type: String,
    pub status: u16,
    pub error: Option<String>,
}

#[derive(Debug, Deserialize)]
struct FaultRequest {
    fault: String,
}

pub fn router() -> Router<Arc<IdpState>> {
    Router::new()
        .route("/__test/faults", post(queue_fault).delete(clear_faults))
        .route(
            "/__test/token-requests",
            get(token_requests).delete(clear_token_requests),
        )
        .route(
            "/__test/behaviour",
            get(behaviour).put(set_behaviour).delete(reset_behaviour),
        )
        .route("/__test/last-callback", get(last_callback))
        .route("/__test/last-authorize", get(last_authorize))
        .route_layer(axum::middleware::from_fn(
            crate::hook_guard::json_bodies_only,
        ))
}

/// The parameters of the last `GET /oauth2/authorize` (`null` before the first).
async fn last_authorize(
    State(state): State<Arc<IdpState>>,
) -> Json<Option<super::AuthorizeRecord>> {
    Json(state.data().last_authorize.clone())
}

/// `GET /__test/behaviour`: the switches in force.
async fn behaviour(State(state): State<Arc<IdpState>>) -> Json<Behaviour> {
    Json(state.data().behaviour.clone())
}

/// `PUT /__test/behaviour`: replaces every switch (fields left out are healthy).
async fn set_behaviour(State(state): State<Arc<IdpState>>, body: axum::body::Bytes) -> Response {
    let behaviour: Behaviour = match serde_json::from_slice(&body) {
        Ok(behaviour) => behaviour,
        Err(error) => return bad_request(&format!("not a behaviour: {error}")),
    };
    if let Err(error) = behaviour.validate() {
        return bad_request(&error.to_string());
    }
    state.data().behaviour = behaviour;
    StatusCode::NO_CONTENT.into_response()
}

async fn reset_behaviour(State(state): State<Arc<IdpState>>) -> StatusCode {
    state.data().behaviour = Behaviour::default();
    StatusCode::NO_CONTENT
}

/// `GET /__test/last-callback`: `{"url": ...}` of the last code redirect, 404 before any.
async fn last_callback(State(state): State<Arc<IdpState>>) -> Response {
    match state.data().last_callback.clone() {
        Some(url) => Json(json!({ "url": url })).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": "no code redirect yet" })),
        )
            .into_response(),
    }
}

/// Middleware (outside CORS): with `tokenUnreachable` on, a token request is dropped unread and
/// answered without CORS headers, so the browser's `fetch` fails as on a network error.
pub async fn unreachable_token_endpoint(
    State(state): State<Arc<IdpState>>,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().path() == "/oauth2/token" && state.data().behaviour.token_unreachable {
        return StatusCode::BAD_GATEWAY.into_response();
    }
    next.run(request).await
}

async fn queue_fault(State(state): State<Arc<IdpState>>, body: axum::body::Bytes) -> Response {
    let request: FaultRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => return bad_request(&format!("expected {{\"fault\":\"<name>\"}}: {error}")),
    };
    match request.fault.parse::<Fault>() {
        Ok(fault) => {
            state.data().faults.push_back(fault);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(error) => bad_request(&error.to_string()),
    }
}

async fn clear_faults(State(state): State<Arc<IdpState>>) -> StatusCode {
    state.data().faults.clear();
    StatusCode::NO_CONTENT
}

async fn token_requests(State(state): State<Arc<IdpState>>) -> Json<Vec<TokenRequestRecord>> {
    Json(state.data().token_log.clone())
}

async fn clear_token_requests(State(state): State<Arc<IdpState>>) -> StatusCode {
    state.data().token_log.clear();
    StatusCode::NO_CONTENT
}

fn bad_request(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}
