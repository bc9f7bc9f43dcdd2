//! End-to-end harness for City Tasks: a real Chromium, driven through chromedriver, against the
//! local stack (Hosted UI stand-in, Tasks API and static host serving the built app).
//!
//! Each test owns one [`Harness`]: its own stack on ephemeral ports, its own chromedriver and its
//! own browser profile, so tests run in parallel. [`Harness::finish`] stops everything in order;
//! if a test panics or returns early, `Drop` still quits the browser session, kills chromedriver
//! (and anything it started) and drops the stack.

pub mod auth_checks;
pub mod axe;
pub mod browser;
#[allow(unsafe_code, reason = "libc killpg; see the SAFETY note")]
pub mod chromedriver;
pub mod delivery;
pub mod dist;
pub mod harness;
pub mod hooks;
pub mod pages;
pub mod tasks;
pub mod viewport;
pub mod wait;

pub use browser::testid;
pub use harness::Harness;
pub use hooks::{ApiRequest, AuthorizeRequest, HttpRequest, PutMode, TokenRequest};
pub use pages::{HomePage, SignInPage, TasksPage};
pub use tasks::ApiTask;
pub use wait::{holds_for, wait_for, wait_until};

/// Storage keys the app uses; kept here so every journey reads the same names.
pub mod keys {
    /// sessionStorage: the token set JSON while signed in.
    pub const SESSION: &str = "city-tasks.session";
    /// sessionStorage: the one-time PKCE / state / nonce record during a sign-in.
    pub const PENDING_LOGIN: &str = "city-tasks.pending-login";
    /// sessionStorage: the identity provider chosen last in this tab (a JSON string).
    pub const IDENTITY_PROVIDER: &str = "city-tasks.identity-provider";
}
pub mod task_pages;
