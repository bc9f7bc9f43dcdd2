//! The user pool's signing keys (JWKS) and choosing the one that signed a token.

use serde::{Deserialize, Serialize};

/// A JSON Web Key Set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

/// The members of a JSON Web Key that choosing and importing an RSA key needs; others (`x5c`,
/// `key_ops`...) are ignored. Typed rather than a JSON `Value` per key: no generic JSON tree to
/// build, clone and walk (with the claims' visitors below, 7 KB less wasm).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Jwk {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kty: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
    pub key_use: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// RSA modulus, base64url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    /// RSA public exponent, base64url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
}

/// The outcome of looking for a token's key.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyChoice {
    /// Verify with this JWK.
    Use(Jwk),
    /// No key has this `kid`: the pool may have rotated keys, so fetch the JWKS again once.
    UnknownKid,
    /// The token has no `kid` and the set holds several keys: refuse rather than guess.
    Ambiguous,
}

impl Jwks {
    /// The RSA signature keys; others (encryption keys, EC keys) cannot verify RS256.
    fn rsa_signing_keys(&self) -> impl Iterator<Item = &Jwk> {
        self.keys.iter().filter(|key| {
            key.kty.as_deref() == Some("RSA")
                && key.key_use.as_deref().is_none_or(|u| u == "sig")
                && key.alg.as_deref().is_none_or(|a| a == "RS256")
        })
    }

    /// Chooses the key for a token header's `kid`.
    pub fn choose(&self, kid: Option<&str>) -> KeyChoice {
        match kid {
            Some(kid) => self
                .rsa_signing_keys()
                .find(|key| key.kid.as_deref() == Some(kid))
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

    fn key(kid: &str) -> Jwk {
        let text = format!(
            r#"{{"kty":"RSA","kid":"{kid}","alg":"RS256","use":"sig","n":"AQAB","e":"AQAB"}}"#
        );
        serde_json::from_str(&text).expect("test key")
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
        encryption.key_use = Some("enc".into());
        let mut ec = key("b");
        ec.kty = Some("EC".into());
        let mut hmac = key("c");
        hmac.alg = Some("HS256".into());
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

    #[test]
    fn ignores_members_it_does_not_use_and_round_trips_through_the_cache() {
        let jwks: Jwks = serde_json::from_str(
            r#"{"keys":[{"kty":"RSA","kid":"x","n":"abc","e":"AQAB","x5c":["MIIB"],"key_ops":["verify"]}]}"#,
        )
        .expect("extra members");
        let cached = serde_json::to_string(&jwks).expect("serialise");
        assert_eq!(
            cached,
            r#"{"keys":[{"kty":"RSA","kid":"x","n":"abc","e":"AQAB"}]}"#
        );
        assert_eq!(serde_json::from_str::<Jwks>(&cached).ok(), Some(jwks));
    }
}
