//! The test hooks take only JSON bodies.
//!
//! A page on another origin can send a "simple" cross-origin request without a preflight: a form
//! post (`application/x-www-form-urlencoded`, `multipart/form-data`, `text/plain`) or a
//! `fetch(..., {mode: "no-cors"})` POST. The browser never lets it read the answer, but the
//! request still arrives, so a text/plain body holding JSON could queue a fault or reseed the
//! tasks of a stack the tests are running. Only `Content-Type: application/json` bodies are
//! accepted: that type needs a preflight, which the hooks never grant to another origin.

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Middleware for the hook routes: `route_layer(axum::middleware::from_fn(json_bodies_only))`.
///
/// Every POST, and a PUT, PATCH or DELETE with a body, must say `Content-Type: application/json`
/// (parameters such as `; charset=utf-8` allowed); anything else is a 415 before the handler
/// runs. A bodiless DELETE (clearing a log) needs no type: DELETE is never a simple request.
pub async fn json_bodies_only(request: Request, next: Next) -> Response {
    if needs_json(request.method(), request.headers()) && !is_json(request.headers()) {
        let message = "the test hooks take only Content-Type: application/json bodies";
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Json(json!({ "error": message })),
        )
            .into_response();
    }
    next.run(request).await
}

fn needs_json(method: &Method, headers: &HeaderMap) -> bool {
    // POST is the one simple method that carries a body, so it is checked even when bodiless.
    *method == Method::POST
        || (matches!(*method, Method::PUT | Method::PATCH | Method::DELETE) && has_body(headers))
}

fn has_body(headers: &HeaderMap) -> bool {
    if headers.contains_key(header::CONTENT_TYPE) || headers.contains_key(header::TRANSFER_ENCODING)
    {
        return true;
    }
    headers.get(header::CONTENT_LENGTH).is_some_and(|length| {
        length
            .to_str()
            .ok()
            .and_then(|l| l.trim().parse::<u64>().ok())
            != Some(0)
    })
}

/// True when the media type (before any parameters) is exactly `application/json`.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_the_json_media_type_passes() {
        for good in [
            "application/json",
            "Application/JSON",
            "application/json; charset=utf-8",
        ] {
            let map = headers(&[(header::CONTENT_TYPE, good)]);
            assert!(is_json(&map), "{good}");
        }
        for bad in [
            "text/plain",
            "text/plain; application/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonp",
            "application/json-seq",
        ] {
            let map = headers(&[(header::CONTENT_TYPE, bad)]);
            assert!(!is_json(&map), "{bad}");
        }
        assert!(!is_json(&HeaderMap::new()));
    }

    #[test]
    fn posts_always_and_other_writes_with_a_body_need_json() {
        let none = HeaderMap::new();
        assert!(needs_json(&Method::POST, &none));
        assert!(!needs_json(&Method::DELETE, &none));
        assert!(!needs_json(&Method::GET, &none));
        let empty = headers(&[(header::CONTENT_LENGTH, "0")]);
        assert!(!needs_json(&Method::PUT, &empty));
        let sized = headers(&[(header::CONTENT_LENGTH, "12")]);
        assert!(needs_json(&Method::DELETE, &sized));
        let chunked = headers(&[(header::TRANSFER_ENCODING, "chunked")]);
        assert!(needs_json(&Method::PUT, &chunked));
        let typed = headers(&[(header::CONTENT_TYPE, "text/plain")]);
        assert!(needs_json(&Method::PATCH, &typed));
        assert!(!needs_json(&Method::GET, &typed));
    }
}
