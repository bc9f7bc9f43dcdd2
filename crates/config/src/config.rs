//! The runtime configuration read from `/config.json`, validated field by field so a broken
//! deployment names the field at fault instead of showing a blank page.

use crate::url::{HttpUrl, parse_http_url};
use crate::zone::{ScheduleTimeZone, parse_zone_id};
use serde_json::{Map, Value};

/// Where the app fetches its configuration: its own origin, written per environment by the CDN step.
pub const CONFIG_PATH: &str = "/config.json";

/// The app's sign-in callback page, which `redirectUri` must name. Defined here because this
/// crate checks it without the app (the delivery tooling); the app's route table
/// (`src/routes.rs`) takes its landing page from this constant, so the two cannot drift apart.
pub const CALLBACK_PATH: &str = "/home";

/// Validated settings for one environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The user pool's issuer, compared to the ID token's `iss` exactly as written.
    pub issuer: String,
    /// The Hosted UI domain (no trailing slash); the OAuth endpoints live here, not under the issuer.
    pub auth_domain: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub logout_uri: String,
    pub scopes: String,
    /// The Tasks API base (no trailing slash); the only place bearer tokens may go.
    pub api_base_url: String,
    /// How to end the identity provider's session; optional `logoutMode`, default Cognito.
    pub logout_mode: LogoutMode,
    /// Federated identity providers of the user pool, one sign-in button each; optional
    /// `identityProviders`, default none.
    pub identity_providers: Vec<IdentityProvider>,
    /// Whether the plain Login (the Hosted UI with its own chooser) is offered; optional
    /// `showHostedUiLogin`, default true. False needs at least one identity provider.
    pub show_hosted_ui_login: bool,
    /// Which token the Tasks API is sent; optional `apiToken`, default the access token.
    pub api_token: ApiToken,
    /// The zone the Tasks API's scheduler runs tasks in; optional `scheduleTimeZone`, default
    /// the browser's zone.
    pub schedule_time_zone: Option<ScheduleTimeZone>,
}

/// A federated identity provider as the user pool names it, and the label of its button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityProvider {
    /// The provider name configured in the user pool, sent as `identity_provider`.
    pub name: String,
    /// The button text, e.g. "Sign in with Okta".
    pub label: String,
}

/// The token the API expects as its bearer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiToken {
    /// The access token: what the Tasks API (a resource server checking `token_use`) validates.
    #[default]
    Access,
    /// The ID token: what an API Gateway Cognito authorizer without OAuth scopes expects.
    Id,
}

/// The field naming the scheduler's zone; the app's start-up check of a region name reports
/// its errors under the same name.
pub const SCHEDULE_TIME_ZONE: &str = "scheduleTimeZone";

/// Cognito limits identity provider names to 32 characters.
const MAX_PROVIDER_NAME: usize = 32;

/// Cognito's `/logout` is not OpenID RP-initiated logout; other providers use the standard one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogoutMode {
    /// `<authDomain>/logout?client_id&logout_uri`.
    #[default]
    Cognito,
    /// The discovery document's `end_session_endpoint` with `post_logout_redirect_uri` and
    /// `id_token_hint`.
    Oidc,
}

/// Why the configuration cannot be used; each names the field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("The configuration file {CONFIG_PATH} could not be loaded: {0}")]
    Unavailable(String),
    #[error("The configuration file {CONFIG_PATH} is not a JSON object: {0}")]
    NotAnObject(String),
    #[error("The configuration field \"{0}\" is missing.")]
    Missing(&'static str),
    #[error("The configuration field \"{field}\" is invalid: {reason}")]
    Invalid { field: &'static str, reason: String },
}

impl ConfigError {
    /// The field at fault, when there is one, so the error page can point at it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Missing(field) | Self::Invalid { field, .. } => Some(field),
            Self::Unavailable(_) | Self::NotAnObject(_) => None,
        }
    }
}

/// Parses and validates the text of `/config.json`.
pub fn parse_config(text: &str) -> Result<Config, ConfigError> {
    let value: Value =
        serde_json::from_str(text).map_err(|err| ConfigError::NotAnObject(err.to_string()))?;
    let Value::Object(fields) = value else {
        return Err(ConfigError::NotAnObject("found another JSON value".into()));
    };
    let issuer = url_field(&fields, "issuer")?;
    let auth_domain = url_field(&fields, "authDomain")?;
    let client_id = text_field(&fields, "clientId")?;
    let redirect_uri = url_field(&fields, "redirectUri")?;
    let logout_uri = url_field(&fields, "logoutUri")?;
    let scopes = text_field(&fields, "scopes")?;
    let api_base_url = url_field(&fields, "apiBaseUrl")?;

    let logout_mode = match fields.get("logoutMode") {
        None | Some(Value::Null) => LogoutMode::Cognito,
        Some(Value::String(mode)) if mode == "cognito" => LogoutMode::Cognito,
        Some(Value::String(mode)) if mode == "oidc" => LogoutMode::Oidc,
        Some(_) => return Err(invalid("logoutMode", "must be \"cognito\" or \"oidc\"")),
    };
    let identity_providers = identity_providers(&fields)?;
    let show_hosted_ui_login = match fields.get("showHostedUiLogin") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(show)) => *show,
        Some(_) => return Err(invalid("showHostedUiLogin", "must be true or false")),
    };
    if !show_hosted_ui_login && identity_providers.is_empty() {
        return Err(invalid(
            "showHostedUiLogin",
            "can be false only when identityProviders lists at least one provider",
        ));
    }
    let api_token = match fields.get("apiToken") {
        None | Some(Value::Null) => ApiToken::Access,
        Some(Value::String(token)) if token == "access" => ApiToken::Access,
        Some(Value::String(token)) if token == "id" => ApiToken::Id,
        Some(_) => return Err(invalid("apiToken", "must be \"access\" or \"id\"")),
    };
    let schedule_time_zone = match fields.get(SCHEDULE_TIME_ZONE) {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => {
            Some(parse_zone_id(id).map_err(|reason| invalid(SCHEDULE_TIME_ZONE, &reason))?)
        }
        Some(_) => {
            return Err(invalid(
                SCHEDULE_TIME_ZONE,
                "must be a time zone id as text",
            ));
        }
    };
    if !scopes.split_whitespace().any(|scope| scope == "openid") {
        return Err(invalid(
            "scopes",
            "must include \"openid\" to receive an ID token",
        ));
    }
    if redirect_uri.1.path != CALLBACK_PATH {
        return Err(invalid(
            "redirectUri",
            &format!("must end in {CALLBACK_PATH}, the app's sign-in callback page"),
        ));
    }
    Ok(Config {
        issuer: issuer.0,
        auth_domain: auth_domain.0.trim_end_matches('/').to_string(),
        client_id,
        redirect_uri: redirect_uri.0,
        logout_uri: logout_uri.0,
        scopes: scopes.split_whitespace().collect::<Vec<_>>().join(" "),
        api_base_url: api_base_url.0.trim_end_matches('/').to_string(),
        logout_mode,
        identity_providers,
        show_hosted_ui_login,
        api_token,
        schedule_time_zone,
    })
}

/// The optional `identityProviders` list: objects with a `name` as the user pool spells it
/// (no spaces or control characters, at most 32 characters, no duplicates) and a `label`.
fn identity_providers(fields: &Map<String, Value>) -> Result<Vec<IdentityProvider>, ConfigError> {
    const FIELD: &str = "identityProviders";
    let entries = match fields.get(FIELD) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(entries)) => entries,
        Some(_) => {
            return Err(invalid(
                FIELD,
                "must be a list of {\"name\", \"label\"} objects",
            ));
        }
    };
    let mut providers: Vec<IdentityProvider> = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let position = index + 1;
        let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::trim);
        let Some(name) = text("name").filter(|name| !name.is_empty()) else {
            return Err(invalid(
                FIELD,
                &format!("entry {position} needs a non-empty \"name\""),
            ));
        };
        if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid(
                FIELD,
                &format!(
                    "entry {position}: the name {name:?} must not contain spaces or control characters"
                ),
            ));
        }
        if name.chars().count() > MAX_PROVIDER_NAME {
            return Err(invalid(
                FIELD,
                &format!(
                    "entry {position}: the name {name:?} is longer than {MAX_PROVIDER_NAME} characters"
                ),
            ));
        }
        let Some(label) = text("label").filter(|label| !label.is_empty()) else {
            return Err(invalid(
                FIELD,
                &format!("entry {position} ({name}) needs a non-empty \"label\""),
            ));
        };
        if providers.iter().any(|known| known.name == name) {
            return Err(invalid(
                FIELD,
                &format!("the provider {name:?} is listed twice"),
            ));
        }
        providers.push(IdentityProvider {
            name: name.to_string(),
            label: label.to_string(),
        });
    }
    Ok(providers)
}

impl Config {
    /// The `config.json` document for this configuration; `parse_config` reads it back unchanged.
    pub fn to_json(&self) -> Value {
        let mut json = serde_json::json!({
            "issuer": self.issuer,
            "authDomain": self.auth_domain,
            "clientId": self.client_id,
            "redirectUri": self.redirect_uri,
            "logoutUri": self.logout_uri,
            "scopes": self.scopes,
            "apiBaseUrl": self.api_base_url,
        });
        if self.logout_mode == LogoutMode::Oidc {
            json["logoutMode"] = Value::from("oidc");
        }
        if !self.identity_providers.is_empty() {
            json["identityProviders"] = self
                .identity_providers
                .iter()
                .map(|provider| serde_json::json!({ "name": provider.name, "label": provider.label }))
                .collect();
        }
        if !self.show_hosted_ui_login {
            json["showHostedUiLogin"] = Value::from(false);
        }
        if self.api_token == ApiToken::Id {
            json["apiToken"] = Value::from("id");
        }
        if let Some(zone) = &self.schedule_time_zone {
            json[SCHEDULE_TIME_ZONE] = Value::from(zone.id.as_str());
        }
        json
    }
}

fn invalid(field: &'static str, reason: &str) -> ConfigError {
    ConfigError::Invalid {
        field,
        reason: reason.to_string(),
    }
}

fn text_field(fields: &Map<String, Value>, field: &'static str) -> Result<String, ConfigError> {
    match fields.get(field) {
        None | Some(Value::Null) => Err(ConfigError::Missing(field)),
        Some(Value::String(text)) if text.trim().is_empty() => {
            Err(invalid(field, "must not be empty"))
        }
        Some(Value::String(text)) => Ok(text.trim().to_string()),
        Some(_) => Err(invalid(field, "must be a string")),
    }
}

/// An absolute http(s) URL; plain http only for loopback hosts, as Cognito allows.
fn url_field(
    fields: &Map<String, Value>,
    field: &'static str,
) -> Result<(String, HttpUrl), ConfigError> {
    let text = text_field(fields, field)?;
    let Some(url) = parse_http_url(&text) else {
        return Err(invalid(field, "must be an absolute http(s) URL"));
    };
    if url.scheme != "https" && !url.is_loopback() {
        return Err(invalid(
            field,
            "must use https (plain http only for localhost)",
        ));
    }
    if text.contains(['?', '#']) {
        return Err(invalid(field, "must not carry a query or fragment"));
    }
    Ok((text, url))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
        "issuer": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc",
        "authDomain": "https://city.auth.eu-west-1.amazoncognito.com/",
        "clientId": "abc123",
        "redirectUri": "https://tasks.example.com/home",
        "logoutUri": "https://tasks.example.com/",
        "scopes": "openid  email profile",
        "apiBaseUrl": "https://api.example.com/api/"
    }"#;

    fn with(field: &str, value: Value) -> String {
        let mut json: Value = serde_json::from_str(GOOD).expect("fixture");
        json[field] = value;
        json.to_string()
    }

    fn without(field: &str) -> String {
        let mut json: Value = serde_json::from_str(GOOD).expect("fixture");
        json.as_object_mut().expect("object").remove(field);
        json.to_string()
    }

    #[test]
    fn accepts_a_complete_config_and_normalises_bases() {
        let config = parse_config(GOOD).expect("valid");
        assert_eq!(
            config.auth_domain,
            "https://city.auth.eu-west-1.amazoncognito.com"
        );
        assert_eq!(config.api_base_url, "https://api.example.com/api");
        assert_eq!(config.scopes, "openid email profile");
        assert_eq!(config.logout_uri, "https://tasks.example.com/");
    }

    #[test]
    fn names_each_missing_field() {
        for field in [
            "issuer",
            "authDomain",
            "clientId",
            "redirectUri",
            "logoutUri",
            "scopes",
            "apiBaseUrl",
        ] {
            let err = parse_config(&without(field)).expect_err(field);
            assert_eq!(err, ConfigError::Missing(field));
            assert!(err.to_string().contains(field));
        }
    }

    #[test]
    fn rejects_wrong_types_and_empty_values() {
        assert_eq!(
            parse_config(&with("clientId", Value::from(7)))
                .expect_err("number")
                .field(),
            Some("clientId")
        );
        assert_eq!(
            parse_config(&with("clientId", Value::from("  ")))
                .expect_err("blank")
                .field(),
            Some("clientId")
        );
        assert_eq!(
            parse_config(&with("issuer", Value::Null)),
            Err(ConfigError::Missing("issuer"))
        );
    }

    #[test]
    fn rejects_bad_urls() {
        let cases = [
            ("apiBaseUrl", "ftp://api.example.com"),
            ("apiBaseUrl", "http://api.example.com/api"),
            ("authDomain", "not a url"),
            ("redirectUri", "https://tasks.example.com/callback"),
            ("logoutUri", "https://tasks.example.com/?x=1"),
        ];
        for (field, value) in cases {
            let err = parse_config(&with(field, Value::from(value))).expect_err(value);
            assert_eq!(err.field(), Some(field), "{value}");
        }
    }

    #[test]
    fn allows_plain_http_on_loopback() {
        let config = parse_config(&with(
            "apiBaseUrl",
            Value::from("http://127.0.0.1:9001/api"),
        ))
        .expect("loopback http is fine");
        assert_eq!(config.api_base_url, "http://127.0.0.1:9001/api");
    }

    #[test]
    fn logout_mode_is_optional_and_checked() {
        assert_eq!(
            parse_config(GOOD).expect("valid").logout_mode,
            LogoutMode::Cognito
        );
        let oidc = parse_config(&with("logoutMode", Value::from("oidc"))).expect("valid");
        assert_eq!(oidc.logout_mode, LogoutMode::Oidc);
        let bad = parse_config(&with("logoutMode", Value::from("saml"))).expect_err("unknown");
        assert_eq!(bad.field(), Some("logoutMode"));
    }

    #[test]
    fn requires_openid_scope() {
        let err =
            parse_config(&with("scopes", Value::from("email profile"))).expect_err("no openid");
        assert_eq!(err.field(), Some("scopes"));
    }

    #[test]
    fn json_round_trips() {
        let config = parse_config(GOOD).expect("valid");
        assert_eq!(parse_config(&config.to_json().to_string()), Ok(config));
        let oidc = parse_config(&with("logoutMode", Value::from("oidc"))).expect("valid");
        assert_eq!(parse_config(&oidc.to_json().to_string()), Ok(oidc));
    }

    fn okta_and_azure() -> Value {
        serde_json::json!([
            { "name": "Okta", "label": "Sign in with Okta" },
            { "name": "AzureAD", "label": " Sign in with Microsoft " }
        ])
    }

    #[test]
    fn federation_and_api_token_default_to_the_plain_hosted_ui_and_access_token() {
        let config = parse_config(GOOD).expect("valid");
        assert!(config.identity_providers.is_empty());
        assert!(config.show_hosted_ui_login);
        assert_eq!(config.api_token, ApiToken::Access);
    }

    #[test]
    fn reads_identity_providers_in_order() {
        let config = parse_config(&with("identityProviders", okta_and_azure())).expect("valid");
        assert_eq!(
            config.identity_providers,
            vec![
                IdentityProvider {
                    name: "Okta".into(),
                    label: "Sign in with Okta".into()
                },
                IdentityProvider {
                    name: "AzureAD".into(),
                    label: "Sign in with Microsoft".into()
                },
            ]
        );
    }

    #[test]
    fn rejects_bad_identity_providers_naming_the_field() {
        let cases = [
            serde_json::json!({ "name": "Okta" }),
            serde_json::json!("Okta"),
            serde_json::json!([{ "label": "Sign in" }]),
            serde_json::json!([{ "name": "", "label": "Sign in" }]),
            serde_json::json!([{ "name": "My Okta", "label": "Sign in" }]),
            serde_json::json!([{ "name": "Ok\u{7}ta", "label": "Sign in" }]),
            serde_json::json!([{ "name": "x".repeat(33), "label": "Sign in" }]),
            serde_json::json!([{ "name": "Okta", "label": "  " }]),
            serde_json::json!([{ "name": "Okta", "label": 3 }]),
            serde_json::json!([
                { "name": "Okta", "label": "A" },
                { "name": "Okta", "label": "B" }
            ]),
        ];
        for case in cases {
            let err = parse_config(&with("identityProviders", case.clone())).expect_err("bad");
            assert_eq!(err.field(), Some("identityProviders"), "{case}");
            assert!(err.to_string().contains("identityProviders"), "{err}");
        }
    }

    #[test]
    fn hiding_the_plain_login_needs_a_provider() {
        let err = parse_config(&with("showHostedUiLogin", Value::from(false)))
            .expect_err("no way to sign in");
        assert_eq!(err.field(), Some("showHostedUiLogin"));
        let err = parse_config(&with("showHostedUiLogin", Value::from("no"))).expect_err("type");
        assert_eq!(err.field(), Some("showHostedUiLogin"));
        let mut json: Value = serde_json::from_str(GOOD).expect("fixture");
        json["identityProviders"] = okta_and_azure();
        json["showHostedUiLogin"] = Value::from(false);
        let config = parse_config(&json.to_string()).expect("valid");
        assert!(!config.show_hosted_ui_login);
    }

    #[test]
    fn api_token_is_access_or_id() {
        let id = parse_config(&with("apiToken", Value::from("id"))).expect("valid");
        assert_eq!(id.api_token, ApiToken::Id);
        let access = parse_config(&with("apiToken", Value::from("access"))).expect("valid");
        assert_eq!(access.api_token, ApiToken::Access);
        for bad in [Value::from("ID"), Value::from("refresh"), Value::from(true)] {
            let err = parse_config(&with("apiToken", bad)).expect_err("unknown");
            assert_eq!(err.field(), Some("apiToken"));
        }
    }

    #[test]
    fn federation_and_api_token_round_trip() {
        let mut json: Value = serde_json::from_str(GOOD).expect("fixture");
        json["identityProviders"] = okta_and_azure();
        json["showHostedUiLogin"] = Value::from(false);
        json["apiToken"] = Value::from("id");
        let config = parse_config(&json.to_string()).expect("valid");
        let again = config.to_json();
        assert_eq!(again["apiToken"], "id");
        assert_eq!(again["showHostedUiLogin"], false);
        assert_eq!(
            again["identityProviders"][1]["label"],
            "Sign in with Microsoft"
        );
        assert_eq!(parse_config(&again.to_string()), Ok(config));
        let plain = parse_config(GOOD).expect("valid").to_json();
        for absent in ["identityProviders", "showHostedUiLogin", "apiToken"] {
            assert!(plain.get(absent).is_none(), "{absent} written by default");
        }
    }

    #[test]
    fn rejects_non_objects_and_garbage() {
        assert!(matches!(
            parse_config("[]"),
            Err(ConfigError::NotAnObject(_))
        ));
        assert!(matches!(
            parse_config("<html>"),
            Err(ConfigError::NotAnObject(_))
        ));
        assert!(matches!(parse_config(""), Err(ConfigError::NotAnObject(_))));
    }
}
