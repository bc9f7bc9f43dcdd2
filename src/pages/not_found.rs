//! The page for paths the app does not know.

use crate::routes::HOME;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="page error-page">
            <p class="error-code">"404"</p>
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. It may have moved, or the link may be mistyped."</p>
            <A href=HOME attr:class="button">"Back to the start"</A>
        </section>
    }
}
