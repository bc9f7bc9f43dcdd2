//! `POST /oauth2/token`: the authorization-code and refresh-token grants.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::claims::{TokenContext, access_claims, id_claims};
use super::faults::{Fault, Signing};
use super::grants::{ROTATION_GRACE_MS, RefreshGrant, SignIn};
use super::hooks::TokenRequestRecord;
use super::oauth_error::OAuthError;
use super::{IdpState, PoolUser};
use crate::keys::KeyPair;
use crate::{clock, jwt, pkce, random};

pub async fn token(
    State(state): State<Arc<IdpState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = parse_form(&headers, &body);
    let grant_type = form
        .as_ref()
        .ok()
        .and_then(|f| f.get("grant_type").cloned())
        .unwrap_or_default();
    let behaviour = state.data().behaviour.clone();
    if let Some(delay) = behaviour.token_delay() {
        tokio::time::sleep(delay).await;
    }
    // A test outage answers before the code or refresh token is looked at, as a failing
    // server in front of Cognito would: the grant stays usable.
    let outage = behaviour
        .token_status
        .and_then(|status| StatusCode::from_u16(status).ok());
    let result = match (outage, form) {
        (Some(_), _) => Err(OAuthError::new(
            "server_error",
            "The service is unavailable (test switch)",
        )),
        (None, Ok(form)) => exchange(&state, &form).await,
        (None, Err(error)) => Err(error),
    };
    let status = match (&result, outage) {
        (Ok(_), _) => StatusCode::OK,
        (Err(_), Some(status)) => status,
        (Err(_), None) => StatusCode::BAD_REQUEST,
    };
    state.data().token_log.push(TokenRequestRecord {
        grant_type,
        status: status.as_u16(),
        error: result.as_ref().err().map(|e| e.error.to_owned()),
    });
    let mut response = match result {
        Ok(body) => (StatusCode::OK, Json(body)).into_response(),
        Err(error) => {
            let mut response = error.into_response();
            *response.status_mut() = status;
            response
        }
    };
    // Token responses must never be cached (RFC 6749 section 5.1).
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// Parses an `application/x-www-form-urlencoded` body. Repeated parameters are an error
/// (RFC 6749 section 3.2).
pub fn parse_form(headers: &HeaderMap, body: &[u8]) -> Result<HashMap<String, String>, OAuthError> {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(OAuthError::invalid_request(
            "Content-Type must be application/x-www-form-urlencoded",
        ));
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
        .map_err(|_| OAuthError::invalid_request("the body is not a valid form"))?;
    let mut form = HashMap::new();
    for (name, value) in pairs {
        if form.insert(name.clone(), value).is_some() {
            return Err(OAuthError::invalid_request(format!(
                "parameter {name} is repeated"
            )));
        }
    }
    Ok(form)
}

fn required<'a>(form: &'a HashMap<String, String>, name: &str) -> Result<&'a str, OAuthError> {
    form.get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| OAuthError::invalid_request(format!("{name} is required")))
}

async fn exchange(
    state: &Arc<IdpState>,
    form: &HashMap<String, String>,
) -> Result<Value, OAuthError> {
    let grant_type = required(form, "grant_type")?;
    if required(form, "client_id")? != state.config.client_id {
        return Err(OAuthError::new("invalid_client", "Client does not exist"));
    }
    match grant_type {
        "authorization_code" => code_grant(state, form).await,
        "refresh_token" => refresh_grant(state, form).await,
        _ => Err(OAuthError::new(
            "unsupported_grant_type",
            "grant_type must be authorization_code or refresh_token",
        )),
    }
}

async fn code_grant(
    state: &Arc<IdpState>,
    form: &HashMap<String, String>,
) -> Result<Value, OAuthError> {
    let code = required(form, "code")?;
    let redirect_uri = required(form, "redirect_uri")?;
    let verifier = required(form, "code_verifier")?;
    let now_ms = clock::now_ms();
    // Removed on first use whatever the outcome: a code is never exchanged twice.
    let grant =
        state.data().codes.remove(code).ok_or_else(|| {
            OAuthError::invalid_grant("Invalid or already used authorization code")
        })?;
    if grant.expires_at_ms <= now_ms {
        return Err(OAuthError::invalid_grant(
            "The authorization code has expired",
        ));
    }
    if grant.redirect_uri != redirect_uri {
        return Err(OAuthError::invalid_grant(
            "redirect_uri does not match the one used at authorize",
        ));
    }
    if !pkce::verify_s256(verifier, &grant.code_challenge) {
        return Err(OAuthError::invalid_grant(
            "code_verifier does not match code_challenge",
        ));
    }
    let user = find_user(state, &grant.sign_in)?;
    let refresh_token = new_refresh_token(state, &grant.sign_in, now_ms);
    issue(
        state,
        &user,
        &grant.sign_in,
        grant.nonce.as_deref(),
        Some(refresh_token),
    )
    .await
}

async fn refresh_grant(
    state: &Arc<IdpState>,
    form: &HashMap<String, String>,
) -> Result<Value, OAuthError> {
    let presented = required(form, "refresh_token")?;
    let now_ms = clock::now_ms();
    let sign_in = {
        let mut data = state.data();
        let grant = data
            .refresh_tokens
            .get_mut(presented)
            .ok_or_else(|| OAuthError::invalid_grant("Invalid Refresh Token"))?;
        if let Some(reason) = grant.refusal(now_ms) {
            return Err(OAuthError::invalid_grant(reason));
        }
        if state.config.refresh_rotation && grant.retire_at_ms.is_none() {
            grant.retire_at_ms = Some(now_ms + ROTATION_GRACE_MS);
        }
        grant.sign_in.clone()
    };
    let user = find_user(state, &sign_in)?;
    // Cognito sends a refresh token back only when rotation is on; otherwise the client keeps
    // the one it has.
    let rotated = state
        .config
        .refresh_rotation
        .then(|| new_refresh_token(state, &sign_in, now_ms));
    issue(state, &user, &sign_in, None, rotated).await
}

fn find_user(state: &IdpState, sign_in: &SignIn) -> Result<PoolUser, OAuthError> {
    state
        .user(&sign_in.username)
        .cloned()
        .ok_or_else(|| OAuthError::invalid_grant("User does not exist"))
}

fn new_refresh_token(state: &IdpState, sign_in: &SignIn, now_ms: u64) -> String {
    let token = random::token(48);
    state.data().refresh_tokens.insert(
        token.clone(),
        RefreshGrant {
            sign_in: sign_in.clone(),
            expires_at_ms: now_ms + state.config.refresh_ttl_secs * 1000,
            revoked: false,
            retire_at_ms: None,
        },
    );
    token
}

/// Builds and signs the tokens, applying the next queued test fault, if any.
async fn issue(
    state: &Arc<IdpState>,
    user: &PoolUser,
    sign_in: &SignIn,
    nonce: Option<&str>,
    refresh_token: Option<String>,
) -> Result<Value, OAuthError> {
    let fault = state.data().faults.pop_front();
    let config = &state.config;
    let now = clock::now_secs();
    let ctx = TokenContext {
        issuer: &config.issuer,
        client_id: &config.client_id,
        user,
        sign_in,
        nonce,
        now,
        id_ttl: config.id_ttl_secs,
        access_ttl: config.access_ttl_secs,
    };
    let mut id = id_claims(&ctx, &random::uuid());
    let access = Value::Object(access_claims(&ctx, &random::uuid()));
    if let Some(fault) = fault {
        fault.alter_id_claims(&mut id, now, config.id_ttl_secs);
    }
    let id = Value::Object(id);

    let access_key = state.keys.access_key();
    let access_token = jwt::sign(
        &rs256_header(Some(&access_key.kid)),
        &access,
        &access_key.signing,
    );
    let id_token = match fault.map_or(Signing::Normal, Fault::signing) {
        Signing::Normal => {
            let key = state.keys.id_key();
            jwt::sign(&rs256_header(Some(&key.kid)), &id, &key.signing)
        }
        Signing::NoKid => jwt::sign(&rs256_header(None), &id, &state.keys.id_key().signing),
        Signing::Corrupted => {
            let key = state.keys.id_key();
            corrupt_signature(&jwt::sign(&rs256_header(Some(&key.kid)), &id, &key.signing))
        }
        Signing::Unsigned => jwt::unsigned(&json!({ "alg": "none", "typ": "JWT" }), &id),
        Signing::UnpublishedKey => {
            let key = fresh_key().await?;
            jwt::sign(&rs256_header(Some(&key.kid)), &id, &key.signing)
        }
        Signing::RotatedKey => {
            let key = Arc::new(fresh_key().await?);
            let token = jwt::sign(&rs256_header(Some(&key.kid)), &id, &key.signing);
            // Published only now, after signing: a client holding a cached JWKS must re-fetch.
            state.keys.set_id_key(key.clone());
            state.keys.publish(key);
            token
        }
    };

    let mut body = json!({
        "access_token": access_token,
        "id_token": id_token,
        "token_type": "Bearer",
        "expires_in": config.access_ttl_secs,
    });
    if let Some(refresh_token) = refresh_token
        && !fault.is_some_and(Fault::omits_refresh_token)
    {
        body["refresh_token"] = json!(refresh_token);
    }
    Ok(body)
}

fn rs256_header(kid: Option<&str>) -> Value {
    match kid {
        Some(kid) => json!({ "alg": "RS256", "kid": kid, "typ": "JWT" }),
        None => json!({ "alg": "RS256", "typ": "JWT" }),
    }
}

async fn fresh_key() -> Result<KeyPair, OAuthError> {
    match tokio::task::spawn_blocking(KeyPair::generate).await {
        Ok(Ok(key)) => Ok(key),
        _ => Err(OAuthError::new("server_error", "key generation failed")),
    }
}

/// Flips bits in the signature so it no longer verifies while still looking well-formed.
fn corrupt_signature(token: &str) -> String {
    let Some((signing_input, signature)) = token.rsplit_once('.') else {
        return token.to_owned();
    };
    let mut bytes = URL_SAFE_NO_PAD.decode(signature).unwrap_or_default();
    for byte in bytes.iter_mut().take(8) {
        *byte ^= 0x5a;
    }
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_parsing_rejects_wrong_type_and_repeats() {
        let mut headers = HeaderMap::new();
        assert!(parse_form(&headers, b"a=1").is_err());
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded; charset=UTF-8"),
        );
        let form = parse_form(&headers, b"a=1&b=x+y").expect("parses");
        assert_eq!(form.get("b").map(String::as_str), Some("x y"));
        assert!(parse_form(&headers, b"a=1&a=2").is_err());
    }

    #[test]
    fn corrupted_signature_changes_only_the_signature() {
        let token = format!("h.p.{}", URL_SAFE_NO_PAD.encode([1u8; 32]));
        let bad = corrupt_signature(&token);
        assert!(bad.starts_with("h.p."));
        assert_ne!(bad, token);
    }
}
