//! `/home`: the landing page, which also shows how the sign-in callback went, and offers one
//! sign-in button per configured identity provider beside the plain Hosted UI sign-in.

use crate::auth::{AuthContext, AuthState, use_auth};
use crate::components::error_notice::{ErrorNotice, TryAgain};
use crate::components::page_title::set_page_title;
use crate::i18n::{landing, t};
use crate::routes::TASKS;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    // The landing page is the app itself: its title is the app's name alone.
    set_page_title(None);
    move || {
        match auth.state().get() {
        AuthState::Checking => {
            view! { <section class="page hero"><p class="quiet" aria-busy="true">{t().signing_in}</p></section> }
                .into_any()
        }
        AuthState::Failed { error, return_to } => {
            view! {
                <section class="page hero">
                    <h1>{landing().sign_in_failed}</h1>
                    <ErrorNotice>
                        <p data-testid="auth-error">{error.user_message()}</p>
                        <TryAgain
                            testid="auth-retry"
                            primary=true
                            on_click=move || auth.resume_sign_in(&return_to)
                        />
                    </ErrorNotice>
                </section>
            }
                .into_any()
        }
        AuthState::SignedIn(profile) => {
            view! {
                <section class="page hero">
                    <h1>{(t().welcome_back)(&profile.display_name)}</h1>
                    <p>{t().tasks_waiting}</p>
                    <a href=TASKS class="button button-primary">{t().open_tasks}</a>
                </section>
            }
                .into_any()
        }
        AuthState::SignedOut(_) => {
            view! {
                <section class="page hero">
                    <h1>{landing().hero_title}</h1>
                    <p>{landing().hero_text}</p>
                    <SignInChoices auth />
                </section>
            }
                .into_any()
        }
    }
    }
}

/// The plain Hosted UI sign-in (unless `showHostedUiLogin` is false) and one button per
/// identity provider, which goes straight to that provider.
#[component]
fn SignInChoices(auth: AuthContext) -> impl IntoView {
    let config = auth.config();
    let plain = config.show_hosted_ui_login.then(|| {
        view! {
            <button
                class="button button-primary"
                data-testid="get-started"
                on:click=move |_| auth.begin_sign_in(TASKS, None)
            >
                {landing().get_started}
            </button>
        }
    });
    let providers = config
        .identity_providers
        .into_iter()
        .map(|provider| {
            let testid = format!("login-provider-{}", provider.name);
            let name = provider.name;
            view! {
                <button
                    class="button button-primary"
                    data-testid=testid
                    on:click=move |_| auth.begin_sign_in(TASKS, Some(&name))
                >
                    {provider.label}
                </button>
            }
        })
        .collect_view();
    view! { <div class="sign-in-choices">{plain} {providers}</div> }
}
