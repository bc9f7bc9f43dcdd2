//! The auth service provided at the root as `AuthContext`: this tab's `AuthState` signal and
//! what the jobs beside this file (start-up, sign-in, refresh and its schedule, tab messages,
//! sign-out) share. It is cheap to copy into closures.

use super::refresh::SharedRefresh;
use super::state::AuthState;
use crate::auth::id_token::signing_keys::{KeysLoad, prefetch, reusable};
use crate::auth::tabs::channel::TabSync;
use crate::auth::tabs::message::TabMessage;
use crate::config::Config;
use leptos::prelude::*;

/// The auth service, cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct AuthContext {
    pub(super) state: RwSignal<AuthState>,
    pub(super) config: StoredValue<Config>,
    pub(super) refresh_in_flight: StoredValue<Option<SharedRefresh>, LocalStorage>,
    pub(super) tabs: StoredValue<Option<TabSync>, LocalStorage>,
    pub(super) refresh_timer: StoredValue<Option<TimeoutHandle>>,
    /// Fingerprints of the refresh tokens this tab held before rotation, so it can answer
    /// a tab that still holds one of them.
    pub(super) lineage: StoredValue<Vec<String>>,
    /// The landing page's load of discovery and keys, joined when a sign-in starts.
    pub(super) keys_load: StoredValue<Option<KeysLoad>, LocalStorage>,
}

/// The auth context provided at the root.
pub fn use_auth() -> AuthContext {
    expect_context::<AuthContext>()
}

impl AuthContext {
    pub fn state(&self) -> ReadSignal<AuthState> {
        self.state.read_only()
    }

    pub fn config(&self) -> Config {
        self.config.get_value()
    }

    pub(super) fn is_signed_in(&self) -> bool {
        self.state.with_untracked(AuthState::is_signed_in)
    }

    /// The load of discovery and keys under way (or done) on this page, or a new one.
    pub(super) fn keys_loading(&self) -> KeysLoad {
        let running = self.keys_load.get_value().filter(reusable);
        running.unwrap_or_else(|| {
            let load = prefetch(&self.config.get_value());
            self.keys_load.set_value(Some(load.clone()));
            load
        })
    }

    /// Tells the other tabs; without a BroadcastChannel they find out on their own.
    pub(super) fn post(&self, message: &TabMessage) {
        self.tabs.with_value(|tabs| {
            if let Some(tabs) = tabs {
                tabs.post(message);
            }
        });
    }
}
