//! Property tests: no `config.json` text and no URL or query string makes the config crate's
//! parsers panic, and a valid configuration or query still reads back as written.

use city_tasks_config::config::{ApiToken, Config, IdentityProvider, LogoutMode, parse_config};
use city_tasks_config::url::{
    build_query, decode_component, encode_component, parse_http_url, parse_query,
};
use city_tasks_config::zone::{ScheduleTimeZone, ZoneKind, parse_zone_id};
use proptest::prelude::*;
use serde_json::{Map, Value};

// ---------------------------------------------------------------------------------------------
// Inputs from outside: any text, any bytes, and JSON that looks like a config.
// ---------------------------------------------------------------------------------------------

/// Any string, any bytes read as lossy UTF-8 (what `Response::text` makes of them), and
/// near-misses full of the characters the parsers look for.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(any::<u8>(), 0..128)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        "(https?|HTTP|ftp)?(:|://)?[a-zé.:@\\\\/?#%+&=0-9A-F\\t\\n -]{0,40}",
    ]
}

const CONFIG_KEYS: [&str; 12] = [
    "issuer",
    "authDomain",
    "clientId",
    "redirectUri",
    "logoutUri",
    "scopes",
    "apiBaseUrl",
    "logoutMode",
    "identityProviders",
    "showHostedUiLogin",
    "apiToken",
    "name",
];

/// Arbitrary JSON whose object keys are mostly the config's own, so type confusion in every
/// field (a number for a URL, an object for a list entry) is reached.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![
            text(),
            Just("https://api.example.com/api".to_string()),
            Just("http://127.0.0.1:9001/home".to_string()),
            Just("openid".to_string()),
            Just("oidc".to_string()),
            Just("id".to_string()),
        ]
        .prop_map(Value::from),
    ];
    let key = prop_oneof![
        4 => prop::sample::select(&CONFIG_KEYS[..]).prop_map(str::to_string),
        1 => any::<String>(),
    ];
    leaf.prop_recursive(3, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..12)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_config_text_is_read_or_refused_without_panicking(text in text()) {
        let _ = parse_config(&text);
    }

    #[test]
    fn any_config_bytes_are_read_or_refused_without_panicking(
        bytes in prop::collection::vec(any::<u8>(), 0..256),
    ) {
        let _ = parse_config(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn any_config_shaped_json_is_read_or_refused_without_panicking(json in json()) {
        if let Err(error) = parse_config(&json.to_string()) {
            // The message names the field; building it must not panic either.
            let _ = (error.to_string(), error.field());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A config.json built from valid fields parses to what it says, and writes back unchanged.
// ---------------------------------------------------------------------------------------------

fn host() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,12}(\\.[a-z][a-z0-9]{0,8}){1,3}"
}

fn path() -> impl Strategy<Value = String> {
    "(/[A-Za-z0-9_~-]{1,8}){0,3}"
}

fn https_url() -> impl Strategy<Value = String> {
    (host(), path()).prop_map(|(host, path)| format!("https://{host}{path}"))
}

/// An API base: https anywhere, plain http only on loopback; maybe with a trailing slash.
fn api_base() -> impl Strategy<Value = String> {
    let loopback = (
        prop_oneof![Just("localhost"), Just("127.0.0.1"), Just("[::1]")],
        1u16..,
        path(),
    )
        .prop_map(|(host, port, path)| format!("http://{host}:{port}{path}"));
    (prop_oneof![https_url(), loopback], any::<bool>())
        .prop_map(|(url, slash)| if slash { format!("{url}/") } else { url })
}

fn scopes() -> impl Strategy<Value = Vec<String>> {
    let others = ["email", "profile", "phone", "aws.cognito.signin.user.admin"];
    prop::sample::subsequence(others.to_vec(), 0..=others.len()).prop_flat_map(|chosen| {
        let mut scopes: Vec<String> = chosen.into_iter().map(str::to_string).collect();
        scopes.push("openid".to_string());
        Just(scopes).prop_shuffle()
    })
}

fn providers() -> impl Strategy<Value = Vec<IdentityProvider>> {
    prop::collection::btree_set("[A-Za-z0-9_.-]{1,32}", 0..4).prop_flat_map(|names| {
        let count = names.len();
        (
            Just(names),
            prop::collection::vec("[A-Za-z][A-Za-z ]{0,20}[a-z]", count),
        )
            .prop_map(|(names, labels)| {
                names
                    .into_iter()
                    .zip(labels)
                    .map(|(name, label)| IdentityProvider { name, label })
                    .collect()
            })
    })
}

/// A valid configuration and the `config.json` text that states it, written with the
/// slack the parser forgives (trailing slashes, padded values, several spaces in `scopes`).
fn valid_config() -> impl Strategy<Value = (Config, String)> {
    (
        (
            https_url(),
            host(),
            "[A-Za-z0-9]{1,40}",
            host(),
            https_url(),
        ),
        (scopes(), 1usize..4, api_base(), any::<bool>()),
        (
            prop_oneof![
                Just(None),
                Just(Some(LogoutMode::Cognito)),
                Just(Some(LogoutMode::Oidc))
            ],
            providers(),
            any::<bool>(),
            prop_oneof![
                Just(None),
                Just(Some(ApiToken::Access)),
                Just(Some(ApiToken::Id))
            ],
            prop_oneof![
                Just(None),
                Just(Some(("-05:00", ZoneKind::Fixed(-300))) as Option<(&str, ZoneKind)>),
                Just(Some(("+05:30", ZoneKind::Fixed(330)))),
                Just(Some(("America/Guayaquil", ZoneKind::Region))),
                Just(Some(("Pacific/Chatham", ZoneKind::Region))),
            ],
        ),
    )
        .prop_map(
            |(
                (issuer, auth_host, client_id, app_host, logout_uri),
                (scopes, gap, api_base_url, auth_slash),
                (logout_mode, identity_providers, hide_login, api_token, zone),
            )| {
                let show_hosted_ui_login = !hide_login || identity_providers.is_empty();
                let auth_domain = format!("https://{auth_host}");
                let mut json = Map::new();
                let mut put = |key: &str, value: Value| json.insert(key.to_string(), value);
                put("issuer", issuer.clone().into());
                let written_domain = if auth_slash {
                    format!("{auth_domain}/")
                } else {
                    auth_domain.clone()
                };
                put("authDomain", written_domain.into());
                put("clientId", format!(" {client_id} ").into());
                put("redirectUri", format!("https://{app_host}/home").into());
                put("logoutUri", logout_uri.clone().into());
                put("scopes", scopes.join(&" ".repeat(gap)).into());
                put("apiBaseUrl", api_base_url.clone().into());
                match logout_mode {
                    Some(LogoutMode::Cognito) => put("logoutMode", "cognito".into()),
                    Some(LogoutMode::Oidc) => put("logoutMode", "oidc".into()),
                    None => None,
                };
                if !identity_providers.is_empty() {
                    let list = identity_providers
                        .iter()
                        .map(|p| serde_json::json!({ "name": p.name, "label": p.label }))
                        .collect();
                    put("identityProviders", Value::Array(list));
                }
                if !show_hosted_ui_login {
                    put("showHostedUiLogin", false.into());
                }
                match api_token {
                    Some(ApiToken::Access) => put("apiToken", "access".into()),
                    Some(ApiToken::Id) => put("apiToken", "id".into()),
                    None => None,
                };
                if let Some((id, _)) = zone {
                    put("scheduleTimeZone", id.into());
                }
                let config = Config {
                    issuer,
                    auth_domain,
                    client_id,
                    redirect_uri: format!("https://{app_host}/home"),
                    logout_uri,
                    scopes: scopes.join(" "),
                    api_base_url: api_base_url.trim_end_matches('/').to_string(),
                    logout_mode: logout_mode.unwrap_or_default(),
                    identity_providers,
                    show_hosted_ui_login,
                    api_token: api_token.unwrap_or_default(),
                    schedule_time_zone: zone.map(|(id, kind)| ScheduleTimeZone {
                        id: id.to_string(),
                        kind,
                    }),
                };
                (config, Value::Object(json).to_string())
            },
        )
}

proptest! {
    #[test]
    fn a_config_built_from_valid_fields_parses_and_round_trips((config, text) in valid_config()) {
        prop_assert_eq!(parse_config(&text), Ok(config.clone()));
        prop_assert_eq!(parse_config(&config.to_json().to_string()), Ok(config));
    }
}

// ---------------------------------------------------------------------------------------------
// URLs and query strings.
// ---------------------------------------------------------------------------------------------

proptest! {
    #[test]
    fn any_url_is_parsed_or_refused_without_panicking(text in text()) {
        if let Some(url) = parse_http_url(&text) {
            let _ = (url.origin(), url.is_loopback());
            prop_assert!(url.path.starts_with('/'));
            prop_assert!(!text.contains('\\') && !text.contains(char::is_control));
        }
    }

    #[test]
    fn a_valid_url_gives_its_origin_and_path(
        host in host(),
        path in path(),
        tail in prop_oneof![Just(String::new()), "\\?[a-z=&%0-9]{0,10}", "#[a-z]{0,5}"],
    ) {
        let url = parse_http_url(&format!("HTTPS://{}:443{path}{tail}", host.to_uppercase()));
        let url = url.expect("a valid URL");
        prop_assert_eq!(url.origin(), format!("https://{host}"));
        let expected_path = if path.is_empty() { "/".to_string() } else { path };
        prop_assert_eq!(url.path, expected_path);
    }

    #[test]
    fn any_component_or_query_is_decoded_or_refused_without_panicking(
        text in prop_oneof![text(), "([a-z+&=]|%[0-9a-fA-F+ -]{0,2}){0,12}"],
    ) {
        let decoded = decode_component(&text);
        let _ = parse_query(&text);
        if decoded.is_some() {
            // Every escape that was accepted is `%` and exactly two hex digits.
            for (at, _) in text.match_indices('%') {
                let hex = text.get(at + 1..at + 3).unwrap_or("");
                prop_assert!(hex.len() == 2 && hex.bytes().all(|b| b.is_ascii_hexdigit()), "{text:?}");
            }
        }
    }

    #[test]
    fn components_and_queries_round_trip(
        value in any::<String>(),
        pairs in prop::collection::vec((".+", any::<String>()), 0..5),
    ) {
        prop_assert_eq!(decode_component(&encode_component(&value)), Some(value));
        let borrowed: Vec<(&str, &str)> =
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        prop_assert_eq!(parse_query(&build_query(&borrowed)), Some(pairs));
    }

    #[test]
    fn any_zone_id_is_read_or_refused_without_panicking(
        text in prop_oneof![text(), "[+-]?[0-9:]{0,9}", "(GMT|UTC|UT)?[+-][0-9:]{0,9}"],
    ) {
        if let Ok(zone) = parse_zone_id(&text) {
            // An accepted id reads the same again, written back as it came.
            prop_assert_eq!(parse_zone_id(&zone.id), Ok(zone.clone()));
            if let ZoneKind::Fixed(minutes) = zone.kind {
                prop_assert!(minutes.abs() <= 18 * 60, "{text:?}");
            }
        }
    }

    #[test]
    fn every_fixed_offset_written_as_hh_mm_reads_back(minutes in -(18 * 60)..=(18 * 60i32)) {
        let sign = if minutes < 0 { '-' } else { '+' };
        let id = format!("{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60);
        prop_assert_eq!(parse_zone_id(&id).map(|zone| zone.kind), Ok(ZoneKind::Fixed(minutes)));
    }
}
