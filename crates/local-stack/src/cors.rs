//! The two CORS policies of the stack, as tower-http layers: the sign-in server's (any origin,
//! like Cognito's OAuth endpoints) and the Tasks API's (the app's origins only).
//!
//! tower-http answers a preflight itself, with 200; the stack has always answered 204 No
//! Content (its tests pin it), so [`layer`] sets that status on the layer's own preflight
//! answers.

use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Which origins may read responses.
#[derive(Debug, Clone)]
pub enum CorsPolicy {
    /// `Access-Control-Allow-Origin: *`, what Cognito answers on its OAuth endpoints.
    AnyOrigin,
    /// Only these origins (the app, and any other app registered beside it), each echoed back
    /// when the request comes from it.
    Origins(Vec<String>),
}

/// How long a browser may cache a preflight answer.
const MAX_AGE: Duration = Duration::from_secs(600);

/// True for a CORS preflight (an OPTIONS request announcing the real method).
pub fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::OPTIONS && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

impl CorsPolicy {
    fn cors(&self) -> CorsLayer {
        let allow_origin = match self {
            CorsPolicy::AnyOrigin => AllowOrigin::any(),
            // An origin that is not a valid header value can never match a request's.
            CorsPolicy::Origins(origins) => {
                AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
            }
        };
        CorsLayer::new()
            .allow_origin(allow_origin)
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::DELETE,
                Method::OPTIONS,
            ])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
            .max_age(MAX_AGE)
    }
}

/// `router` behind `policy`: preflights answered with 204 before any route sees them, and the
/// allowed origin labelled on every response.
pub fn layer<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    policy: &CorsPolicy,
) -> Router<S> {
    router
        .layer(policy.cors())
        .layer(middleware::from_fn(preflight_no_content))
}

async fn preflight_no_content(request: Request, next: Next) -> Response {
    let options = request.method() == Method::OPTIONS;
    let mut response = next.run(request).await;
    // Only the CORS layer answers OPTIONS (the routes never see it), always with 200.
    if options && response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::NO_CONTENT;
    }
    response
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::routing::get;

    use super::*;
    use crate::test_http::{header_of, send};

    fn app(policy: &CorsPolicy) -> Router {
        layer(Router::new().route("/x", get(|| async { "x" })), policy)
    }

    fn request(method: Method, origin: &str, preflight: bool) -> Request {
        let mut builder = Request::builder()
            .method(method)
            .uri("/x")
            .header(header::ORIGIN, origin);
        if preflight {
            builder = builder.header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT");
        }
        builder.body(Body::empty()).unwrap_or_default()
    }

    #[tokio::test]
    async fn preflights_get_no_content_with_methods_headers_and_max_age() {
        let app_origin = CorsPolicy::Origins(vec!["http://127.0.0.1:8080".into()]);
        let answer = send(
            app(&app_origin),
            request(Method::OPTIONS, "http://127.0.0.1:8080", true),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        assert_eq!(
            header_of(&answer, header::ACCESS_CONTROL_ALLOW_ORIGIN),
            "http://127.0.0.1:8080"
        );
        assert!(header_of(&answer, header::ACCESS_CONTROL_ALLOW_METHODS).contains("PUT"));
        let allowed = header_of(&answer, header::ACCESS_CONTROL_ALLOW_HEADERS).to_lowercase();
        assert!(allowed.contains("authorization") && allowed.contains("content-type"));
        assert_eq!(header_of(&answer, header::ACCESS_CONTROL_MAX_AGE), "600");
    }

    #[tokio::test]
    async fn only_the_apps_origin_is_echoed() {
        let app_origin = CorsPolicy::Origins(vec!["http://127.0.0.1:8080".into()]);
        let own = send(
            app(&app_origin),
            request(Method::GET, "http://127.0.0.1:8080", false),
        )
        .await;
        assert_eq!(own.status(), StatusCode::OK);
        assert_eq!(
            header_of(&own, header::ACCESS_CONTROL_ALLOW_ORIGIN),
            "http://127.0.0.1:8080"
        );
        assert!(
            header_of(&own, header::VARY)
                .to_lowercase()
                .contains("origin")
        );
        let other = send(
            app(&app_origin),
            request(Method::GET, "https://evil.example", false),
        )
        .await;
        assert_eq!(header_of(&other, header::ACCESS_CONTROL_ALLOW_ORIGIN), "");
    }

    #[tokio::test]
    async fn each_registered_origin_is_echoed() {
        let both = CorsPolicy::Origins(vec![
            "http://127.0.0.1:8080".into(),
            "http://127.0.0.1:8081".into(),
        ]);
        for origin in ["http://127.0.0.1:8080", "http://127.0.0.1:8081"] {
            let answer = send(app(&both), request(Method::GET, origin, false)).await;
            assert_eq!(
                header_of(&answer, header::ACCESS_CONTROL_ALLOW_ORIGIN),
                origin
            );
        }
        let other = send(
            app(&both),
            request(Method::GET, "http://127.0.0.1:8082", false),
        )
        .await;
        assert_eq!(header_of(&other, header::ACCESS_CONTROL_ALLOW_ORIGIN), "");
    }

    #[tokio::test]
    async fn any_origin_is_a_star() {
        let answer = send(
            app(&CorsPolicy::AnyOrigin),
            request(Method::GET, "https://anywhere.example", false),
        )
        .await;
        assert_eq!(header_of(&answer, header::ACCESS_CONTROL_ALLOW_ORIGIN), "*");
    }
}
