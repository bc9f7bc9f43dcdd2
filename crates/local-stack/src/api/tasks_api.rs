//! Handlers of the task endpoints; the 2022 service's status codes and error bodies.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::ApiState;
use super::task::{InputError, Intent, iso_utc, parse_input};
use crate::clock;

pub async fn list(State(state): State<Arc<ApiState>>) -> Response {
    match state.store.list() {
        Ok(tasks) => Json(tasks).into_response(),
        Err(error) => storage_failure(&error),
    }
}

pub async fn read(State(state): State<Arc<ApiState>>, Path(id): Path<String>) -> Response {
    let Some(id) = parse_id(&id) else {
        return not_found();
    };
    match state.store.get(id) {
        Ok(Some(task)) => Json(task).into_response(),
        Ok(None) => not_found(),
        Err(error) => storage_failure(&error),
    }
}

pub async fn create(State(state): State<Arc<ApiState>>, body: Bytes) -> Response {
    let input = match parse_input(&body, Intent::Create) {
        Ok(input) => input,
        Err(error) => return bad_request(&error),
    };
    match state.store.create(&input, &iso_utc(clock::now_ms())) {
        Ok(task) => (StatusCode::CREATED, Json(task)).into_response(),
        Err(error) => storage_failure(&error),
    }
}

pub async fn update(
    State(state): State<Arc<ApiState>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return not_found();
    };
    let mode = state.put_mode();
    let input = match parse_input(&body, Intent::Update { id, mode }) {
        Ok(input) => input,
        Err(error) => return bad_request(&error),
    };
    match state
        .store
        .update(id, &input, mode, &iso_utc(clock::now_ms()))
    {
        Ok(Some(task)) => Json(task).into_response(),
        Ok(None) => not_found(),
        Err(error) => storage_failure(&error),
    }
}

pub async fn delete(State(state): State<Arc<ApiState>>, Path(id): Path<String>) -> Response {
    let Some(id) = parse_id(&id) else {
        return not_found();
    };
    match state.store.delete(id) {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => not_found(),
        Err(error) => storage_failure(&error),
    }
}

/// A non-numeric id names no task: 404, as the original service's typed path parameter gave.
pub(super) fn parse_id(raw: &str) -> Option<i64> {
    raw.parse().ok()
}

fn not_found() -> Response {
    StatusCode::NOT_FOUND.into_response()
}

fn bad_request(error: &InputError) -> Response {
    let exception_type = match error {
        InputError::Json(_) => "JsonParseException",
        InputError::Invalid(_) => "ValidationException",
    };
    let body = json!({ "exceptionType": exception_type, "code": 400, "error": error.to_string() });
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

pub(super) fn storage_failure(error: &rusqlite::Error) -> Response {
    let body = json!({
        "exceptionType": "InternalServerErrorException",
        "code": 500,
        "error": format!("the task store failed: {error}"),
    });
    (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
}
