//! City Tasks: a Leptos single-page app for scheduled device tasks behind Amazon Cognito sign-in.

pub mod api;
pub use city_tasks_config::{config, url};
pub mod app;
pub mod auth;
pub mod components;
pub mod pages;
pub mod routes;
pub mod sleep;
pub mod tasks;

/// Mounts the app on the page's body.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
