//! A loading placeholder that stays invisible for the first moments, so fast loads do not flash.

use leptos::prelude::*;

#[component]
pub fn Loading(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <div class="loading" aria-busy="true" data-testid="loading">
            <span class="spinner" aria-hidden="true"></span>
            <span>{label}</span>
        </div>
    }
}
