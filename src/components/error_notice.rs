//! A failure said in place: what failed, why, and a way on, announced as an alert. One look
//! for every failed load, save or sign-in.

use crate::i18n::t;
use leptos::prelude::*;

#[component]
pub(crate) fn ErrorNotice(
    /// What failed, as a sentence (`The task was not saved.`).
    #[prop(optional)]
    title: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    /// Why, in the words the user reads, and what they can do (a [`TryAgain`]).
    children: Children,
) -> impl IntoView {
    view! {
        <div class="notice notice-error" role="alert" data-testid=testid>
            {title.map(|title| view! { <p class="notice-title">{title}</p> })}
            {children()}
        </div>
    }
}

/// The notice's "Try again"; `primary` where it is the page's main action.
#[component]
pub(crate) fn TryAgain(
    testid: &'static str,
    #[prop(optional)] primary: bool,
    on_click: impl Fn() + 'static,
) -> impl IntoView {
    let class = if primary {
        "button button-primary"
    } else {
        "button"
    };
    view! {
        <button class=class data-testid=testid on:click=move |_| on_click()>
            {t().try_again}
        </button>
    }
}
