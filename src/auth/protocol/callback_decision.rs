//! What the callback page does with an OAuth response: exchange it, show its refusal, or treat
//! it as stray. A response counts only when its `state` answers the sign-in this tab started
//! (RFC 6749 section 4.1.2.1, RFC 9700); anything else is a link someone else wrote.

use super::callback::Callback;
use super::pending::PendingLogin;
use super::return_to::DEFAULT_RETURN;
use crate::auth::sign_in_error::SignInError;

/// The outcome of reading a callback against this tab's pending sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackDecision {
    /// The Hosted UI granted the code this tab asked for: exchange it with the pending record,
    /// which is used up now.
    Exchange { code: String, pending: PendingLogin },
    /// The Hosted UI refused the sign-in this tab started (the user cancelled, say): show its
    /// words. The pending record is used up.
    Refused {
        error: SignInError,
        return_to: String,
    },
    /// The response answers no sign-in of this tab (none pending, another `state`, or
    /// malformed): the session stays as it is, the user lands on their page, and nothing from
    /// the URL is shown. `return_to` is where a signed-in user lands.
    Stray {
        return_to: String,
        /// The pending record is out of date and should be removed; a fresh one is kept, so
        /// the real answer to it still counts when it arrives.
        discard_pending: bool,
    },
}

impl CallbackDecision {
    /// Whether the pending record must be removed before anything else happens.
    pub fn discards_pending(&self) -> bool {
        match self {
            Self::Exchange { .. } | Self::Refused { .. } => true,
            Self::Stray {
                discard_pending, ..
            } => *discard_pending,
        }
    }
}

/// Decides what a callback means for this tab, given the pending sign-in record read from
/// storage (if any) and `now` in seconds since the epoch.
pub fn decide_callback(
    callback: Callback,
    pending: Option<&PendingLogin>,
    now: u64,
) -> CallbackDecision {
    let expired = pending.is_some_and(|pending| pending.is_expired(now));
    let live = pending.filter(|_| !expired);
    let stray = || CallbackDecision::Stray {
        return_to: live.map_or_else(|| DEFAULT_RETURN.to_string(), PendingLogin::safe_return_to),
        discard_pending: expired,
    };
    let Some(pending) = live else {
        return stray();
    };
    match callback {
        Callback::Code { code, state } if state == pending.state => CallbackDecision::Exchange {
            code,
            pending: PendingLogin {
                return_to: pending.safe_return_to(),
                ..pending.clone()
            },
        },
        Callback::Error {
            error,
            description,
            state: Some(state),
        } if state == pending.state => CallbackDecision::Refused {
            error: SignInError::Refused { error, description },
            return_to: pending.safe_return_to(),
        },
        Callback::None
        | Callback::Code { .. }
        | Callback::Error { .. }
        | Callback::Malformed(_) => stray(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::protocol::callback::parse_callback;
    use crate::auth::protocol::pending::{Entropy, PENDING_LIFETIME};
    use crate::auth::protocol::pkce::RANDOM_BYTES;

    const CREATED: u64 = 1_800_000_000;

    fn pending(return_to: &str) -> PendingLogin {
        let entropy = Entropy {
            verifier: [1; RANDOM_BYTES],
            state: [2; RANDOM_BYTES],
            nonce: [3; RANDOM_BYTES],
        };
        PendingLogin::new(&entropy, return_to, CREATED)
    }

    fn decide(query: &str, pending: Option<&PendingLogin>) -> CallbackDecision {
        decide_callback(parse_callback(query), pending, CREATED + 5)
    }

    fn stray(return_to: &str) -> CallbackDecision {
        CallbackDecision::Stray {
            return_to: return_to.into(),
            discard_pending: false,
        }
    }

    #[test]
    fn a_code_for_this_tabs_state_is_exchanged() {
        let mine = pending("/tasks/edit/3");
        let decision = decide(&format!("?code=c-1&state={}", mine.state), Some(&mine));
        assert_eq!(
            decision,
            CallbackDecision::Exchange {
                code: "c-1".into(),
                pending: mine
            }
        );
        assert!(decision.discards_pending());
    }

    #[test]
    fn an_error_for_this_tabs_state_is_shown() {
        let mine = pending("/tasks/7");
        let decision = decide(
            &format!(
                "?error=access_denied&error_description=User+cancelled&state={}",
                mine.state
            ),
            Some(&mine),
        );
        assert_eq!(
            decision,
            CallbackDecision::Refused {
                error: SignInError::Refused {
                    error: "access_denied".into(),
                    description: Some("User cancelled".into()),
                },
                return_to: "/tasks/7".into(),
            }
        );
        assert!(decision.discards_pending());
    }

    #[test]
    fn an_error_link_with_no_sign_in_pending_is_stray() {
        // The attack: any site sends a signed-in tab here with its own words.
        let decision = decide("?error=access_denied&error_description=EVIL+WORDS", None);
        assert_eq!(decision, stray(DEFAULT_RETURN));
        assert!(!decision.discards_pending());
        assert!(!format!("{decision:?}").contains("EVIL"));
    }

    #[test]
    fn responses_that_answer_another_sign_in_are_stray_and_keep_the_pending_one() {
        let mine = pending("/tasks/9");
        for query in [
            "?code=x&state=unknown".to_string(),
            "?error=access_denied&error_description=EVIL+WORDS&state=unknown".to_string(),
            // An error without any state cannot be tied to this tab's sign-in.
            "?error=access_denied&error_description=EVIL+WORDS".to_string(),
            format!("?code=x&code=y&state={}", mine.state),
            format!("?code=%zz&state={}", mine.state),
            "?code=x".to_string(),
            format!("?state={}", mine.state),
        ] {
            let decision = decide(&query, Some(&mine));
            assert_eq!(decision, stray("/tasks/9"), "{query}");
            assert!(!format!("{decision:?}").contains("EVIL"), "{query}");
        }
    }

    #[test]
    fn a_code_with_no_sign_in_pending_is_stray() {
        // A replayed callback (Back onto the Hosted UI, a bookmark): nothing to exchange it with.
        assert_eq!(decide("?code=x&state=y", None), stray(DEFAULT_RETURN));
        assert_eq!(decide("?code=x", None), stray(DEFAULT_RETURN));
    }

    #[test]
    fn an_expired_pending_sign_in_answers_nothing_and_is_removed() {
        let old = pending("/tasks/1");
        let late = CREATED + PENDING_LIFETIME + 1;
        let query = format!("?code=c&state={}", old.state);
        let decision = decide_callback(parse_callback(&query), Some(&old), late);
        assert_eq!(
            decision,
            CallbackDecision::Stray {
                return_to: DEFAULT_RETURN.into(),
                discard_pending: true
            }
        );
        assert!(decision.discards_pending());
        let on_time = decide_callback(
            parse_callback(&query),
            Some(&old),
            CREATED + PENDING_LIFETIME,
        );
        assert!(matches!(on_time, CallbackDecision::Exchange { .. }));
    }

    #[test]
    fn a_tampered_return_path_in_storage_is_sanitised_again() {
        let mut mine = pending("/tasks");
        mine.return_to = "//evil.io/phish".into();
        let decision = decide(&format!("?code=c&state={}", mine.state), Some(&mine));
        let CallbackDecision::Exchange { pending, .. } = decision else {
            panic!("expected an exchange, got {decision:?}");
        };
        assert_eq!(pending.return_to, DEFAULT_RETURN);
        let refused = decide(
            &format!("?error=access_denied&state={}", mine.state),
            Some(&mine),
        );
        assert!(
            matches!(&refused, CallbackDecision::Refused { return_to, .. } if return_to == DEFAULT_RETURN),
            "{refused:?}"
        );
        assert_eq!(
            decide("?code=x&state=other", Some(&mine)),
            stray(DEFAULT_RETURN)
        );
    }
}
