//! The token endpoint's answers and the token set kept for this tab, with its expiry math.

use serde::{Deserialize, Serialize};

/// A successful `/oauth2/token` response. `refresh_token` is absent on Cognito refreshes
/// unless rotation is enabled.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub token_type: String,
    pub expires_in: u64,
}

/// An OAuth error body (`{"error":"invalid_grant","error_description":"..."}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TokenErrorBody {
    pub error: String,
    pub error_description: Option<String>,
}

/// What this tab holds in sessionStorage while signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenSet {
    pub access_token: String,
    pub id_token: String,
    pub refresh_token: Option<String>,
    /// Seconds since the epoch when the access token stops being accepted.
    pub expires_at: u64,
    /// Seconds since the epoch when this set was received; with `expires_at` it gives the
    /// lifetime the refresh is scheduled against.
    #[serde(default)]
    pub issued_at: u64,
}

/// The share of a token's lifetime after which it is refreshed: early enough that a stalled
/// timer or a slow network still leaves time, late enough not to refresh needlessly.
const REFRESH_AT_PERCENT: u64 = 75;

/// The shortest time between receiving a set and refreshing it, in seconds, whatever
/// `expires_in` said: a token endpoint answering `expires_in` 0 or 1 would otherwise be asked
/// again back to back, forever. Cognito's shortest token lifetime is 5 minutes (first refresh
/// after 225 s), so this never delays a real refresh; it is kept this short so that test stacks
/// with 4-second tokens (refreshed every 3 s) still show refreshes quickly.
pub const MIN_REFRESH_INTERVAL: u64 = 3;

/// The longest single wait of the refresh timer, in seconds (24 h). Browsers keep `setTimeout`
/// delays in a signed 32-bit count of milliseconds (about 24.8 days): a longer delay fires at
/// once or, in `leptos`' wrapper, throws. The timer re-checks and waits again instead.
pub const MAX_TIMER_WAIT: u64 = 24 * 60 * 60;

/// Why a token response cannot become a session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenResponseError {
    #[error("the token response has no ID token; is the \"openid\" scope configured?")]
    MissingIdToken,
    #[error("the token response has token type \"{0}\", not Bearer")]
    NotBearer(String),
    #[error("the token response has an empty token")]
    EmptyToken,
}

impl TokenSet {
    /// Builds the session from a code exchange; `now` is seconds since the epoch.
    pub fn from_code_response(
        response: TokenResponse,
        now: u64,
    ) -> Result<Self, TokenResponseError> {
        if !response.token_type.eq_ignore_ascii_case("bearer") {
            return Err(TokenResponseError::NotBearer(response.token_type));
        }
        let id_token = response
            .id_token
            .ok_or(TokenResponseError::MissingIdToken)?;
        if response.access_token.is_empty() || id_token.is_empty() {
            return Err(TokenResponseError::EmptyToken);
        }
        Ok(Self {
            access_token: response.access_token,
            id_token,
            refresh_token: response.refresh_token.filter(|token| !token.is_empty()),
            expires_at: now.saturating_add(response.expires_in),
            issued_at: now,
        })
    }

    /// The set after a refresh grant: new access (and usually ID) token; the refresh token is
    /// kept when the response has none, as Cognito does without rotation.
    pub fn refreshed(&self, response: TokenResponse, now: u64) -> Result<Self, TokenResponseError> {
        if !response.token_type.eq_ignore_ascii_case("bearer") {
            return Err(TokenResponseError::NotBearer(response.token_type));
        }
        if response.access_token.is_empty() {
            return Err(TokenResponseError::EmptyToken);
        }
        Ok(Self {
            access_token: response.access_token,
            id_token: response
                .id_token
                .filter(|token| !token.is_empty())
                .unwrap_or_else(|| self.id_token.clone()),
            refresh_token: response
                .refresh_token
                .filter(|token| !token.is_empty())
                .or_else(|| self.refresh_token.clone()),
            expires_at: now.saturating_add(response.expires_in),
            issued_at: now,
        })
    }

    /// When to refresh: at 75% of the lifetime, and never sooner than
    /// [`MIN_REFRESH_INTERVAL`] after the set was received (for a set restored without
    /// `issued_at`, one minute before expiry). Saturating throughout: both times come from
    /// storage and from the token endpoint's `expires_in`.
    pub fn refresh_due_at(&self) -> u64 {
        if self.issued_at == 0 {
            return self.expires_at.saturating_sub(60);
        }
        let lifetime = self.expires_at.saturating_sub(self.issued_at);
        // In u128, so a huge `expires_in` cannot overflow the multiplication; the result is at
        // most `lifetime`, so it fits back into u64.
        let share = u128::from(lifetime) * u128::from(REFRESH_AT_PERCENT) / 100;
        let share = u64::try_from(share).unwrap_or(lifetime);
        self.issued_at
            .saturating_add(share.max(MIN_REFRESH_INTERVAL))
    }

    /// How long the refresh timer waits at `now`: until the refresh is due, at most
    /// [`MAX_TIMER_WAIT`] (the timer then looks again).
    pub fn refresh_timer_wait(&self, now: u64) -> std::time::Duration {
        let wait = self
            .refresh_due_at()
            .saturating_sub(now)
            .min(MAX_TIMER_WAIT);
        std::time::Duration::from_secs(wait)
    }

    /// True once the refresh is due at `now`.
    pub fn needs_refresh(&self, now: u64) -> bool {
        now >= self.refresh_due_at()
    }

    /// Seconds of validity left at `now` (zero once expired).
    pub fn seconds_left(&self, now: u64) -> u64 {
        self.expires_at.saturating_sub(now)
    }

    /// True when the access token is expired or within `margin` seconds of it, so it must not
    /// be sent (a token that expires in flight gives a spurious 401).
    pub fn is_expired(&self, now: u64, margin: u64) -> bool {
        self.seconds_left(now) <= margin
    }
}

/// Parses a token endpoint error body; `None` for anything that is not the OAuth shape.
pub fn parse_token_error(body: &str) -> Option<TokenErrorBody> {
    serde_json::from_str(body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response() -> TokenResponse {
        TokenResponse {
            access_token: "a".into(),
            id_token: Some("i".into()),
            refresh_token: Some("r".into()),
            token_type: "Bearer".into(),
            expires_in: 3600,
        }
    }

    #[test]
    fn builds_a_session_with_absolute_expiry() {
        let set = TokenSet::from_code_response(response(), 1_000).expect("valid");
        assert_eq!(set.expires_at, 4_600);
        assert_eq!(set.refresh_token.as_deref(), Some("r"));
        assert_eq!(set.seconds_left(4_000), 600);
        assert_eq!(set.seconds_left(9_000), 0);
    }

    #[test]
    fn refresh_is_due_at_three_quarters_of_the_lifetime() {
        let set = TokenSet::from_code_response(response(), 1_000).expect("valid");
        assert_eq!(set.refresh_due_at(), 1_000 + 2_700);
        assert!(!set.needs_refresh(3_699));
        assert!(set.needs_refresh(3_700));
        let mut short = set.clone();
        short.issued_at = 100;
        short.expires_at = 105;
        assert_eq!(short.refresh_due_at(), 103);
        let mut legacy = set;
        legacy.issued_at = 0;
        assert_eq!(legacy.refresh_due_at(), 4_600 - 60);
    }

    fn set_for(expires_in: u64, now: u64) -> TokenSet {
        let mut answer = response();
        answer.expires_in = expires_in;
        TokenSet::from_code_response(answer, now).expect("valid")
    }

    #[test]
    fn a_zero_or_one_second_lifetime_does_not_refresh_back_to_back() {
        for expires_in in [0, 1, 2] {
            let set = set_for(expires_in, 1_000);
            assert_eq!(
                set.refresh_due_at(),
                1_000 + MIN_REFRESH_INTERVAL,
                "expires_in {expires_in}"
            );
            assert!(!set.needs_refresh(1_000), "expires_in {expires_in}");
            assert!(!set.needs_refresh(1_000 + MIN_REFRESH_INTERVAL - 1));
            assert!(set.needs_refresh(1_000 + MIN_REFRESH_INTERVAL));
            assert_eq!(
                set.refresh_timer_wait(1_000),
                std::time::Duration::from_secs(MIN_REFRESH_INTERVAL)
            );
        }
        // The e2e stacks' 4-second tokens still refresh at 75%.
        assert_eq!(set_for(4, 1_000).refresh_due_at(), 1_003);
    }

    #[test]
    fn huge_lifetimes_neither_overflow_nor_overflow_the_browser_timer() {
        let set = set_for(u64::MAX, 1_000);
        assert_eq!(set.expires_at, u64::MAX);
        let due = set.refresh_due_at();
        assert!(due > 1_000 && due < u64::MAX, "{due}");
        assert_eq!(
            set.refresh_timer_wait(1_000),
            std::time::Duration::from_secs(MAX_TIMER_WAIT)
        );
        // Under 2^31 ms, the largest delay setTimeout takes.
        assert!(set.refresh_timer_wait(1_000).as_millis() < 1 << 31);
        let mut tampered = set.clone();
        tampered.issued_at = u64::MAX;
        assert_eq!(tampered.refresh_due_at(), u64::MAX);
        tampered.expires_at = 5;
        assert_eq!(tampered.refresh_due_at(), u64::MAX);
        assert_eq!(
            set_for(3600, 1_000).refresh_timer_wait(5_000),
            std::time::Duration::ZERO,
            "overdue: check now"
        );
        let day_and_more = set_for(10 * MAX_TIMER_WAIT, 0);
        assert_eq!(
            day_and_more.refresh_timer_wait(0),
            std::time::Duration::from_secs(MAX_TIMER_WAIT)
        );
    }

    #[test]
    fn refresh_keeps_the_old_refresh_token_when_none_comes_back() {
        let set = TokenSet::from_code_response(response(), 0).expect("valid");
        let mut answer = response();
        answer.refresh_token = None;
        answer.access_token = "a2".into();
        answer.id_token = Some("i2".into());
        let next = set.refreshed(answer, 100).expect("valid");
        assert_eq!(next.refresh_token.as_deref(), Some("r"));
        assert_eq!(next.access_token, "a2");
        assert_eq!(next.id_token, "i2");
        assert_eq!((next.issued_at, next.expires_at), (100, 3_700));
    }

    #[test]
    fn refresh_takes_a_rotated_refresh_token_and_keeps_a_missing_id_token() {
        let set = TokenSet::from_code_response(response(), 0).expect("valid");
        let mut answer = response();
        answer.refresh_token = Some("r2".into());
        answer.id_token = None;
        let next = set.refreshed(answer, 10).expect("valid");
        assert_eq!(next.refresh_token.as_deref(), Some("r2"));
        assert_eq!(next.id_token, "i");
    }

    #[test]
    fn expiry_honours_the_margin() {
        let set = TokenSet::from_code_response(response(), 0).expect("valid");
        assert!(!set.is_expired(3_000, 60));
        assert!(set.is_expired(3_540, 60));
        assert!(set.is_expired(3_600, 0));
    }

    #[test]
    fn refuses_unusable_responses() {
        let mut no_id = response();
        no_id.id_token = None;
        assert_eq!(
            TokenSet::from_code_response(no_id, 0),
            Err(TokenResponseError::MissingIdToken)
        );
        let mut mac = response();
        mac.token_type = "mac".into();
        assert!(matches!(
            TokenSet::from_code_response(mac, 0),
            Err(TokenResponseError::NotBearer(_))
        ));
        let mut empty = response();
        empty.access_token.clear();
        assert_eq!(
            TokenSet::from_code_response(empty, 0),
            Err(TokenResponseError::EmptyToken)
        );
    }

    #[test]
    fn parses_cognito_json() {
        let json = r#"{"access_token":"a","id_token":"i","token_type":"Bearer","expires_in":3600}"#;
        let parsed: TokenResponse = serde_json::from_str(json).expect("cognito shape");
        assert_eq!(parsed.refresh_token, None);
        let error = parse_token_error(r#"{"error":"invalid_grant"}"#).expect("oauth error");
        assert_eq!(error.error, "invalid_grant");
        assert_eq!(parse_token_error("<html>"), None);
    }
}
