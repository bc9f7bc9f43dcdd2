//! The ID token's RS256 signature, checked with a key from the issuer's JWKS: the cached keys
//! first, and the JWKS fetched once more for an unknown `kid` or a signature that fails with
//! cached keys (the pool rotated its keys, or the cache was tampered with).

use super::IdTokenError;
use super::jwks::KeyChoice;
use super::jwt::SignedJwt;
use super::signing_keys::{KeysOrigin, signing_keys};
use super::webcrypto::verify_rs256;
use crate::config::Config;

/// `Ok` once `signed` verifies with the key its header names (or the only key).
pub async fn verify_signature(config: &Config, signed: &SignedJwt) -> Result<(), IdTokenError> {
    let kid = signed.header.kid.as_deref();
    let mut refetched = false;
    loop {
        let (jwks, origin) = signing_keys(config, refetched).await?;
        let outcome = match jwks.choose(kid) {
            KeyChoice::Use(key) => match verify_rs256(&key, signed).await? {
                true => Ok(()),
                false => Err(IdTokenError::BadSignature),
            },
            KeyChoice::UnknownKid => Err(IdTokenError::UnknownKey),
            KeyChoice::Ambiguous => Err(IdTokenError::AmbiguousKey),
        };
        match outcome {
            Ok(()) => return Ok(()),
            Err(error) if look_again(&error, origin, refetched) => refetched = true,
            Err(error) => return Err(error),
        }
    }
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
    use crate::auth::id_token::claims::ClaimsError;

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
