//! "Skip to main content": the first stop for the Tab key, past the top bar to the page.

use crate::i18n::landing;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The id of the app's `<main>` (app.rs), which takes the focus.
const MAIN_ID: &str = "main";

#[component]
pub(crate) fn SkipLink() -> impl IntoView {
    // Focus moves by hand: a plain `#main` would go through the router (a history entry and no
    // focus). `rel="external"` keeps the router's click handler away from it.
    let skip = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let main = document().get_element_by_id(MAIN_ID);
        if let Some(main) = main.and_then(|main| main.dyn_into::<web_sys::HtmlElement>().ok()) {
            // Focusable by script only, so Tab does not stop on the whole page.
            let _ = main.set_attribute("tabindex", "-1");
            let _ = main.focus();
        }
    };
    view! {
        <a class="skip-link" href="#main" rel="external" data-testid="skip-link" on:click=skip>
            {landing().skip_to_content}
        </a>
    }
}
