//! Shown instead of the app when `/config.json` is missing or wrong, naming what to fix.

use crate::config::ConfigError;
use leptos::prelude::*;

#[component]
pub fn ConfigErrorPage(error: ConfigError) -> impl IntoView {
    let field = error.field();
    view! {
        <main class="page error-page" data-testid="config-error">
            <p class="error-code">"Setup"</p>
            <h1>"City Tasks is not configured correctly"</h1>
            <p role="alert">{error.to_string()}</p>
            {field.map(|field| view! { <p>"Fix the field " <code>{field}</code> " in " <code>"config.json"</code> " and reload."</p> })}
            <p class="quiet">"If you are not the administrator of this site, please tell them about this message."</p>
        </main>
    }
}
