//! What this tab does when another tab of the app speaks: take its refresh result (once its ID
//! token verifies), answer its question with this tab's fresh set, or end the session it signed
//! out of.

use super::context::AuthContext;
use super::state::SignedOutReason;
use crate::auth::browser::storage;
use crate::auth::browser::window::now_secs;
use crate::auth::id_token::refreshed::verify_refreshed;
use crate::auth::protocol::tokens::TokenSet;
use crate::auth::tabs::message::{TabMessage, fingerprint, should_adopt};
use leptos::prelude::*;

/// This tab's answer to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TabReaction {
    /// Another tab refreshed this session: verify its set, then adopt it.
    Verify {
        from: String,
        tokens: TokenSet,
    },
    /// Another tab of this session is about to refresh: send it this tab's fresh set.
    Answer(TabMessage),
    /// Another tab signed out: so does this one.
    EndSession,
    Ignore,
}

/// Decides from the message, this tab's stored set, the fingerprints of the refresh tokens it
/// rotated away from (`lineage`), whether it shows a user, and `now`.
pub fn react_to_tab_message(
    message: TabMessage,
    mine: Option<&TokenSet>,
    lineage: &[String],
    signed_in: bool,
    now: u64,
) -> TabReaction {
    match message {
        TabMessage::Refreshed { from, tokens } => {
            if mine.is_some_and(|mine| should_adopt(mine, &from, &tokens)) {
                TabReaction::Verify { from, tokens }
            } else {
                TabReaction::Ignore
            }
        }
        TabMessage::Query { from } => {
            // Answer only a tab of the same session (its refresh token is ours or one we
            // rotated away from), and only with a set that needs no refresh itself.
            let same_session = |mine: &TokenSet| {
                mine.refresh_token.as_deref().map(fingerprint).as_deref() == Some(from.as_str())
                    || lineage.contains(&from)
            };
            match mine {
                Some(mine) if same_session(mine) && !mine.needs_refresh(now) => {
                    TabReaction::Answer(TabMessage::Refreshed {
                        from,
                        tokens: mine.clone(),
                    })
                }
                _ => TabReaction::Ignore,
            }
        }
        TabMessage::SignedOut if mine.is_some() || signed_in => TabReaction::EndSession,
        TabMessage::SignedOut => TabReaction::Ignore,
    }
}

impl AuthContext {
    pub(super) fn on_tab_message(&self, message: TabMessage) {
        let mine = storage::load_tokens();
        let reaction = self.lineage.with_value(|lineage| {
            react_to_tab_message(
                message,
                mine.as_ref(),
                lineage,
                self.is_signed_in(),
                now_secs(),
            )
        });
        match reaction {
            TabReaction::Verify { from, tokens } => {
                let auth = *self;
                leptos::task::spawn_local(async move {
                    auth.adopt_from_tab(&from, &tokens).await;
                });
            }
            TabReaction::Answer(answer) => self.post(&answer),
            TabReaction::EndSession => self.end_session(SignedOutReason::Elsewhere),
            TabReaction::Ignore => {}
        }
    }

    /// Adopts another tab's refresh result once its ID token verifies and names this tab's
    /// user; anything else is ignored and this tab refreshes on its own when due.
    async fn adopt_from_tab(&self, from: &str, theirs: &TokenSet) {
        let Some(mine) = storage::load_tokens() else {
            return;
        };
        let config = self.config.get_value();
        if verify_refreshed(&config, &mine, theirs, now_secs())
            .await
            .is_err()
        {
            return;
        }
        // The session may have moved on while the signature was checked.
        if storage::load_tokens().is_some_and(|current| should_adopt(&current, from, theirs)) {
            self.adopt(theirs);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issued at 100 for an hour: the refresh is due at 2800.
    fn set(refresh: &str, issued_at: u64) -> TokenSet {
        TokenSet {
            access_token: format!("a-{issued_at}-{refresh}"),
            id_token: "i".into(),
            refresh_token: Some(refresh.into()),
            expires_at: issued_at + 3600,
            issued_at,
        }
    }

    fn react(message: TabMessage, mine: Option<&TokenSet>, lineage: &[String]) -> TabReaction {
        react_to_tab_message(message, mine, lineage, true, 200)
    }

    #[test]
    fn a_newer_set_of_this_session_is_verified_before_it_is_adopted() {
        let mine = set("r1", 100);
        let theirs = set("r2", 150);
        let refreshed = |from: &str| TabMessage::Refreshed {
            from: fingerprint(from),
            tokens: theirs.clone(),
        };
        assert_eq!(
            react(refreshed("r1"), Some(&mine), &[]),
            TabReaction::Verify {
                from: fingerprint("r1"),
                tokens: theirs.clone()
            }
        );
        assert_eq!(
            react(refreshed("other"), Some(&mine), &[]),
            TabReaction::Ignore
        );
        assert_eq!(react(refreshed("r1"), None, &[]), TabReaction::Ignore);
    }

    #[test]
    fn a_question_from_this_session_is_answered_with_a_fresh_set_only() {
        let mine = set("r2", 100);
        let query = |from: &str| TabMessage::Query {
            from: fingerprint(from),
        };
        let answer = TabReaction::Answer(TabMessage::Refreshed {
            from: fingerprint("r2"),
            tokens: mine.clone(),
        });
        assert_eq!(react(query("r2"), Some(&mine), &[]), answer);
        // A tab still holding the refresh token this one rotated away from.
        let retired = [fingerprint("r1")];
        assert_eq!(
            react(query("r1"), Some(&mine), &retired),
            TabReaction::Answer(TabMessage::Refreshed {
                from: fingerprint("r1"),
                tokens: mine.clone(),
            })
        );
        assert_eq!(react(query("r1"), Some(&mine), &[]), TabReaction::Ignore);
        assert_eq!(react(query("r2"), None, &[]), TabReaction::Ignore);
        let due = react_to_tab_message(query("r2"), Some(&mine), &[], true, 2_800);
        assert_eq!(
            due,
            TabReaction::Ignore,
            "a set that needs a refresh itself"
        );
    }

    #[test]
    fn a_sign_out_elsewhere_ends_a_session_that_is_held_or_shown() {
        let mine = set("r1", 100);
        assert_eq!(
            react_to_tab_message(TabMessage::SignedOut, Some(&mine), &[], false, 0),
            TabReaction::EndSession
        );
        assert_eq!(
            react_to_tab_message(TabMessage::SignedOut, None, &[], true, 0),
            TabReaction::EndSession
        );
        assert_eq!(
            react_to_tab_message(TabMessage::SignedOut, None, &[], false, 0),
            TabReaction::Ignore
        );
    }
}
