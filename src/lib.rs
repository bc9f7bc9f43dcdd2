//! City Tasks: a Leptos single-page app for scheduled device tasks behind Amazon Cognito sign-in.

mod api;
pub use city_tasks_config::{config, url, zone};
mod app;
mod auth;
mod components;
mod i18n;
// The `wasm_split` macro's output declares the chunk loader as an `unsafe extern` import.
#[cfg_attr(
    feature = "split",
    allow(unsafe_code, reason = "the split points' generated loader imports")
)]
mod lazy_pages;
#[cfg(test)]
mod never_panics;
mod pages;
mod panic_screen;
mod routes;
mod sign_in_starter;
mod sleep;
mod tasks;

/// What the `tests/` browser tests reach inside the crate, exported on purpose and only with the
/// `internals` feature (the wasm test stage turns it on); the app itself exports only `start`.
#[cfg(feature = "internals")]
pub mod internals {
    pub use crate::auth::browser::storage::{
        PENDING_LOGIN_KEY, SESSION_KEY, clear_tokens, discard_pending_login, load_pending_login,
        load_tokens, save_pending_login, save_tokens,
    };
    pub use crate::auth::id_token::jwks::Jwk;
    pub use crate::auth::id_token::jwt::parse_signed_jwt;
    pub use crate::auth::id_token::signing_keys::KeysLoad;
    pub use crate::auth::id_token::webcrypto::verify_rs256;
    pub use crate::auth::protocol::pending::PendingLogin;
    pub use crate::auth::protocol::tokens::TokenSet;
    pub use crate::i18n::Lang;
    pub use crate::i18n::dates::DateWords;
    pub use crate::i18n::intl::IntlWords;
    pub use crate::sign_in_starter::page::{LANDING_ID, StaticLanding, remove_static_landing};
    pub use crate::tasks::data::model::Weekday;
    pub use crate::tasks::data::when::{CalendarDate, LocalDateTime};
    pub use crate::tasks::schedule::context::check_zone;
    pub use crate::tasks::schedule::intl_zone::IntlZone;
}

/// Mounts the app on the page's body.
pub fn start() {
    panic_screen::install();
    i18n::install();
    // The sign-in starter's landing page, if the page had one: the app shows its own.
    sign_in_starter::remove_static_landing();
    leptos::mount::mount_to_body(app::App);
}

/// The sign-in starter's entry point (`src/bin/sign-in-starter.rs`): shows the signed-out
/// landing page without the app and resolves to `true`, or to `false` when the app must start
/// (see `sign_in_starter`).
pub async fn start_landing() -> bool {
    sign_in_starter::start().await
}
