//! Short confirmations ("Task saved") shown in a corner and announced through `aria-live`.

use crate::i18n::t;
use leptos::prelude::*;
use std::time::Duration;

/// How long a toast stays before it goes by itself.
const TOAST_LIFETIME: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Toast {
    id: u64,
    message: String,
}

/// The toast service, provided once at the root.
#[derive(Clone, Copy)]
pub struct Toaster {
    toasts: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Toaster {
    pub fn provide() -> Self {
        let toaster = Self {
            toasts: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
        };
        provide_context(toaster);
        toaster
    }

    /// Shows `message`; it disappears after a few seconds or when dismissed.
    pub fn show(&self, message: impl Into<String>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.toasts.update(|toasts| {
            toasts.push(Toast {
                id,
                message: message.into(),
            });
        });
        let toasts = self.toasts;
        set_timeout(
            move || {
                toasts
                    .try_update(|t| t.retain(|toast| toast.id != id))
                    .unwrap_or(())
            },
            TOAST_LIFETIME,
        );
    }

    fn dismiss(&self, id: u64) {
        self.toasts.update(|t| t.retain(|toast| toast.id != id));
    }
}

/// The toaster provided at the root.
pub fn use_toaster() -> Toaster {
    expect_context::<Toaster>()
}

/// The live region the toasts appear in; always in the page so screen readers hear additions.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toaster = use_toaster();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toaster.toasts.get() key=|toast| toast.id let(toast)>
                <div class="toast" data-testid="toast">
                    <span>{toast.message}</span>
                    <button
                        type="button"
                        class="toast-close"
                        aria-label=t().dismiss
                        on:click=move |_| toaster.dismiss(toast.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
