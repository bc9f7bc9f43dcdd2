//! The way back up from a task's page (its details, its form) to the list.

use crate::i18n::t;
use crate::routes::TASKS;
use leptos::prelude::*;

#[component]
pub(crate) fn Breadcrumb() -> impl IntoView {
    view! {
        <nav class="breadcrumb">
            <a href=TASKS>"← " {t().back_to_list}</a>
        </nav>
    }
}
