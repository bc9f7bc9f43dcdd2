//! The token a Tasks API call carries (`apiToken`): the access token by default, the ID token
//! for an API Gateway Cognito authorizer without OAuth scopes; whether it can go as it is or must
//! be refreshed first; and what a failed refresh leaves to send. The header itself is added in
//! `api/bearer.rs`.

use super::context::AuthContext;
use super::refresh::RefreshError;
use super::state::{EXPIRY_MARGIN, SignedOutReason, TokenUnavailable};
use crate::auth::browser::storage;
use crate::auth::browser::window::now_secs;
use crate::auth::id_token::claims::decode_claims;
use crate::auth::protocol::tokens::TokenSet;
use crate::config::ApiToken;
use leptos::prelude::*;

/// What the interceptor does before a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BearerPlan {
    /// Send this token.
    Send(String),
    /// Refresh first. `meanwhile` is the current token when it is still valid, to send if the
    /// sign-in service cannot be reached.
    RefreshFirst { meanwhile: Option<String> },
}

/// The token `which` names.
pub fn bearer_token(tokens: &TokenSet, which: ApiToken) -> &str {
    match which {
        ApiToken::Access => &tokens.access_token,
        ApiToken::Id => &tokens.id_token,
    }
}

/// When the chosen token stops being accepted. The ID token's own `exp` counts (its lifetime
/// is configured apart from the access token's on a Cognito app client), never later than the
/// session's.
pub fn bearer_expires_at(tokens: &TokenSet, which: ApiToken) -> u64 {
    match which {
        ApiToken::Access => tokens.expires_at,
        ApiToken::Id => decode_claims(&tokens.id_token)
            .ok()
            .and_then(|claims| claims.exp)
            .map_or(tokens.expires_at, |exp| exp.min(tokens.expires_at)),
    }
}

/// The plan for a call at `now`: the chosen token goes as it is while the session needs no
/// refresh and the token is more than `margin` seconds from its expiry; otherwise refresh first.
pub fn plan_bearer(tokens: &TokenSet, which: ApiToken, now: u64, margin: u64) -> BearerPlan {
    let token = bearer_token(tokens, which).to_string();
    let valid = bearer_expires_at(tokens, which) > now.saturating_add(margin);
    if valid && !tokens.needs_refresh(now) {
        BearerPlan::Send(token)
    } else {
        BearerPlan::RefreshFirst {
            meanwhile: valid.then_some(token),
        }
    }
}

/// The bearer after a refresh: the fresh token; after a transient failure, `meanwhile` (the
/// current token, when it is still valid); otherwise none, and why.
pub fn bearer_after_refresh(
    refreshed: Result<&TokenSet, &RefreshError>,
    which: ApiToken,
    meanwhile: Option<String>,
) -> Result<String, TokenUnavailable> {
    match refreshed {
        Ok(fresh) => Ok(bearer_token(fresh, which).to_string()),
        // A transient failure before expiry: the old token still works for a while.
        Err(error) if !error.ends_session() => meanwhile.ok_or(TokenUnavailable::Unreachable),
        Err(_) => Err(TokenUnavailable::SessionEnded),
    }
}

impl AuthContext {
    /// The bearer for an API call, the token `apiToken` names (access or ID): refreshed first
    /// when due, so an expired or nearly expired token is never sent.
    pub async fn api_token(&self) -> Result<String, TokenUnavailable> {
        let Some(tokens) = storage::load_tokens() else {
            self.end_session(SignedOutReason::Expired);
            return Err(TokenUnavailable::SessionEnded);
        };
        let which = self.config.with_value(|config| config.api_token);
        match plan_bearer(&tokens, which, now_secs(), EXPIRY_MARGIN) {
            BearerPlan::Send(token) => Ok(token),
            BearerPlan::RefreshFirst { meanwhile } => {
                bearer_after_refresh(self.refresh().await.as_ref(), which, meanwhile)
            }
        }
    }

    /// The API refused the token (401): refresh once, whatever the clock says.
    pub async fn renew_after_rejection(&self) -> Result<String, TokenUnavailable> {
        let which = self.config.with_value(|config| config.api_token);
        bearer_after_refresh(self.refresh().await.as_ref(), which, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn jwt(claims: &str) -> String {
        format!(
            "{}.{}.sig",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k"}"#),
            URL_SAFE_NO_PAD.encode(claims)
        )
    }

    /// Issued at 1000, access token valid until 4600 (refresh due at 3700).
    fn tokens(id_exp: u64) -> TokenSet {
        TokenSet {
            access_token: "access.jwt".into(),
            id_token: jwt(&format!(r#"{{"token_use":"id","exp":{id_exp}}}"#)),
            refresh_token: Some("r".into()),
            expires_at: 4_600,
            issued_at: 1_000,
        }
    }

    #[test]
    fn sends_the_configured_token() {
        let set = tokens(4_600);
        assert_eq!(bearer_token(&set, ApiToken::Access), "access.jwt");
        assert_eq!(bearer_token(&set, ApiToken::Id), set.id_token);
        assert_eq!(
            plan_bearer(&set, ApiToken::Access, 2_000, 30),
            BearerPlan::Send("access.jwt".into())
        );
        assert_eq!(
            plan_bearer(&set, ApiToken::Id, 2_000, 30),
            BearerPlan::Send(set.id_token.clone())
        );
    }

    #[test]
    fn refreshes_first_when_due_keeping_a_still_valid_token_as_fallback() {
        let set = tokens(4_600);
        assert_eq!(
            plan_bearer(&set, ApiToken::Id, 3_700, 30),
            BearerPlan::RefreshFirst {
                meanwhile: Some(set.id_token.clone())
            }
        );
        assert_eq!(
            plan_bearer(&set, ApiToken::Access, 4_570, 30),
            BearerPlan::RefreshFirst { meanwhile: None }
        );
    }

    #[test]
    fn an_id_token_that_expires_before_the_access_token_is_refreshed_in_time() {
        let set = tokens(1_300);
        assert_eq!(bearer_expires_at(&set, ApiToken::Id), 1_300);
        assert_eq!(bearer_expires_at(&set, ApiToken::Access), 4_600);
        assert_eq!(
            plan_bearer(&set, ApiToken::Id, 1_280, 30),
            BearerPlan::RefreshFirst { meanwhile: None }
        );
        assert_eq!(
            plan_bearer(&set, ApiToken::Access, 1_280, 30),
            BearerPlan::Send("access.jwt".into())
        );
    }

    #[test]
    fn an_unreadable_id_token_counts_with_the_session_expiry() {
        let mut set = tokens(0);
        set.id_token = "not a jwt".into();
        assert_eq!(bearer_expires_at(&set, ApiToken::Id), 4_600);
        let mut later = tokens(9_999);
        later.expires_at = 4_600;
        assert_eq!(bearer_expires_at(&later, ApiToken::Id), 4_600);
    }

    #[test]
    fn after_a_refresh_the_fresh_token_goes_or_a_still_valid_one_or_none() {
        use crate::auth::protocol::token_endpoint::TokenEndpointError;
        let fresh = tokens(4_600);
        assert_eq!(
            bearer_after_refresh(Ok(&fresh), ApiToken::Access, None),
            Ok("access.jwt".into())
        );
        assert_eq!(
            bearer_after_refresh(Ok(&fresh), ApiToken::Id, Some("old".into())),
            Ok(fresh.id_token.clone())
        );
        let offline = RefreshError::TokenEndpoint(TokenEndpointError::Unreachable);
        assert_eq!(
            bearer_after_refresh(Err(&offline), ApiToken::Access, Some("old".into())),
            Ok("old".into())
        );
        assert_eq!(
            bearer_after_refresh(Err(&offline), ApiToken::Access, None),
            Err(TokenUnavailable::Unreachable)
        );
        let spent = RefreshError::NoRefreshToken;
        assert_eq!(
            bearer_after_refresh(Err(&spent), ApiToken::Access, Some("old".into())),
            Err(TokenUnavailable::SessionEnded)
        );
    }
}
