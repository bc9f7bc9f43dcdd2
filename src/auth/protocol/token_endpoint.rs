//! The token endpoint client (`/oauth2/token`), shared by the code exchange and the refresh
//! grant: one POST, one reading of its answers, one failure type. What a failure means for the
//! user is decided by each grant's caller (`SignInError::from`, `RefreshError::ends_session`).

use super::endpoints::{code_exchange_body, refresh_body, token_url};
use super::pending::PendingLogin;
use super::tokens::{TokenResponse, TokenResponseError, TokenSet, parse_token_error};
use crate::auth::browser::window::now_secs;
use crate::config::Config;
use gloo_net::http::Request;

/// Why the token endpoint gave no usable token set, for either grant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenEndpointError {
    /// Network error, CORS refusal or an unreadable body.
    #[error("the token endpoint could not be reached")]
    Unreachable,
    /// A 5xx: the service (or something in front of it) failed. `error` is the OAuth error code
    /// when the body had one.
    #[error("the token endpoint failed with HTTP {status}")]
    ServerFailed { status: u16, error: Option<String> },
    /// Any other non-200 answer with an OAuth error body: the grant was refused.
    #[error("the token endpoint refused the grant: {error}")]
    Refused {
        error: String,
        description: Option<String>,
    },
    /// Any other non-200 answer without an OAuth error body (a proxy's page, say).
    #[error("the token endpoint answered HTTP {0}")]
    UnexpectedStatus(u16),
    /// A 200 whose body is no usable token response.
    #[error("the token response is unusable: {0}")]
    BadResponse(String),
}

impl TokenEndpointError {
    /// Sorts a non-200 answer by its status first, then by its body.
    pub fn from_failure(status: u16, body: &str) -> Self {
        let oauth = parse_token_error(body);
        if status >= 500 {
            return Self::ServerFailed {
                status,
                error: oauth.map(|body| body.error),
            };
        }
        match oauth {
            Some(body) => Self::Refused {
                error: body.error,
                description: body.error_description,
            },
            None => Self::UnexpectedStatus(status),
        }
    }

    /// `invalid_grant`: the code or refresh token is spent (expired, revoked, used or rotated
    /// away), whatever status it came with.
    pub fn is_invalid_grant(&self) -> bool {
        match self {
            Self::Refused { error, .. } => error == "invalid_grant",
            Self::ServerFailed { error, .. } => error.as_deref() == Some("invalid_grant"),
            _ => false,
        }
    }

    /// Whether the same grant may still work later: the endpoint could not be reached, failed,
    /// or answered something that is not OAuth, and did not say the grant is spent.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Unreachable | Self::ServerFailed { .. } | Self::UnexpectedStatus(_)
        ) && !self.is_invalid_grant()
    }
}

/// Reads the endpoint's answer (`None`: it could not be reached) as a token response.
pub fn read_answer(answer: Option<(u16, String)>) -> Result<TokenResponse, TokenEndpointError> {
    let (status, body) = answer.ok_or(TokenEndpointError::Unreachable)?;
    if status != 200 {
        return Err(TokenEndpointError::from_failure(status, &body));
    }
    serde_json::from_str(&body)
        .map_err(|_| TokenEndpointError::BadResponse("not a token response".into()))
}

/// The code exchange's answer as this tab's session, received at `now`.
pub fn code_exchange_result(
    answer: Option<(u16, String)>,
    now: u64,
) -> Result<TokenSet, TokenEndpointError> {
    TokenSet::from_code_response(read_answer(answer)?, now).map_err(unusable)
}

/// The refresh grant's answer as the set that follows `current`, received at `now`.
pub fn refresh_result(
    current: &TokenSet,
    answer: Option<(u16, String)>,
    now: u64,
) -> Result<TokenSet, TokenEndpointError> {
    current
        .refreshed(read_answer(answer)?, now)
        .map_err(unusable)
}

fn unusable(error: TokenResponseError) -> TokenEndpointError {
    TokenEndpointError::BadResponse(error.to_string())
}

/// Trades the authorization code of the sign-in `pending` for tokens (not yet verified).
pub async fn exchange_code(
    config: &Config,
    code: &str,
    pending: &PendingLogin,
) -> Result<TokenSet, TokenEndpointError> {
    let answer = post_form(config, code_exchange_body(config, code, pending)).await;
    code_exchange_result(answer, now_secs())
}

/// Trades `refresh_token` (the one `current` holds) for the next set (its new ID token not yet
/// verified).
pub async fn refresh_grant(
    config: &Config,
    current: &TokenSet,
    refresh_token: &str,
) -> Result<TokenSet, TokenEndpointError> {
    let answer = post_form(config, refresh_body(config, refresh_token)).await;
    refresh_result(current, answer, now_secs())
}

/// Sends a form to `/oauth2/token` and returns the status and body of the answer, or `None`
/// when the endpoint could not be reached (network error, CORS refusal, unreadable body).
async fn post_form(config: &Config, form: String) -> Option<(u16, String)> {
    let response = Request::post(&token_url(config))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .ok()?
        .send()
        .await
        .ok()?;
    let status = response.status();
    let body = response.text().await.ok()?;
    Some((status, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKENS: &str = r#"{"access_token":"a","id_token":"i","refresh_token":"r","token_type":"Bearer","expires_in":3600}"#;

    fn answer(status: u16, body: &str) -> Option<(u16, String)> {
        Some((status, body.to_string()))
    }

    fn current() -> TokenSet {
        TokenSet {
            access_token: "a0".into(),
            id_token: "i0".into(),
            refresh_token: Some("r0".into()),
            expires_at: 100,
            issued_at: 0,
        }
    }

    #[test]
    fn failures_are_sorted_by_status_then_body() {
        use TokenEndpointError::*;
        let cases = [
            (
                500,
                r#"{"error":"server_error"}"#,
                ServerFailed {
                    status: 500,
                    error: Some("server_error".into()),
                },
            ),
            (
                502,
                "<html>Bad gateway</html>",
                ServerFailed {
                    status: 502,
                    error: None,
                },
            ),
            (
                503,
                r#"{"error":"invalid_grant"}"#,
                ServerFailed {
                    status: 503,
                    error: Some("invalid_grant".into()),
                },
            ),
            (
                400,
                r#"{"error":"invalid_grant"}"#,
                Refused {
                    error: "invalid_grant".into(),
                    description: None,
                },
            ),
            (
                400,
                r#"{"error":"invalid_request","error_description":"bad verifier"}"#,
                Refused {
                    error: "invalid_request".into(),
                    description: Some("bad verifier".into()),
                },
            ),
            (404, "not found", UnexpectedStatus(404)),
            (302, "", UnexpectedStatus(302)),
        ];
        for (status, body, expected) in cases {
            assert_eq!(
                TokenEndpointError::from_failure(status, body),
                expected,
                "{status} {body}"
            );
        }
    }

    #[test]
    fn a_spent_grant_is_never_transient_whatever_its_status() {
        use TokenEndpointError::*;
        let transient = [
            Unreachable,
            ServerFailed {
                status: 500,
                error: None,
            },
            ServerFailed {
                status: 503,
                error: Some("server_error".into()),
            },
            UnexpectedStatus(404),
        ];
        for error in transient {
            assert!(error.is_transient(), "{error:?}");
            assert!(!error.is_invalid_grant(), "{error:?}");
        }
        let final_ = [
            ServerFailed {
                status: 503,
                error: Some("invalid_grant".into()),
            },
            Refused {
                error: "invalid_grant".into(),
                description: None,
            },
            Refused {
                error: "invalid_client".into(),
                description: None,
            },
            BadResponse("not a token response".into()),
        ];
        for error in final_ {
            assert!(!error.is_transient(), "{error:?}");
        }
    }

    #[test]
    fn answers_are_read_the_same_way_for_both_grants() {
        assert_eq!(read_answer(None), Err(TokenEndpointError::Unreachable));
        assert_eq!(
            read_answer(answer(200, "<html>")),
            Err(TokenEndpointError::BadResponse(
                "not a token response".into()
            ))
        );
        assert_eq!(
            read_answer(answer(201, TOKENS)),
            Err(TokenEndpointError::UnexpectedStatus(201)),
            "only a 200 carries tokens"
        );
        assert_eq!(
            read_answer(answer(200, TOKENS)).map(|r| r.access_token),
            Ok("a".into())
        );
        for result in [
            code_exchange_result(answer(400, r#"{"error":"invalid_grant"}"#), 0),
            refresh_result(&current(), answer(400, r#"{"error":"invalid_grant"}"#), 0),
        ] {
            assert!(result.is_err_and(|error| error.is_invalid_grant()));
        }
    }

    #[test]
    fn a_code_exchange_builds_the_session_and_refuses_unusable_sets() {
        let set = code_exchange_result(answer(200, TOKENS), 1_000).expect("valid");
        assert_eq!((set.issued_at, set.expires_at), (1_000, 4_600));
        let without_id = r#"{"access_token":"a","token_type":"Bearer","expires_in":3600}"#;
        assert_eq!(
            code_exchange_result(answer(200, without_id), 0),
            Err(TokenEndpointError::BadResponse(
                TokenResponseError::MissingIdToken.to_string()
            ))
        );
    }

    #[test]
    fn a_refresh_keeps_what_the_answer_leaves_out() {
        let without_refresh = r#"{"access_token":"a1","token_type":"Bearer","expires_in":60}"#;
        let next = refresh_result(&current(), answer(200, without_refresh), 50).expect("valid");
        assert_eq!(next.refresh_token.as_deref(), Some("r0"));
        assert_eq!(next.id_token, "i0");
        let mac = r#"{"access_token":"a1","token_type":"mac","expires_in":60}"#;
        assert!(matches!(
            refresh_result(&current(), answer(200, mac), 50),
            Err(TokenEndpointError::BadResponse(_))
        ));
    }
}
