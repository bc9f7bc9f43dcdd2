//! The local Tasks API: CRUD over tasks behind Cognito access-token authentication.

mod auth;
mod hooks;
mod task;
mod tasks_api;
mod tasks_store;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::get;

use crate::access_token::AccessTokenVerifier;
use crate::cors::{self, CorsPolicy};
use crate::options::PutMode;

pub use hooks::ApiRequestRecord;
pub use task::Task;

/// The current instant as the API stamps it.
pub fn iso_now() -> String {
    task::iso_utc(crate::clock::now_ms())
}
pub use tasks_store::TasksStore;

pub struct ApiState {
    pub store: TasksStore,
    pub verifier: AccessTokenVerifier,
    /// The PUT mode the stack was started with; `DELETE /__test/put-mode` goes back to it.
    configured_put_mode: PutMode,
    put_mode: Mutex<PutMode>,
    hooks: Mutex<hooks::HookData>,
}

impl ApiState {
    pub fn new(store: TasksStore, verifier: AccessTokenVerifier, put_mode: PutMode) -> Self {
        ApiState {
            store,
            verifier,
            configured_put_mode: put_mode,
            put_mode: Mutex::new(put_mode),
            hooks: Mutex::new(hooks::HookData::default()),
        }
    }

    /// How PUT treats fields the body leaves out, now.
    pub fn put_mode(&self) -> PutMode {
        *self
            .put_mode
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn set_put_mode(&self, mode: PutMode) {
        *self
            .put_mode
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = mode;
    }

    pub fn recorded_requests(&self) -> Vec<ApiRequestRecord> {
        self.hooks().requests.clone()
    }

    fn hooks(&self) -> MutexGuard<'_, hooks::HookData> {
        // Short, await-free critical sections: a poisoned lock still holds consistent data.
        self.hooks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// `prefix` is "" or starts with "/" and has no trailing slash (checked by the caller).
/// `origins` are the apps allowed by CORS: the app's own first.
pub fn router(state: Arc<ApiState>, prefix: &str, origins: &[String], test_hooks: bool) -> Router {
    let mut api = Router::new()
        .route(&format!("{prefix}/tasks"), get(tasks_api::list))
        .route(
            &format!("{prefix}/task"),
            axum::routing::post(tasks_api::create),
        )
        .route(
            &format!("{prefix}/task/{{id}}"),
            get(tasks_api::read)
                .put(tasks_api::update)
                .delete(tasks_api::delete),
        )
        .route_layer(from_fn_with_state(
            state.clone(),
            auth::require_access_token,
        ));
    if test_hooks {
        // Inside CORS so preflights are answered first and never consume a fault.
        api = api
            .layer(from_fn_with_state(state.clone(), hooks::inject_faults))
            .merge(hooks::router());
    }
    let mut router = cors::layer(api, &CorsPolicy::Origins(origins.to_vec()));
    if test_hooks {
        // Outermost, so the log sees preflights and injected faults alike.
        router = router.layer(from_fn_with_state(state.clone(), hooks::record));
    }
    router.with_state(state)
}
