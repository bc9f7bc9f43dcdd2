//! The auth state of this tab as one explicit enum, provided at the root as `AuthContext`:
//! starting a sign-in, completing the callback exactly once, keeping the session fresh, and
//! signing out the Cognito way, in step with the app's other tabs.

use super::api_bearer::{BearerPlan, bearer_token, plan_bearer};
use super::callback::Callback;
use super::callback_decision::{CallbackDecision, decide_callback};
use super::claims::{Expected, IdClaims, decode_claims};
use super::clock::now_secs;
use super::endpoints::{
    authorize_url, code_exchange_body, logout_url, oidc_logout_url, revoke_body, revoke_url,
};
use super::failure::SignInError;
use super::hosted_ui_lang::hosted_ui_lang;
use super::id_token::verify_id_token;
use super::idp_metadata::{KeysLoad, discovery, prefetch, reusable};
use super::peer_tokens::verify_peer_tokens;
use super::pending::PendingLogin;
use super::provider_choice::provider_for_resume;
use super::random::fresh_entropy;
use super::refresh::{RefreshError, refresh_grant};
use super::return_to::sanitize_return_to;
use super::storage;
use super::tab_message::{TabMessage, fingerprint, refreshed_meanwhile, should_adopt};
use super::tab_sync::TabSync;
use super::token_endpoint::post_token_form;
use super::tokens::{TokenResponse, TokenSet};
use super::web_locks::with_lock;
use crate::config::{Config, LogoutMode};
use crate::sleep::sleep;
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use gloo_net::http::Request;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use std::time::Duration;

/// Seconds before expiry at which an access token is no longer worth sending.
pub const EXPIRY_MARGIN: u64 = 30;
/// How long a tab about to refresh waits for another tab to say it already did.
const PEER_ANSWER_WAIT: Duration = Duration::from_millis(150);
/// How long starting a sign-in waits for discovery and keys to be cached first.
const METADATA_WAIT: Duration = Duration::from_millis(1500);
/// The Web Lock that lets one tab at a time refresh.
const REFRESH_LOCK: &str = "city-tasks.refresh";

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

type SharedRefresh = Shared<LocalBoxFuture<'static, Result<TokenSet, RefreshError>>>;

/// The auth service, cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct AuthContext {
    state: RwSignal<AuthState>,
    config: StoredValue<Config>,
    refresh_in_flight: StoredValue<Option<SharedRefresh>, LocalStorage>,
    tabs: StoredValue<Option<TabSync>, LocalStorage>,
    refresh_timer: StoredValue<Option<TimeoutHandle>>,
    /// Fingerprints of the refresh tokens this tab held before rotation, so it can answer
    /// a tab that still holds one of them.
    lineage: StoredValue<Vec<String>>,
    /// The landing page's load of discovery and keys, joined when a sign-in starts.
    keys_load: StoredValue<Option<KeysLoad>, LocalStorage>,
}

/// The auth context provided at the root.
pub fn use_auth() -> AuthContext {
    expect_context::<AuthContext>()
}

impl AuthContext {
    /// Creates and provides the context. `callback` is the OAuth response captured (and already
    /// stripped from the address bar) before the router started; it is consumed exactly once here.
    /// Only a response to the sign-in this tab started changes the session: a stray one (a link
    /// from anywhere, a replayed callback) leaves it as it is and shows nothing from the URL.
    pub fn provide(
        config: Config,
        callback: Callback,
        navigate: impl Fn(&str, NavigateOptions) + 'static,
    ) -> Self {
        let decision = callback.is_response().then(|| read_callback(callback));
        let initial = match &decision {
            Some(CallbackDecision::Exchange { .. }) => AuthState::Checking,
            Some(CallbackDecision::Refused { error, return_to }) => {
                storage::clear_tokens();
                AuthState::Failed {
                    error: error.clone(),
                    return_to: return_to.clone(),
                }
            }
            Some(CallbackDecision::Stray { .. }) | None => restore_session(&config),
        };
        let auth = Self {
            state: RwSignal::new(initial),
            config: StoredValue::new(config),
            refresh_in_flight: StoredValue::new_local(None),
            tabs: StoredValue::new_local(None),
            refresh_timer: StoredValue::new(None),
            lineage: StoredValue::new(Vec::new()),
            keys_load: StoredValue::new_local(None),
        };
        provide_context(auth);
        auth.tabs
            .set_value(TabSync::open(move |message| auth.on_tab_message(message)));
        auth.watch_for_wake_ups();
        let replace = || NavigateOptions {
            replace: true,
            ..Default::default()
        };
        let signed_in = matches!(auth.state.get_untracked(), AuthState::SignedIn(_));
        match decision {
            Some(CallbackDecision::Exchange { code, pending }) => {
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
            Some(CallbackDecision::Refused { .. }) => {}
            Some(CallbackDecision::Stray { return_to, .. }) if signed_in => {
                auth.check_freshness();
                // After the router has started: the callback page is no place for a signed-in
                // user to stay.
                leptos::task::spawn_local(async move { navigate(&return_to, replace()) });
            }
            _ if signed_in => auth.check_freshness(),
            // On the landing page: fetch what the callback will need.
            _ => auth
                .keys_load
                .set_value(Some(prefetch(&auth.config.get_value()))),
        }
        auth
    }

    /// The load of discovery and keys under way (or done) on this page, or a new one.
    fn keys_loading(&self) -> KeysLoad {
        let running = self.keys_load.get_value().filter(reusable);
        running.unwrap_or_else(|| {
            let load = prefetch(&self.config.get_value());
            self.keys_load.set_value(Some(load.clone()));
            load
        })
    }

    pub fn state(&self) -> ReadSignal<AuthState> {
        self.state.read_only()
    }

    pub fn config(&self) -> Config {
        self.config.get_value()
    }

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
            // Cache discovery and keys now, so the callback page does not wait on them;
            // a slow or absent answer does not hold up the sign-in itself.
            futures::future::select(auth.keys_loading(), Box::pin(sleep(METADATA_WAIT))).await;
            let lang = browser_language().as_deref().and_then(hosted_ui_lang);
            let started = fresh_entropy().and_then(|entropy| {
                let pending = PendingLogin::new(&entropy, &return_to, now_secs());
                storage::save_pending_login(&pending)
                    .map_err(|_| SignInError::Browser("store the sign-in request".into()))?;
                Ok(authorize_url(
                    &config,
                    &pending,
                    identity_provider.as_deref(),
                    lang,
                ))
            });
            if let Err(error) = started.and_then(|url| assign_location(&url)) {
                auth.state.set(AuthState::Failed { error, return_to });
            }
        });
    }

    /// The bearer for an API call, the token `apiToken` names (access or ID): refreshed first
    /// when due, so an expired or nearly expired token is never sent.
    pub async fn api_token(&self) -> Result<String, TokenUnavailable> {
        let Some(tokens) = storage::load_tokens() else {
            self.end_session(SignedOutReason::Expired);
            return Err(TokenUnavailable::SessionEnded);
        };
        let which = self.config.with_value(|config| config.api_token);
        match plan_bearer(&tokens, which, now_secs(), EXPIRY_MARGIN) {
            BearerPlan::Send(token) => Ok(token),
            BearerPlan::RefreshFirst { meanwhile } => match self.refresh().await {
                Ok(fresh) => Ok(bearer_token(&fresh, which).to_string()),
                // A transient failure before expiry: the old token still works for a while.
                Err(RefreshError::Unreachable) => meanwhile.ok_or(TokenUnavailable::Unreachable),
                Err(_) => Err(TokenUnavailable::SessionEnded),
            },
        }
    }

    /// The API refused the token (401): refresh once, whatever the clock says.
    pub async fn renew_after_rejection(&self) -> Result<String, TokenUnavailable> {
        let which = self.config.with_value(|config| config.api_token);
        match self.refresh().await {
            Ok(fresh) => Ok(bearer_token(&fresh, which).to_string()),
            Err(RefreshError::Unreachable) => Err(TokenUnavailable::Unreachable),
            Err(_) => Err(TokenUnavailable::SessionEnded),
        }
    }

    /// The session is no longer accepted: forget it and say why.
    pub fn end_session(&self, reason: SignedOutReason) {
        storage::clear_tokens();
        self.cancel_refresh_timer();
        if !matches!(self.state.get_untracked(), AuthState::SignedOut(_)) {
            self.state.set(AuthState::SignedOut(reason));
        }
    }

    /// Revokes the refresh token, clears this tab's session (and the other tabs'), then ends the
    /// identity provider's session: Cognito's `/logout`, or OIDC logout where configured.
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
            let logout = match config.logout_mode {
                LogoutMode::Cognito => Some(logout_url(&config)),
                LogoutMode::Oidc => match (discovery(&config).await, &tokens) {
                    (Ok(found), Some(tokens)) => found
                        .end_session_endpoint
                        .map(|endpoint| oidc_logout_url(&endpoint, &config, &tokens.id_token)),
                    _ => None,
                },
            };
            storage::clear_tokens();
            auth.cancel_refresh_timer();
            auth.tabs.with_value(|tabs| {
                if let Some(tabs) = tabs {
                    tabs.post(&TabMessage::SignedOut);
                }
            });
            // The state is left as it is while the page unloads: flipping it to signed out
            // would make a guarded page start a new sign-in that races this navigation.
            let target = logout.unwrap_or_else(|| config.logout_uri.clone());
            if assign_location(&target).is_err() {
                auth.state
                    .set(AuthState::SignedOut(SignedOutReason::NotSignedIn));
            }
        });
    }

    /// Refreshes now unless a refresh is already running in this tab, in which case its
    /// result is shared.
    async fn refresh(&self) -> Result<TokenSet, RefreshError> {
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
        match &result {
            Ok(tokens) => self.adopt(tokens),
            Err(error) if error.ends_session() => self.end_session(SignedOutReason::Expired),
            Err(_) => self.schedule_retry(),
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
            let fresh = refresh_grant(&self.config.get_value(), &current).await?;
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
        outcome.unwrap_or(Err(RefreshError::Unreachable))
    }

    /// Stores a new token set and shows its user.
    fn adopt(&self, tokens: &TokenSet) {
        let previous = storage::load_tokens().and_then(|old| old.refresh_token);
        if let Some(previous) = previous
            && tokens.refresh_token.as_deref() != Some(previous.as_str())
        {
            self.lineage
                .update_value(|lineage| lineage.push(fingerprint(&previous)));
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

    fn on_tab_message(&self, message: TabMessage) {
        let mine = storage::load_tokens();
        match message {
            TabMessage::Refreshed { from, tokens } => {
                if mine.is_some_and(|mine| should_adopt(&mine, &from, &tokens)) {
                    let auth = *self;
                    leptos::task::spawn_local(async move {
                        auth.adopt_from_tab(&from, &tokens).await;
                    });
                }
            }
            TabMessage::Query { from } => {
                // Answer only a tab of the same session (its refresh token is ours or one we
                // rotated away from), and only with a set that needs no refresh itself.
                let same_session = |mine: &TokenSet| {
                    mine.refresh_token.as_deref().map(fingerprint).as_deref() == Some(from.as_str())
                        || self.lineage.with_value(|lineage| lineage.contains(&from))
                };
                if let Some(mine) = mine
                    && same_session(&mine)
                    && !mine.needs_refresh(now_secs())
                {
                    self.post(&TabMessage::Refreshed { from, tokens: mine });
                }
            }
            TabMessage::SignedOut => {
                if mine.is_some() || matches!(self.state.get_untracked(), AuthState::SignedIn(_)) {
                    self.end_session(SignedOutReason::Elsewhere);
                }
            }
        }
    }

    /// Adopts another tab's refresh result once its ID token verifies and names this tab's
    /// user; anything else is ignored and this tab refreshes on its own when due.
    async fn adopt_from_tab(&self, from: &str, theirs: &TokenSet) {
        let Some(mine) = storage::load_tokens() else {
            return;
        };
        let config = self.config.get_value();
        if verify_peer_tokens(&config, &mine, theirs, now_secs())
            .await
            .is_err()
        {
            return;
        }
        // The session may have moved on while the signature was checked.
        if storage::load_tokens().is_some_and(|current| should_adopt(&current, from, theirs)) {
            self.adopt(theirs);
        }
    }

    fn post(&self, message: &TabMessage) {
        self.tabs.with_value(|tabs| {
            if let Some(tabs) = tabs {
                tabs.post(message);
            }
        });
    }

    /// Timers stall in background tabs and during sleep, so the session is re-checked whenever
    /// the tab becomes visible, gains focus or comes back online.
    fn watch_for_wake_ups(&self) {
        let auth = *self;
        for event in ["visibilitychange", "focus", "online"] {
            let handle = window_event_listener_untyped(event, move |_| auth.check_freshness());
            // The context lives as long as the app; the listeners do too.
            std::mem::forget(handle);
        }
    }

    /// Refreshes in the background when the refresh is due.
    fn check_freshness(&self) {
        let Some(tokens) = storage::load_tokens() else {
            if matches!(self.state.get_untracked(), AuthState::SignedIn(_)) {
                self.end_session(SignedOutReason::Expired);
            }
            return;
        };
        if tokens.needs_refresh(now_secs()) {
            let auth = *self;
            leptos::task::spawn_local(async move {
                let _ = auth.refresh().await;
            });
        } else {
            self.schedule_refresh();
        }
    }

    fn schedule_refresh(&self) {
        let Some(tokens) = storage::load_tokens() else {
            return;
        };
        self.schedule_check(tokens.refresh_timer_wait(now_secs()));
    }

    /// After a transient failure, try again in a little while.
    fn schedule_retry(&self) {
        self.schedule_check(Duration::from_secs(15));
    }

    fn schedule_check(&self, wait: Duration) {
        self.cancel_refresh_timer();
        let auth = *self;
        let handle = set_timeout_with_handle(move || auth.check_freshness(), wait).ok();
        self.refresh_timer.set_value(handle);
    }

    fn cancel_refresh_timer(&self) {
        if let Some(handle) = self.refresh_timer.get_value() {
            handle.clear();
        }
        self.refresh_timer.set_value(None);
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
            .map_err(|_| SignInError::Browser("store the session".into()))?;
        Ok(UserProfile::from(&claims))
    }
}

/// Decides what the callback means for this tab and, before anything else can run (a reload, a
/// second render), removes the pending record when the decision uses it up.
fn read_callback(callback: Callback) -> CallbackDecision {
    let pending = storage::load_pending_login();
    let decision = decide_callback(callback, pending.as_ref(), now_secs());
    if decision.discards_pending() {
        storage::discard_pending_login();
    }
    decision
}

/// Reads the stored session at start-up. A corrupt or foreign entry reads as signed out; an
/// expired access token with a refresh token is renewed right after start-up.
fn restore_session(config: &Config) -> AuthState {
    let Some(tokens) = storage::load_tokens() else {
        return AuthState::SignedOut(SignedOutReason::NotSignedIn);
    };
    let claims = decode_claims(&tokens.id_token).ok().filter(|claims| {
        claims.iss.as_deref() == Some(config.issuer.as_str())
            && claims.sub.as_deref().is_some_and(|sub| !sub.is_empty())
    });
    let renewable = tokens.refresh_token.is_some() || !tokens.is_expired(now_secs(), EXPIRY_MARGIN);
    match claims {
        Some(claims) if renewable => AuthState::SignedIn(UserProfile::from(&claims)),
        _ => {
            storage::clear_tokens();
            AuthState::SignedOut(SignedOutReason::NotSignedIn)
        }
    }
}

async fn exchange_code(
    config: &Config,
    code: &str,
    pending: &PendingLogin,
) -> Result<TokenSet, SignInError> {
    let (status, body) = post_token_form(config, code_exchange_body(config, code, pending))
        .await
        .ok_or(SignInError::TokenEndpointUnreachable)?;
    if status != 200 {
        return Err(SignInError::from_token_failure(status, &body));
    }
    let parsed: TokenResponse = serde_json::from_str(&body)
        .map_err(|_| SignInError::BadTokenResponse("not a token response".into()))?;
    TokenSet::from_code_response(parsed, now_secs())
        .map_err(|error| SignInError::BadTokenResponse(error.to_string()))
}

/// The browser's preferred language (`navigator.language`), e.g. `de-AT`.
fn browser_language() -> Option<String> {
    web_sys::window().and_then(|window| window.navigator().language())
}

fn assign_location(url: &str) -> Result<(), SignInError> {
    web_sys::window()
        .and_then(|window| window.location().assign(url).ok())
        .ok_or_else(|| SignInError::Browser("open the sign-in page".into()))
}
