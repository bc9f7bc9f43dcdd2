//! A small CORS layer: answers preflights and labels responses for the allowed origin.
//!
//! Written out rather than taken from tower-http so the request log (outside this layer) can
//! still see preflights, and so the two policies below are plain to read.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Which origins may read responses.
#[derive(Debug, Clone)]
pub enum CorsPolicy {
    /// `Access-Control-Allow-Origin: *`, what Cognito answers on its OAuth endpoints.
    AnyOrigin,
    /// Only this origin (the app), echoed back when the request comes from it.
    Origin(String),
}

const ALLOW_HEADERS: &str = "Authorization, Content-Type";
const ALLOW_METHODS: &str = "GET, POST, PUT, DELETE, OPTIONS";

/// True for a CORS preflight (an OPTIONS request announcing the real method).
pub fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::OPTIONS && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

impl CorsPolicy {
    fn allow_origin(&self, headers: &HeaderMap) -> Option<HeaderValue> {
        match self {
            CorsPolicy::AnyOrigin => Some(HeaderValue::from_static("*")),
            CorsPolicy::Origin(allowed) => headers
                .get(header::ORIGIN)
                .filter(|origin| origin.as_bytes() == allowed.as_bytes())
                .cloned(),
        }
    }
}

/// Middleware: `axum::middleware::from_fn_with_state(policy, cors::layer)`.
pub async fn layer(State(policy): State<CorsPolicy>, request: Request, next: Next) -> Response {
    let allow_origin = policy.allow_origin(request.headers());
    let mut response = if is_preflight(request.method(), request.headers()) {
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOW_METHODS),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOW_HEADERS),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        response
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    if let Some(origin) = allow_origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    if matches!(policy, CorsPolicy::Origin(_)) {
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}
