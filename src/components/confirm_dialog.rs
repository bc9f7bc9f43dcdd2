//! A confirmation dialog on the native modal `<dialog>`: the rest of the page is inert while it
//! is open, Tab cycles between its buttons, Escape cancels, and focus returns where it was.

use crate::i18n::t;
use leptos::ev::KeyboardEvent;
use leptos::html::{Button, Dialog};
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    /// Whether the dialog is showing.
    #[prop(into)]
    open: Signal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] message: Signal<String>,
    #[prop(into)] confirm_label: String,
    #[prop(into)] busy_label: String,
    /// The confirmed operation is running: the buttons wait and Escape does nothing.
    #[prop(into)]
    busy: Signal<bool>,
    /// Why the confirmed operation failed, shown inside the dialog.
    #[prop(into)]
    error: Signal<Option<String>>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let cancel_button = NodeRef::<Button>::new();
    let confirm_button = NodeRef::<Button>::new();

    // Keeps the DOM dialog's own open state in step with `open` (DOM sync, not data plumbing).
    Effect::new(move || {
        let Some(dialog) = dialog.get() else { return };
        match (open.get(), dialog.open()) {
            (true, false) => {
                let _ = dialog.show_modal();
            }
            (false, true) => dialog.close(),
            _ => {}
        }
    });

    let keep_focus_inside = move |ev: KeyboardEvent| {
        if ev.key() != "Tab" {
            return;
        }
        let (Some(first), Some(last)) = (cancel_button.get(), confirm_button.get()) else {
            return;
        };
        let active = document().active_element();
        let is = |el: &web_sys::HtmlButtonElement| {
            active
                .as_ref()
                .is_some_and(|a| a == AsRef::<web_sys::Element>::as_ref(el))
        };
        if ev.shift_key() && is(&first) {
            ev.prevent_default();
            let _ = last.focus();
        } else if !ev.shift_key() && is(&last) {
            ev.prevent_default();
            let _ = first.focus();
        }
    };

    view! {
        <dialog
            class="dialog"
            node_ref=dialog
            data-testid="confirm-dialog"
            aria-labelledby="dialog-title"
            aria-describedby="dialog-message"
            on:keydown=keep_focus_inside
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                if !busy.get_untracked() {
                    on_cancel.run(());
                }
            }
        >
            <h2 id="dialog-title" class="dialog-title">{title}</h2>
            <p id="dialog-message">{message}</p>
            {move || {
                error
                    .get()
                    .map(|error| {
                        view! {
                            <p class="field-error" role="alert" data-testid="confirm-error">
                                {error}
                            </p>
                        }
                    })
            }}
            <div class="dialog-actions">
                <button
                    type="button"
                    class="button"
                    node_ref=cancel_button
                    data-testid="confirm-cancel"
                    disabled=busy
                    on:click=move |_| on_cancel.run(())
                >
                    {t().cancel}
                </button>
                <button
                    type="button"
                    class="button button-danger"
                    node_ref=confirm_button
                    data-testid="confirm-accept"
                    aria-busy=move || busy.get().to_string()
                    disabled=busy
                    on:click=move |_| on_confirm.run(())
                >
                    {move || if busy.get() { busy_label.clone() } else { confirm_label.clone() }}
                </button>
            </div>
        </dialog>
    }
}
