//! When the session is refreshed: a timer set for the next refresh (at 75% of the token's
//! lifetime, see `TokenSet::refresh_due_at`), a shorter one after a transient failure, and a
//! re-check whenever the tab wakes up, since timers stall in background tabs and during sleep.

use super::context::AuthContext;
use super::state::SignedOutReason;
use crate::auth::browser::storage;
use crate::auth::browser::window::now_secs;
use crate::auth::protocol::tokens::TokenSet;
use leptos::prelude::*;
use std::time::Duration;

/// How long to wait before trying again after a refresh failed on the way (network, 5xx).
pub const RETRY_AFTER: Duration = Duration::from_secs(15);

/// The browser events after which a stalled timer may have missed its refresh.
const WAKE_UPS: [&str; 3] = ["visibilitychange", "focus", "online"];

/// What a look at the session (on a timer or a wake-up) calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// The stored session is gone (another tab, or storage cleared) while this tab shows a
    /// user: say it expired.
    EndSession,
    /// Nobody is signed in: nothing to keep fresh.
    Nothing,
    /// The refresh is due: refresh in the background now.
    RefreshNow,
    /// Not yet: look again after this long.
    WaitFor(Duration),
}

/// Decides from the stored set (if any), whether this tab shows a signed-in user, and `now`.
pub fn freshness(tokens: Option<&TokenSet>, signed_in: bool, now: u64) -> Freshness {
    match tokens {
        None if signed_in => Freshness::EndSession,
        None => Freshness::Nothing,
        Some(tokens) if tokens.needs_refresh(now) => Freshness::RefreshNow,
        Some(tokens) => Freshness::WaitFor(tokens.refresh_timer_wait(now)),
    }
}

impl AuthContext {
    /// Re-checks the session whenever the tab becomes visible, gains focus or comes back online.
    pub(super) fn watch_for_wake_ups(&self) {
        let auth = *self;
        for event in WAKE_UPS {
            let handle = window_event_listener_untyped(event, move |_| auth.check_freshness());
            // The context lives as long as the app; the listeners do too.
            std::mem::forget(handle);
        }
    }

    /// Refreshes in the background when the refresh is due, or sets the timer for it.
    pub(super) fn check_freshness(&self) {
        let tokens = storage::load_tokens();
        match freshness(tokens.as_ref(), self.is_signed_in(), now_secs()) {
            Freshness::EndSession => self.end_session(SignedOutReason::Expired),
            Freshness::Nothing => {}
            Freshness::RefreshNow => {
                let auth = *self;
                leptos::task::spawn_local(async move {
                    let _ = auth.refresh().await;
                });
            }
            Freshness::WaitFor(wait) => self.schedule_check(wait),
        }
    }

    /// Sets the timer for the next refresh of the stored set.
    pub(super) fn schedule_refresh(&self) {
        if let Some(tokens) = storage::load_tokens() {
            self.schedule_check(tokens.refresh_timer_wait(now_secs()));
        }
    }

    /// After a transient failure, try again in a little while.
    pub(super) fn schedule_retry(&self) {
        self.schedule_check(RETRY_AFTER);
    }

    fn schedule_check(&self, wait: Duration) {
        self.cancel_refresh_timer();
        let auth = *self;
        let handle = set_timeout_with_handle(move || auth.check_freshness(), wait).ok();
        self.refresh_timer.set_value(handle);
    }

    pub(super) fn cancel_refresh_timer(&self) {
        if let Some(handle) = self.refresh_timer.get_value() {
            handle.clear();
        }
        self.refresh_timer.set_value(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issued at 1000 for an hour: the refresh is due at 3700.
    fn set() -> TokenSet {
        TokenSet {
            access_token: "a".into(),
            id_token: "i".into(),
            refresh_token: Some("r".into()),
            expires_at: 4_600,
            issued_at: 1_000,
        }
    }

    #[test]
    fn a_session_gone_from_storage_ends_only_where_a_user_is_shown() {
        assert_eq!(freshness(None, true, 0), Freshness::EndSession);
        assert_eq!(freshness(None, false, 0), Freshness::Nothing);
    }

    #[test]
    fn a_due_refresh_runs_now_otherwise_the_timer_waits_for_it() {
        assert_eq!(freshness(Some(&set()), true, 3_700), Freshness::RefreshNow);
        assert_eq!(freshness(Some(&set()), false, 9_999), Freshness::RefreshNow);
        assert_eq!(
            freshness(Some(&set()), true, 3_000),
            Freshness::WaitFor(Duration::from_secs(700))
        );
    }
}
