//! The way back up from a task's page (its details, its form) to the list.

use crate::routes::TASKS;
use leptos::prelude::*;

#[component]
pub(crate) fn Breadcrumb() -> impl IntoView {
    view! {
        <nav class="breadcrumb">
            <a href=TASKS>"← All tasks"</a>
        </nav>
    }
}
