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
    hooks: Mutex<hooks::HookData>,
}

impl ApiState {
    pub fn new(store: TasksStore, verifier: AccessTokenVerifier) -> Self {
        ApiState {
            store,
            verifier,
            hooks: Mutex::new(hooks::HookData::default()),
        }
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
pub fn router(state: Arc<ApiState>, prefix: &str, app_origin: &str, test_hooks: bool) -> Router {
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
    let mut router = api.layer(from_fn_with_state(
        CorsPolicy::Origin(app_origin.to_owned()),
        cors::layer,
    ));
    if test_hooks {
        // Outermost, so the log sees preflights and injected faults alike.
        router = router.layer(from_fn_with_state(state.clone(), hooks::record));
    }
    router.with_state(state)
}
