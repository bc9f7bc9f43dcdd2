//! Asking before unsaved changes are lost: a `beforeunload` prompt for reloads, closing the tab
//! and leaving the site, and a confirm for in-app links and the browser's Back and Forward
//! (which never unload the page).

use crate::i18n::t;
use leptos::ev::{BeforeUnloadEvent, beforeunload};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

type DirtyCheck = Rc<dyn Fn() -> bool>;

thread_local! {
    /// The guard of the page on screen, if it has one.
    static ACTIVE: RefCell<Option<DirtyCheck>> = const { RefCell::new(None) };
    /// Set while the guard undoes a Back it refused, so the `popstate` that causes is swallowed.
    static UNDOING: Cell<bool> = const { Cell::new(false) };
    /// Set once the user agreed to leave through [`leave_for`], so the reload that follows
    /// does not ask a second time.
    static AGREED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `reload` (which says whether the page is on its way out) once nothing is unsaved or the
/// user agreed to lose it; `false` when the page stays. For what reloads the page on purpose
/// (the language switch): it asks once, in the app's words, and the reload's own prompt stays
/// quiet.
pub fn leave_for(reload: impl FnOnce() -> bool) -> bool {
    let dirty = ACTIVE.with(|active| active.borrow().as_ref().is_some_and(|check| check()));
    let agreed = !dirty
        || window()
            .confirm_with_message(t().unsaved_question)
            .unwrap_or(true);
    if !agreed {
        return false;
    }
    AGREED.with(|flag| flag.set(dirty));
    let left = reload();
    // Staying after all (the reload could not start): the next way out asks again.
    if !left {
        AGREED.with(|flag| flag.set(false));
    }
    left
}

/// Listens for Back and Forward once, before the router starts: a listener added later would
/// run after the router's, which has already left the page (and removed a page-level listener)
/// by then. If the page on screen has unsaved changes and the user stays, the event is hidden
/// from the router and history steps back to the form.
pub fn install_history_guard() {
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        if UNDOING.with(|undoing| undoing.replace(false)) {
            ev.stop_immediate_propagation();
            return;
        }
        let dirty = ACTIVE.with(|active| active.borrow().as_ref().is_some_and(|check| check()));
        if !dirty
            || window()
                .confirm_with_message(t().unsaved_question)
                .unwrap_or(true)
        {
            return;
        }
        ev.stop_immediate_propagation();
        if let Ok(history) = window().history() {
            UNDOING.with(|undoing| undoing.set(true));
            // Back is by far the common case, so Forward returns to the form.
            let _ = history.forward();
        }
    });
    let _ =
        window().add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
    // Lives as long as the page.
    listener.forget();
}

/// While the calling component lives, asks before leaving whenever `dirty()` is true.
pub fn use_leave_guard(dirty: impl Fn() -> bool + 'static) {
    let dirty = Rc::new(dirty);
    let check: DirtyCheck = dirty.clone();
    ACTIVE.with(|active| *active.borrow_mut() = Some(check.clone()));

    let unload_dirty = dirty.clone();
    let unload = window_event_listener(beforeunload, move |ev: BeforeUnloadEvent| {
        if unload_dirty() && !AGREED.with(Cell::get) {
            ev.prevent_default();
            ev.set_return_value(t().unsaved_question);
        }
    });

    // Capture phase on the document runs before the router's click handler on the window;
    // the router ignores clicks whose default was prevented.
    let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if !dirty() || !is_plain_link_click(&ev) {
            return;
        }
        let leave = window()
            .confirm_with_message(t().unsaved_question)
            .unwrap_or(true);
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
    let check = SendWrapper::new(check);
    on_cleanup(move || {
        let check = check.take();
        ACTIVE.with(|active| {
            let mut active = active.borrow_mut();
            if active
                .as_ref()
                .is_some_and(|current| Rc::ptr_eq(current, &check))
            {
                *active = None;
            }
        });
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
