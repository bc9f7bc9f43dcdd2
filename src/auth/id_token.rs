//! Verifying an ID token end to end: RS256 signature with a key from the JWKS (re-fetched once
//! for an unknown `kid`, or for a signature that fails with cached keys), then the claims.

use super::claims::{ClaimsError, Expected, IdClaims, decode_claims, validate_claims};
use super::idp_metadata::{KeysOrigin, MetadataError, signing_keys_from};
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
    let mut refetched = false;
    loop {
        let (jwks, origin) = signing_keys_from(config, refetched).await?;
        let outcome = match jwks.choose(kid) {
            KeyChoice::Use(key) => match verify_rs256(&key, &signed).await? {
                true => Ok(()),
                false => Err(IdTokenError::BadSignature),
            },
            KeyChoice::UnknownKid => Err(IdTokenError::UnknownKey),
            KeyChoice::Ambiguous => Err(IdTokenError::AmbiguousKey),
        };
        match outcome {
            Ok(()) => break,
            Err(error) if look_again(&error, origin, refetched) => refetched = true,
            Err(error) => return Err(error),
        }
    }
    let claims = decode_claims(token)?;
    validate_claims(&claims, expected)?;
    Ok(claims)
}

/// Whether a refusal may be a stale key set rather than a bad token, so the JWKS is fetched
/// once more: an unknown `kid` (the pool rotated its keys since they were cached), or a
/// signature that does not verify with a cached key (the key behind a `kid` was replaced, or
/// the cache was tampered with). Once refetched, the answer stands.
pub fn look_again(error: &IdTokenError, origin: KeysOrigin, refetched: bool) -> bool {
    !refetched
        && match error {
            IdTokenError::UnknownKey => true,
            IdTokenError::BadSignature => origin == KeysOrigin::Cache,
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_signature_with_cached_keys_looks_once_more() {
        let bad = IdTokenError::BadSignature;
        assert!(look_again(&bad, KeysOrigin::Cache, false));
        assert!(!look_again(&bad, KeysOrigin::Cache, true), "only once");
        assert!(
            !look_again(&bad, KeysOrigin::Network, false),
            "fresh keys: the signature is simply bad"
        );
    }

    #[test]
    fn an_unknown_key_looks_once_more_other_refusals_do_not() {
        assert!(look_again(
            &IdTokenError::UnknownKey,
            KeysOrigin::Cache,
            false
        ));
        assert!(look_again(
            &IdTokenError::UnknownKey,
            KeysOrigin::Network,
            false
        ));
        assert!(!look_again(
            &IdTokenError::UnknownKey,
            KeysOrigin::Network,
            true
        ));
        assert!(!look_again(
            &IdTokenError::AmbiguousKey,
            KeysOrigin::Cache,
            false
        ));
        assert!(!look_again(
            &IdTokenError::Claims(ClaimsError::WrongNonce),
            KeysOrigin::Cache,
            false
        ));
    }
}
