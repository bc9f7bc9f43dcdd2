//! The one-time record of a sign-in in progress: what the callback must match and where to go next.

use super::pkce::{CodeVerifier, RANDOM_BYTES, random_token};
use super::return_to::sanitize_return_to;
use serde::{Deserialize, Serialize};

/// How long a sign-in may take, in seconds: a record older than this answers no callback. Ten
/// minutes is twice the life of a Cognito authorization code, and long enough to type a
/// password and wait for an MFA code.
pub const PENDING_LIFETIME: u64 = 600;
/// How far ahead of `now` a record's creation time may lie (a clock adjusted between the
/// redirect and the callback) before the record is treated as unusable.
const CLOCK_ALLOWANCE: u64 = 60;

/// Kept in this tab's sessionStorage between the redirect to the Hosted UI and the callback,
/// and removed before the code is exchanged, so `state`, `nonce` and the code are used once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingLogin {
    pub state: String,
    pub nonce: String,
    pub code_verifier: String,
    pub return_to: String,
    /// Seconds since the epoch; lets a stale record be told apart from a fresh one.
    pub created_at: u64,
}

/// The random material for one sign-in attempt, gathered at the browser edge.
pub struct Entropy {
    pub verifier: [u8; RANDOM_BYTES],
    pub state: [u8; RANDOM_BYTES],
    pub nonce: [u8; RANDOM_BYTES],
}

impl PendingLogin {
    pub fn new(entropy: &Entropy, return_to: &str, now: u64) -> Self {
        Self {
            state: random_token(&entropy.state),
            nonce: random_token(&entropy.nonce),
            code_verifier: CodeVerifier::from_random(&entropy.verifier)
                .as_str()
                .to_string(),
            return_to: sanitize_return_to(return_to),
            created_at: now,
        }
    }

    /// True once the record is too old (or dated too far ahead) to answer a callback at `now`.
    pub fn is_expired(&self, now: u64) -> bool {
        now.saturating_sub(self.created_at) > PENDING_LIFETIME
            || self.created_at.saturating_sub(now) > CLOCK_ALLOWANCE
    }

    /// The return path, sanitised again: the record was read back from storage, which anyone
    /// with the tab's script context can have written.
    pub fn safe_return_to(&self) -> String {
        sanitize_return_to(&self.return_to)
    }

    pub fn verifier(&self) -> CodeVerifier {
        CodeVerifier::from_stored(self.code_verifier.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_distinct_values_and_sanitises_the_target() {
        let entropy = Entropy {
            verifier: [1; RANDOM_BYTES],
            state: [2; RANDOM_BYTES],
            nonce: [3; RANDOM_BYTES],
        };
        let pending = PendingLogin::new(&entropy, "https://evil.io", 10);
        assert_ne!(pending.state, pending.nonce);
        assert_ne!(pending.state, pending.code_verifier);
        assert_eq!(pending.return_to, "/tasks");
        assert_eq!(pending.created_at, 10);
    }

    fn created_at(now: u64) -> PendingLogin {
        let entropy = Entropy {
            verifier: [1; RANDOM_BYTES],
            state: [2; RANDOM_BYTES],
            nonce: [3; RANDOM_BYTES],
        };
        PendingLogin::new(&entropy, "/tasks", now)
    }

    #[test]
    fn expires_ten_minutes_after_it_was_made() {
        let pending = created_at(1_000);
        assert!(!pending.is_expired(1_000));
        assert!(!pending.is_expired(1_000 + PENDING_LIFETIME));
        assert!(pending.is_expired(1_000 + PENDING_LIFETIME + 1));
        assert!(pending.is_expired(u64::MAX));
        // A clock set back a little after the redirect still finds it; far back does not.
        assert!(!pending.is_expired(1_000 - CLOCK_ALLOWANCE));
        assert!(pending.is_expired(1_000 - CLOCK_ALLOWANCE - 1));
        assert!(created_at(u64::MAX).is_expired(0));
    }

    #[test]
    fn the_stored_return_path_is_sanitised_when_read_back() {
        let mut pending = created_at(1);
        pending.return_to = "https://evil.io".into();
        assert_eq!(pending.safe_return_to(), "/tasks");
        pending.return_to = "/tasks/edit/4?x=1".into();
        assert_eq!(pending.safe_return_to(), "/tasks/edit/4?x=1");
    }
}
