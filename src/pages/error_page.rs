//! `/error/:code` and the inline error panels: what went wrong in plain words, and a way back.

use crate::i18n::Text;
use crate::i18n::t;
use crate::routes::{ErrorParams, HOME, TASKS, error_code};
use leptos::prelude::*;
use leptos_router::hooks::use_params;

/// The words for an error status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCopy {
    pub code: u16,
    pub title: Text,
    pub text: Text,
}

/// The copy for a status; unknown codes read as "not found".
pub fn error_copy(code: u16) -> ErrorCopy {
    let t = t();
    let (code, title, text) = match code {
        401 => (401, t.error_401_title, t.error_401_text),
        403 => (403, t.error_403_title, t.error_403_text),
        500 => (500, t.error_500_title, t.error_500_text),
        503 => (503, t.error_503_title, t.error_503_text),
        _ => (404, t.error_404_title, t.error_404_text),
    };
    ErrorCopy { code, title, text }
}

/// `/error/:code`.
#[component]
pub fn ErrorRoute() -> impl IntoView {
    let params = use_params::<ErrorParams>();
    move || {
        let code = params.with(error_code).unwrap_or(404);
        view! { <ErrorPanel code /> }
    }
}

/// A full-page error with the way back that fits it. `detail` is the server's own message.
#[component]
pub fn ErrorPanel(code: u16, #[prop(optional, into)] detail: Option<String>) -> impl IntoView {
    let copy = error_copy(code);
    let (back_href, back_label) = match copy.code {
        401 => (HOME, t().go_to_sign_in),
        403 | 404 => (TASKS, t().back_to_tasks),
        _ => (TASKS, t().try_tasks_again),
    };
    view! {
        <section class="page error-page" data-testid="error-page" data-code=copy.code>
            <p class="error-code">{copy.code}</p>
            <crate::components::page_heading::PageHeading id="error-title">
                {copy.title}
            </crate::components::page_heading::PageHeading>
            <p>{copy.text}</p>
            {detail.map(|detail| view! { <p class="quiet" data-testid="error-detail">{detail}</p> })}
            <div class="error-actions">
                <a href=back_href class="button button-primary" data-testid="error-back">
                    {back_label}
                </a>
                <a href=HOME class="button button-quiet">{t().home_link}</a>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_code_has_its_own_words() {
        for code in [401, 403, 404, 500, 503] {
            assert_eq!(error_copy(code).code, code);
        }
        assert_ne!(error_copy(401).title, error_copy(403).title);
    }

    #[test]
    fn unknown_codes_read_as_not_found() {
        assert_eq!(error_copy(418).code, 404);
        assert_eq!(error_copy(0).title, "Page not found");
    }
}
