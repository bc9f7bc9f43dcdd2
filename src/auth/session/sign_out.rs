//! Ending the session: in this tab only, when it is no longer accepted (`end_session`), or
//! everywhere, when the user signs out: the refresh token revoked, every tab told, and the
//! identity provider's session ended (Cognito's `/logout`, or OIDC logout where configured).

use super::context::AuthContext;
use super::state::{AuthState, SignedOutReason};
use crate::auth::browser::storage;
use crate::auth::browser::window::assign_location;
use crate::auth::id_token::signing_keys::discovery;
use crate::auth::protocol::endpoints::{logout_url, oidc_logout_url, revoke_body, revoke_url};
use crate::auth::tabs::message::TabMessage;
use crate::config::{Config, LogoutMode};
use gloo_net::http::Request;
use leptos::prelude::*;

/// Where the browser goes to end the identity provider's session. For OIDC logout,
/// `end_session_endpoint` comes from discovery and `id_token` is the hint the provider asks
/// for; without both the app's own `logoutUri` is the best it can do.
pub fn logout_target(
    config: &Config,
    end_session_endpoint: Option<&str>,
    id_token: Option<&str>,
) -> String {
    let provider_logout = match config.logout_mode {
        LogoutMode::Cognito => Some(logout_url(config)),
        LogoutMode::Oidc => end_session_endpoint
            .zip(id_token)
            .map(|(endpoint, id_token)| oidc_logout_url(endpoint, config, id_token)),
    };
    provider_logout.unwrap_or_else(|| config.logout_uri.clone())
}

impl AuthContext {
    /// The session is no longer accepted: forget it and say why.
    pub fn end_session(&self, reason: SignedOutReason) {
        storage::clear_tokens();
        self.cancel_refresh_timer();
        if !matches!(self.state.get_untracked(), AuthState::SignedOut(_)) {
            self.state.set(AuthState::SignedOut(reason));
        }
    }

    /// Revokes the refresh token, clears this tab's session (and the other tabs'), then ends the
    /// identity provider's session.
    pub fn sign_out(&self) {
        let auth = *self;
        leptos::task::spawn_local(async move {
            let config = auth.config.get_value();
            let tokens = storage::load_tokens();
            if let Some(refresh_token) = tokens.as_ref().and_then(|t| t.refresh_token.as_deref()) {
                // Best effort: a failed revoke must not keep the user signed in.
                if let Ok(request) = Request::post(&revoke_url(&config))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .body(revoke_body(&config, refresh_token))
                {
                    let _ = request.send().await;
                }
            }
            let end_session_endpoint = match config.logout_mode {
                LogoutMode::Oidc => discovery(&config)
                    .await
                    .ok()
                    .and_then(|found| found.end_session_endpoint),
                LogoutMode::Cognito => None,
            };
            let target = logout_target(
                &config,
                end_session_endpoint.as_deref(),
                tokens.as_ref().map(|tokens| tokens.id_token.as_str()),
            );
            storage::clear_tokens();
            auth.cancel_refresh_timer();
            auth.post(&TabMessage::SignedOut);
            // The state is left as it is while the page unloads: flipping it to signed out
            // would make a guarded page start a new sign-in that races this navigation.
            if assign_location(&target).is_err() {
                auth.state
                    .set(AuthState::SignedOut(SignedOutReason::NotSignedIn));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(logout_mode: LogoutMode) -> Config {
        Config {
            logout_mode,
            ..crate::auth::test_config()
        }
    }

    #[test]
    fn cognito_logout_needs_nothing_discovered() {
        let cognito = config(LogoutMode::Cognito);
        assert_eq!(logout_target(&cognito, None, None), logout_url(&cognito));
        assert_eq!(
            logout_target(&cognito, Some("https://idp/end"), Some("id")),
            logout_url(&cognito)
        );
    }

    #[test]
    fn oidc_logout_needs_the_endpoint_and_the_id_token_hint() {
        let oidc = config(LogoutMode::Oidc);
        assert_eq!(
            logout_target(&oidc, Some("https://idp/end"), Some("id")),
            oidc_logout_url("https://idp/end", &oidc, "id")
        );
        for (endpoint, id_token) in [
            (None, Some("id")),
            (Some("https://idp/end"), None),
            (None, None),
        ] {
            assert_eq!(
                logout_target(&oidc, endpoint, id_token),
                "https://tasks.example.com/",
                "{endpoint:?} {id_token:?}"
            );
        }
    }
}
