//! Signing in: sending the browser to the Hosted UI with a fresh PKCE/state/nonce record, then,
//! back on the callback page, exchanging the code and verifying the ID token before the session
//! is stored.

use super::context::AuthContext;
use super::start_up::replace;
use super::state::{AuthState, UserProfile};
use crate::auth::browser::storage;
use crate::auth::browser::window::{assign_location, fresh_entropy, now_secs};
use crate::auth::id_token::claims::Expected;
use crate::auth::id_token::signing_keys::KeysLoad;
use crate::auth::id_token::verify_id_token;
use crate::auth::protocol::endpoints::authorize_url;
use crate::auth::protocol::hosted_ui_lang::hosted_ui_lang;
use crate::auth::protocol::pending::PendingLogin;
use crate::auth::protocol::provider_choice::provider_for_resume;
use crate::auth::protocol::return_to::sanitize_return_to;
use crate::auth::protocol::token_endpoint::exchange_code;
use crate::auth::sign_in_error::BrowserStep;
use crate::auth::sign_in_error::SignInError;
use crate::config::Config;
use crate::sleep::sleep;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use std::time::Duration;

/// How long starting a sign-in waits for discovery and keys to be cached first.
const METADATA_WAIT: Duration = Duration::from_millis(1500);

impl AuthContext {
    /// Sends the browser to the Hosted UI because the user asked to sign in: with
    /// `identity_provider` (a provider button) straight to that provider, with `None` (the plain
    /// Login) to the Hosted UI's own page. The choice is remembered for later automatic
    /// sign-ins in this tab. `return_to` is where to land afterwards.
    pub fn begin_sign_in(&self, return_to: &str, identity_provider: Option<&str>) {
        storage::remember_identity_provider(identity_provider);
        self.redirect_to_sign_in(return_to, identity_provider.map(str::to_string));
    }

    /// Sends the browser to sign in without a fresh choice (the guard, "Sign in again",
    /// "Try again"): to the provider chosen last in this tab, or the plain Hosted UI.
    pub fn resume_sign_in(&self, return_to: &str) {
        let remembered = storage::remembered_identity_provider();
        let provider = provider_for_resume(&self.config.get_value(), remembered.as_deref());
        self.redirect_to_sign_in(return_to, provider);
    }

    fn redirect_to_sign_in(&self, return_to: &str, identity_provider: Option<String>) {
        let auth = *self;
        let return_to = sanitize_return_to(return_to);
        leptos::task::spawn_local(async move {
            let config = auth.config.get_value();
            let left = leave_for_hosted_ui(
                &config,
                auth.keys_loading(),
                &return_to,
                identity_provider.as_deref(),
            )
            .await;
            if let Err(error) = left {
                auth.state.set(AuthState::Failed { error, return_to });
            }
        });
    }

    /// Completes the sign-in this tab started: signed in and on to the page asked for, or the
    /// failure shown with nothing stored.
    pub(super) fn finish_sign_in(
        &self,
        code: String,
        pending: PendingLogin,
        navigate: impl Fn(&str, NavigateOptions) + 'static,
    ) {
        let auth = *self;
        leptos::task::spawn_local(async move {
            match auth.complete_sign_in(&code, &pending).await {
                Ok(profile) => {
                    auth.state.set(AuthState::SignedIn(profile));
                    auth.schedule_refresh();
                    navigate(&pending.return_to, replace());
                }
                Err(error) => {
                    storage::clear_tokens();
                    auth.state.set(AuthState::Failed {
                        error,
                        return_to: pending.return_to,
                    });
                }
            }
        });
    }

    /// Exchanges the code of the sign-in this tab started and verifies what comes back.
    async fn complete_sign_in(
        &self,
        code: &str,
        pending: &PendingLogin,
    ) -> Result<UserProfile, SignInError> {
        let config = self.config.get_value();
        let tokens = exchange_code(&config, code, pending).await?;
        let expected = Expected {
            issuer: &config.issuer,
            client_id: &config.client_id,
            nonce: Some(&pending.nonce),
            now: now_secs(),
        };
        let claims = verify_id_token(&config, &tokens.id_token, &expected).await?;
        storage::save_tokens(&tokens)
            .map_err(|_| SignInError::Browser(BrowserStep::StoreSession))?;
        Ok(UserProfile::from(&claims))
    }
}

/// Leaves for the Hosted UI with a fresh PKCE/state/nonce record stored for the callback: what
/// a sign-in does in the app and in the sign-in starter (`crate::sign_in_starter`) alike.
/// `return_to` must already be sanitized. Waits a little for discovery and keys (`keys`) to be
/// cached first, so the callback page does not wait on them; a slow or absent answer does not
/// hold up the sign-in itself.
pub(crate) async fn leave_for_hosted_ui(
    config: &Config,
    keys: KeysLoad,
    return_to: &str,
    identity_provider: Option<&str>,
) -> Result<(), SignInError> {
    futures::future::select(keys, Box::pin(sleep(METADATA_WAIT))).await;
    // The sign-in page speaks the app's language (managed login only).
    let lang = hosted_ui_lang(&crate::i18n::sign_in_language());
    let entropy = fresh_entropy()?;
    let pending = PendingLogin::new(&entropy, return_to, now_secs());
    storage::save_pending_login(&pending)
        .map_err(|_| SignInError::Browser(BrowserStep::StoreRequest))?;
    assign_location(&authorize_url(config, &pending, identity_provider, lang))
}
