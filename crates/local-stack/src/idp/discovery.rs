//! OIDC discovery document and JWKS, under the issuer path as on Cognito.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::IdpState;

pub async fn openid_configuration(State(state): State<Arc<IdpState>>) -> Json<Value> {
    let config = &state.config;
    // A test switch can make the document name another issuer, as a misconfigured proxy would.
    let issuer = state
        .data()
        .behaviour
        .discovery_issuer
        .clone()
        .unwrap_or_else(|| config.issuer.clone());
    // Endpoints sit on the auth domain, not under the issuer: a client must not assume they do.
    let domain = &config.auth_domain;
    Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{domain}/oauth2/authorize"),
        "token_endpoint": format!("{domain}/oauth2/token"),
        "userinfo_endpoint": format!("{domain}/oauth2/userInfo"),
        "revocation_endpoint": format!("{domain}/oauth2/revoke"),
        "end_session_endpoint": format!("{domain}/logout"),
        "jwks_uri": format!("{}/.well-known/jwks.json", config.issuer),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "email", "phone", "profile"],
        "subject_types_supported": ["public"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "email",
            "email_verified", "name", "cognito:username"],
    }))
}

pub async fn jwks(State(state): State<Arc<IdpState>>) -> Response {
    let (unavailable, only_id_key) = {
        let data = state.data();
        (
            data.behaviour.jwks_unavailable,
            data.behaviour.jwks_only_id_key,
        )
    };
    if unavailable {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "JWKS unavailable (test switch)",
        )
            .into_response();
    }
    if only_id_key {
        return Json(json!({ "keys": [state.keys.id_key().jwk()] })).into_response();
    }
    Json(state.keys.jwks()).into_response()
}
