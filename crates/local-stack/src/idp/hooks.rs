//! Test-only endpoints of the sign-in server (mounted only with `test_hooks`).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::IdpState;
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
        .route("/__test/last-authorize", get(last_authorize))
}

/// The parameters of the last `GET /oauth2/authorize` (`null` before the first).
async fn last_authorize(
    State(state): State<Arc<IdpState>>,
) -> Json<Option<super::AuthorizeRecord>> {
    Json(state.data().last_authorize.clone())
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
