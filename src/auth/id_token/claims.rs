//! ID token claims: decoding the JWT payload and checking it against what this client asked for:
//! issuer, audience and `azp`, subject, `exp`/`iat`, the nonce, and Cognito's `token_use`
//! (OpenID Connect Core 3.1.3.7). The signature is checked first, in `signature.rs`.

use super::jwt::segments;
use crate::i18n::t;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::{self, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

/// Clock difference tolerated between the browser and Cognito, in seconds.
pub const CLOCK_SKEW: u64 = 60;

/// The claims the app reads from an ID token.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IdClaims {
    pub iss: Option<String>,
    pub sub: Option<String>,
    #[serde(default)]
    pub aud: Audience,
    pub azp: Option<String>,
    pub exp: Option<u64>,
    pub iat: Option<u64>,
    pub nonce: Option<String>,
    pub token_use: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "cognito:username")]
    pub username: Option<String>,
    /// Cognito writes `true` in ID tokens but `"true"` in userInfo: accept both.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub email_verified: Option<bool>,
}

fn lenient_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    deserializer.deserialize_any(LenientBool)
}

/// `true`/`false` or their strings; any other value reads as "not stated". A hand-written
/// visitor rather than reading a JSON `Value` first (`config.json` still uses `Value`; these
/// readers avoid building one per token).
struct LenientBool;

impl<'de> Visitor<'de> for LenientBool {
    type Value = Option<bool>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a boolean")
    }
    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<Self::Value, E> {
        Ok(Some(flag))
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(match text {
            _ if text.eq_ignore_ascii_case("true") => Some(true),
            _ if text.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        })
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// `aud` may be one string or a list of them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
    #[default]
    Missing,
}

impl<'de> Deserialize<'de> for Audience {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AudienceVisitor)
    }
}

/// Reads `aud` without `#[serde(untagged)]`, whose buffering machinery costs wasm size.
struct AudienceVisitor;

impl<'de> Visitor<'de> for AudienceVisitor {
    type Value = Audience;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a list of strings")
    }
    fn visit_str<E: de::Error>(self, one: &str) -> Result<Self::Value, E> {
        Ok(Audience::One(one.to_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut many = Vec::new();
        while let Some(one) = seq.next_element::<String>()? {
            many.push(one);
        }
        Ok(Audience::Many(many))
    }
}

impl Audience {
    fn values(&self) -> &[String] {
        match self {
            Self::One(one) => std::slice::from_ref(one),
            Self::Many(many) => many,
            Self::Missing => &[],
        }
    }
}

impl IdClaims {
    /// The name the menu greets the user with: name, then email, then user name.
    pub fn display_name(&self) -> String {
        [&self.name, &self.email, &self.username]
            .into_iter()
            .flatten()
            .find(|value| !value.trim().is_empty())
            .cloned()
            .unwrap_or_else(|| t().signed_in_fallback.to_string())
    }
}

/// What the ID token must match.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// The nonce sent at authorize time; `None` on refresh, where Cognito omits it.
    pub nonce: Option<&'a str>,
    /// Seconds since the epoch.
    pub now: u64,
}

/// A reason to refuse an ID token, phrased for the sign-in error message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimsError {
    #[error("the ID token is not a well-formed JWT")]
    Malformed,
    #[error("the ID token was issued by another issuer")]
    WrongIssuer,
    #[error("the ID token is meant for another application")]
    WrongAudience,
    #[error("the ID token names no user")]
    MissingSubject,
    #[error("the ID token has expired")]
    Expired,
    #[error("the ID token has no issue time")]
    MissingIssuedAt,
    #[error("the ID token claims to be issued in the future")]
    IssuedInFuture,
    #[error("the ID token does not answer this sign-in request (nonce mismatch)")]
    WrongNonce,
    #[error("the token is not an ID token")]
    NotAnIdToken,
    #[error("the refreshed ID token is for another issuer or user")]
    IdentityChanged,
}

/// A refreshed ID token must name the same issuer and user as the one it replaces.
pub fn same_identity(before: &IdClaims, after: &IdClaims) -> Result<(), ClaimsError> {
    if before.iss == after.iss && before.sub == after.sub {
        Ok(())
    } else {
        Err(ClaimsError::IdentityChanged)
    }
}

/// Decodes the payload of a compact JWT without checking its signature (a token this tab
/// stored after verifying it, or one about to be compared with a verified one).
pub fn decode_claims(jwt: &str) -> Result<IdClaims, ClaimsError> {
    let (_header, payload, _signature) = segments(jwt).ok_or(ClaimsError::Malformed)?;
    decode_payload(payload)
}

/// Decodes a JWT's payload segment (base64url JSON) into its claims.
pub fn decode_payload(payload: &str) -> Result<IdClaims, ClaimsError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| ClaimsError::Malformed)?;
    // A JSON array would otherwise fill the struct's fields in order.
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return Err(ClaimsError::Malformed);
    }
    serde_json::from_slice(&bytes).map_err(|_| ClaimsError::Malformed)
}

/// Checks the claims of a freshly issued ID token.
pub fn validate_claims(claims: &IdClaims, expected: &Expected) -> Result<(), ClaimsError> {
    if claims.iss.as_deref() != Some(expected.issuer) {
        return Err(ClaimsError::WrongIssuer);
    }
    let audiences = claims.aud.values();
    if !audiences.iter().any(|aud| aud == expected.client_id) {
        return Err(ClaimsError::WrongAudience);
    }
    // Extra audiences are only trusted when the token says it was issued to us; and an `azp`
    // that names another party is refused even beside a single audience (OIDC Core 3.1.3.7).
    let azp = claims.azp.as_deref();
    if (audiences.len() > 1 && azp.is_none()) || azp.is_some_and(|azp| azp != expected.client_id) {
        return Err(ClaimsError::WrongAudience);
    }
    if claims.sub.as_deref().is_none_or(str::is_empty) {
        return Err(ClaimsError::MissingSubject);
    }
    match claims.exp {
        Some(exp) if exp.saturating_add(CLOCK_SKEW) > expected.now => {}
        _ => return Err(ClaimsError::Expired),
    }
    match claims.iat {
        None => return Err(ClaimsError::MissingIssuedAt),
        Some(iat) if iat > expected.now.saturating_add(CLOCK_SKEW) => {
            return Err(ClaimsError::IssuedInFuture);
        }
        Some(_) => {}
    }
    if let Some(nonce) = expected.nonce
        && claims.nonce.as_deref() != Some(nonce)
    {
        return Err(ClaimsError::WrongNonce);
    }
    if claims.token_use.as_deref() != Some("id") {
        return Err(ClaimsError::NotAnIdToken);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use serde_json::json;

    const NOW: u64 = 1_800_000_000;
    const ISSUER: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc";

    fn good() -> Value {
        json!({
            "iss": ISSUER, "sub": "user-1", "aud": "client", "exp": NOW + 3600, "iat": NOW,
            "nonce": "n-1", "token_use": "id", "email": "demo@example.com",
            "cognito:username": "demo", "email_verified": "true"
        })
    }

    fn jwt(claims: &Value) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","kid":"k"}"#);
        let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
        format!("{header}.{payload}.c2ln")
    }

    fn check(claims: Value) -> Result<(), ClaimsError> {
        let decoded = decode_claims(&jwt(&claims))?;
        validate_claims(
            &decoded,
            &Expected {
                issuer: ISSUER,
                client_id: "client",
                nonce: Some("n-1"),
                now: NOW,
            },
        )
    }

    fn changed(key: &str, value: Value) -> Value {
        let mut claims = good();
        claims[key] = value;
        claims
    }

    fn without(key: &str) -> Value {
        let mut claims = good();
        claims.as_object_mut().expect("object").remove(key);
        claims
    }

    #[test]
    fn accepts_a_good_token() {
        assert_eq!(check(good()), Ok(()));
        let claims = decode_claims(&jwt(&good())).expect("decodes");
        assert_eq!(claims.display_name(), "demo@example.com");
    }

    #[test]
    fn issuer_must_match_exactly() {
        assert_eq!(
            check(changed("iss", json!(format!("{ISSUER}/")))),
            Err(ClaimsError::WrongIssuer)
        );
        assert_eq!(check(without("iss")), Err(ClaimsError::WrongIssuer));
    }

    #[test]
    fn audience_rules() {
        assert_eq!(
            check(changed("aud", json!("other"))),
            Err(ClaimsError::WrongAudience)
        );
        assert_eq!(check(without("aud")), Err(ClaimsError::WrongAudience));
        assert_eq!(
            check(changed("aud", json!(["client", "other"]))),
            Err(ClaimsError::WrongAudience)
        );
        let mut with_azp = changed("aud", json!(["client", "other"]));
        with_azp["azp"] = json!("client");
        assert_eq!(check(with_azp), Ok(()));
        assert_eq!(check(changed("aud", json!(["client"]))), Ok(()));
    }

    #[test]
    fn azp_when_present_must_be_this_client_even_with_one_audience() {
        assert_eq!(
            check(changed("azp", json!("other"))),
            Err(ClaimsError::WrongAudience)
        );
        let mut one_in_list = changed("aud", json!(["client"]));
        one_in_list["azp"] = json!("other");
        assert_eq!(check(one_in_list), Err(ClaimsError::WrongAudience));
        let mut several = changed("aud", json!(["client", "other"]));
        several["azp"] = json!("other");
        assert_eq!(check(several), Err(ClaimsError::WrongAudience));
        assert_eq!(check(changed("azp", json!("client"))), Ok(()));
        assert_eq!(
            check(changed("azp", json!(""))),
            Err(ClaimsError::WrongAudience)
        );
    }

    #[test]
    fn subject_is_required() {
        assert_eq!(check(without("sub")), Err(ClaimsError::MissingSubject));
        assert_eq!(
            check(changed("sub", json!(""))),
            Err(ClaimsError::MissingSubject)
        );
    }

    #[test]
    fn time_rules_with_skew() {
        assert_eq!(
            check(changed("exp", json!(NOW - CLOCK_SKEW))),
            Err(ClaimsError::Expired)
        );
        assert_eq!(check(changed("exp", json!(NOW - CLOCK_SKEW + 1))), Ok(()));
        assert_eq!(check(without("exp")), Err(ClaimsError::Expired));
        assert_eq!(check(without("iat")), Err(ClaimsError::MissingIssuedAt));
        assert_eq!(
            check(changed("iat", json!(NOW + CLOCK_SKEW + 1))),
            Err(ClaimsError::IssuedInFuture)
        );
        assert_eq!(check(changed("iat", json!(NOW + CLOCK_SKEW))), Ok(()));
    }

    #[test]
    fn nonce_and_token_use() {
        assert_eq!(
            check(changed("nonce", json!("other"))),
            Err(ClaimsError::WrongNonce)
        );
        assert_eq!(check(without("nonce")), Err(ClaimsError::WrongNonce));
        assert_eq!(
            check(changed("token_use", json!("access"))),
            Err(ClaimsError::NotAnIdToken)
        );
    }

    #[test]
    fn malformed_tokens() {
        for token in ["", "a.b", "a.b.c.d", "a.!!!.c", "a.bm90IGpzb24.c"] {
            assert_eq!(decode_claims(token), Err(ClaimsError::Malformed), "{token}");
        }
        let array = URL_SAFE_NO_PAD.encode("[1]");
        assert_eq!(
            decode_claims(&format!("a.{array}.c")),
            Err(ClaimsError::Malformed)
        );
        for aud in [Value::Null, json!(7), json!(["client", 7])] {
            assert_eq!(check(changed("aud", aud)), Err(ClaimsError::Malformed));
        }
        // A claim of the wrong type is malformed, not a panic.
        assert_eq!(
            check(changed("exp", json!("soon"))),
            Err(ClaimsError::Malformed)
        );
    }

    #[test]
    fn email_verified_as_bool_or_string() {
        let as_string = decode_claims(&jwt(&good())).expect("decodes");
        assert_eq!(as_string.email_verified, Some(true));
        let as_bool =
            decode_claims(&jwt(&changed("email_verified", json!(false)))).expect("decodes");
        assert_eq!(as_bool.email_verified, Some(false));
        let odd = decode_claims(&jwt(&changed("email_verified", json!(3)))).expect("decodes");
        assert_eq!(odd.email_verified, None);
        for nested in [
            json!({"a": [1, {"b": null}]}),
            json!([true, "x"]),
            Value::Null,
        ] {
            let claims = decode_claims(&jwt(&changed("email_verified", nested))).expect("decodes");
            assert_eq!(claims.email_verified, None);
        }
    }

    #[test]
    fn refreshed_identity_must_not_change() {
        let before = decode_claims(&jwt(&good())).expect("decodes");
        let same = decode_claims(&jwt(&changed("exp", json!(NOW + 7200)))).expect("decodes");
        assert_eq!(same_identity(&before, &same), Ok(()));
        let other_sub = decode_claims(&jwt(&changed("sub", json!("user-2")))).expect("decodes");
        assert_eq!(
            same_identity(&before, &other_sub),
            Err(ClaimsError::IdentityChanged)
        );
        let other_iss =
            decode_claims(&jwt(&changed("iss", json!("https://evil.io")))).expect("decodes");
        assert_eq!(
            same_identity(&before, &other_iss),
            Err(ClaimsError::IdentityChanged)
        );
    }

    #[test]
    fn display_name_prefers_name() {
        let mut claims = decode_claims(&jwt(&good())).expect("decodes");
        claims.name = Some("Demo User".into());
        assert_eq!(claims.display_name(), "Demo User");
        claims.name = None;
        claims.email = None;
        assert_eq!(claims.display_name(), "demo");
    }
}
