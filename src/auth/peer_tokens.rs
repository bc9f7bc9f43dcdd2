//! Checking a token set another tab broadcast before this tab adopts it: its ID token is
//! verified like a refreshed one (RS256 with the JWKS, then `iss`, `aud`, `azp`, `exp`, `iat`,
//! `token_use`) and must name this tab's issuer and user, so a tab signed in as someone else,
//! or a forged message, never switches this tab over.

use super::claims::{ClaimsError, Expected, IdClaims, decode_claims, same_identity};
use super::id_token::{IdTokenError, verify_id_token};
use super::tokens::TokenSet;
use crate::config::Config;

/// What must be checked before `theirs` may replace `mine`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeerCheck {
    /// The same ID token this tab holds and verified itself (a refresh that returned none):
    /// nothing new to trust about who is signed in.
    SameIdToken,
    /// A new ID token: verify it, then compare identities.
    Verify,
}

pub fn peer_check(mine: &TokenSet, theirs: &TokenSet) -> PeerCheck {
    if mine.id_token == theirs.id_token {
        PeerCheck::SameIdToken
    } else {
        PeerCheck::Verify
    }
}

/// The verified claims of the other tab's ID token must name the user of this tab's session.
pub fn peer_identity(mine: &TokenSet, theirs: &IdClaims) -> Result<(), ClaimsError> {
    let own = decode_claims(&mine.id_token)?;
    same_identity(&own, theirs)
}

/// Verifies `theirs` against `mine` at `now`; `Ok` means it may be adopted.
pub async fn verify_peer_tokens(
    config: &Config,
    mine: &TokenSet,
    theirs: &TokenSet,
    now: u64,
) -> Result<(), IdTokenError> {
    if peer_check(mine, theirs) == PeerCheck::SameIdToken {
        return Ok(());
    }
    let expected = Expected {
        issuer: &config.issuer,
        client_id: &config.client_id,
        // Refreshed ID tokens carry no nonce on Cognito.
        nonce: None,
        now,
    };
    let claims = verify_id_token(config, &theirs.id_token, &expected).await?;
    peer_identity(mine, &claims)?;
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
        assert_eq!(peer_check(&mine, &same), PeerCheck::SameIdToken);
        let new = set(id_token("https://issuer", "user-1") + "x", "a2");
        assert_eq!(peer_check(&mine, &new), PeerCheck::Verify);
    }

    #[test]
    fn a_tab_signed_in_as_another_user_is_refused() {
        let mine = set(id_token("https://issuer", "user-1"), "a1");
        let claims = |iss: &str, sub: &str| decode_claims(&id_token(iss, sub)).expect("decodes");
        assert_eq!(
            peer_identity(&mine, &claims("https://issuer", "user-1")),
            Ok(())
        );
        assert_eq!(
            peer_identity(&mine, &claims("https://issuer", "user-2")),
            Err(ClaimsError::IdentityChanged)
        );
        assert_eq!(
            peer_identity(&mine, &claims("https://other-issuer", "user-1")),
            Err(ClaimsError::IdentityChanged)
        );
        let unreadable = set("not-a-jwt".into(), "a1");
        assert_eq!(
            peer_identity(&unreadable, &claims("https://issuer", "user-1")),
            Err(ClaimsError::Malformed)
        );
    }
}
