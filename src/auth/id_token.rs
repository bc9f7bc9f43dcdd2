//! Verifying an ID token end to end: RS256 signature with a key from the JWKS (re-fetched once
//! for an unknown `kid`), then the claims.

use super::claims::{ClaimsError, Expected, IdClaims, decode_claims, validate_claims};
use super::idp_metadata::{MetadataError, signing_keys};
use super::jwks::KeyChoice;
use super::jwt::{JwtError, parse_signed_jwt};
use super::webcrypto::{WebCryptoError, verify_rs256};
use crate::config::Config;

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

/// Verifies signature and claims, returning the claims of a token that passed both.
pub async fn verify_id_token(
    config: &Config,
    token: &str,
    expected: &Expected<'_>,
) -> Result<IdClaims, IdTokenError> {
    let signed = parse_signed_jwt(token)?;
    let kid = signed.header.kid.as_deref();
    let mut choice = signing_keys(config, false).await?.choose(kid);
    if choice == KeyChoice::UnknownKid {
        // The pool may have rotated its keys since they were cached: look once more.
        choice = signing_keys(config, true).await?.choose(kid);
    }
    let key = match choice {
        KeyChoice::Use(key) => key,
        KeyChoice::UnknownKid => return Err(IdTokenError::UnknownKey),
        KeyChoice::Ambiguous => return Err(IdTokenError::AmbiguousKey),
    };
    if !verify_rs256(&key, &signed).await? {
        return Err(IdTokenError::BadSignature);
    }
    let claims = decode_claims(token)?;
    validate_claims(&claims, expected)?;
    Ok(claims)
}
