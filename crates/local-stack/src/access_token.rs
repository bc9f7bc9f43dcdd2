//! Verification of access tokens, shared by `/oauth2/userInfo` and the Tasks API.
//!
//! The Tasks API trusts the user pool the way a resource server trusts Cognito: RS256 signature
//! by a published key, `iss`, `exp`, `token_use == "access"` and the app client's `client_id`.
//! Access tokens carry no `aud`, so there is no audience check. Switched to ID tokens (as an
//! API Gateway Cognito authorizer without OAuth scopes), it wants `token_use == "id"` and the
//! app client as `aud` instead.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::jwt::{self, JwtError};
use crate::keys::KeyStore;
use crate::options::ApiToken;

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum Rejection {
    #[error(transparent)]
    Jwt(#[from] JwtError),
    #[error("the token was issued by another issuer")]
    WrongIssuer,
    #[error("the token is not an access token")]
    NotAccessToken,
    #[error("the token is not an ID token")]
    NotIdToken,
    #[error("the token was issued to another client")]
    WrongClient,
    #[error("the token has expired")]
    Expired,
}

/// Checks access tokens against one user pool and app client.
#[derive(Clone)]
pub struct AccessTokenVerifier {
    pub keys: Arc<KeyStore>,
    pub issuer: String,
    pub client_id: String,
    /// Which kind of token is accepted.
    pub accepts: ApiToken,
}

impl AccessTokenVerifier {
    pub fn verify(&self, token: &str, now_secs: u64) -> Result<Map<String, Value>, Rejection> {
        let decoded = jwt::verify(token, |kid| {
            self.keys.published_key(kid).map(|k| k.verifying.clone())
        })?;
        check_claims(
            decoded.claims,
            &self.issuer,
            &self.client_id,
            self.accepts,
            now_secs,
        )
    }
}

fn check_claims(
    claims: Map<String, Value>,
    issuer: &str,
    client_id: &str,
    accepts: ApiToken,
    now_secs: u64,
) -> Result<Map<String, Value>, Rejection> {
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    if text("iss") != Some(issuer) {
        return Err(Rejection::WrongIssuer);
    }
    match accepts {
        ApiToken::Access => {
            if text("token_use") != Some("access") {
                return Err(Rejection::NotAccessToken);
            }
            if text("client_id") != Some(client_id) {
                return Err(Rejection::WrongClient);
            }
        }
        ApiToken::Id => {
            if text("token_use") != Some("id") {
                return Err(Rejection::NotIdToken);
            }
            let audience_ok = match claims.get("aud") {
                Some(Value::String(aud)) => aud == client_id,
                Some(Value::Array(auds)) => auds.iter().any(|aud| aud.as_str() == Some(client_id)),
                _ => false,
            };
            if !audience_ok {
                return Err(Rejection::WrongClient);
            }
        }
    }
    match claims.get("exp").and_then(Value::as_u64) {
        Some(exp) if exp > now_secs => Ok(claims),
        _ => Err(Rejection::Expired),
    }
}

/// The `token_use` claim of a token without verifying it: for the test request log only.
pub fn unverified_token_use(token: &str) -> Option<String> {
    let decoded = jwt::decode(token).ok()?;
    decoded
        .claims
        .get("token_use")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The bearer token of an `Authorization` header value, if it is one.
pub fn bearer(header_value: &str) -> Option<&str> {
    let (scheme, token) = header_value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    fn good() -> Value {
        json!({ "iss": "http://i/p", "token_use": "access", "client_id": "c", "exp": 200 })
    }

    #[test]
    fn accepts_a_current_access_token() {
        assert!(check_claims(claims(good()), "http://i/p", "c", ApiToken::Access, 100).is_ok());
    }

    fn good_id() -> Value {
        json!({ "iss": "http://i/p", "token_use": "id", "aud": "c", "exp": 200 })
    }

    #[test]
    fn in_id_mode_accepts_id_tokens_for_this_client_only() {
        let check =
            |value: Value| check_claims(claims(value), "http://i/p", "c", ApiToken::Id, 100);
        assert!(check(good_id()).is_ok());
        let mut listed = good_id();
        listed["aud"] = json!(["other", "c"]);
        assert!(check(listed).is_ok());
        assert_eq!(check(good()).err(), Some(Rejection::NotIdToken));
        let mut other = good_id();
        other["aud"] = json!("d");
        assert_eq!(check(other).err(), Some(Rejection::WrongClient));
        let mut no_aud = good_id();
        if let Some(fields) = no_aud.as_object_mut() {
            fields.remove("aud");
        }
        assert_eq!(check(no_aud).err(), Some(Rejection::WrongClient));
        let mut expired = good_id();
        expired["exp"] = json!(90);
        assert_eq!(check(expired).err(), Some(Rejection::Expired));
        assert_eq!(
            check_claims(claims(good_id()), "http://i/p", "c", ApiToken::Access, 100).err(),
            Some(Rejection::NotAccessToken)
        );
    }

    #[test]
    fn rejects_each_broken_claim() {
        let mut expired = good();
        expired["exp"] = json!(100);
        assert_eq!(
            check_claims(claims(expired), "http://i/p", "c", ApiToken::Access, 100).err(),
            Some(Rejection::Expired)
        );
        let mut id = good();
        id["token_use"] = json!("id");
        assert_eq!(
            check_claims(claims(id), "http://i/p", "c", ApiToken::Access, 100).err(),
            Some(Rejection::NotAccessToken)
        );
        assert_eq!(
            check_claims(claims(good()), "http://other", "c", ApiToken::Access, 100).err(),
            Some(Rejection::WrongIssuer)
        );
        assert_eq!(
            check_claims(claims(good()), "http://i/p", "d", ApiToken::Access, 100).err(),
            Some(Rejection::WrongClient)
        );
    }

    #[test]
    fn bearer_parsing() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer abc"), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer "), None);
        assert_eq!(bearer("Bearer"), None);
    }
}
