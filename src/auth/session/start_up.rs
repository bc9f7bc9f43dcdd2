//! Starting the session when the app loads: the OAuth callback captured from the address bar is
//! consumed exactly once, the stored session restored, and the tab joins the others.

use super::context::AuthContext;
use super::state::{AuthState, SignedOutReason, restored_user};
use crate::auth::browser::storage;
use crate::auth::browser::window::now_secs;
use crate::auth::id_token::signing_keys::prefetch;
use crate::auth::protocol::callback::Callback;
use crate::auth::protocol::callback_decision::{CallbackDecision, decide_callback};
use crate::auth::protocol::pending::PendingLogin;
use crate::auth::tabs::channel::TabSync;
use crate::config::Config;
use leptos::prelude::*;
use leptos_router::NavigateOptions;

/// What start-up does once the context exists, from the callback's decision (if the page load
/// carried an OAuth response) and whether a session was restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartUp {
    /// Exchange the code of the sign-in this tab started.
    Exchange { code: String, pending: PendingLogin },
    /// The Hosted UI's refusal is on screen; nothing more to do.
    ShowRefusal,
    /// Signed in and the callback was stray: check the session, then leave the callback page.
    CheckAndLeave { return_to: String },
    /// Signed in: refresh now if due, else schedule it.
    Check,
    /// Signed out on the landing page: fetch the discovery document and keys a callback will need.
    Prefetch,
}

pub fn start_up(decision: Option<CallbackDecision>, signed_in: bool) -> StartUp {
    match decision {
        Some(CallbackDecision::Exchange { code, pending }) => StartUp::Exchange { code, pending },
        Some(CallbackDecision::Refused { .. }) => StartUp::ShowRefusal,
        Some(CallbackDecision::Stray { return_to, .. }) if signed_in => {
            StartUp::CheckAndLeave { return_to }
        }
        _ if signed_in => StartUp::Check,
        _ => StartUp::Prefetch,
    }
}

impl AuthContext {
    /// Creates and provides the context. `callback` is the OAuth response captured (and already
    /// stripped from the address bar) before the router started; it is consumed exactly once here.
    /// Only a response to the sign-in this tab started changes the session: a stray one (a link
    /// from anywhere, a replayed callback) leaves it as it is and shows nothing from the URL.
    pub fn provide(
        config: Config,
        callback: Callback,
        navigate: impl Fn(&str, NavigateOptions) + 'static,
    ) -> Self {
        let decision = callback.is_response().then(|| read_callback(callback));
        let initial = match &decision {
            Some(CallbackDecision::Exchange { .. }) => AuthState::Checking,
            Some(CallbackDecision::Refused { error, return_to }) => {
                storage::clear_tokens();
                AuthState::Failed {
                    error: error.clone(),
                    return_to: return_to.clone(),
                }
            }
            Some(CallbackDecision::Stray { .. }) | None => restore_session(&config),
        };
        let auth = Self {
            state: RwSignal::new(initial),
            config: StoredValue::new(config),
            refresh_in_flight: StoredValue::new_local(None),
            tabs: StoredValue::new_local(None),
            refresh_timer: StoredValue::new(None),
            lineage: StoredValue::new(Vec::new()),
            keys_load: StoredValue::new_local(None),
        };
        provide_context(auth);
        auth.tabs
            .set_value(TabSync::open(move |message| auth.on_tab_message(message)));
        auth.watch_for_wake_ups();
        match start_up(decision, auth.is_signed_in()) {
            StartUp::Exchange { code, pending } => auth.finish_sign_in(code, pending, navigate),
            StartUp::ShowRefusal => {}
            StartUp::CheckAndLeave { return_to } => {
                auth.check_freshness();
                // After the router has started: the callback page is no place for a signed-in
                // user to stay.
                leptos::task::spawn_local(async move { navigate(&return_to, replace()) });
            }
            StartUp::Check => auth.check_freshness(),
            StartUp::Prefetch => auth
                .keys_load
                .set_value(Some(prefetch(&auth.config.get_value()))),
        }
        auth
    }
}

/// A navigation that replaces the callback page in the history.
pub(super) fn replace() -> NavigateOptions {
    NavigateOptions {
        replace: true,
        ..Default::default()
    }
}

/// Decides what the callback means for this tab and, before anything else can run (a reload, a
/// second render), removes the pending record when the decision uses it up.
fn read_callback(callback: Callback) -> CallbackDecision {
    let pending = storage::load_pending_login();
    let decision = decide_callback(callback, pending.as_ref(), now_secs());
    if decision.discards_pending() {
        storage::discard_pending_login();
    }
    decision
}

/// Reads the stored session at start-up; what cannot be restored is removed.
fn restore_session(config: &Config) -> AuthState {
    let restored = storage::load_tokens()
        .and_then(|tokens| restored_user(&tokens, &config.issuer, now_secs()));
    match restored {
        Some(profile) => AuthState::SignedIn(profile),
        None => {
            storage::clear_tokens();
            AuthState::SignedOut(SignedOutReason::NotSignedIn)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::sign_in_error::SignInError;

    fn pending() -> PendingLogin {
        PendingLogin {
            state: "s".into(),
            nonce: "n".into(),
            code_verifier: "v".into(),
            return_to: "/tasks/3".into(),
            created_at: 0,
        }
    }

    fn stray() -> CallbackDecision {
        CallbackDecision::Stray {
            return_to: "/tasks/3".into(),
            discard_pending: false,
        }
    }

    #[test]
    fn a_code_for_this_tab_is_exchanged_whatever_was_stored() {
        for signed_in in [false, true] {
            let exchange = CallbackDecision::Exchange {
                code: "c".into(),
                pending: pending(),
            };
            assert_eq!(
                start_up(Some(exchange), signed_in),
                StartUp::Exchange {
                    code: "c".into(),
                    pending: pending()
                }
            );
        }
    }

    #[test]
    fn a_refusal_only_shows() {
        let refused = CallbackDecision::Refused {
            error: SignInError::Refused {
                error: "access_denied".into(),
                description: None,
            },
            return_to: "/tasks".into(),
        };
        assert_eq!(start_up(Some(refused), false), StartUp::ShowRefusal);
    }

    #[test]
    fn a_stray_callback_sends_a_signed_in_user_on_and_prefetches_otherwise() {
        assert_eq!(
            start_up(Some(stray()), true),
            StartUp::CheckAndLeave {
                return_to: "/tasks/3".into()
            }
        );
        assert_eq!(start_up(Some(stray()), false), StartUp::Prefetch);
    }

    #[test]
    fn a_plain_visit_checks_a_session_or_prefetches_for_one() {
        assert_eq!(start_up(None, true), StartUp::Check);
        assert_eq!(start_up(None, false), StartUp::Prefetch);
    }
}
