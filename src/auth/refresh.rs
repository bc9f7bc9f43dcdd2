//! The refresh grant on the wire: trade the refresh token for new tokens and verify what comes back.

use super::claims::{Expected, decode_claims, same_identity};
use super::clock::now_secs;
use super::endpoints::refresh_body;
use super::id_token::{IdTokenError, verify_id_token};
use super::idp_metadata::MetadataError;
use super::token_endpoint::post_token_form;
use super::tokens::{TokenResponse, TokenSet, parse_token_error};
use crate::config::Config;

/// Why a refresh did not produce a usable session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefreshError {
    #[error("there is no refresh token")]
    NoRefreshToken,
    /// `invalid_grant`: revoked, expired or already rotated. The session is over.
    #[error("the refresh token is no longer accepted")]
    Rejected,
    /// Network trouble or a server error: the session may still be fine; try later.
    #[error("the sign-in service could not be reached")]
    Unreachable,
    /// The answer or its ID token failed checks: end the session rather than trust it.
    #[error("the refreshed tokens were refused: {0}")]
    Unusable(String),
}

impl RefreshError {
    /// True when signing in again is the only way forward.
    pub fn ends_session(&self) -> bool {
        !matches!(self, Self::Unreachable)
    }
}

/// Performs the refresh grant for `current` and returns the verified new set.
pub async fn refresh_grant(config: &Config, current: &TokenSet) -> Result<TokenSet, RefreshError> {
    let refresh_token = current
        .refresh_token
        .as_deref()
        .ok_or(RefreshError::NoRefreshToken)?;
    let (status, body) = post_token_form(config, refresh_body(config, refresh_token))
        .await
        .ok_or(RefreshError::Unreachable)?;
    if status != 200 {
        return Err(match parse_token_error(&body) {
            Some(error) if error.error == "invalid_grant" => RefreshError::Rejected,
            Some(error) if status < 500 => RefreshError::Unusable(error.error),
            _ => RefreshError::Unreachable,
        });
    }
    let parsed: TokenResponse = serde_json::from_str(&body)
        .map_err(|_| RefreshError::Unusable("not a token response".into()))?;
    let next = current
        .refreshed(parsed, now_secs())
        .map_err(|error| RefreshError::Unusable(error.to_string()))?;
    if next.id_token != current.id_token {
        check_refreshed_id_token(config, &current.id_token, &next.id_token).await?;
    }
    Ok(next)
}

/// A refreshed ID token gets the full check (Cognito omits the nonce on refresh) and must
/// keep the issuer and subject of the one it replaces.
async fn check_refreshed_id_token(
    config: &Config,
    before: &str,
    after: &str,
) -> Result<(), RefreshError> {
    let expected = Expected {
        issuer: &config.issuer,
        client_id: &config.client_id,
        nonce: None,
        now: now_secs(),
    };
    let unusable = |reason: String| RefreshError::Unusable(reason);
    let new_claims =
        verify_id_token(config, after, &expected)
            .await
            .map_err(|error| match error {
                IdTokenError::Keys(MetadataError::Unreachable) => RefreshError::Unreachable,
                other => unusable(other.to_string()),
            })?;
    let old_claims = decode_claims(before).map_err(|error| unusable(error.to_string()))?;
    same_identity(&old_claims, &new_claims).map_err(|error| unusable(error.to_string()))
}
