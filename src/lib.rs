//! City Tasks: a Leptos single-page app for scheduled device tasks behind Amazon Cognito sign-in.

pub mod api;
pub use city_tasks_config::{config, url};
pub mod app;
pub mod auth;
pub mod components;
#[cfg(test)]
mod never_panics;
pub mod pages;
mod panic_screen;
pub mod routes;
pub mod sleep;
pub mod tasks;

/// Mounts the app on the page's body.
pub fn start() {
    panic_screen::install();
    leptos::mount::mount_to_body(app::App);
}
