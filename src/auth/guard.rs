//! The one route-level guard: `/tasks` and everything under it render only when signed in.

use super::browser::address_bar::current_page;
use super::session::context::use_auth;
use super::session::state::{AuthState, SignedOutReason};
use crate::components::page_heading::PageHeading;
use crate::i18n::t;
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
            view! { <p class="quiet" aria-busy="true">{t().checking_session}</p> }.into_any()
        }
        AuthState::SignedOut(reason @ (SignedOutReason::Expired | SignedOutReason::Elsewhere)) => {
            let message = match reason {
                SignedOutReason::Elsewhere => t().signed_out_elsewhere,
                _ => t().session_expired,
            };
            view! {
                <PageHeading id="session-title">{t().session_ended}</PageHeading>
                <div class="notice notice-warning" role="alert" data-testid="session-ended">
                    <p>{message}</p>
                    <button
                        class="button button-primary"
                        data-testid="sign-in-again"
                        on:click=move |_| auth.resume_sign_in(&here())
                    >
                        {t().sign_in_again}
                    </button>
                </div>
            }
            .into_any()
        }
        AuthState::SignedOut(SignedOutReason::NotSignedIn) | AuthState::Failed { .. } => {
            view! { <p class="quiet" aria-busy="true">{t().taking_to_sign_in}</p> }.into_any()
        }
    }
}
