//! Sanitising the page to return to after sign-in: a same-origin path, never an open redirect.

use crate::routes::{HOME, TASKS};

/// Where a user lands when the remembered target is unusable.
pub const DEFAULT_RETURN: &str = TASKS;

/// Returns `target` when it is a plain same-origin path (with optional query), else the default.
/// Rejects absolute and protocol-relative URLs (`//evil.io`, `/\evil.io`), control characters,
/// and the callback page itself, which would start another code exchange.
pub fn sanitize_return_to(target: &str) -> String {
    let acceptable = target.starts_with('/')
        && !target.starts_with("//")
        && !target.starts_with("/\\")
        && !target.contains('\\')
        && !target.chars().any(char::is_control)
        && !is_callback(target)
        && target.len() <= 2048;
    if acceptable {
        target.to_string()
    } else {
        DEFAULT_RETURN.to_string()
    }
}

/// The current page as a return target, from the router's path and query. leptos_router's
/// `search` is the query without its `?`; the browser's `location.search` has it: both work.
pub fn path_with_query(path: &str, search: &str) -> String {
    match search.trim_start_matches('?') {
        "" => path.to_string(),
        query => format!("{path}?{query}"),
    }
}

fn is_callback(target: &str) -> bool {
    let path = target.split(['?', '#']).next().unwrap_or(target);
    path == HOME || path.strip_suffix('/') == Some(HOME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_same_origin_paths() {
        assert_eq!(sanitize_return_to("/tasks"), "/tasks");
        assert_eq!(
            sanitize_return_to("/tasks/edit/3?tab=days"),
            "/tasks/edit/3?tab=days"
        );
    }

    #[test]
    fn refuses_open_redirects() {
        for target in [
            "https://evil.io/",
            "//evil.io",
            "/\\evil.io",
            "/tasks\\..\\evil",
            "javascript:alert(1)",
            "tasks",
            "",
            "/tasks\n/evil",
        ] {
            assert_eq!(sanitize_return_to(target), DEFAULT_RETURN, "{target:?}");
        }
    }

    #[test]
    fn refuses_the_callback_page() {
        assert_eq!(sanitize_return_to("/home?code=x&state=y"), DEFAULT_RETURN);
        assert_eq!(sanitize_return_to("/home"), DEFAULT_RETURN);
    }

    #[test]
    fn joins_path_and_query_with_one_question_mark() {
        assert_eq!(path_with_query("/tasks", "sort=time"), "/tasks?sort=time");
        assert_eq!(path_with_query("/tasks", "?sort=time"), "/tasks?sort=time");
        assert_eq!(path_with_query("/tasks", ""), "/tasks");
        assert_eq!(path_with_query("/tasks", "?"), "/tasks");
    }

    #[test]
    fn refuses_absurd_lengths() {
        assert_eq!(
            sanitize_return_to(&format!("/{}", "a".repeat(5000))),
            DEFAULT_RETURN
        );
    }
}
