//! The local stand-in for Cognito's Hosted UI and OAuth endpoints.

mod authorize;
mod authorize_request;
mod behaviour;
mod claims;
mod discovery;
mod faults;
mod grants;
mod hooks;
mod hosted_ui_page;
mod logout;
mod oauth_error;
mod revoke;
mod session;
mod token;
mod userinfo;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};

use crate::access_token::AccessTokenVerifier;
use crate::cors::{self, CorsPolicy};
use crate::keys::KeyStore;
use crate::options::User;
use crate::random;
use crate::request_log::{self, RequestLog};

pub use behaviour::Behaviour;
pub use faults::Fault;
pub use hooks::TokenRequestRecord;

/// Fixed settings of the user pool and its one app client.
#[derive(Debug, Clone)]
pub struct IdpConfig {
    pub issuer: String,
    pub auth_domain: String,
    pub client_id: String,
    pub callback_url: String,
    pub sign_out_url: String,
    pub access_ttl_secs: u64,
    pub id_ttl_secs: u64,
    pub refresh_ttl_secs: u64,
    pub refresh_rotation: bool,
    pub test_hooks: bool,
}

/// A user of the pool with their stable `sub`.
#[derive(Debug, Clone)]
pub struct PoolUser {
    pub user: User,
    pub sub: String,
}

/// Everything the sign-in server keeps between requests.
#[derive(Default)]
pub struct IdpData {
    pub codes: HashMap<String, grants::CodeGrant>,
    pub refresh_tokens: HashMap<String, grants::RefreshGrant>,
    pub sessions: HashMap<String, session::Session>,
    /// `origin_jti`s whose refresh token was revoked: userInfo refuses their access tokens.
    pub revoked_origins: HashSet<String>,
    pub faults: VecDeque<Fault>,
    pub token_log: Vec<TokenRequestRecord>,
    /// Persistent test switches (outages, odd metadata); healthy by default.
    pub behaviour: behaviour::Behaviour,
    /// The last `redirect_uri?code=...&state=...` sent to a browser, for replay tests.
    pub last_callback: Option<String>,
}

pub struct IdpState {
    pub config: IdpConfig,
    pub keys: Arc<KeyStore>,
    pub users: Vec<PoolUser>,
    /// Every request the server received (filled only with test hooks on).
    pub request_log: RequestLog,
    data: Mutex<IdpData>,
}

impl IdpState {
    pub fn new(config: IdpConfig, keys: Arc<KeyStore>, users: Vec<User>, pool_id: &str) -> Self {
        let users = users
            .into_iter()
            .map(|user| PoolUser {
                sub: random::stable_uuid(&format!("{pool_id}/{}", user.username)),
                user,
            })
            .collect();
        IdpState {
            config,
            keys,
            users,
            request_log: RequestLog::default(),
            data: Mutex::new(IdpData::default()),
        }
    }

    /// The mutable state. Every critical section is short and never awaits; a panic inside one
    /// leaves maps that are still consistent, so a poisoned lock is used as is.
    pub fn data(&self) -> MutexGuard<'_, IdpData> {
        self.data
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn user(&self, username: &str) -> Option<&PoolUser> {
        self.users.iter().find(|u| u.user.username == username)
    }

    pub fn access_verifier(&self) -> AccessTokenVerifier {
        AccessTokenVerifier {
            keys: self.keys.clone(),
            issuer: self.config.issuer.clone(),
            client_id: self.config.client_id.clone(),
        }
    }

    /// The issuer's path on this server, e.g. `/local_CityTasks`.
    fn issuer_path(&self) -> String {
        let path = self
            .config
            .issuer
            .strip_prefix(&self.config.auth_domain)
            .unwrap_or("");
        path.trim_end_matches('/').to_owned()
    }
}

/// The sign-in server's routes; with `test_hooks`, also the `/__test` endpoints, a log of every
/// request (served at `/__test/requests`) and the "token endpoint unreachable" switch.
pub fn router(state: Arc<IdpState>) -> Router {
    let issuer_path = state.issuer_path();
    // Endpoints a browser app calls with fetch: CORS like Cognito (any origin).
    let cross_origin = Router::new()
        .route(
            &format!("{issuer_path}/.well-known/openid-configuration"),
            get(discovery::openid_configuration),
        )
        .route(
            &format!("{issuer_path}/.well-known/jwks.json"),
            get(discovery::jwks),
        )
        .route("/oauth2/token", post(token::token))
        .route(
            "/oauth2/userInfo",
            get(userinfo::userinfo).post(userinfo::userinfo),
        )
        .route("/oauth2/revoke", post(revoke::revoke))
        .layer(from_fn_with_state(CorsPolicy::AnyOrigin, cors::layer));
    // Pages the browser navigates to: no CORS.
    let mut router = Router::new()
        .route(
            "/oauth2/authorize",
            get(authorize::show).post(authorize::sign_in),
        )
        .route("/login", post(authorize::sign_in))
        .route("/logout", get(logout::logout))
        .merge(cross_origin);
    let test_hooks = state.config.test_hooks;
    if test_hooks {
        router = router.merge(hooks::router());
    }
    if !test_hooks {
        return router.with_state(state);
    }
    // Outside CORS, so an "unreachable" answer carries no CORS header at all.
    let router = router
        .layer(from_fn_with_state(
            state.clone(),
            hooks::unreachable_token_endpoint,
        ))
        .with_state(state.clone());
    request_log::logged(router, &state.request_log)
}
