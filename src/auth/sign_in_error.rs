//! Why a sign-in did not complete, and the plain words the user sees for each reason.

use super::id_token::IdTokenError;
use super::protocol::token_endpoint::TokenEndpointError;
use crate::i18n::{landing, t};

/// A failed sign-in. Every variant ends with no tokens stored and a "Try again" action. A
/// callback that answers no sign-in of this tab is not a failure at all (see
/// `callback_decision`): nothing from such a URL reaches these messages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInError {
    #[error("the Hosted UI answered {error}")]
    Refused {
        error: String,
        description: Option<String>,
    },
    #[error("the token endpoint could not be reached")]
    TokenEndpointUnreachable,
    /// A 5xx: the service (or something in front of it) failed; the code may still be good,
    /// but a new sign-in is the simple way forward.
    #[error("the token endpoint failed with HTTP {0}")]
    TokenEndpointFailed(u16),
    #[error("the token endpoint refused the code: {error}")]
    TokenRejected {
        error: String,
        description: Option<String>,
    },
    #[error("the token response is unusable: {0}")]
    BadTokenResponse(String),
    #[error("the ID token was refused: {0}")]
    InvalidIdToken(#[from] IdTokenError),
    #[error("this browser could not {0}")]
    Browser(BrowserStep),
}

/// A step of signing in only the browser can take; the user may be able to help it (storage
/// blocked in a private window), so each has its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BrowserStep {
    #[error("generate secure random numbers")]
    Random,
    #[error("open the sign-in page")]
    OpenSignIn,
    #[error("store the sign-in request")]
    StoreRequest,
    #[error("store the session")]
    StoreSession,
}

impl SignInError {
    /// The message shown in `data-testid="auth-error"`.
    pub fn user_message(&self) -> String {
        let t = t();
        match self {
            Self::Refused { error, description } => match (error.as_str(), description) {
                (_, Some(description)) => (t.sign_in_not_completed_because)(description),
                ("access_denied", None) => t.sign_in_cancelled.into(),
                ("server_error" | "temporarily_unavailable", None) => {
                    t.sign_in_service_problem.into()
                }
                (other, None) => (t.sign_in_not_completed_code)(other),
            },
            Self::TokenEndpointUnreachable => t.sign_in_unreachable.into(),
            Self::TokenEndpointFailed(_) => t.sign_in_service_problem.into(),
            Self::TokenRejected { error, .. } if error == "invalid_grant" => {
                t.sign_in_code_expired.into()
            }
            Self::TokenRejected { error, .. } => (t.sign_in_refused)(error),
            Self::BadTokenResponse(_) => t.sign_in_unusable_answer.into(),
            // The reason and the step stay in English: technical detail for whoever helps.
            Self::InvalidIdToken(reason) => (t.sign_in_not_verified)(&reason.to_string()),
            Self::Browser(BrowserStep::StoreSession) => t.browser_store_session.into(),
            Self::Browser(step) => step.before_leaving_message().into(),
        }
    }
}

impl BrowserStep {
    /// The message for the steps of leaving for the Hosted UI, from the landing page's texts
    /// alone, so the sign-in starter can say it without the app's catalog.
    pub fn before_leaving_message(self) -> &'static str {
        let landing = landing();
        match self {
            BrowserStep::Random => landing.browser_random,
            BrowserStep::OpenSignIn => landing.browser_open_sign_in,
            BrowserStep::StoreRequest => landing.browser_store_request,
            // Only after the callback; the landing page's own failure is the closest.
            BrowserStep::StoreSession => landing.sign_in_failed,
        }
    }
}

/// How a failed code exchange reads to the user: a server failure is the service's problem, not
/// a refusal of this sign-in; an OAuth error body is a refusal; anything else is unusable. A 5xx is the service's problem even when its
/// body says `invalid_grant`: the code may still be good, and "try again in a moment" is the
/// honest message (the refresh grant, which has no user to tell, ends the session on it instead).
impl From<TokenEndpointError> for SignInError {
    fn from(error: TokenEndpointError) -> Self {
        match error {
            TokenEndpointError::Unreachable => Self::TokenEndpointUnreachable,
            TokenEndpointError::ServerFailed { status, .. } => Self::TokenEndpointFailed(status),
            TokenEndpointError::Refused { error, description } => {
                Self::TokenRejected { error, description }
            }
            TokenEndpointError::UnexpectedStatus(status) => {
                Self::BadTokenResponse(format!("HTTP {status}"))
            }
            TokenEndpointError::BadResponse(reason) => Self::BadTokenResponse(reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code exchange's non-200 answer as the user reads it.
    fn from_token_failure(status: u16, body: &str) -> SignInError {
        TokenEndpointError::from_failure(status, body).into()
    }

    #[test]
    fn refusals_show_the_description_when_given() {
        let with = SignInError::Refused {
            error: "access_denied".into(),
            description: Some("User cancelled".into()),
        };
        assert!(with.user_message().contains("User cancelled"));
        let without = SignInError::Refused {
            error: "access_denied".into(),
            description: None,
        };
        assert_eq!(
            without.user_message(),
            "Sign-in was cancelled or access was denied."
        );
    }

    #[test]
    fn replayed_codes_read_plainly() {
        let replay = SignInError::TokenRejected {
            error: "invalid_grant".into(),
            description: None,
        };
        assert!(
            replay
                .user_message()
                .contains("expired or was already used")
        );
    }

    #[test]
    fn token_endpoint_failures_are_the_services_problem() {
        let outage = from_token_failure(500, r#"{"error":"server_error"}"#);
        assert_eq!(outage, SignInError::TokenEndpointFailed(500));
        assert!(outage.user_message().contains("had a problem"));
        assert_eq!(
            from_token_failure(502, "<html>Bad gateway</html>"),
            SignInError::TokenEndpointFailed(502)
        );
        assert_eq!(
            from_token_failure(400, r#"{"error":"invalid_grant"}"#),
            SignInError::TokenRejected {
                error: "invalid_grant".into(),
                description: None
            }
        );
        assert_eq!(
            from_token_failure(404, "not found"),
            SignInError::BadTokenResponse("HTTP 404".into())
        );
    }

    #[test]
    fn token_problems_name_the_reason() {
        let error = IdTokenError::from(crate::auth::id_token::claims::ClaimsError::WrongNonce);
        let message = SignInError::InvalidIdToken(error).user_message();
        assert!(message.contains("nonce"), "{message}");
    }

    #[test]
    fn a_spent_code_on_a_server_failure_still_reads_as_the_services_problem() {
        // The refresh grant ends the session on this answer; a sign-in says "try again".
        let outage = from_token_failure(503, r#"{"error":"invalid_grant"}"#);
        assert_eq!(outage, SignInError::TokenEndpointFailed(503));
        assert!(outage.user_message().contains("had a problem"));
        assert_eq!(
            SignInError::from(TokenEndpointError::Unreachable),
            SignInError::TokenEndpointUnreachable
        );
        assert_eq!(
            SignInError::from(TokenEndpointError::BadResponse(
                "not a token response".into()
            )),
            SignInError::BadTokenResponse("not a token response".into())
        );
    }
}
