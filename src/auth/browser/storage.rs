//! sessionStorage glue for the auth module, and the one list of keys the app stores.
//! Tokens live in sessionStorage only: per tab, gone with the tab, never in localStorage.

use crate::auth::protocol::pending::PendingLogin;
use crate::auth::protocol::tokens::TokenSet;
use gloo_storage::{SessionStorage, Storage};

/// The signed-in token set of this tab.
pub const SESSION_KEY: &str = "city-tasks.session";
/// The one-time PKCE/state/nonce record of a sign-in in progress.
pub const PENDING_LOGIN_KEY: &str = "city-tasks.pending-login";
/// The identity provider chosen last in this tab (its user pool name); absent after the plain
/// Login. The guard's automatic sign-in goes back to it.
pub const IDENTITY_PROVIDER_KEY: &str = "city-tasks.identity-provider";
/// The issuer's discovery document, cached so the callback does not wait for it.
pub const DISCOVERY_KEY: &str = "city-tasks.discovery";
/// The issuer's signing keys, cached for the same reason.
pub const JWKS_KEY: &str = "city-tasks.jwks";

/// Why writing to sessionStorage failed (full, disabled, or private mode).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("session storage is unavailable")]
pub struct StorageUnavailable;

/// The stored token set; a corrupt entry is removed and reads as signed out.
pub fn load_tokens() -> Option<TokenSet> {
    load_or_discard(SESSION_KEY)
}

pub fn save_tokens(tokens: &TokenSet) -> Result<(), StorageUnavailable> {
    SessionStorage::set(SESSION_KEY, tokens).map_err(|_| StorageUnavailable)
}

pub fn clear_tokens() {
    SessionStorage::delete(SESSION_KEY);
}

pub fn save_pending_login(pending: &PendingLogin) -> Result<(), StorageUnavailable> {
    SessionStorage::set(PENDING_LOGIN_KEY, pending).map_err(|_| StorageUnavailable)
}

/// The pending sign-in, left in place: a callback that does not answer it must not use it up.
pub fn load_pending_login() -> Option<PendingLogin> {
    load_or_discard(PENDING_LOGIN_KEY)
}

/// Removes the pending sign-in, so its state, nonce and verifier serve once.
pub fn discard_pending_login() {
    SessionStorage::delete(PENDING_LOGIN_KEY);
}

/// Remembers the provider the user chose (`Some`) or that they chose the plain Hosted UI.
/// Best effort: without storage the next automatic sign-in shows the Hosted UI's chooser.
pub fn remember_identity_provider(provider: Option<&str>) {
    match provider {
        Some(name) => {
            let _ = SessionStorage::set(IDENTITY_PROVIDER_KEY, name);
        }
        None => SessionStorage::delete(IDENTITY_PROVIDER_KEY),
    }
}

/// The provider chosen last in this tab, if any.
pub fn remembered_identity_provider() -> Option<String> {
    load_or_discard(IDENTITY_PROVIDER_KEY)
}

/// A cached public document (discovery, JWKS); a corrupt entry is removed and reads as absent.
pub fn load_cached<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    load_or_discard(key)
}

/// Caches a public document; a full or disabled storage only costs a re-fetch later.
pub fn save_cached<T: serde::Serialize>(key: &str, value: &T) {
    let _ = SessionStorage::set(key, value);
}

fn load_or_discard<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    match SessionStorage::get::<T>(key) {
        Ok(value) => Some(value),
        Err(gloo_storage::errors::StorageError::KeyNotFound(_)) => None,
        Err(_) => {
            // Unreadable (tampered, or written by an older version): start clean.
            SessionStorage::delete(key);
            None
        }
    }
}
