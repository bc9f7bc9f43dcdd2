//! A log of every request a server received and whether it carried an `Authorization` header
//! (test hooks only), so tests can prove a bearer token never went to the wrong origin.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

/// Where the hook's own endpoints live; their requests are not logged.
const HOOK_PREFIX: &str = "/__test/";

/// One request as the tests see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRequestRecord {
    pub method: String,
    pub path: String,
    /// True when the request had an `Authorization` header, whatever its value.
    pub authorization: bool,
    pub status: u16,
}

/// The shared log of one server.
#[derive(Clone, Default)]
pub struct RequestLog(Arc<Mutex<Vec<HttpRequestRecord>>>);

impl RequestLog {
    pub fn records(&self) -> Vec<HttpRequestRecord> {
        self.lock().clone()
    }

    fn lock(&self) -> MutexGuard<'_, Vec<HttpRequestRecord>> {
        // Each critical section is one push or clone: a poisoned lock still holds whole records.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Wraps `router` so every request is logged, and serves the log at `GET /__test/requests`
/// (`DELETE` empties it).
pub fn logged(router: Router, log: &RequestLog) -> Router {
    let hooks = Router::new()
        .route("/__test/requests", get(list).delete(clear))
        .route_layer(axum::middleware::from_fn(
            crate::hook_guard::json_bodies_only,
        ))
        .with_state(log.clone());
    router
        .merge(hooks)
        .layer(axum::middleware::from_fn_with_state(log.clone(), record))
}

async fn list(State(log): State<RequestLog>) -> Json<Vec<HttpRequestRecord>> {
    Json(log.records())
}

async fn clear(State(log): State<RequestLog>) -> StatusCode {
    log.lock().clear();
    StatusCode::NO_CONTENT
}

async fn record(State(log): State<RequestLog>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with(HOOK_PREFIX) {
        return next.run(request).await;
    }
    let method = request.method().to_string();
    let authorization = request.headers().contains_key(header::AUTHORIZATION);
    let response = next.run(request).await;
    log.lock().push(HttpRequestRecord {
        method,
        path,
        authorization,
        status: response.status().as_u16(),
    });
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_serialise_for_the_tests() {
        let record = HttpRequestRecord {
            method: "GET".into(),
            path: "/oauth2/userInfo".into(),
            authorization: true,
            status: 200,
        };
        let json = serde_json::to_value(&record).expect("serialises");
        assert_eq!(json["authorization"], true);
        assert_eq!(json["path"], "/oauth2/userInfo");
        let log = RequestLog::default();
        log.lock().push(record.clone());
        assert_eq!(log.records(), vec![record]);
    }
}
