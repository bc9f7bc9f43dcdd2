//! Verifying an ID token end to end: the compact JWS is taken apart once (`jwt.rs`), its RS256
//! signature checked with a key from the JWKS (`signature.rs`), then the claims it carries
//! (`claims.rs`, where `iss`, `aud`, `exp`, the nonce and the rest are checked).

pub(crate) mod claims;
pub(crate) mod jwks;
pub(crate) mod jwt;
pub(crate) mod refreshed;
pub(crate) mod signature;
pub(crate) mod signing_keys;
pub(crate) mod webcrypto;

use crate::config::Config;
use claims::{ClaimsError, Expected, IdClaims, decode_payload, validate_claims};
use jwt::{JwtError, parse_signed_jwt};
use signing_keys::MetadataError;
use webcrypto::WebCryptoError;

/// Why an ID token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdTokenError {
    #[error("{0}")]
    Jwt(#[from] JwtError),
    #[error("{0}")]
    Keys(#[from] MetadataError),
    #[error("the ID token is signed with a key the sign-in service does not publish")]
    UnknownKey,
    #[error("the ID token names no key and the sign-in service has several")]
    AmbiguousKey,
    #[error("the ID token's signature is not valid")]
    BadSignature,
    #[error("{0}")]
    WebCrypto(#[from] WebCryptoError),
    #[error("{0}")]
    Claims(#[from] ClaimsError),
}

/// Verifies signature and claims, returning the claims of a token that passed both. The
/// payload is decoded only after the signature holds.
pub async fn verify_id_token(
    config: &Config,
    token: &str,
    expected: &Expected<'_>,
) -> Result<IdClaims, IdTokenError> {
    let signed = parse_signed_jwt(token)?;
    signature::verify_signature(config, &signed).await?;
    let claims = decode_payload(&signed.payload)?;
    validate_claims(&claims, expected)?;
    Ok(claims)
}
