//! `/error/:code` and the inline error panels: what went wrong in plain words, and a way back.

use crate::routes::{ErrorParams, HOME, TASKS, error_code};
use leptos::prelude::*;
use leptos_router::hooks::use_params;

/// The words for an error status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCopy {
    pub code: u16,
    pub title: &'static str,
    pub text: &'static str,
}

/// The copy for a status; unknown codes read as "not found".
pub fn error_copy(code: u16) -> ErrorCopy {
    let (code, title, text) = match code {
        401 => (
            401,
            "Please sign in",
            "Your session has ended or was never started. Sign in again to see your tasks.",
        ),
        403 => (
            403,
            "You do not have access",
            "Your account is not allowed to see or change this. Ask an administrator if you need it.",
        ),
        500 => (
            500,
            "Something went wrong",
            "The Tasks service had a problem with that request. Your data is safe; please try again in a moment.",
        ),
        503 => (
            503,
            "The service is unavailable",
            "City Tasks cannot reach the Tasks service right now. Check your connection, then try again.",
        ),
        _ => (
            404,
            "Page not found",
            "There is nothing at this address. It may have moved, or the link may be mistyped.",
        ),
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
        401 => (HOME, "Go to sign in"),
        403 | 404 => (TASKS, "Back to your tasks"),
        _ => (TASKS, "Try your tasks again"),
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
                <a href=HOME class="button button-quiet">"Home"</a>
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
