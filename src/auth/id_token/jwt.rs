//! Splitting a compact JWS, once, into the pieces signature verification needs and the payload
//! the claims are read from, and reading its header.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

/// The protected header fields that matter for choosing and using a key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct JwtHeader {
    pub alg: String,
    pub kid: Option<String>,
}

/// A compact JWS taken apart: header, the exact signed bytes, and the raw signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedJwt {
    pub header: JwtHeader,
    /// `base64url(header) + "." + base64url(payload)`: what the signature covers.
    pub signing_input: Vec<u8>,
    pub signature: Vec<u8>,
    /// The payload segment, still base64url: its claims are read once the signature holds
    /// (`claims::decode_payload`), without taking the token apart a second time.
    pub payload: String,
}

/// Why a token cannot even be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    #[error("the token is not a well-formed JWT")]
    Malformed,
    #[error("the token is signed with {0}, but only RS256 is accepted")]
    UnsupportedAlgorithm(String),
}

/// Parses a compact JWS and insists on RS256: `none` and HMAC (`HS*`) tokens are refused
/// before any key is looked at, which rules out algorithm-confusion attacks.
pub fn parse_signed_jwt(token: &str) -> Result<SignedJwt, JwtError> {
    let (header, payload, signature) = segments(token).ok_or(JwtError::Malformed)?;
    let header_bytes = URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|_| JwtError::Malformed)?;
    let parsed: JwtHeader =
        serde_json::from_slice(&header_bytes).map_err(|_| JwtError::Malformed)?;
    if parsed.alg != "RS256" {
        return Err(JwtError::UnsupportedAlgorithm(parsed.alg));
    }
    if payload.is_empty() || signature.is_empty() {
        return Err(JwtError::Malformed);
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| JwtError::Malformed)?;
    Ok(SignedJwt {
        header: parsed,
        signing_input: format!("{header}.{payload}").into_bytes(),
        signature,
        payload: payload.to_string(),
    })
}

/// The header, payload and signature segments of a compact JWS: exactly three, split on `.`.
pub fn segments(token: &str) -> Option<(&str, &str, &str)> {
    let mut parts = token.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(header), Some(payload), Some(signature), None) => Some((header, payload, signature)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(header: &str, payload: &str, signature: &str) -> String {
        format!(
            "{}.{}.{signature}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn splits_an_rs256_token() {
        let jwt = token(r#"{"alg":"RS256","kid":"k1"}"#, r#"{"sub":"x"}"#, "c2ln");
        let parsed = parse_signed_jwt(&jwt).expect("valid");
        assert_eq!(parsed.header.kid.as_deref(), Some("k1"));
        assert_eq!(parsed.signature, b"sig");
        let (input, _) = jwt.rsplit_once('.').expect("dot");
        assert_eq!(parsed.signing_input, input.as_bytes());
        assert_eq!(parsed.payload, URL_SAFE_NO_PAD.encode(r#"{"sub":"x"}"#));
    }

    #[test]
    fn refuses_none_and_hmac() {
        let none = token(r#"{"alg":"none"}"#, r#"{"sub":"x"}"#, "");
        assert_eq!(
            parse_signed_jwt(&none),
            Err(JwtError::UnsupportedAlgorithm("none".into()))
        );
        let hmac = token(r#"{"alg":"HS256","kid":"k1"}"#, r#"{"sub":"x"}"#, "c2ln");
        assert_eq!(
            parse_signed_jwt(&hmac),
            Err(JwtError::UnsupportedAlgorithm("HS256".into()))
        );
    }

    #[test]
    fn refuses_malformed_tokens() {
        for bad in ["", "a.b", "a.b.c.d", "!!.e30.c2ln"] {
            assert_eq!(parse_signed_jwt(bad), Err(JwtError::Malformed), "{bad}");
        }
        let no_alg = token(r#"{"kid":"k"}"#, "{}", "c2ln");
        assert_eq!(parse_signed_jwt(&no_alg), Err(JwtError::Malformed));
        let empty_signature = token(r#"{"alg":"RS256"}"#, "{}", "");
        assert_eq!(parse_signed_jwt(&empty_signature), Err(JwtError::Malformed));
    }
}
