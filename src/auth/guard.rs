//! The one route-level guard: `/tasks` and everything under it render only when signed in.

use super::browser::address_bar::current_page;
use super::session::context::use_auth;
use super::session::state::{AuthState, SignedOutReason};
use crate::components::page_heading::PageHeading;
use leptos::prelude::*;
use leptos_router::components::Outlet;

/// Renders the child routes when signed in. Signed out, it remembers the page asked for and
/// sends the browser to the Hosted UI (to the identity provider chosen last in this tab), except when the session expired or ended in another
/// tab: then it says so and offers to sign in again (going on its own could race another
/// tab's logout, or loop). While a sign-in completes it shows a quiet placeholder.
#[component]
pub fn RequireAuth() -> impl IntoView {
    let auth = use_auth();
    let here = current_page;
    Effect::new(move || {
        if matches!(
            auth.state().get(),
            AuthState::SignedOut(SignedOutReason::NotSignedIn) | AuthState::Failed { .. }
        ) {
            auth.resume_sign_in(&here());
        }
    });
    move || match auth.state().get() {
        AuthState::SignedIn(_) => Outlet().into_any(),
        AuthState::Checking => {
            view! { <p class="quiet" aria-busy="true">"Checking your session…"</p> }.into_any()
        }
        AuthState::SignedOut(reason @ (SignedOutReason::Expired | SignedOutReason::Elsewhere)) => {
            let message = match reason {
                SignedOutReason::Elsewhere => "You signed out in another tab.",
                _ => "Your session has expired. Sign in again to continue where you left off.",
            };
            view! {
                <PageHeading id="session-title">"Session ended"</PageHeading>
                <div class="notice notice-warning" role="alert" data-testid="session-ended">
                    <p>{message}</p>
                    <button
                        class="button button-primary"
                        data-testid="sign-in-again"
                        on:click=move |_| auth.resume_sign_in(&here())
                    >
                        "Sign in again"
                    </button>
                </div>
            }
            .into_any()
        }
        AuthState::SignedOut(SignedOutReason::NotSignedIn) | AuthState::Failed { .. } => {
            view! { <p class="quiet" aria-busy="true">"Taking you to sign in…"</p> }.into_any()
        }
    }
}
