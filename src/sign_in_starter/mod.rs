//! The sign-in starter (issue 14): a small second wasm (`src/bin/sign-in-starter.rs`) that
//! shows the signed-out landing page from the static markup in `index.html` and signs in
//! from it, so a first visit needs neither the app's main module nor its chunks. It is built
//! from the app's own code: the same configuration check, language choice and texts, the same
//! discovery and key prefetch, and the same PKCE/state/nonce sign-in
//! (`auth::session::sign_in::leave_for_hosted_ui`).
//!
//! `boot.js` runs it on `/` and `/home` without a query. It declines (and the app starts) on
//! any page that is not the signed-out landing page: a session in this tab, a callback, a
//! configuration the app has to explain. While it shows the page, `boot.js` prefetches the
//! app for the callback.

mod landing;
pub(crate) mod page;

pub use landing::{Landing, landing};
pub use page::remove_static_landing;

use crate::auth::browser::storage::SESSION_KEY;
use crate::auth::id_token::signing_keys::prefetch;
use crate::panic_screen;

/// What the starter dispatches on `window` when it panics; `public/boot.js` listens for it.
pub const STARTER_FAILED_EVENT: &str = "city-tasks:starter-failed";

/// Shows and wires the landing page if this page load is the signed-out landing page; `false`
/// when the app has to start instead. Never panics on what the page, storage or the network
/// hold: each of those only makes it decline.
pub async fn start() -> bool {
    // Before anything can panic: the release build aborts, which leaves this promise unsettled
    // and the page's buttons dead, so `boot.js` must hear of it to start the app.
    panic_screen::on_panic(hand_over_to_the_app);
    let Some(window) = web_sys::window() else {
        return false;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let query = location.search().unwrap_or_default();
    let Some(landing) = landing(&path, &query, has_session(&window)) else {
        return false;
    };
    // Its tasks (the key prefetch, a sign-in) run on the executor the app's mount would set up.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    crate::i18n::install_language();
    let Some(page) = page::StaticLanding::find() else {
        return false;
    };
    // The app's checks, so a configuration the app would refuse is refused by the app.
    let Ok(config) = crate::app::load_config().await else {
        return false;
    };
    if landing == Landing::Root {
        // What the app's `/` route does: the landing page lives at `/home`.
        page::show_home_in_address_bar(&window);
    }
    let keys = prefetch(&config);
    page.show(config, keys);
    // Only on the page the starter shows: elsewhere the event is the app's own test.
    if panic_screen::is_loopback() {
        panic_screen::listen_for_test_panics();
    }
    true
}

/// Tells `boot.js` the starter panicked (its `STARTER_FAILED_EVENT` listener starts the app,
/// which replaces the landing page with its own).
fn hand_over_to_the_app() {
    if let (Some(window), Ok(event)) =
        (web_sys::window(), web_sys::Event::new(STARTER_FAILED_EVENT))
    {
        let _ = window.dispatch_event(&event);
    }
}

/// Whether this tab holds a session. Its presence is enough to decline: the app restores a
/// good one and removes a bad one.
fn has_session(window: &web_sys::Window) -> bool {
    window
        .session_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(SESSION_KEY).ok().flatten())
        .is_some()
}
