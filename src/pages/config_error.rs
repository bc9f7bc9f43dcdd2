//! Shown instead of the app when `/config.json` is missing or wrong, naming what to fix.

use crate::config::ConfigError;
use crate::i18n::t;
use leptos::prelude::*;

#[component]
pub fn ConfigErrorPage(error: ConfigError) -> impl IntoView {
    let field = error.field();
    view! {
        <main class="page error-page" data-testid="config-error">
            <p class="error-code">{t().config_setup}</p>
            <h1>{t().config_title}</h1>
            <p role="alert">{error.to_string()}</p>
            {field.map(|field| view! { <p>{t().config_fix_field} " " <code>{field}</code> " " {t().config_fix_in_file}</p> })}
            <p class="quiet">{t().config_tell_admin}</p>
        </main>
    }
}
