//! `GET /oauth2/userInfo`: the signed-in user's attributes for a valid access token.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::IdpState;
use crate::access_token::bearer;
use crate::clock;

pub async fn userinfo(State(state): State<Arc<IdpState>>, headers: HeaderMap) -> Response {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer)
    else {
        return unauthorized("Access token is missing");
    };
    let claims = match state.access_verifier().verify(token, clock::now_secs()) {
        Ok(claims) => claims,
        Err(rejection) => return unauthorized(&rejection.to_string()),
    };
    let text = |name: &str| claims.get(name).and_then(Value::as_str).unwrap_or("");
    // Unlike offline verification, Cognito's userInfo knows about revocation.
    if state.data().revoked_origins.contains(text("origin_jti")) {
        return unauthorized("Access token has been revoked");
    }
    if !text("scope").split_whitespace().any(|s| s == "openid") {
        return unauthorized("Access token does not have the openid scope");
    }
    let Some(user) = state.user(text("username")) else {
        return unauthorized("User does not exist");
    };
    // email_verified as the STRING "true": Cognito's quirk, which clients must cope with.
    Json(json!({
        "sub": user.sub,
        "username": user.user.username,
        "email": user.user.email,
        "email_verified": "true",
        "name": user.user.name,
    }))
    .into_response()
}

fn unauthorized(description: &str) -> Response {
    let mut response = (
        StatusCode::UNAUTHORIZED,
        Json(json!({ "error": "invalid_token", "error_description": description })),
    )
        .into_response();
    let challenge = format!(
        r#"Bearer error="invalid_token", error_description="{}""#,
        description.replace('"', "'")
    );
    let value = HeaderValue::from_str(&challenge)
        .unwrap_or_else(|_| HeaderValue::from_static(r#"Bearer error="invalid_token""#));
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, value);
    response
}
