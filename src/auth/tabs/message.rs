//! What the app's tabs tell each other about the session, and how they recognise a shared one.

use crate::auth::protocol::tokens::TokenSet;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A message on the app's BroadcastChannel (same origin only, never persisted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum TabMessage {
    /// A tab refreshed the session whose refresh token has fingerprint `from`.
    Refreshed { from: String, tokens: TokenSet },
    /// A tab about to refresh asks whether another already did.
    Query { from: String },
    /// A tab signed out: every tab of the app ends its session.
    SignedOut,
}

/// A short, non-reversible name for a refresh token, so tabs can tell whether they share a
/// session without putting the token itself in every message.
pub fn fingerprint(refresh_token: &str) -> String {
    let digest = Sha256::digest(refresh_token.as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..16])
}

/// Whether a broadcast refresh result should replace `mine`: it must continue the same
/// session (it was refreshed from the refresh token `mine` holds), be a different set, and not
/// be older. `issued_at` has one-second resolution, so two refreshes in the same second are
/// equally new: refusing the later one would leave this tab holding a refresh token that
/// rotation has just retired.
pub fn should_adopt(mine: &TokenSet, from: &str, theirs: &TokenSet) -> bool {
    let same_session = mine
        .refresh_token
        .as_deref()
        .is_some_and(|token| fingerprint(token) == from);
    same_session && theirs.access_token != mine.access_token && theirs.issued_at >= mine.issued_at
}

/// Whether the session was renewed since this tab decided to refresh `stale` (by another tab,
/// whose result this tab adopted while it waited for the refresh lock): then `current` is the
/// answer and refreshing again would only rotate the refresh token under the other tab's feet.
pub fn refreshed_meanwhile(stale: &TokenSet, current: &TokenSet, now: u64) -> bool {
    current.access_token != stale.access_token && !current.needs_refresh(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(refresh: Option<&str>, issued_at: u64) -> TokenSet {
        TokenSet {
            access_token: format!("a-{issued_at}-{}", refresh.unwrap_or("")),
            id_token: "i".into(),
            refresh_token: refresh.map(str::to_string),
            expires_at: issued_at + 3600,
            issued_at,
        }
    }

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(fingerprint("r1"), fingerprint("r1"));
        assert_ne!(fingerprint("r1"), fingerprint("r2"));
        assert_eq!(fingerprint("r1").len(), 22);
        assert!(!fingerprint("secret-refresh").contains("secret"));
    }

    #[test]
    fn adopts_only_newer_results_of_the_same_session() {
        let mine = set(Some("r1"), 100);
        assert!(should_adopt(
            &mine,
            &fingerprint("r1"),
            &set(Some("r1"), 200)
        ));
        assert!(
            should_adopt(&mine, &fingerprint("r1"), &set(Some("r2"), 200)),
            "rotated"
        );
        assert!(
            !should_adopt(&mine, &fingerprint("r1"), &set(Some("r1"), 100)),
            "the same set"
        );
        assert!(
            should_adopt(&mine, &fingerprint("r1"), &set(Some("r2"), 100)),
            "rotated within the same second"
        );
        assert!(
            !should_adopt(&mine, &fingerprint("r1"), &set(Some("r2"), 99)),
            "older"
        );
        assert!(
            !should_adopt(&mine, &fingerprint("other"), &set(Some("r1"), 200)),
            "other session"
        );
        assert!(!should_adopt(
            &set(None, 100),
            &fingerprint("r1"),
            &set(Some("r1"), 200)
        ));
    }

    #[test]
    fn a_refresh_done_meanwhile_is_used_instead_of_refreshing_again() {
        let stale = set(Some("r1"), 100);
        // Lifetime 3600 s: due at 100 + 2700.
        assert!(refreshed_meanwhile(&stale, &set(Some("r2"), 2_800), 2_801));
        assert!(
            !refreshed_meanwhile(&stale, &stale.clone(), 2_801),
            "nothing changed: refresh"
        );
        assert!(
            !refreshed_meanwhile(&stale, &set(Some("r2"), 100), 2_801),
            "changed, but due again: refresh"
        );
    }

    #[test]
    fn messages_round_trip_as_json() {
        let message = TabMessage::Refreshed {
            from: "f".into(),
            tokens: set(Some("r"), 1),
        };
        let json = serde_json::to_string(&message).expect("serialises");
        assert!(json.contains(r#""kind":"refreshed""#), "{json}");
        assert_eq!(
            serde_json::from_str::<TabMessage>(&json).expect("parses"),
            message
        );
        assert_eq!(
            serde_json::from_str::<TabMessage>(r#"{"kind":"signed-out"}"#).expect("parses"),
            TabMessage::SignedOut
        );
        assert!(serde_json::from_str::<TabMessage>(r#"{"kind":"bogus"}"#).is_err());
    }
}
