//! Test faults: deliberate defects in the next token response, one fault per response.
//!
//! Most alter the ID token's claims (pure, here); the signing-related ones tell the token
//! endpoint how to sign instead.

use std::str::FromStr;

use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    WrongNonce,
    WrongIss,
    WrongAud,
    MissingAud,
    MissingIat,
    Expired,
    IatFuture,
    MissingSub,
    WrongTokenUse,
    BadSignature,
    UnknownKid,
    RotateKey,
    AlgNone,
    NoKid,
    ExtraAud,
    OtherSub,
    NoRefreshToken,
}

/// How the ID token of a faulted response is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signing {
    Normal,
    /// Signed, then signature bytes flipped.
    Corrupted,
    /// Signed by a new key that is never published.
    UnpublishedKey,
    /// Signed by a new key that becomes the ID key and is published after the response is made.
    RotatedKey,
    /// `alg: none` with an empty signature.
    Unsigned,
    /// Signed normally, but the header has no `kid`.
    NoKid,
}

#[derive(Debug, thiserror::Error)]
#[error("unknown fault {0:?}")]
pub struct UnknownFault(String);

impl FromStr for Fault {
    type Err = UnknownFault;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Ok(match name {
            "wrong_nonce" => Fault::WrongNonce,
            "wrong_iss" => Fault::WrongIss,
            "wrong_aud" => Fault::WrongAud,
            "missing_aud" => Fault::MissingAud,
            "missing_iat" => Fault::MissingIat,
            "expired" => Fault::Expired,
            "iat_future" => Fault::IatFuture,
            "missing_sub" => Fault::MissingSub,
            "wrong_token_use" => Fault::WrongTokenUse,
            "bad_signature" => Fault::BadSignature,
            "unknown_kid" => Fault::UnknownKid,
            "rotate_key" => Fault::RotateKey,
            "alg_none" => Fault::AlgNone,
            "no_kid" => Fault::NoKid,
            "extra_aud" => Fault::ExtraAud,
            "other_sub" => Fault::OtherSub,
            "no_refresh_token" => Fault::NoRefreshToken,
            other => return Err(UnknownFault(other.to_owned())),
        })
    }
}

impl Fault {
    /// Alters the ID token claims for this fault. `now` and `id_ttl` are in seconds.
    pub fn alter_id_claims(self, claims: &mut Map<String, Value>, now: u64, id_ttl: u64) {
        match self {
            Fault::WrongNonce => {
                claims.insert("nonce".into(), json!("not-the-nonce-you-sent"));
            }
            Fault::WrongIss => {
                let iss = claims.get("iss").and_then(Value::as_str).unwrap_or("");
                let wrong = format!("{iss}-wrong");
                claims.insert("iss".into(), json!(wrong));
            }
            Fault::WrongAud => {
                claims.insert("aud".into(), json!("some-other-client"));
            }
            Fault::MissingAud => {
                claims.remove("aud");
            }
            Fault::MissingIat => {
                claims.remove("iat");
            }
            Fault::Expired => {
                // Ten minutes past, well beyond any reasonable clock-skew allowance.
                let exp = now.saturating_sub(600);
                claims.insert("exp".into(), json!(exp));
                claims.insert("iat".into(), json!(exp.saturating_sub(id_ttl)));
            }
            Fault::IatFuture => {
                claims.insert("iat".into(), json!(now + 3600));
                claims.insert("exp".into(), json!(now + 3600 + id_ttl));
            }
            Fault::MissingSub => {
                claims.remove("sub");
            }
            Fault::WrongTokenUse => {
                claims.insert("token_use".into(), json!("access"));
            }
            Fault::ExtraAud => {
                let aud = claims.get("aud").cloned().unwrap_or(Value::Null);
                claims.insert("aud".into(), json!([aud, "untrusted-other-client"]));
            }
            Fault::OtherSub => {
                claims.insert("sub".into(), json!("00000000-0000-4000-8000-000000000bad"));
            }
            Fault::BadSignature
            | Fault::UnknownKid
            | Fault::RotateKey
            | Fault::AlgNone
            | Fault::NoKid
            | Fault::NoRefreshToken => {}
        }
    }

    pub fn signing(self) -> Signing {
        match self {
            Fault::BadSignature => Signing::Corrupted,
            Fault::UnknownKid => Signing::UnpublishedKey,
            Fault::RotateKey => Signing::RotatedKey,
            Fault::AlgNone => Signing::Unsigned,
            Fault::NoKid => Signing::NoKid,
            _ => Signing::Normal,
        }
    }

    pub fn omits_refresh_token(self) -> bool {
        self == Fault::NoRefreshToken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Map<String, Value> {
        match json!({ "sub": "s", "aud": "c", "iss": "http://i", "nonce": "n", "iat": 100, "exp": 200 })
        {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn names_parse() {
        assert_eq!("rotate_key".parse::<Fault>().ok(), Some(Fault::RotateKey));
        assert!("nonsense".parse::<Fault>().is_err());
    }

    #[test]
    fn claim_faults_alter_the_claims() {
        let mut c = claims();
        Fault::Expired.alter_id_claims(&mut c, 10_000, 3600);
        assert!(c["exp"].as_u64().is_some_and(|exp| exp < 10_000));
        let mut c = claims();
        Fault::ExtraAud.alter_id_claims(&mut c, 0, 0);
        assert_eq!(c["aud"], json!(["c", "untrusted-other-client"]));
        let mut c = claims();
        Fault::MissingSub.alter_id_claims(&mut c, 0, 0);
        assert!(!c.contains_key("sub"));
        let mut c = claims();
        Fault::WrongIss.alter_id_claims(&mut c, 0, 0);
        assert_eq!(c["iss"], "http://i-wrong");
        let mut c = claims();
        Fault::MissingAud.alter_id_claims(&mut c, 0, 0);
        assert!(!c.contains_key("aud"));
        let mut c = claims();
        Fault::MissingIat.alter_id_claims(&mut c, 0, 0);
        assert!(!c.contains_key("iat") && c.contains_key("exp"));
        assert_eq!("missing_iat".parse::<Fault>().ok(), Some(Fault::MissingIat));
    }
}
