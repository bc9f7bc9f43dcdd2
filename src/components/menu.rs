//! The top bar: the skip link, the brand, the language switch, and Login or the user's name,
//! Tasks and Sign out.
//! Login is the plain Hosted UI sign-in; when the configuration hides it, the landing page's
//! provider buttons are the way in.

use super::language_switch::LanguageSwitch;
use super::skip_link::SkipLink;
use crate::auth::{AuthState, current_page, use_auth};
use crate::i18n::{landing, t};
use crate::routes::{HOME, TASKS};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Menu() -> impl IntoView {
    let auth = use_auth();
    let sign_in = move |_| auth.begin_sign_in(&current_page(), None);
    let show_login = auth.config().show_hosted_ui_login;
    // The menu's links are the router's `<A>`, which marks the current page (`aria-current`);
    // elsewhere plain `<a>`s do, as the router handles their clicks all the same.
    // The skip link comes first, before everything the menu holds.
    view! {
        <SkipLink />
        <header class="topbar">
            <A href=HOME attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"◷"</span>
                {landing().app_name}
            </A>
            <nav class="topbar-nav" aria-label=landing().menu_label>
                {move || match auth.state().get() {
                    AuthState::Checking => ().into_any(),
                    AuthState::SignedIn(profile) => {
                        view! {
                            <span class="welcome">{t().menu_welcome} " " <strong data-testid="user-name">{profile.display_name}</strong></span>
                            <A href=TASKS attr:class="nav-link" attr:data-testid="nav-tasks">{t().menu_tasks}</A>
                            <button class="button button-quiet" data-testid="logout" on:click=move |_| auth.sign_out()>
                                {t().menu_sign_out}
                            </button>
                        }
                            .into_any()
                    }
                    AuthState::SignedOut(_) | AuthState::Failed { .. } if !show_login => ().into_any(),
                    AuthState::SignedOut(_) | AuthState::Failed { .. } => {
                        view! {
                            <button class="button button-primary" data-testid="login" on:click=sign_in>
                                {landing().menu_login}
                            </button>
                        }
                            .into_any()
                    }
                }}
                <LanguageSwitch />
            </nav>
        </header>
    }
}
