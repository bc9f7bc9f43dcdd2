//! OIDC discovery document and JWKS, under the issuer path as on Cognito.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::IdpState;

pub async fn openid_configuration(State(state): State<Arc<IdpState>>) -> Json<Value> {
    let config = &state.config;
    // Endpoints sit on the auth domain, not under the issuer: a client must not assume they do.
    let domain = &config.auth_domain;
    Json(json!({
        "issuer": config.issuer,
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

pub async fn jwks(State(state): State<Arc<IdpState>>) -> Json<Value> {
    Json(state.keys.jwks())
}
