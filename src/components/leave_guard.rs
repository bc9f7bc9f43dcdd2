//! Asking before unsaved changes are lost: a `beforeunload` prompt for reloads, closing the tab
//! and leaving the site, and a confirm for in-app links (which never unload the page).

use leptos::ev::{BeforeUnloadEvent, beforeunload};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

const QUESTION: &str = "You have unsaved changes. Leave this page and lose them?";

/// While the calling component lives, asks before leaving whenever `dirty()` is true.
pub fn use_leave_guard(dirty: impl Fn() -> bool + 'static) {
    let dirty = Rc::new(dirty);

    let unload_dirty = dirty.clone();
    let unload = window_event_listener(beforeunload, move |ev: BeforeUnloadEvent| {
        if unload_dirty() {
            ev.prevent_default();
            ev.set_return_value(QUESTION);
        }
    });

    // Capture phase on the document runs before the router's click handler on the window;
    // the router ignores clicks whose default was prevented.
    let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if !dirty() || !is_plain_link_click(&ev) {
            return;
        }
        let leave = window().confirm_with_message(QUESTION).unwrap_or(true);
        if !leave {
            ev.prevent_default();
            ev.stop_propagation();
        }
    });
    let document = document();
    let _ = document.add_event_listener_with_callback_and_bool(
        "click",
        click.as_ref().unchecked_ref(),
        true,
    );
    let cleanup = SendWrapper::new((unload, click, document));
    on_cleanup(move || {
        let (unload, click, document) = cleanup.take();
        unload.remove();
        let _ = document.remove_event_listener_with_callback_and_bool(
            "click",
            click.as_ref().unchecked_ref(),
            true,
        );
    });
}

/// A primary-button click on a link that navigates this tab.
fn is_plain_link_click(ev: &web_sys::MouseEvent) -> bool {
    if ev.button() != 0 || ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() {
        return false;
    }
    let link = ev
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a[href]").ok().flatten());
    link.is_some_and(|link| {
        let target = link.get_attribute("target").unwrap_or_default();
        (target.is_empty() || target == "_self") && !link.has_attribute("download")
    })
}
