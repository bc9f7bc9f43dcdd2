//! What the auth module reads from the window or asks of it: the wall clock, secure random
//! bytes, and leaving for another page. Everything else takes `now` and the entropy as
//! parameters.

use crate::auth::protocol::pending::Entropy;
use crate::auth::protocol::pkce::RANDOM_BYTES;
use crate::auth::sign_in_error::BrowserStep;
use crate::auth::sign_in_error::SignInError;

/// Seconds since the Unix epoch, from the browser's clock.
pub fn now_secs() -> u64 {
    // Date.now() is milliseconds as an f64; the cast saturates instead of wrapping.
    (js_sys::Date::now() / 1000.0) as u64
}

/// Draws fresh random bytes (`crypto.getRandomValues`) for one sign-in attempt: the PKCE
/// verifier, `state` and `nonce`.
pub fn fresh_entropy() -> Result<Entropy, SignInError> {
    Ok(Entropy {
        verifier: random_bytes()?,
        state: random_bytes()?,
        nonce: random_bytes()?,
    })
}

fn random_bytes() -> Result<[u8; RANDOM_BYTES], SignInError> {
    let unavailable = || SignInError::Browser(BrowserStep::Random);
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

/// Leaves for `url` (the Hosted UI, a logout endpoint).
pub fn assign_location(url: &str) -> Result<(), SignInError> {
    web_sys::window()
        .and_then(|window| window.location().assign(url).ok())
        .ok_or(SignInError::Browser(BrowserStep::OpenSignIn))
}
