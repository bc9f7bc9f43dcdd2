//! The app's paths, in one place; kept from the original app so bookmarks still work.

/// The landing page, which is also the OAuth callback (`redirectUri`).
pub const HOME: &str = "/home";
/// The guarded task list.
pub const TASKS: &str = "/tasks";
/// The form for a new task.
pub const TASK_CREATE: &str = "/tasks/create";

/// The read-only view of one task.
pub fn task_details(id: i64) -> String {
    format!("/tasks/details/{id}")
}

/// The form for changing one task.
pub fn task_edit(id: i64) -> String {
    format!("/tasks/edit/{id}")
}

/// The error page for an HTTP-like status (`/error/404`).
pub fn error_page(code: u16) -> String {
    format!("/error/{code}")
}

/// A task id from a path segment; anything else names no task.
pub fn parse_task_id(segment: &str) -> Option<i64> {
    segment.parse().ok().filter(|id| *id >= 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(task_details(7), "/tasks/details/7");
        assert_eq!(task_edit(7), "/tasks/edit/7");
        assert_eq!(error_page(503), "/error/503");
        assert_eq!(parse_task_id("42"), Some(42));
        assert_eq!(parse_task_id("abc"), None);
        assert_eq!(parse_task_id("-1"), None);
    }
}
