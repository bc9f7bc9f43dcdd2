//! What an authorization code and a refresh token stand for, and when they may be used.

/// One successful sign-in, carried from the code to every token refreshed from it.
#[derive(Debug, Clone)]
pub struct SignIn {
    pub username: String,
    /// Seconds: the original sign-in, kept across refreshes.
    pub auth_time: u64,
    pub scope: String,
    /// Ties every token of this sign-in together, as Cognito's `origin_jti` does.
    pub origin_jti: String,
}

/// Codes live five minutes, as on Cognito.
pub const CODE_TTL_MS: u64 = 5 * 60 * 1000;

/// With rotation on, a replaced refresh token keeps working this long (Cognito: 0-60 s) so two
/// tabs refreshing at once both succeed.
pub const ROTATION_GRACE_MS: u64 = 2000;

#[derive(Debug, Clone)]
pub struct CodeGrant {
    pub sign_in: SignIn,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub nonce: Option<String>,
    pub expires_at_ms: u64,
}

#[derive(Debug, Clone)]
pub struct RefreshGrant {
    pub sign_in: SignIn,
    pub expires_at_ms: u64,
    pub revoked: bool,
    /// Set when rotation replaced this token: it stops working at this instant.
    pub retire_at_ms: Option<u64>,
}

impl RefreshGrant {
    /// Why this refresh token cannot be used now, if it cannot.
    pub fn refusal(&self, now_ms: u64) -> Option<&'static str> {
        if self.revoked {
            Some("Refresh Token has been revoked")
        } else if now_ms >= self.expires_at_ms {
            Some("Refresh Token has expired")
        } else if self.retire_at_ms.is_some_and(|at| now_ms >= at) {
            Some("Refresh Token has been replaced (rotation)")
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant() -> RefreshGrant {
        RefreshGrant {
            sign_in: SignIn {
                username: "demo".into(),
                auth_time: 1,
                scope: "openid".into(),
                origin_jti: "o".into(),
            },
            expires_at_ms: 10_000,
            revoked: false,
            retire_at_ms: None,
        }
    }

    #[test]
    fn refresh_token_usable_until_expiry() {
        assert_eq!(grant().refusal(9_999), None);
        assert!(grant().refusal(10_000).is_some());
    }

    #[test]
    fn rotated_token_has_a_grace_period_and_revoked_never_works() {
        let mut rotated = grant();
        rotated.retire_at_ms = Some(5_000);
        assert_eq!(rotated.refusal(4_999), None);
        assert!(rotated.refusal(5_000).is_some());
        let mut revoked = grant();
        revoked.revoked = true;
        assert!(revoked.refusal(0).is_some());
    }
}
