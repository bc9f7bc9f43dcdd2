//! `POST /oauth2/revoke`: revokes a refresh token (access tokens are refused, as on Cognito).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::IdpState;
use super::oauth_error::OAuthError;
use super::token::parse_form;
use crate::jwt;

pub async fn revoke(
    State(state): State<Arc<IdpState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match revoke_token(&state, &headers, &body) {
        Ok(()) => StatusCode::OK.into_response(),
        Err(error) => error.into_response(),
    }
}

fn revoke_token(state: &IdpState, headers: &HeaderMap, body: &[u8]) -> Result<(), OAuthError> {
    let form = parse_form(headers, body)?;
    let token = form
        .get("token")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| OAuthError::invalid_request("token is required"))?;
    if form.get("client_id").map(String::as_str) != Some(state.config.client_id.as_str()) {
        return Err(OAuthError::new("invalid_client", "Client does not exist"));
    }
    // Our refresh tokens are opaque; anything that decodes as a JWT is an access or ID token.
    if jwt::decode(token).is_ok() {
        return Err(OAuthError::new(
            "unsupported_token_type",
            "Only refresh tokens can be revoked",
        ));
    }
    let mut data = state.data();
    let origin = data.refresh_tokens.get_mut(token).map(|grant| {
        grant.revoked = true;
        grant.sign_in.origin_jti.clone()
    });
    if let Some(origin) = origin {
        // Every refresh token of that sign-in (rotation may have made several) goes too.
        for grant in data.refresh_tokens.values_mut() {
            if grant.sign_in.origin_jti == origin {
                grant.revoked = true;
            }
        }
        data.revoked_origins.insert(origin);
    }
    // An unknown token is not an error (RFC 7009 section 2.2).
    Ok(())
}
