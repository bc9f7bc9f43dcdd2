//! The user pool's signing keys (JWKS) and choosing the one that signed a token.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A JSON Web Key Set, each key kept as the JSON the browser's WebCrypto imports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Value>,
}

/// The outcome of looking for a token's key.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyChoice {
    /// Verify with this JWK.
    Use(Value),
    /// No key has this `kid`: the pool may have rotated keys, so fetch the JWKS again once.
    UnknownKid,
    /// The token has no `kid` and the set holds several keys: refuse rather than guess.
    Ambiguous,
}

impl Jwks {
    /// The RSA signature keys; others (encryption keys, EC keys) cannot verify RS256.
    fn rsa_signing_keys(&self) -> impl Iterator<Item = &Value> {
        self.keys.iter().filter(|key| {
            key.get("kty").and_then(Value::as_str) == Some("RSA")
                && key
                    .get("use")
                    .and_then(Value::as_str)
                    .is_none_or(|u| u == "sig")
                && key
                    .get("alg")
                    .and_then(Value::as_str)
                    .is_none_or(|a| a == "RS256")
        })
    }

    /// Chooses the key for a token header's `kid`.
    pub fn choose(&self, kid: Option<&str>) -> KeyChoice {
        match kid {
            Some(kid) => self
                .rsa_signing_keys()
                .find(|key| key.get("kid").and_then(Value::as_str) == Some(kid))
                .cloned()
                .map_or(KeyChoice::UnknownKid, KeyChoice::Use),
            None => {
                let mut keys = self.rsa_signing_keys();
                match (keys.next(), keys.next()) {
                    (Some(only), None) => KeyChoice::Use(only.clone()),
                    (None, _) => KeyChoice::UnknownKid,
                    (Some(_), Some(_)) => KeyChoice::Ambiguous,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(kid: &str) -> Value {
        json!({"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig", "n": "AQAB", "e": "AQAB"})
    }

    #[test]
    fn picks_by_kid() {
        let jwks = Jwks {
            keys: vec![key("a"), key("b")],
        };
        assert_eq!(jwks.choose(Some("b")), KeyChoice::Use(key("b")));
        assert_eq!(jwks.choose(Some("c")), KeyChoice::UnknownKid);
    }

    #[test]
    fn no_kid_needs_exactly_one_key() {
        assert_eq!(
            Jwks {
                keys: vec![key("a")]
            }
            .choose(None),
            KeyChoice::Use(key("a"))
        );
        assert_eq!(
            Jwks {
                keys: vec![key("a"), key("b")]
            }
            .choose(None),
            KeyChoice::Ambiguous
        );
        assert_eq!(Jwks { keys: vec![] }.choose(None), KeyChoice::UnknownKid);
    }

    #[test]
    fn ignores_keys_that_cannot_verify_rs256() {
        let mut encryption = key("a");
        encryption["use"] = json!("enc");
        let mut ec = key("b");
        ec["kty"] = json!("EC");
        let mut hmac = key("c");
        hmac["alg"] = json!("HS256");
        let jwks = Jwks {
            keys: vec![encryption, ec, hmac, key("d")],
        };
        assert_eq!(jwks.choose(Some("a")), KeyChoice::UnknownKid);
        assert_eq!(jwks.choose(Some("c")), KeyChoice::UnknownKid);
        assert_eq!(jwks.choose(None), KeyChoice::Use(key("d")));
    }

    #[test]
    fn parses_cognito_jwks() {
        let jwks: Jwks = serde_json::from_str(
            r#"{"keys":[{"alg":"RS256","e":"AQAB","kid":"x","kty":"RSA","n":"abc","use":"sig"}]}"#,
        )
        .expect("cognito shape");
        assert!(matches!(jwks.choose(Some("x")), KeyChoice::Use(_)));
    }
}
