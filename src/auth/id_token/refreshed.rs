//! Checking a refreshed token set before this tab takes it, whether it comes from this tab's
//! refresh grant or from another tab's broadcast: a new ID token is verified like any other
//! (RS256 with the JWKS, then `iss`, `aud`, `azp`, `exp`, `iat`, `token_use`; Cognito sends no
//! nonce on refresh) and must name the issuer and user of the set it replaces, so neither a
//! token endpoint that switched users nor a tab signed in as someone else (or a forged message)
//! switches this tab over.

use super::claims::{ClaimsError, Expected, IdClaims, decode_claims, same_identity};
use super::{IdTokenError, verify_id_token};
use crate::auth::protocol::tokens::TokenSet;
use crate::config::Config;

/// What must be checked before `next` may replace `mine`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshedCheck {
    /// The same ID token this tab holds and verified itself (a refresh that returned none):
    /// nothing new to trust about who is signed in.
    SameIdToken,
    /// A new ID token: verify it, then compare identities.
    Verify,
}

pub fn refreshed_check(mine: &TokenSet, next: &TokenSet) -> RefreshedCheck {
    if mine.id_token == next.id_token {
        RefreshedCheck::SameIdToken
    } else {
        RefreshedCheck::Verify
    }
}

/// The verified claims of the new ID token must name the user of this tab's session.
pub fn same_user(mine: &TokenSet, next: &IdClaims) -> Result<(), ClaimsError> {
    let own = decode_claims(&mine.id_token)?;
    same_identity(&own, next)
}

/// Verifies `next` against `mine` at `now`; `Ok` means it may replace it.
pub async fn verify_refreshed(
    config: &Config,
    mine: &TokenSet,
    next: &TokenSet,
    now: u64,
) -> Result<(), IdTokenError> {
    if refreshed_check(mine, next) == RefreshedCheck::SameIdToken {
        return Ok(());
    }
    let expected = Expected {
        issuer: &config.issuer,
        client_id: &config.client_id,
        // Refreshed ID tokens carry no nonce on Cognito.
        nonce: None,
        now,
    };
    let claims = verify_id_token(config, &next.id_token, &expected).await?;
    same_user(mine, &claims)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn id_token(iss: &str, sub: &str) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","kid":"k"}"#);
        let payload = URL_SAFE_NO_PAD.encode(format!(r#"{{"iss":"{iss}","sub":"{sub}"}}"#));
        format!("{header}.{payload}.c2ln")
    }

    fn set(id_token: String, access: &str) -> TokenSet {
        TokenSet {
            access_token: access.into(),
            id_token,
            refresh_token: Some("r".into()),
            expires_at: 4_600,
            issued_at: 1_000,
        }
    }

    #[test]
    fn a_new_id_token_is_always_verified() {
        let mine = set(id_token("https://issuer", "user-1"), "a1");
        let same = set(mine.id_token.clone(), "a2");
        assert_eq!(refreshed_check(&mine, &same), RefreshedCheck::SameIdToken);
        let new = set(id_token("https://issuer", "user-1") + "x", "a2");
        assert_eq!(refreshed_check(&mine, &new), RefreshedCheck::Verify);
    }

    #[test]
    fn a_tab_signed_in_as_another_user_is_refused() {
        let mine = set(id_token("https://issuer", "user-1"), "a1");
        let claims = |iss: &str, sub: &str| decode_claims(&id_token(iss, sub)).expect("decodes");
        assert_eq!(
            same_user(&mine, &claims("https://issuer", "user-1")),
            Ok(())
        );
        assert_eq!(
            same_user(&mine, &claims("https://issuer", "user-2")),
            Err(ClaimsError::IdentityChanged)
        );
        assert_eq!(
            same_user(&mine, &claims("https://other-issuer", "user-1")),
            Err(ClaimsError::IdentityChanged)
        );
        let unreadable = set("not-a-jwt".into(), "a1");
        assert_eq!(
            same_user(&unreadable, &claims("https://issuer", "user-1")),
            Err(ClaimsError::Malformed)
        );
    }
}
