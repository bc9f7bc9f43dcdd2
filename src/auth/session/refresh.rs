//! Renewing the session: one refresh at a time in this tab (callers share it), one across the
//! tabs (a Web Lock, and a question to the others first), the refresh grant, the check of the
//! refreshed ID token, and storing what comes back. When it runs is `refresh_schedule.rs`.

use super::context::AuthContext;
use super::state::{AuthState, SignedOutReason, UserProfile};
use crate::auth::browser::storage;
use crate::auth::browser::window::now_secs;
use crate::auth::id_token::IdTokenError;
use crate::auth::id_token::claims::decode_claims;
use crate::auth::id_token::refreshed::verify_refreshed;
use crate::auth::id_token::signing_keys::MetadataError;
use crate::auth::protocol::token_endpoint::{TokenEndpointError, refresh_grant};
use crate::auth::protocol::tokens::TokenSet;
use crate::auth::tabs::message::{TabMessage, fingerprint, refreshed_meanwhile};
use crate::auth::tabs::web_lock::with_lock;
use crate::config::Config;
use crate::sleep::sleep;
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use leptos::prelude::*;
use std::time::Duration;

/// How long a tab about to refresh waits for another tab to say it already did.
const PEER_ANSWER_WAIT: Duration = Duration::from_millis(150);
/// The Web Lock that lets one tab at a time refresh.
const REFRESH_LOCK: &str = "city-tasks.refresh";

/// A refresh under way in this tab, joined by whoever needs a fresh token meanwhile.
pub type SharedRefresh = Shared<LocalBoxFuture<'static, Result<TokenSet, RefreshError>>>;

/// Why a refresh did not produce a usable session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefreshError {
    #[error("there is no refresh token")]
    NoRefreshToken,
    #[error("{0}")]
    TokenEndpoint(#[from] TokenEndpointError),
    #[error("the refreshed ID token was refused: {0}")]
    IdToken(#[from] IdTokenError),
    /// The work under the Web Lock was started but never finished.
    #[error("the refresh did not finish")]
    Unfinished,
}

impl RefreshError {
    /// True when signing in again is the only way forward. Otherwise (network trouble, a server
    /// error, keys that could not be loaded) the session may still be fine: try again later.
    /// Unlike a sign-in, a 5xx that says `invalid_grant` ends the session: the refresh token is
    /// spent, and retrying it every few seconds would never succeed.
    pub fn ends_session(&self) -> bool {
        match self {
            Self::NoRefreshToken => true,
            Self::TokenEndpoint(error) => !error.is_transient(),
            Self::IdToken(error) => {
                !matches!(error, IdTokenError::Keys(MetadataError::Unreachable))
            }
            Self::Unfinished => false,
        }
    }
}

/// What this tab does with a refresh's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterRefresh<'a> {
    /// Store the new set, show its user, schedule the next refresh.
    Adopt(&'a TokenSet),
    /// Forget the session: the user must sign in again.
    EndSession,
    /// Keep the session and try again in a little while.
    RetryLater,
}

pub fn after_refresh(result: &Result<TokenSet, RefreshError>) -> AfterRefresh<'_> {
    match result {
        Ok(tokens) => AfterRefresh::Adopt(tokens),
        Err(error) if error.ends_session() => AfterRefresh::EndSession,
        Err(_) => AfterRefresh::RetryLater,
    }
}

/// The fingerprint of the refresh token `next` rotates away from, if it does: this tab keeps it
/// so that a tab still holding that token gets an answer.
pub fn retired_refresh_token(previous: Option<&str>, next: &TokenSet) -> Option<String> {
    previous
        .filter(|previous| next.refresh_token.as_deref() != Some(*previous))
        .map(fingerprint)
}

impl AuthContext {
    /// Refreshes now unless a refresh is already running in this tab, in which case its
    /// result is shared.
    pub(super) async fn refresh(&self) -> Result<TokenSet, RefreshError> {
        let running = self.refresh_in_flight.get_value();
        let shared = match running {
            Some(shared) => shared,
            None => {
                let auth = *self;
                let shared = async move { auth.coordinated_refresh().await }
                    .boxed_local()
                    .shared();
                self.refresh_in_flight.set_value(Some(shared.clone()));
                shared
            }
        };
        let result = shared.await;
        self.refresh_in_flight.set_value(None);
        match after_refresh(&result) {
            AfterRefresh::Adopt(tokens) => self.adopt(tokens),
            AfterRefresh::EndSession => self.end_session(SignedOutReason::Expired),
            AfterRefresh::RetryLater => self.schedule_retry(),
        }
        result
    }

    /// One refresh across all tabs sharing this session: under a Web Lock, first ask whether
    /// another tab already refreshed it, and only then go to the network.
    async fn coordinated_refresh(self) -> Result<TokenSet, RefreshError> {
        // What this tab held when it decided to refresh. Read before waiting for the lock: a
        // tab holding it may broadcast its result meanwhile, and this tab adopts that.
        let stale = storage::load_tokens().ok_or(RefreshError::NoRefreshToken)?;
        let outcome = with_lock(REFRESH_LOCK, move || async move {
            let before = storage::load_tokens().ok_or(RefreshError::NoRefreshToken)?;
            if refreshed_meanwhile(&stale, &before, now_secs()) {
                return Ok(before);
            }
            let from = before.refresh_token.as_deref().map(fingerprint);
            if let Some(from) = &from {
                self.post(&TabMessage::Query { from: from.clone() });
                sleep(PEER_ANSWER_WAIT).await;
            }
            let current = storage::load_tokens().ok_or(RefreshError::NoRefreshToken)?;
            if refreshed_meanwhile(&stale, &current, now_secs()) {
                return Ok(current);
            }
            let fresh = verified_refresh(&self.config.get_value(), &current).await?;
            let from = current.refresh_token.as_deref().map(fingerprint);
            if let Some(from) = from {
                self.post(&TabMessage::Refreshed {
                    from,
                    tokens: fresh.clone(),
                });
            }
            Ok(fresh)
        })
        .await;
        outcome.unwrap_or(Err(RefreshError::Unfinished))
    }

    /// Stores a new token set and shows its user.
    pub(super) fn adopt(&self, tokens: &TokenSet) {
        let previous = storage::load_tokens().and_then(|old| old.refresh_token);
        if let Some(retired) = retired_refresh_token(previous.as_deref(), tokens) {
            self.lineage.update_value(|lineage| lineage.push(retired));
        }
        if storage::save_tokens(tokens).is_err() {
            self.end_session(SignedOutReason::Expired);
            return;
        }
        if let Ok(claims) = decode_claims(&tokens.id_token) {
            let profile = UserProfile::from(&claims);
            if self.state.get_untracked() != AuthState::SignedIn(profile.clone()) {
                self.state.set(AuthState::SignedIn(profile));
            }
        }
        self.schedule_refresh();
    }
}

/// The refresh grant for `current`, and the check of a new ID token in its answer.
async fn verified_refresh(config: &Config, current: &TokenSet) -> Result<TokenSet, RefreshError> {
    let refresh_token = current
        .refresh_token
        .as_deref()
        .ok_or(RefreshError::NoRefreshToken)?;
    let next = refresh_grant(config, current, refresh_token).await?;
    verify_refreshed(config, current, &next, now_secs()).await?;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::id_token::claims::ClaimsError;

    fn set(refresh: Option<&str>) -> TokenSet {
        TokenSet {
            access_token: "a".into(),
            id_token: "i".into(),
            refresh_token: refresh.map(str::to_string),
            expires_at: 3_600,
            issued_at: 0,
        }
    }

    fn endpoint(status: u16, body: &str) -> RefreshError {
        RefreshError::TokenEndpoint(TokenEndpointError::from_failure(status, body))
    }

    #[test]
    fn a_spent_or_refused_grant_ends_the_session() {
        for error in [
            RefreshError::NoRefreshToken,
            endpoint(400, r#"{"error":"invalid_grant"}"#),
            // The refresh token is spent even if the status says the server failed.
            endpoint(500, r#"{"error":"invalid_grant"}"#),
            endpoint(400, r#"{"error":"invalid_client"}"#),
            RefreshError::TokenEndpoint(TokenEndpointError::BadResponse("x".into())),
            RefreshError::IdToken(IdTokenError::Claims(ClaimsError::IdentityChanged)),
            RefreshError::IdToken(IdTokenError::BadSignature),
            RefreshError::IdToken(IdTokenError::Keys(MetadataError::BadJwks)),
        ] {
            assert!(error.ends_session(), "{error:?}");
            assert_eq!(after_refresh(&Err(error)), AfterRefresh::EndSession);
        }
    }

    #[test]
    fn trouble_on_the_way_keeps_the_session_and_retries() {
        for error in [
            RefreshError::TokenEndpoint(TokenEndpointError::Unreachable),
            endpoint(503, ""),
            endpoint(500, r#"{"error":"server_error"}"#),
            // Not OAuth's shape: a proxy's page, not a verdict on the refresh token.
            endpoint(404, "<html>"),
            RefreshError::IdToken(IdTokenError::Keys(MetadataError::Unreachable)),
            RefreshError::Unfinished,
        ] {
            assert!(!error.ends_session(), "{error:?}");
            assert_eq!(after_refresh(&Err(error)), AfterRefresh::RetryLater);
        }
        let fresh = Ok(set(None));
        assert_eq!(after_refresh(&fresh), AfterRefresh::Adopt(&set(None)));
    }

    #[test]
    fn a_rotated_refresh_token_is_remembered_a_kept_one_is_not() {
        assert_eq!(
            retired_refresh_token(Some("r1"), &set(Some("r2"))),
            Some(fingerprint("r1"))
        );
        assert_eq!(
            retired_refresh_token(Some("r1"), &set(None)),
            Some(fingerprint("r1"))
        );
        assert_eq!(retired_refresh_token(Some("r1"), &set(Some("r1"))), None);
        assert_eq!(retired_refresh_token(None, &set(Some("r2"))), None);
    }
}
