//! The one route-level guard: `/tasks` and everything under it render only when signed in.

use super::session::{AuthState, use_auth};
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

/// Renders the child routes when signed in; otherwise remembers the page asked for and
/// sends the browser to the Hosted UI. While a sign-in completes it shows a quiet placeholder.
#[component]
pub fn RequireAuth() -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    let needs_sign_in = move || {
        matches!(
            auth.state().get(),
            AuthState::SignedOut | AuthState::Failed { .. }
        )
    };
    Effect::new(move || {
        if needs_sign_in() {
            let target = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            auth.begin_sign_in(&target);
        }
    });
    move || match auth.state().get() {
        AuthState::SignedIn(_) => Outlet().into_any(),
        AuthState::Checking => {
            view! { <p class="quiet" aria-busy="true">"Checking your session…"</p> }.into_any()
        }
        AuthState::SignedOut | AuthState::Failed { .. } => {
            view! { <p class="quiet" aria-busy="true">"Taking you to sign in…"</p> }.into_any()
        }
    }
}
