//! The menu's language switch: every language City Tasks speaks, each named in itself. A
//! choice is remembered and reloads the page in that language (`i18n::switch_to`).

use crate::i18n::{Lang, lang, switch_to, t};
use leptos::prelude::*;

#[component]
pub(crate) fn LanguageSwitch() -> impl IntoView {
    let shown = lang();
    let choose = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        if let Some(chosen) = Lang::of_tag(&code) {
            switch_to(chosen);
        }
    };
    view! {
        <select
            class="language-switch"
            data-testid="language-switch"
            aria-label=t().language_label
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
