//! What a page whose code could not be fetched shows instead: a deploy replaced the hashed file
//! this open tab was going to load, so the only way on is to load the new version.

use super::page_heading::PageHeading;
use crate::i18n::t;
use leptos::prelude::*;

/// In place of a task page whose chunk failed to load (see `crate::lazy_pages`). The Reload
/// keeps the address, search included: the reloaded index.html names the new files.
#[component]
pub(crate) fn NewVersionAvailable() -> impl IntoView {
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <section class="page" data-testid="new-version">
            <PageHeading id="new-version-title">
                {t().new_version_title}
            </PageHeading>
            <div class="notice notice-warning" role="alert">
                <p>{t().new_version_text}</p>
                <button
                    class="button button-primary"
                    data-testid="new-version-reload"
                    on:click=reload
                >
                    {t().reload}
                </button>
            </div>
        </section>
    }
}
