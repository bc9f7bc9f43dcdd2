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
use crate::options::{ApiToken, FederatedProvider, User};
use crate::random;
use crate::request_log::{self, RequestLog};

pub use authorize_request::AuthorizeParams as AuthorizeRecord;
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
    /// The callback and sign-out URLs of other apps on the same client (`Options::other_app_origins`).
    pub other_callback_urls: Vec<String>,
    pub other_sign_out_urls: Vec<String>,
    pub access_ttl_secs: u64,
    pub id_ttl_secs: u64,
    pub refresh_ttl_secs: u64,
    pub refresh_rotation: bool,
    pub test_hooks: bool,
}

impl IdpConfig {
    /// The registered callback URL equal to `requested`, else the app's own: validation then
    /// refuses the request and names that one as the URL to use.
    pub fn callback_for(&self, requested: Option<&str>) -> &str {
        registered(&self.callback_url, &self.other_callback_urls, requested)
    }

    /// The registered sign-out URL equal to `requested`, else the app's own.
    pub fn sign_out_for(&self, requested: Option<&str>) -> &str {
        registered(&self.sign_out_url, &self.other_sign_out_urls, requested)
    }
}

fn registered<'a>(own: &'a str, others: &'a [String], requested: Option<&str>) -> &'a str {
    others
        .iter()
        .map(String::as_str)
        .find(|url| Some(*url) == requested)
        .unwrap_or(own)
}

/// A user of the pool with their stable `sub`: one of the pool's own, or one who signs in
/// through a federated provider.
#[derive(Debug, Clone)]
pub struct PoolUser {
    pub user: User,
    pub sub: String,
    /// The federated provider this user signs in through; `None` for the pool's own users.
    pub provider: Option<String>,
    /// The name the pool knows the user by: their own username, or Cognito's
    /// `<provider>_<username>` for a federated user.
    pub pool_username: String,
}

impl PoolUser {
    fn new(pool_id: &str, user: User, provider: Option<&str>) -> Self {
        let pool_username = match provider {
            Some(name) => format!("{name}_{}", user.username),
            None => user.username.clone(),
        };
        PoolUser {
            sub: random::stable_uuid(&format!("{pool_id}/{pool_username}")),
            provider: provider.map(str::to_owned),
            pool_username,
            user,
        }
    }
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
    /// The parameters of the last `GET /oauth2/authorize`, for tests that check what the app
    /// asked for.
    pub last_authorize: Option<AuthorizeRecord>,
}

pub struct IdpState {
    pub config: IdpConfig,
    pub keys: Arc<KeyStore>,
    pub users: Vec<PoolUser>,
    /// Every request the server received (filled only with test hooks on).
    pub request_log: RequestLog,
    /// The federated providers' names, as `identity_provider` may name them.
    pub providers: Vec<String>,
    data: Mutex<IdpData>,
}

impl IdpState {
    pub fn new(
        config: IdpConfig,
        keys: Arc<KeyStore>,
        users: Vec<User>,
        providers: Vec<FederatedProvider>,
        pool_id: &str,
    ) -> Self {
        let mut pool_users: Vec<PoolUser> = users
            .into_iter()
            .map(|user| PoolUser::new(pool_id, user, None))
            .collect();
        for provider in &providers {
            pool_users.extend(
                provider
                    .users
                    .iter()
                    .map(|user| PoolUser::new(pool_id, user.clone(), Some(&provider.name))),
            );
        }
        IdpState {
            config,
            keys,
            users: pool_users,
            providers: providers.into_iter().map(|p| p.name).collect(),
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

    /// A user by the name the pool knows them by (`cognito:username`).
    pub fn user(&self, pool_username: &str) -> Option<&PoolUser> {
        self.users.iter().find(|u| u.pool_username == pool_username)
    }

    /// A user by the name typed on the sign-in form of `provider` (`None`: the pool's own form).
    pub fn user_of(&self, provider: Option<&str>, username: &str) -> Option<&PoolUser> {
        self.users
            .iter()
            .find(|u| u.provider.as_deref() == provider && u.user.username == username)
    }

    /// The verifier of `/oauth2/userInfo`: access tokens only.
    pub fn access_verifier(&self) -> AccessTokenVerifier {
        self.api_verifier(ApiToken::Access)
    }

    /// The verifier of the Tasks API, accepting the kind of token it is configured for.
    pub fn api_verifier(&self, accepts: ApiToken) -> AccessTokenVerifier {
        AccessTokenVerifier {
            keys: self.keys.clone(),
            issuer: self.config.issuer.clone(),
            client_id: self.config.client_id.clone(),
            accepts,
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
        .route("/oauth2/revoke", post(revoke::revoke));
    let cross_origin = cors::layer(cross_origin, &CorsPolicy::AnyOrigin);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_apps_urls_are_registered_beside_the_apps_own() {
        let config = IdpConfig {
            issuer: "http://idp/pool".into(),
            auth_domain: "http://idp".into(),
            client_id: "c".into(),
            callback_url: "http://app/home".into(),
            sign_out_url: "http://app/".into(),
            other_callback_urls: vec!["http://peer/home".into()],
            other_sign_out_urls: vec!["http://peer/".into()],
            access_ttl_secs: 1,
            id_ttl_secs: 1,
            refresh_ttl_secs: 1,
            refresh_rotation: false,
            test_hooks: false,
        };
        assert_eq!(
            config.callback_for(Some("http://peer/home")),
            "http://peer/home"
        );
        assert_eq!(
            config.callback_for(Some("http://app/home")),
            "http://app/home"
        );
        // Anything else is checked against (and refused in the name of) the app's own URL.
        assert_eq!(
            config.callback_for(Some("http://peer/home/")),
            "http://app/home"
        );
        assert_eq!(config.callback_for(None), "http://app/home");
        assert_eq!(config.sign_out_for(Some("http://peer/")), "http://peer/");
        assert_eq!(config.sign_out_for(Some("http://evil/")), "http://app/");
    }
}
