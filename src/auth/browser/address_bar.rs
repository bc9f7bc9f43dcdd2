//! Taking the OAuth response off the address bar before the router starts, so `code` and
//! `state` never linger in the URL, the history or a bookmark.

use crate::auth::protocol::callback::{Callback, parse_callback};
use crate::routes::HOME;
use wasm_bindgen::JsValue;

/// Reads the callback parameters when this page load is `/home?...` and replaces the history
/// entry with a clean `/home`. Any other page load is left untouched.
pub fn take_callback() -> Callback {
    let Some(window) = web_sys::window() else {
        return Callback::None;
    };
    let location = window.location();
    if location.pathname().ok().as_deref() != Some(HOME) {
        return Callback::None;
    }
    let callback = parse_callback(&location.search().unwrap_or_default());
    if callback.is_response()
        && let Ok(history) = window.history()
    {
        // Failure here leaves the parameters visible but changes nothing else: the state
        // and verifier they pair with are single use.
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(HOME));
    }
    callback
}

/// The page the address bar shows, path and query, as a return-to target. Read from the
/// address bar itself, not the router's copy: the list writes its search there with
/// `replaceState` (`routes::tasks_matching`), which the router does not see.
pub fn current_page() -> String {
    let location = leptos::prelude::window().location();
    crate::auth::protocol::return_to::path_with_query(
        &location.pathname().unwrap_or_default(),
        &location.search().unwrap_or_default(),
    )
}
