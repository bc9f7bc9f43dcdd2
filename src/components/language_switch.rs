//! The menu's language switch: every language City Tasks speaks, each named in itself. A
//! choice is remembered and reloads the page in that language (`i18n::switch_to`), after the
//! usual question when a form has unsaved changes.

use super::leave_guard::leave_for;
use crate::i18n::{Lang, landing, lang, switch_to};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub(crate) fn LanguageSwitch() -> impl IntoView {
    let shown = lang();
    let choose = move |ev: leptos::ev::Event| {
        let chosen = Lang::of_tag(&event_target_value(&ev)).filter(|chosen| *chosen != shown);
        let Some(chosen) = chosen else {
            return;
        };
        if !leave_for(|| switch_to(chosen)) {
            // Staying: the switch goes back to the language on screen.
            if let Some(select) = ev
                .target()
                .and_then(|target| target.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                select.set_value(shown.code());
            }
        }
    };
    view! {
        <select
            class="language-switch"
            data-testid="language-switch"
            aria-label=landing().language_label
            on:change=choose
        >
            {Lang::ALL
                .into_iter()
                .map(|option| {
                    view! {
                        <option value=option.code() lang=option.code() selected=option == shown>
                            {option.name()}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}
