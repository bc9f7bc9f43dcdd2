//! Compact JWS (JWT) encoding and RS256 verification, nothing more.
//!
//! Claim checks (issuer, expiry, token use) live with the callers that know the rules.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use serde_json::{Map, Value};
use sha2::Sha256;

#[derive(Debug, Clone, Copy, thiserror::Error, PartialEq, Eq)]
pub enum JwtError {
    #[error("the token is not a compact JWT (three base64url parts)")]
    Malformed,
    #[error("the token header or payload is not a JSON object")]
    NotJson,
    #[error("the token algorithm is not RS256")]
    WrongAlgorithm,
    #[error("the token names no known signing key")]
    UnknownKey,
    #[error("the token signature does not verify")]
    BadSignature,
}

/// A token split into its parts, not yet verified.
#[derive(Debug)]
pub struct Decoded {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    signing_input: String,
    signature: Vec<u8>,
}

impl Decoded {
    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }
}

/// Encodes `header` and `claims` and signs them with RS256.
pub fn sign(header: &Value, claims: &Value, key: &SigningKey<Sha256>) -> String {
    let signing_input = signing_input(header, claims);
    let signature = key.sign(signing_input.as_bytes()).to_bytes();
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// Encodes a token with an empty signature (for `alg: none` test faults).
pub fn unsigned(header: &Value, claims: &Value) -> String {
    format!("{}.", signing_input(header, claims))
}

fn signing_input(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// Splits and decodes a token without checking the signature.
pub fn decode(token: &str) -> Result<Decoded, JwtError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Malformed);
    };
    let json_object = |part: &str| -> Result<Map<String, Value>, JwtError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|_| JwtError::Malformed)?;
        match serde_json::from_slice(&bytes) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(JwtError::NotJson),
        }
    };
    Ok(Decoded {
        header: json_object(header)?,
        claims: json_object(payload)?,
        signing_input: format!("{header}.{payload}"),
        signature: URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| JwtError::Malformed)?,
    })
}

/// Decodes a token and verifies its RS256 signature with the key `find_key` returns for its kid.
pub fn verify<F>(token: &str, find_key: F) -> Result<Decoded, JwtError>
where
    F: FnOnce(&str) -> Option<VerifyingKey<Sha256>>,
{
    let decoded = decode(token)?;
    // Only RS256: `none` and HMAC (key confusion) must never pass.
    if decoded.header.get("alg").and_then(Value::as_str) != Some("RS256") {
        return Err(JwtError::WrongAlgorithm);
    }
    let key = decoded
        .kid()
        .and_then(find_key)
        .ok_or(JwtError::UnknownKey)?;
    let signature =
        Signature::try_from(decoded.signature.as_slice()).map_err(|_| JwtError::BadSignature)?;
    key.verify(decoded.signing_input.as_bytes(), &signature)
        .map_err(|_| JwtError::BadSignature)?;
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeyPair;
    use serde_json::json;

    fn header(kid: &str) -> Value {
        json!({ "alg": "RS256", "kid": kid, "typ": "JWT" })
    }

    #[test]
    fn round_trip_verifies_and_keeps_claims() {
        let key = KeyPair::generate().expect("key generation");
        let token = sign(
            &header(&key.kid),
            &json!({ "sub": "abc", "n": 1 }),
            &key.signing,
        );
        let decoded = verify(&token, |kid| {
            (kid == key.kid).then(|| key.verifying.clone())
        })
        .expect("verifies");
        assert_eq!(decoded.claims.get("sub"), Some(&json!("abc")));
        assert_eq!(decoded.kid(), Some(key.kid.as_str()));
    }

    #[test]
    fn tampered_payload_fails() {
        let key = KeyPair::generate().expect("key generation");
        let token = sign(&header(&key.kid), &json!({ "sub": "abc" }), &key.signing);
        let parts: Vec<&str> = token.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(json!({ "sub": "evil" }).to_string());
        let tampered = format!("{}.{}.{}", parts[0], forged, parts[2]);
        let result = verify(&tampered, |_| Some(key.verifying.clone()));
        assert_eq!(result.err(), Some(JwtError::BadSignature));
    }

    #[test]
    fn alg_none_and_unknown_kid_are_rejected() {
        let key = KeyPair::generate().expect("key generation");
        let none = unsigned(&json!({ "alg": "none", "kid": key.kid }), &json!({}));
        assert_eq!(
            verify(&none, |_| Some(key.verifying.clone())).err(),
            Some(JwtError::WrongAlgorithm)
        );
        let token = sign(&header("other"), &json!({}), &key.signing);
        assert_eq!(verify(&token, |_| None).err(), Some(JwtError::UnknownKey));
    }

    #[test]
    fn garbage_is_malformed() {
        assert_eq!(decode("abc").err(), Some(JwtError::Malformed));
        assert_eq!(decode("a.b.c.d").err(), Some(JwtError::Malformed));
        assert_eq!(decode("!!.??.x").err(), Some(JwtError::Malformed));
    }
}
