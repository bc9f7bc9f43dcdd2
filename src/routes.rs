//! The app's paths, in one place; kept from the original app so bookmarks still work.

/// The landing page, which is also the OAuth callback (`redirectUri`).
pub const HOME: &str = "/home";
/// The guarded task list.
pub const TASKS: &str = "/tasks";
