//! The page for paths the app does not know.

use super::error_page::ErrorPanel;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <ErrorPanel code=404 /> }
}
