//! Cryptographic randomness from the browser (`crypto.getRandomValues`) for PKCE, state and nonce.

use super::failure::SignInError;
use super::pending::Entropy;
use super::pkce::RANDOM_BYTES;

/// Draws fresh random bytes for one sign-in attempt.
pub fn fresh_entropy() -> Result<Entropy, SignInError> {
    Ok(Entropy {
        verifier: random_bytes()?,
        state: random_bytes()?,
        nonce: random_bytes()?,
    })
}

fn random_bytes() -> Result<[u8; RANDOM_BYTES], SignInError> {
    let unavailable = || SignInError::Browser("generate secure random numbers".into());
    let crypto = web_sys::window()
        .ok_or_else(unavailable)?
        .crypto()
        .map_err(|_| unavailable())?;
    let mut bytes = [0u8; RANDOM_BYTES];
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| unavailable())?;
    Ok(bytes)
}
