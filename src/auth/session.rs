//! The auth state of this tab as one explicit enum, provided at the root as `AuthContext`:
//! starting a sign-in, completing the callback exactly once, and signing out the Cognito way.

use super::callback::Callback;
use super::claims::{Expected, IdClaims, decode_claims, validate_claims};
use super::clock::now_secs;
use super::endpoints::{authorize_url, code_exchange_body, logout_url, token_url};
use super::failure::SignInError;
use super::pending::PendingLogin;
use super::random::fresh_entropy;
use super::return_to::{DEFAULT_RETURN, sanitize_return_to};
use super::storage;
use super::tokens::{TokenResponse, TokenSet, parse_token_error};
use crate::config::Config;
use gloo_net::http::Request;
use leptos::prelude::*;
use leptos_router::NavigateOptions;

/// Seconds before expiry at which an access token is no longer worth sending.
pub const EXPIRY_MARGIN: u64 = 30;

/// Who is using this tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthState {
    /// A callback is being completed; guards wait quietly.
    Checking,
    SignedOut,
    SignedIn(UserProfile),
    /// The last sign-in failed; the landing page shows why and offers to try again.
    Failed {
        error: SignInError,
        return_to: String,
    },
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

/// The auth service, cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct AuthContext {
    state: RwSignal<AuthState>,
    config: StoredValue<Config>,
}

/// The auth context provided at the root.
pub fn use_auth() -> AuthContext {
    expect_context::<AuthContext>()
}

impl AuthContext {
    /// Creates and provides the context. `callback` is the OAuth response captured (and already
    /// stripped from the address bar) before the router started; it is consumed exactly once here.
    pub fn provide(
        config: Config,
        callback: Callback,
        navigate: impl Fn(&str, NavigateOptions) + 'static,
    ) -> Self {
        let initial = if callback.is_response() {
            AuthState::Checking
        } else {
            restore_session(&config)
        };
        let auth = Self {
            state: RwSignal::new(initial),
            config: StoredValue::new(config),
        };
        provide_context(auth);
        if callback.is_response() {
            leptos::task::spawn_local(async move {
                match auth.complete_sign_in(callback).await {
                    Ok((profile, return_to)) => {
                        auth.state.set(AuthState::SignedIn(profile));
                        navigate(
                            &return_to,
                            NavigateOptions {
                                replace: true,
                                ..Default::default()
                            },
                        );
                    }
                    Err((error, return_to)) => {
                        storage::clear_tokens();
                        auth.state.set(AuthState::Failed { error, return_to });
                    }
                }
            });
        }
        auth
    }

    pub fn state(&self) -> ReadSignal<AuthState> {
        self.state.read_only()
    }

    pub fn config(&self) -> Config {
        self.config.get_value()
    }

    /// `Some(true)` signed in, `Some(false)` not, `None` while still checking.
    pub fn is_signed_in(&self) -> Option<bool> {
        match self.state.get() {
            AuthState::Checking => None,
            AuthState::SignedIn(_) => Some(true),
            AuthState::SignedOut | AuthState::Failed { .. } => Some(false),
        }
    }

    /// Sends the browser to the Hosted UI; `return_to` is where to land afterwards.
    pub fn begin_sign_in(&self, return_to: &str) {
        let started = fresh_entropy().and_then(|entropy| {
            let pending = PendingLogin::new(&entropy, return_to, now_secs());
            storage::save_pending_login(&pending)
                .map_err(|_| SignInError::Browser("store the sign-in request".into()))?;
            Ok(authorize_url(&self.config.get_value(), &pending))
        });
        match started.and_then(|url| assign_location(&url)) {
            Ok(()) => {}
            Err(error) => self.state.set(AuthState::Failed {
                error,
                return_to: sanitize_return_to(return_to),
            }),
        }
    }

    /// The access token for an API call, if this tab holds one that is still good.
    pub fn access_token(&self) -> Option<String> {
        let tokens = storage::load_tokens()?;
        if tokens.is_expired(now_secs(), EXPIRY_MARGIN) {
            return None;
        }
        Some(tokens.access_token)
    }

    /// The session is no longer accepted (the API answered 401): forget it.
    pub fn end_session(&self) {
        storage::clear_tokens();
        self.state.set(AuthState::SignedOut);
    }

    /// Clears this tab's session and ends the Hosted UI session through Cognito's `/logout`.
    pub fn sign_out(&self) {
        storage::clear_tokens();
        // The state is left as it is: the page is about to unload, and flipping it to SignedOut
        // would make a guarded page start a new sign-in that races this navigation.
        if let Err(error) = assign_location(&logout_url(&self.config.get_value())) {
            self.state.set(AuthState::Failed {
                error,
                return_to: DEFAULT_RETURN.into(),
            });
        }
    }

    async fn complete_sign_in(
        &self,
        callback: Callback,
    ) -> Result<(UserProfile, String), (SignInError, String)> {
        // Taken before anything else so a reload or a second render cannot reuse it.
        let pending = storage::take_pending_login();
        let return_to = pending
            .as_ref()
            .map_or_else(|| DEFAULT_RETURN.to_string(), |p| p.return_to.clone());
        let fail = |error| Err((error, return_to.clone()));
        let (code, state) = match callback {
            Callback::Code { code, state } => (code, state),
            Callback::Error {
                error, description, ..
            } => return fail(SignInError::Refused { error, description }),
            Callback::Malformed(reason) => return fail(SignInError::Malformed(reason)),
            Callback::None => return fail(SignInError::NothingPending),
        };
        let Some(pending) = pending else {
            return fail(SignInError::NothingPending);
        };
        if state != pending.state {
            return fail(SignInError::StateMismatch);
        }
        let config = self.config.get_value();
        let tokens = match exchange_code(&config, &code, &pending).await {
            Ok(tokens) => tokens,
            Err(error) => return fail(error),
        };
        let claims = match check_id_token(&config, &tokens.id_token, Some(&pending.nonce)) {
            Ok(claims) => claims,
            Err(error) => return fail(error),
        };
        if storage::save_tokens(&tokens).is_err() {
            return fail(SignInError::Browser("store the session".into()));
        }
        Ok((UserProfile::from(&claims), pending.return_to))
    }
}

/// Reads the stored session at start-up; a corrupt, foreign or expired one reads as signed out.
fn restore_session(config: &Config) -> AuthState {
    let Some(tokens) = storage::load_tokens() else {
        return AuthState::SignedOut;
    };
    let now = now_secs();
    let claims = decode_claims(&tokens.id_token).ok().filter(|claims| {
        claims.iss.as_deref() == Some(config.issuer.as_str())
            && claims.sub.as_deref().is_some_and(|sub| !sub.is_empty())
    });
    match claims {
        Some(claims) if !tokens.is_expired(now, EXPIRY_MARGIN) => {
            AuthState::SignedIn(UserProfile::from(&claims))
        }
        _ => {
            storage::clear_tokens();
            AuthState::SignedOut
        }
    }
}

fn check_id_token(
    config: &Config,
    id_token: &str,
    nonce: Option<&str>,
) -> Result<IdClaims, SignInError> {
    let claims = decode_claims(id_token)?;
    validate_claims(
        &claims,
        &Expected {
            issuer: &config.issuer,
            client_id: &config.client_id,
            nonce,
            now: now_secs(),
        },
    )?;
    Ok(claims)
}

async fn exchange_code(
    config: &Config,
    code: &str,
    pending: &PendingLogin,
) -> Result<TokenSet, SignInError> {
    let response = Request::post(&token_url(config))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(code_exchange_body(config, code, pending))
        .map_err(|_| SignInError::Browser("build the token request".into()))?
        .send()
        .await
        .map_err(|_| SignInError::TokenEndpointUnreachable)?;
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|_| SignInError::TokenEndpointUnreachable)?;
    if status != 200 {
        return Err(match parse_token_error(&body) {
            Some(error) => SignInError::TokenRejected {
                error: error.error,
                description: error.error_description,
            },
            None => SignInError::BadTokenResponse(format!("HTTP {status}")),
        });
    }
    let parsed: TokenResponse = serde_json::from_str(&body)
        .map_err(|_| SignInError::BadTokenResponse("not a token response".into()))?;
    TokenSet::from_code_response(parsed, now_secs())
        .map_err(|error| SignInError::BadTokenResponse(error.to_string()))
}

fn assign_location(url: &str) -> Result<(), SignInError> {
    web_sys::window()
        .and_then(|window| window.location().assign(url).ok())
        .ok_or_else(|| SignInError::Browser("open the sign-in page".into()))
}
