//! `/home`: the landing page, which also shows how the sign-in callback went.

use crate::auth::{AuthState, use_auth};
use crate::routes::TASKS;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    move || {
        match auth.state().get() {
        AuthState::Checking => {
            view! { <section class="page hero"><p class="quiet" aria-busy="true">"Signing you in…"</p></section> }
                .into_any()
        }
        AuthState::Failed { error, return_to } => {
            view! {
                <section class="page hero">
                    <h1>"Sign-in did not complete"</h1>
                    <div class="notice notice-error" role="alert">
                        <p data-testid="auth-error">{error.user_message()}</p>
                        <button
                            class="button button-primary"
                            data-testid="auth-retry"
                            on:click=move |_| auth.begin_sign_in(&return_to)
                        >
                            "Try again"
                        </button>
                    </div>
                </section>
            }
                .into_any()
        }
        AuthState::SignedIn(profile) => {
            view! {
                <section class="page hero">
                    <h1>"Welcome back, " {profile.display_name}</h1>
                    <p>"Your scheduled tasks are waiting."</p>
                    <A href=TASKS attr:class="button button-primary">"Open your tasks"</A>
                </section>
            }
                .into_any()
        }
        AuthState::SignedOut(_) => {
            view! {
                <section class="page hero">
                    <h1>"Scheduled tasks for your city's devices"</h1>
                    <p>
                        "Plan when lights, pumps and sensors run: pick the time and the days, "
                        "and City Tasks takes care of the rest."
                    </p>
                    <button class="button button-primary" on:click=move |_| auth.begin_sign_in(TASKS)>
                        "Sign in to get started"
                    </button>
                </section>
            }
                .into_any()
        }
    }
    }
}
