//! Unit-test helpers: one request through a router in process, and a header of its answer.

use axum::Router;
use axum::extract::Request;
use axum::http::HeaderName;
use axum::response::Response;
use tower::ServiceExt;

/// `router`'s answer to `request` (an axum router's error type is `Infallible`).
pub async fn send(router: Router, request: Request) -> Response {
    match router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// A header of `response` as text, `""` when absent or not text.
pub fn header_of(response: &Response, name: HeaderName) -> &str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}
