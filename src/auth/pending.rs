//! The one-time record of a sign-in in progress: what the callback must match and where to go next.

use super::pkce::{CodeVerifier, RANDOM_BYTES, random_token};
use super::return_to::sanitize_return_to;
use serde::{Deserialize, Serialize};

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
}
