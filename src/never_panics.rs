//! Property tests: nothing from outside (the Tasks API, the address bar, the sign-in service,
//! sessionStorage and localStorage, another tab, the browser's languages) makes a parser panic,
//! and valid values still read back as written.
//!
//! The release build aborts on a panic, so one bad string from any of those would kill the page.
//! Each section below takes one parser, feeds it any text and any bytes (and JSON shaped like
//! what it expects, to reach past the first type check), then checks that a valid value
//! round-trips. Task JSON itself is covered beside the model; this file covers its dates.
#![cfg(not(target_arch = "wasm32"))]

use crate::api::error::{ApiError, server_message};
use crate::auth::id_token::claims::{Audience, Expected, decode_claims, validate_claims};
use crate::auth::id_token::jwks::{Jwk, Jwks};
use crate::auth::id_token::jwt::parse_signed_jwt;
use crate::auth::protocol::callback::{Callback, parse_callback};
use crate::auth::protocol::discovery::{Discovery, parse_discovery};
use crate::auth::protocol::hosted_ui_lang::hosted_ui_lang;
use crate::auth::protocol::pending::{Entropy, PendingLogin};
use crate::auth::protocol::return_to::sanitize_return_to;
use crate::auth::protocol::tokens::{TokenResponse, TokenSet, parse_token_error};
use crate::auth::tabs::message::{TabMessage, refreshed_meanwhile, should_adopt};
use crate::i18n::Lang;
use crate::i18n::choice::{choose, first_day_of_week, format_locale};
use crate::sign_in_starter::landing;
use crate::tasks::data::model::Instant;
use crate::tasks::data::when::{
    CalendarDate, epoch_millis, in_zone, local_date_time, offset_suffix, parse_iso_millis,
    until_day,
};
use crate::tasks::schedule::next_run::{Schedule, next_run};
use crate::tasks::schedule::wording::{
    daylight_saving_note, next_run_label, relative_when, your_time, zone_label,
};
use crate::url::{build_query, parse_query};
use crate::zone::ZoneKind;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Inputs from outside, shared by the sections.
// ---------------------------------------------------------------------------------------------

/// Any string, and any bytes read as lossy UTF-8 (what `Response::text` and `as_string` make
/// of them).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        bytes().prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    ]
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..192)
}

/// Object keys the app's readers look for, so generated JSON reaches their field checks.
const KEYS: [&str; 44] = [
    // stored token sets and token endpoint answers
    "accessToken",
    "idToken",
    "refreshToken",
    "expiresAt",
    "issuedAt",
    "access_token",
    "id_token",
    "refresh_token",
    "token_type",
    "expires_in",
    "error",
    "error_description",
    // pending sign-ins
    "state",
    "nonce",
    "codeVerifier",
    "returnTo",
    "createdAt",
    // tab messages
    "kind",
    "from",
    "tokens",
    // JWT header and claims
    "alg",
    "kid",
    "iss",
    "sub",
    "aud",
    "azp",
    "exp",
    "iat",
    "token_use",
    "email",
    "email_verified",
    "cognito:username",
    // JWKS and discovery
    "keys",
    "kty",
    "use",
    "n",
    "e",
    "issuer",
    "jwks_uri",
    "end_session_endpoint",
    // API error bodies
    "errorMessage",
    "message",
    "Message",
    "exceptionType",
];

/// String values that steer tagged and checked fields down their interesting branches.
const WORDS: [&str; 10] = [
    "refreshed",
    "query",
    "signed-out",
    "RS256",
    "RSA",
    "sig",
    "id",
    "Bearer",
    "true",
    "invalid_grant",
];

/// Arbitrary JSON, mostly under the keys above, with every kind of value in every place.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(&WORDS[..]).prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    let key = prop_oneof![
        4 => prop::sample::select(&KEYS[..]).prop_map(str::to_string),
        1 => any::<String>(),
    ];
    leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..10)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// Text for JSON readers: any text, or JSON shaped like what they read.
fn json_text() -> impl Strategy<Value = String> {
    prop_oneof![text(), json_value().prop_map(|value| value.to_string())]
}

/// Reads `text` and `bytes` as `T` the way the app does (`serde_json::from_str` on storage and
/// messages, `from_slice` on decoded JWT parts); only `Err` may come of garbage.
fn read_json<T: serde::de::DeserializeOwned>(text: &str, bytes: &[u8]) -> (Option<T>, Option<T>) {
    (
        serde_json::from_str(text).ok(),
        serde_json::from_slice(bytes).ok(),
    )
}

// ---------------------------------------------------------------------------------------------
// Task dates (tasks/when.rs): `executeUntil`, `createdAt`, `updatedAt` from the API.
// ---------------------------------------------------------------------------------------------

/// Strings that get past the date and time into the offset, where the byte-slicing bug was:
/// `2027-01-31T23:59:00+1é1` is one of them.
fn near_iso() -> impl Strategy<Value = String> {
    let date_time = prop_oneof![
        "[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]{0,4})?)?)?",
        Just("2027-01-31T23:59:00".to_string()),
        Just("2027-01-31T23:59".to_string()),
        Just("2027-01-31T23:59:00.5".to_string()),
    ];
    // Offsets of digits and characters of two and three bytes, so a byte index of the text
    // regularly falls inside one.
    let unit = prop_oneof!["[0-9]", Just(":".to_string()), "[éü€]"];
    let offset = (
        prop_oneof![Just(""), Just("+"), Just("-"), Just("Z")],
        prop::collection::vec(unit, 0..=5),
    )
        .prop_map(|(sign, units)| format!("{sign}{}", units.concat()));
    (date_time, offset).prop_map(|(date_time, offset)| format!("{date_time}{offset}"))
}

/// Any epoch milliseconds, often near the ends of i64 where offset arithmetic overflows.
fn any_millis() -> impl Strategy<Value = i64> {
    prop_oneof![
        any::<i64>(),
        Just(i64::MAX),
        Just(i64::MIN),
        (i64::MAX - 100_000_000_000_000)..=i64::MAX,
        i64::MIN..=(i64::MIN + 100_000_000_000_000),
    ]
}

/// Instants whose wall-clock reading in any zone keeps a four-digit year (0001-01-01 to
/// 9999-12-30 UTC), so they can be written as ISO-8601.
fn writable_instant() -> impl Strategy<Value = i64> {
    -62_135_596_800_000i64..253_402_128_000_000
}

proptest! {
    #[test]
    fn any_date_text_is_read_or_refused_without_panicking(
        text in prop_oneof![text(), near_iso()],
        offset in any::<i32>(),
    ) {
        let _ = CalendarDate::parse(&text);
        let millis = parse_iso_millis(&text);
        let instant = Instant::Iso(text);
        prop_assert_eq!(epoch_millis(&instant), millis);
        if let Some(at) = in_zone(&instant, |_| offset) {
            let _ = at.label();
        }
    }

    #[test]
    fn any_epoch_millis_read_in_any_zone(ms in any_millis(), offset in any::<i32>()) {
        let at = local_date_time(ms, offset);
        prop_assert!(at.hour < 24 && at.minute < 60);
        prop_assert!((1..=12).contains(&at.date.month));
        let _ = at.label();
        prop_assert_eq!(in_zone(&Instant::EpochMillis(ms), |_| offset), Some(at));
    }

    /// An instant written in ISO-8601 with any offset, in each offset form the API may use,
    /// reads back as the same epoch milliseconds.
    #[test]
    fn iso_dates_with_offsets_round_trip_to_the_same_epoch_millis(
        ms in writable_instant(),
        offset in -1439i32..=1439,
        form in 0..4u8,
    ) {
        let at = local_date_time(ms, offset);
        let millis = ms.rem_euclid(60_000);
        let full = offset_suffix(offset);
        let suffix = match form {
            1 => full.replace(':', ""),
            2 if offset == 0 => "Z".to_string(),
            3 if offset % 60 == 0 => full.split(':').next().unwrap_or_default().to_string(),
            _ => full,
        };
        let text = format!(
            "{}T{:02}:{:02}:{:02}.{:03}{suffix}",
            at.date.to_input_value(),
            at.hour,
            at.minute,
            millis / 1000,
            millis % 1000,
        );
        prop_assert_eq!(parse_iso_millis(&text), Some(ms), "{}", text);
    }

    #[test]
    fn calendar_dates_round_trip(year in any::<i32>(), month in 1u8..=12, day in 1u8..=31) {
        if let Some(date) = CalendarDate::new(year, month, day) {
            prop_assert_eq!(CalendarDate::from_days_since_epoch(date.days_since_epoch()), date);
            let _ = date.label();
            if (0..=9999).contains(&year) {
                prop_assert_eq!(CalendarDate::parse(&date.to_input_value()), Some(date));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The callback URL (auth/protocol/callback.rs, url::parse_query): `/home?...` as any site may link it.
// ---------------------------------------------------------------------------------------------

/// Query strings made of the callback's own keys with any values, escapes and repeats.
fn callback_shaped_query() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("code"),
        Just("state"),
        Just("error"),
        Just("error_description"),
        Just("x")
    ];
    let value = "([A-Za-z0-9+ ._~-]|%[0-9a-fA-F+é]{0,2}){0,8}";
    prop::collection::vec((key, value), 0..6).prop_map(|pairs| {
        let joined: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("?{}", joined.join("&"))
    })
}

proptest! {
    #[test]
    fn any_callback_query_is_read_without_panicking(
        query in prop_oneof![text(), callback_shaped_query()],
    ) {
        let _ = parse_query(&query);
        let callback = parse_callback(&query);
        let _ = callback.is_response();
    }

    #[test]
    fn a_valid_callback_query_parses_to_its_code(
        code in ".+",
        state in ".+",
        other in prop::option::of(("[a-z_]{1,8}", any::<String>())),
        question_mark in any::<bool>(),
    ) {
        let mut pairs = vec![("code", code.as_str()), ("state", state.as_str())];
        if let Some((key, value)) = &other
            && !["code", "state", "error", "error_description"].contains(&key.as_str())
        {
            pairs.insert(1, (key.as_str(), value.as_str()));
        }
        let query = build_query(&pairs);
        let query = if question_mark { format!("?{query}") } else { query };
        prop_assert_eq!(parse_callback(&query), Callback::Code { code, state });
    }

    /// The sign-in starter shows a page only without a session and without a query: every
    /// callback (and every other address) is left to the app.
    #[test]
    fn the_starter_never_takes_a_callback_or_a_session(
        path in prop_oneof![Just("/home".to_string()), Just("/".to_string()), text()],
        query in prop_oneof![text(), callback_shaped_query()],
        has_session in any::<bool>(),
    ) {
        let shown = landing(&path, &query, has_session);
        if has_session || parse_callback(&query).is_response() {
            prop_assert_eq!(shown, None);
        }
        if shown.is_some() {
            prop_assert!(query.is_empty() || query == "?");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JWT and JWKS (auth/id_token/jwt.rs, claims.rs, jwks.rs): tokens from the token endpoint and from
// storage, keys from the sign-in service.
// ---------------------------------------------------------------------------------------------

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Three dot-separated parts: any text, any base64url bytes, or base64url JSON.
fn jwt_shaped() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        "[A-Za-z0-9_=-]{0,12}",
        bytes().prop_map(|bytes| b64(&bytes)),
        json_value().prop_map(|value| b64(value.to_string().as_bytes())),
    ];
    prop_oneof![
        text(),
        (part.clone(), part.clone(), part).prop_map(|(h, p, s)| format!("{h}.{p}.{s}")),
    ]
}

proptest! {
    #[test]
    fn any_token_is_read_or_refused_without_panicking(token in jwt_shaped(), now in any::<u64>()) {
        let _ = parse_signed_jwt(&token);
        if let Ok(claims) = decode_claims(&token) {
            let _ = claims.display_name();
            let expected = Expected { issuer: "i", client_id: "c", nonce: Some("n"), now };
            let _ = validate_claims(&claims, &expected);
        }
    }

    #[test]
    fn claim_times_at_the_ends_of_u64_are_checked_without_overflow(
        exp in prop_oneof![any::<u64>(), Just(u64::MAX), Just(0u64)],
        iat in prop_oneof![any::<u64>(), Just(u64::MAX), Just(0u64)],
        now in prop_oneof![any::<u64>(), Just(u64::MAX), Just(0u64)],
    ) {
        let payload = json!({ "iss": "i", "sub": "s", "aud": "c", "exp": exp, "iat": iat, "token_use": "id" });
        let token = format!("{}.{}.c2ln", b64(br#"{"alg":"RS256"}"#), b64(payload.to_string().as_bytes()));
        let claims = decode_claims(&token).expect("a well-formed token");
        let _ = validate_claims(&claims, &Expected { issuer: "i", client_id: "c", nonce: None, now });
    }

    /// A JWT made of base64url parts decodes to its header, signature and payload.
    #[test]
    fn a_jwt_of_base64url_parts_decodes_to_its_payload(
        kid in prop::option::of(any::<String>()),
        signature in prop::collection::vec(any::<u8>(), 1..64),
        sub in any::<String>(),
        aud in prop_oneof![
            any::<String>().prop_map(Audience::One),
            prop::collection::vec(any::<String>(), 0..3).prop_map(Audience::Many),
        ],
        exp in any::<u64>(),
        iat in any::<u64>(),
        email in prop::option::of(any::<String>()),
        email_verified in prop::option::of(any::<bool>()),
    ) {
        let header = json!({ "alg": "RS256", "kid": kid });
        let aud_json = match &aud {
            Audience::One(one) => json!(one),
            Audience::Many(many) => json!(many),
            Audience::Missing => Value::Null,
        };
        let payload = json!({
            "iss": "https://issuer.example", "sub": sub, "aud": aud_json, "exp": exp, "iat": iat,
            "email": email, "email_verified": email_verified, "token_use": "id",
        });
        let head_and_body = format!(
            "{}.{}",
            b64(header.to_string().as_bytes()),
            b64(payload.to_string().as_bytes())
        );
        let token = format!("{head_and_body}.{}", b64(&signature));

        let signed = parse_signed_jwt(&token).expect("a well-formed RS256 token");
        prop_assert_eq!(signed.header.kid, kid);
        prop_assert_eq!(signed.signature, signature);
        prop_assert_eq!(signed.signing_input, head_and_body.into_bytes());

        let claims = decode_claims(&token).expect("a JSON object payload");
        prop_assert_eq!(claims.iss.as_deref(), Some("https://issuer.example"));
        prop_assert_eq!(claims.sub, Some(sub));
        prop_assert_eq!(claims.aud, aud);
        prop_assert_eq!((claims.exp, claims.iat), (Some(exp), Some(iat)));
        prop_assert_eq!(claims.email, email);
        prop_assert_eq!(claims.email_verified, email_verified);
        prop_assert_eq!(claims.token_use.as_deref(), Some("id"));
    }

    #[test]
    fn any_key_set_is_read_or_refused_without_panicking(
        text in json_text(),
        bytes in bytes(),
        kid in prop::option::of(prop::sample::select(&WORDS[..])),
    ) {
        let (from_text, from_bytes) = read_json::<Jwks>(&text, &bytes);
        for jwks in [from_text, from_bytes].into_iter().flatten() {
            let _ = jwks.choose(kid);
        }
    }

    /// A key set written to the sessionStorage cache reads back equal.
    #[test]
    fn key_sets_round_trip_through_the_cache(
        keys in prop::collection::vec(
            (
                prop::option::of(prop_oneof![Just("RSA".to_string()), any::<String>()]),
                prop::option::of(any::<String>()),
                prop::option::of(prop_oneof![Just("sig".to_string()), any::<String>()]),
                prop::option::of(any::<String>()),
                prop::option::of("[A-Za-z0-9_-]{0,40}"),
            ),
            0..4,
        ),
    ) {
        let jwks = Jwks {
            keys: keys
                .into_iter()
                .map(|(kty, kid, key_use, alg, n)| Jwk {
                    kty,
                    kid,
                    key_use,
                    alg,
                    n,
                    e: Some("AQAB".into()),
                })
                .collect(),
        };
        let cached = serde_json::to_string(&jwks).expect("serialises");
        prop_assert_eq!(serde_json::from_str::<Jwks>(&cached).ok(), Some(jwks));
    }

    #[test]
    fn any_discovery_document_is_read_or_refused_without_panicking(
        text in json_text(),
        issuer in any::<String>(),
    ) {
        let _ = parse_discovery(&text, &issuer);
    }

    #[test]
    fn discovery_documents_round_trip(
        issuer in any::<String>(),
        jwks_uri in any::<String>(),
        end_session_endpoint in prop::option::of(any::<String>()),
        revocation_endpoint in prop::option::of(any::<String>()),
    ) {
        let discovery = Discovery { issuer, jwks_uri, end_session_endpoint, revocation_endpoint };
        let text = serde_json::to_string(&discovery).expect("serialises");
        prop_assert_eq!(parse_discovery(&text, &discovery.issuer), Ok(discovery.clone()));
    }
}

// ---------------------------------------------------------------------------------------------
// sessionStorage records (auth/protocol/tokens.rs, pending.rs, return_to.rs) and what becomes one: the
// token endpoint's answers. gloo-storage reads each with `serde_json::from_str`.
// ---------------------------------------------------------------------------------------------

/// A token endpoint answer, as JSON, for any lifetime.
fn token_response_json() -> impl Strategy<Value = Value> {
    (
        "[A-Za-z0-9._-]{1,40}",
        "[A-Za-z0-9._-]{1,40}",
        prop::option::of("[A-Za-z0-9._-]{1,40}"),
        prop_oneof![Just("Bearer"), Just("bearer")],
        prop_oneof![any::<u64>(), 0u64..7200, Just(u64::MAX)],
    )
        .prop_map(|(access, id, refresh, token_type, expires_in)| {
            json!({
                "access_token": access, "id_token": id, "refresh_token": refresh,
                "token_type": token_type, "expires_in": expires_in,
            })
        })
}

/// A token set as a code exchange at `now` makes it.
fn token_set() -> impl Strategy<Value = TokenSet> {
    (token_response_json(), any::<u64>()).prop_map(|(answer, now)| {
        let answer: TokenResponse = serde_json::from_value(answer).expect("a token response");
        TokenSet::from_code_response(answer, now).expect("a usable token response")
    })
}

proptest! {
    #[test]
    fn any_stored_token_set_is_read_or_refused_without_panicking(
        text in json_text(),
        bytes in bytes(),
        now in any::<u64>(),
        margin in any::<u64>(),
    ) {
        let (from_text, from_bytes) = read_json::<TokenSet>(&text, &bytes);
        for set in [from_text, from_bytes].into_iter().flatten() {
            // Stored times can be anything: the expiry math must not overflow.
            let _ = (set.refresh_due_at(), set.needs_refresh(now), set.seconds_left(now));
            let _ = set.is_expired(now, margin);
        }
    }

    #[test]
    fn token_times_at_the_ends_of_u64_do_not_overflow(
        expires_at in prop_oneof![any::<u64>(), Just(u64::MAX), Just(0u64)],
        issued_at in prop_oneof![any::<u64>(), Just(u64::MAX), Just(1u64)],
        now in any::<u64>(),
    ) {
        let set = TokenSet {
            access_token: "a".into(),
            id_token: "i".into(),
            refresh_token: Some("r".into()),
            expires_at,
            issued_at,
        };
        let due = set.refresh_due_at();
        if issued_at < expires_at {
            prop_assert!(due >= issued_at, "due {} before issue {}", due, issued_at);
        }
        let _ = (set.needs_refresh(now), set.is_expired(now, u64::MAX));
    }

    #[test]
    fn any_token_endpoint_answer_is_read_or_refused_without_panicking(
        text in json_text(),
        now in any::<u64>(),
    ) {
        let _ = parse_token_error(&text);
        if let Ok(answer) = serde_json::from_str::<TokenResponse>(&text) {
            let _ = TokenSet::from_code_response(answer.clone(), now);
            let current = TokenSet {
                access_token: "a".into(),
                id_token: "i".into(),
                refresh_token: Some("r".into()),
                expires_at: now,
                issued_at: now,
            };
            let _ = current.refreshed(answer, now);
        }
    }

    /// A token set written to sessionStorage reads back equal.
    #[test]
    fn token_sets_round_trip_through_storage(set in token_set()) {
        let stored = serde_json::to_string(&set).expect("serialises");
        prop_assert_eq!(serde_json::from_str::<TokenSet>(&stored).ok(), Some(set));
    }

    #[test]
    fn any_pending_sign_in_record_is_read_or_refused_without_panicking(
        text in json_text(),
        bytes in bytes(),
    ) {
        let (from_text, from_bytes) = read_json::<PendingLogin>(&text, &bytes);
        for pending in [from_text, from_bytes].into_iter().flatten() {
            let _ = (pending.verifier().challenge(), sanitize_return_to(&pending.return_to));
        }
    }

    /// A pending sign-in written to sessionStorage reads back equal.
    #[test]
    fn pending_sign_in_records_round_trip_through_storage(
        verifier in any::<[u8; 32]>(),
        state in any::<[u8; 32]>(),
        nonce in any::<[u8; 32]>(),
        return_to in prop_oneof![any::<String>(), "/tasks(/[a-z0-9]{1,6}){0,2}(\\?[a-z=&]{0,8})?"],
        now in any::<u64>(),
    ) {
        let entropy = Entropy { verifier, state, nonce };
        let pending = PendingLogin::new(&entropy, &return_to, now);
        prop_assert!(pending.return_to.starts_with('/'));
        let stored = serde_json::to_string(&pending).expect("serialises");
        prop_assert_eq!(serde_json::from_str::<PendingLogin>(&stored).ok(), Some(pending));
    }

    #[test]
    fn any_return_path_is_sanitised_without_panicking(target in text()) {
        let safe = sanitize_return_to(&target);
        prop_assert!(safe.starts_with('/') && !safe.starts_with("//"), "{:?}", safe);
    }

    #[test]
    fn any_browser_language_is_mapped_without_panicking(tag in text()) {
        let _ = hosted_ui_lang(&tag);
    }
}

// ---------------------------------------------------------------------------------------------
// Tab messages (auth/tabs/message.rs): text another tab of the app's origin posted.
// ---------------------------------------------------------------------------------------------

fn tab_message() -> impl Strategy<Value = TabMessage> {
    prop_oneof![
        (any::<String>(), token_set())
            .prop_map(|(from, tokens)| TabMessage::Refreshed { from, tokens }),
        any::<String>().prop_map(|from| TabMessage::Query { from }),
        Just(TabMessage::SignedOut),
    ]
}

proptest! {
    #[test]
    fn any_tab_message_is_read_or_refused_without_panicking(
        text in json_text(),
        bytes in bytes(),
        mine in token_set(),
        now in any::<u64>(),
    ) {
        let (from_text, from_bytes) = read_json::<TabMessage>(&text, &bytes);
        for message in [from_text, from_bytes].into_iter().flatten() {
            if let TabMessage::Refreshed { from, tokens } = message {
                let _ = should_adopt(&mine, &from, &tokens);
                let _ = refreshed_meanwhile(&mine, &tokens, now);
            }
        }
    }

    /// A message posted by one tab reads back equal in another.
    #[test]
    fn tab_messages_round_trip(message in tab_message()) {
        let posted = serde_json::to_string(&message).expect("serialises");
        prop_assert_eq!(serde_json::from_str::<TabMessage>(&posted).ok(), Some(message));
    }
}

// ---------------------------------------------------------------------------------------------
// API error bodies (api/error.rs): whatever a failing Tasks API or its gateway sends.
// ---------------------------------------------------------------------------------------------

proptest! {
    #[test]
    fn any_error_body_is_read_without_panicking(body in json_text(), status in any::<u16>()) {
        let _ = server_message(&body);
        let error = ApiError::from_response(status, &body);
        let _ = error.to_string();
    }

    /// A body of either generation, or the gateway's, gives back its message.
    #[test]
    fn error_bodies_with_a_message_return_it(
        key in prop::sample::select(&["errorMessage", "error", "message", "Message"][..]),
        message in "\\PC*\\S\\PC*",
        status in 400u16..600,
    ) {
        let mut body = json!({ "errorCode": "TASK-001", "code": status });
        body[key] = Value::from(message.clone());
        let expected = message.trim().to_string();
        prop_assert_eq!(server_message(&body.to_string()), Some(expected.clone()));
        let error = ApiError::from_response(status, &body.to_string());
        if status != 401 {
            prop_assert_eq!(error.to_string(), expected);
        }
    }

    // ---- The scheduler's zone: config ids, "until" values and times from the API ----

    #[test]
    fn any_zone_id_and_until_are_named_and_read_without_panicking(
        id in text(),
        until in prop_oneof![text(), near_iso()],
        epoch in any_millis(),
        offset in any::<i32>(),
    ) {
        let _ = zone_label(&id, ZoneKind::Region);
        let _ = until_day(&Instant::Iso(until), |_| offset);
        let _ = until_day(&Instant::EpochMillis(epoch), |_| offset);
    }

    #[test]
    fn any_schedule_at_any_moment_in_any_offset_gives_a_next_run_in_words(
        hour in any::<u8>(),
        minute in any::<u8>(),
        mask in any::<u8>(),
        until in prop::option::of(any_millis()),
        now in any_millis(),
        offset in -(18 * 60)..=(18 * 60i32),
        yours in any::<i32>(),
    ) {
        let schedule = Schedule {
            hour,
            minute,
            days: std::array::from_fn(|day| mask & (1 << day) != 0),
            until: until.map(|ms| local_date_time(ms, offset).date),
            active: mask & 0x80 == 0,
        };
        let zone = move |_| offset;
        let next = next_run(&schedule, now, zone);
        let _ = next_run_label(next, now, &zone);
        let _ = daylight_saving_note(next, hour, minute);
        if let Some(at) = next.at() {
            prop_assert!(at > now);
            let _ = relative_when(at, now, &zone);
            let _ = your_time(at, &zone, &move |_| yours);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The language (i18n/choice.rs): a preference from localStorage and `navigator.languages`.
// ---------------------------------------------------------------------------------------------

/// Any text, or a tag of a language City Tasks speaks with anything after it (`es-` and noise),
/// so the shape check sees near misses and not only text that names no language at all.
fn language_tag() -> impl Strategy<Value = String> {
    prop_oneof![
        text(),
        (
            prop::sample::select(vec!["en", "es", "EN", "es_", "en-"]),
            text()
        )
            .prop_map(|(start, rest)| format!("{start}-{rest}")),
        (prop::sample::select(vec!["en", "es"]), "[a-zA-Z0-9-]{0,40}")
            .prop_map(|(start, rest)| format!("{start}-{rest}")),
    ]
}

proptest! {
    #[test]
    fn any_preference_and_browser_languages_choose_a_language_and_a_usable_locale(
        remembered in prop::option::of(language_tag()),
        browser in prop::collection::vec(language_tag(), 0..4),
    ) {
        let lang = choose(remembered.as_deref(), &browser);
        let locale = format_locale(lang, &browser);
        // What reaches `Intl` is a tag of that language, in BCP 47's shape, never raw input.
        prop_assert_eq!(Lang::of_tag(&locale), Some(lang), "{:?}", locale);
        prop_assert!(
            locale.len() <= 35
                && locale.split('-').all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())),
            "{:?}",
            locale
        );
        let _ = first_day_of_week(&locale);
    }
}
