//! Bearer authentication of Tasks API requests with Cognito access tokens (or ID tokens, when
//! the stack plays an API Gateway Cognito authorizer).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::ApiState;
use crate::access_token::{Rejection, bearer, unverified_token_use};
use crate::clock;

/// How a request's credentials look, for the middleware and the test log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthCheck {
    Missing,
    Invalid {
        token_use: Option<String>,
        reason: Rejection,
    },
    Valid {
        token_use: Option<String>,
    },
}

pub fn check(state: &ApiState, headers: &HeaderMap) -> AuthCheck {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer)
    else {
        return AuthCheck::Missing;
    };
    match state.verifier.verify(token, clock::now_secs()) {
        Ok(claims) => AuthCheck::Valid {
            token_use: claims
                .get("token_use")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned),
        },
        Err(reason) => AuthCheck::Invalid {
            token_use: unverified_token_use(token),
            reason,
        },
    }
}

pub async fn require_access_token(
    State(state): State<Arc<ApiState>>,
    request: Request,
    next: Next,
) -> Response {
    match check(&state, request.headers()) {
        AuthCheck::Valid { .. } => next.run(request).await,
        AuthCheck::Missing => unauthorized(None),
        AuthCheck::Invalid { reason, .. } => unauthorized(Some(&reason.to_string())),
    }
}

/// 401 with an empty body, as the original service answers.
fn unauthorized(description: Option<&str>) -> Response {
    let challenge = match description {
        Some(text) => format!(
            r#"Bearer error="invalid_token", error_description="{}""#,
            text.replace('"', "'")
        ),
        None => r#"Bearer error="invalid_token", error_description="missing bearer token""#.into(),
    };
    let mut response = StatusCode::UNAUTHORIZED.into_response();
    let value = HeaderValue::from_str(&challenge)
        .unwrap_or_else(|_| HeaderValue::from_static(r#"Bearer error="invalid_token""#));
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, value);
    response
}
