//! City Tasks: a Leptos single-page app for scheduled device tasks behind Amazon Cognito sign-in.

pub mod api;
pub use city_tasks_config::{config, url};
mod app;
pub mod auth;
mod components;
#[cfg(test)]
mod never_panics;
mod pages;
mod panic_screen;
mod routes;
mod sleep;
mod tasks;

/// Mounts the app on the page's body.
pub fn start() {
    panic_screen::install();
    leptos::mount::mount_to_body(app::App);
}
