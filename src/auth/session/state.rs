//! Who is using this tab, as one explicit enum, and what a stored session says about it at
//! start-up.

use crate::auth::id_token::claims::{IdClaims, decode_claims};
use crate::auth::protocol::tokens::TokenSet;
use crate::auth::sign_in_error::SignInError;

/// Seconds before expiry at which an access token is no longer worth sending.
pub const EXPIRY_MARGIN: u64 = 30;

/// Who is using this tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthState {
    /// A callback is being completed; guards wait quietly.
    Checking,
    SignedOut(SignedOutReason),
    SignedIn(UserProfile),
    /// The last sign-in failed; the landing page shows why and offers to try again.
    Failed {
        error: SignInError,
        return_to: String,
    },
}

impl AuthState {
    pub fn is_signed_in(&self) -> bool {
        matches!(self, Self::SignedIn(_))
    }
}

/// Why nobody is signed in, which decides whether the guard may redirect on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedOutReason {
    /// Never signed in (or signed out here): the guard goes straight to the Hosted UI.
    NotSignedIn,
    /// The session could not be renewed: the user is told before signing in again.
    Expired,
    /// Another tab signed out: redirecting could race its Hosted UI logout and sign back in.
    Elsewhere,
}

/// What the menu shows about the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserProfile {
    pub display_name: String,
}

impl From<&IdClaims> for UserProfile {
    fn from(claims: &IdClaims) -> Self {
        Self {
            display_name: claims.display_name(),
        }
    }
}

/// Why no token can be had for an API call right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenUnavailable {
    /// The session is over; the user must sign in again.
    SessionEnded,
    /// The token expired and the sign-in service cannot be reached to renew it.
    Unreachable,
}

/// The user of the session stored in this tab, read at start-up: `None` (and the stored set is
/// to be removed) when it is corrupt, names another issuer or no user, or has expired with no
/// refresh token to renew it. An expired access token with a refresh token still counts; it is
/// renewed right after start-up.
pub fn restored_user(tokens: &TokenSet, issuer: &str, now: u64) -> Option<UserProfile> {
    let claims = decode_claims(&tokens.id_token).ok().filter(|claims| {
        claims.iss.as_deref() == Some(issuer)
            && claims.sub.as_deref().is_some_and(|sub| !sub.is_empty())
    })?;
    let renewable = tokens.refresh_token.is_some() || !tokens.is_expired(now, EXPIRY_MARGIN);
    renewable.then(|| UserProfile::from(&claims))
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    const ISSUER: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc";

    fn stored(claims: &str, refresh: Option<&str>) -> TokenSet {
        TokenSet {
            access_token: "a".into(),
            id_token: format!(
                "{}.{}.sig",
                URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
                URL_SAFE_NO_PAD.encode(claims)
            ),
            refresh_token: refresh.map(str::to_string),
            expires_at: 1_000,
            issued_at: 0,
        }
    }

    const DEMO: &str = r#"{"iss":"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc","sub":"u1","email":"demo@example.com"}"#;

    #[test]
    fn a_valid_session_restores_its_user() {
        let profile = restored_user(&stored(DEMO, None), ISSUER, 500);
        assert_eq!(
            profile.map(|p| p.display_name).as_deref(),
            Some("demo@example.com")
        );
    }

    #[test]
    fn an_expired_session_restores_only_with_a_refresh_token() {
        let expired_at = 1_000 - EXPIRY_MARGIN;
        assert_eq!(restored_user(&stored(DEMO, None), ISSUER, expired_at), None);
        assert!(restored_user(&stored(DEMO, Some("r")), ISSUER, 5_000).is_some());
        assert!(restored_user(&stored(DEMO, None), ISSUER, expired_at - 1).is_some());
    }

    #[test]
    fn a_foreign_or_unreadable_session_is_not_restored() {
        let other_issuer = r#"{"iss":"https://evil.io","sub":"u1"}"#;
        let no_user =
            r#"{"iss":"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc","sub":""}"#;
        for claims in [other_issuer, no_user, "[]", "not json"] {
            assert_eq!(
                restored_user(&stored(claims, Some("r")), ISSUER, 0),
                None,
                "{claims}"
            );
        }
        let mut garbled = stored(DEMO, Some("r"));
        garbled.id_token = "garbage".into();
        assert_eq!(restored_user(&garbled, ISSUER, 0), None);
    }
}
