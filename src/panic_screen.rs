//! The last resort: the release build aborts on a panic, so a panic replaces the page with a
//! plain "Something went wrong" screen and a Reload link instead of leaving it frozen (a list
//! stuck on "Loading your tasks…" forever). The screen is built with DOM calls alone and its
//! link is a plain `<a>` the browser follows itself: after the abort the app's state is gone.

use crate::components::page_title::title_for;
use crate::i18n::t;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The event a test dispatches on `window` to panic on purpose (see [`install`]).
pub const TEST_PANIC_EVENT: &str = "city-tasks:test-panic";

/// Installs the hook: the panic is still logged to the console (for whoever debugs it), and
/// the page shows nothing of its message. On a loopback origin (the local stack, the e2e
/// tests) it also listens for [`TEST_PANIC_EVENT`], so a test can prove the screen appears;
/// a deployed site never listens.
pub fn install() {
    on_panic(show);
    if is_loopback() {
        listen_for_test_panics();
    }
}

/// The hook alone: a panic is logged to the console, then `then` runs, before the abort. The
/// sign-in starter's `then` hands the page to the app instead of showing this screen.
pub(crate) fn on_panic(then: fn()) {
    std::panic::set_hook(Box::new(move |info| {
        console_error_panic_hook::hook(info);
        then();
    }));
}

fn show() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    // Only the path: reloading a callback URL would send its one-time code again.
    let path = document
        .location()
        .and_then(|location| location.pathname().ok())
        .filter(|path| path.starts_with('/'))
        .unwrap_or_else(|| "/".to_string());
    body.set_text_content(None);
    document.set_title(&title_for(Some(t().error_500_title)));
    let element = |tag: &str, class: &str, text: &str| {
        let node = document.create_element(tag).ok()?;
        node.set_class_name(class);
        node.set_text_content(Some(text));
        Some(node)
    };
    let Some(screen) = element("main", "page panic-screen", "") else {
        return;
    };
    let _ = screen.set_attribute("data-testid", "panic-screen");
    let parts = [
        element("h1", "", t().panic_title),
        element("p", "", t().panic_text),
        element("a", "button button-primary", t().reload),
    ];
    for part in parts.into_iter().flatten() {
        if part.tag_name() == "A" {
            let _ = part.set_attribute("href", &path);
            // `external`: the router's click listener, which still runs, would otherwise take
            // the click as an in-app navigation and render nothing.
            let _ = part.set_attribute("rel", "external");
            let _ = part.set_attribute("data-testid", "panic-reload");
        }
        let _ = screen.append_child(&part);
    }
    let _ = body.append_child(&screen);
}

pub(crate) fn is_loopback() -> bool {
    web_sys::window()
        .and_then(|window| window.location().hostname().ok())
        .is_some_and(|host| matches!(host.as_str(), "127.0.0.1" | "localhost" | "[::1]"))
}

/// Panics when a test dispatches [`TEST_PANIC_EVENT`] on `window`.
pub(crate) fn listen_for_test_panics() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_event = Closure::<dyn Fn()>::new(|| {
        // The text a real panic might carry: none of it may reach the screen.
        panic!("test panic requested; detail that must stay off screen: eyJ.internal.detail");
    });
    let _ = window
        .add_event_listener_with_callback(TEST_PANIC_EVENT, on_event.as_ref().unchecked_ref());
    // Listens for the page's lifetime.
    on_event.forget();
}
