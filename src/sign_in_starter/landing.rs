//! Which page loads the starter can show: only the signed-out landing page, decided from the
//! address and whether the tab holds a session. Pure, so it is tested natively.

use crate::routes::HOME;

/// The address of a landing page the starter shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landing {
    /// `/home`.
    Home,
    /// `/`, which the app redirects to `/home`.
    Root,
}

/// The landing page `path` and `query` (`?…` or empty) show, when this is one the starter can
/// show: no session in the tab, and no query. Any query is the app's to read: a callback
/// (`code`, `state`, `error`), or one the app may give a meaning later.
pub fn landing(path: &str, query: &str, has_session: bool) -> Option<Landing> {
    if has_session || !matches!(query, "" | "?") {
        return None;
    }
    match path {
        HOME => Some(Landing::Home),
        "/" | "" => Some(Landing::Root),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::browser::storage::SESSION_KEY;
    use crate::sign_in_starter::STARTER_FAILED_EVENT;

    /// `boot.js` repeats two names of this crate's: the session key (a tab with a session
    /// goes straight to the app) and the starter's failure event.
    #[test]
    fn boot_js_uses_the_names_this_crate_writes() {
        let boot = include_str!("../../public/boot.js");
        assert!(boot.contains(&format!("sessionStorage.getItem(\"{SESSION_KEY}\")")));
        assert!(boot.contains(&format!("addEventListener(\"{STARTER_FAILED_EVENT}\"")));
    }

    #[test]
    fn the_signed_out_landing_page_is_the_starters() {
        assert_eq!(landing("/home", "", false), Some(Landing::Home));
        assert_eq!(landing("/home", "?", false), Some(Landing::Home));
        assert_eq!(landing("/", "", false), Some(Landing::Root));
    }

    #[test]
    fn a_session_a_query_or_another_page_is_the_apps() {
        assert_eq!(landing("/home", "", true), None);
        assert_eq!(landing("/", "", true), None);
        for query in ["?code=c&state=s", "?error=access_denied", "?x"] {
            assert_eq!(landing("/home", query, false), None, "{query}");
        }
        for path in [
            "/tasks",
            "/tasks/create",
            "/home/",
            "/homes",
            "/error/404",
            "/HOME",
        ] {
            assert_eq!(landing(path, "", false), None, "{path}");
        }
    }
}
