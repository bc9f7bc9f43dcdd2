//! The deployment's configuration from `CITY_TASKS_*` environment variables, checked with the
//! app's own rules so a bad deployment fails at build time, not in the browser.

use city_tasks_config::config::{Config, ConfigError, parse_config};
use serde_json::{Map, Value};

/// Each `config.json` field, the variable that sets it, and its default when optional.
/// `CITY_TASKS_IDENTITY_PROVIDERS` holds the JSON list as it appears in `config.json`.
pub const VARIABLES: [(&str, &str, Option<&str>); 11] = [
    ("issuer", "CITY_TASKS_ISSUER", None),
    ("authDomain", "CITY_TASKS_AUTH_DOMAIN", None),
    ("clientId", "CITY_TASKS_CLIENT_ID", None),
    ("redirectUri", "CITY_TASKS_REDIRECT_URI", None),
    ("logoutUri", "CITY_TASKS_LOGOUT_URI", None),
    ("scopes", "CITY_TASKS_SCOPES", Some("openid email profile")),
    ("apiBaseUrl", "CITY_TASKS_API_BASE_URL", None),
    ("logoutMode", "CITY_TASKS_LOGOUT_MODE", Some("cognito")),
    (
        "identityProviders",
        "CITY_TASKS_IDENTITY_PROVIDERS",
        Some("[]"),
    ),
    (
        "showHostedUiLogin",
        "CITY_TASKS_SHOW_HOSTED_UI_LOGIN",
        Some("true"),
    ),
    ("apiToken", "CITY_TASKS_API_TOKEN", Some("access")),
];

/// Fields left out of `config.json` when their variable is unset: absent means something
/// other than any value (no `scheduleTimeZone` is the browser's zone).
pub const OPTIONAL_VARIABLES: [(&str, &str); 1] =
    [("scheduleTimeZone", "CITY_TASKS_SCHEDULE_TIME_ZONE")];

/// Why the environment does not describe a usable deployment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvConfigError {
    #[error("these deployment variables are not set: {}", .0.join(", "))]
    Missing(Vec<&'static str>),
    #[error("{variable}: {reason}")]
    Invalid {
        variable: &'static str,
        reason: String,
    },
}

/// Reads every variable through `get` (the process environment in production, a map in
/// tests), naming all missing ones at once.
pub fn config_from_env(get: impl Fn(&str) -> Option<String>) -> Result<Config, EnvConfigError> {
    let mut fields = Map::new();
    let mut missing = Vec::new();
    let mut unreadable = None;
    for (field, variable, default) in VARIABLES {
        let value = get(variable).filter(|value| !value.trim().is_empty());
        match value.as_deref().or(default) {
            Some(text) => match field_value(field, variable, text.trim()) {
                Ok(value) => {
                    fields.insert(field.to_string(), value);
                }
                Err(error) => unreadable = unreadable.or(Some(error)),
            },
            None => missing.push(variable),
        }
    }
    for (field, variable) in OPTIONAL_VARIABLES {
        if let Some(value) = get(variable).filter(|value| !value.trim().is_empty()) {
            fields.insert(field.to_string(), Value::from(value.trim()));
        }
    }
    if !missing.is_empty() {
        return Err(EnvConfigError::Missing(missing));
    }
    if let Some(error) = unreadable {
        return Err(error);
    }
    parse_config(&Value::Object(fields).to_string()).map_err(|error| {
        let variable = variable_of(&error);
        EnvConfigError::Invalid {
            variable,
            reason: error.to_string(),
        }
    })
}

/// The JSON value of one variable: text for most fields, a list for the identity providers and
/// a boolean for `showHostedUiLogin` (anything else there is passed on as text, so the
/// config check names the field).
fn field_value(field: &str, variable: &'static str, text: &str) -> Result<Value, EnvConfigError> {
    match field {
        "identityProviders" => serde_json::from_str(text).map_err(|error| EnvConfigError::Invalid {
            variable,
            reason: format!(
                "must be a JSON list such as [{{\"name\":\"Okta\",\"label\":\"Sign in with Okta\"}}] ({error})"
            ),
        }),
        "showHostedUiLogin" if text.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
        "showHostedUiLogin" if text.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
        _ => Ok(Value::from(text)),
    }
}

fn variable_of(error: &ConfigError) -> &'static str {
    let field = error.field();
    let required = VARIABLES
        .iter()
        .map(|(name, variable, _)| (*name, *variable));
    required
        .chain(OPTIONAL_VARIABLES)
        .find(|(name, _)| Some(*name) == field)
        .map_or("CITY_TASKS_*", |(_, variable)| variable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use city_tasks_config::config::ApiToken;
    use std::collections::HashMap;

    fn good() -> HashMap<&'static str, &'static str> {
        HashMap::from([
            (
                "CITY_TASKS_ISSUER",
                "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc",
            ),
            (
                "CITY_TASKS_AUTH_DOMAIN",
                "https://city.auth.eu-west-1.amazoncognito.com",
            ),
            ("CITY_TASKS_CLIENT_ID", "abc123"),
            ("CITY_TASKS_REDIRECT_URI", "https://tasks.example.com/home"),
            ("CITY_TASKS_LOGOUT_URI", "https://tasks.example.com/"),
            ("CITY_TASKS_API_BASE_URL", "https://api.example.com/api"),
        ])
    }

    fn read(vars: &HashMap<&'static str, &'static str>) -> Result<Config, EnvConfigError> {
        config_from_env(|name| vars.get(name).map(|value| value.to_string()))
    }

    #[test]
    fn builds_the_config_with_defaults() {
        let config = read(&good()).expect("valid");
        assert_eq!(config.scopes, "openid email profile");
        assert_eq!(config.client_id, "abc123");
    }

    #[test]
    fn names_every_missing_variable() {
        let mut vars = good();
        vars.remove("CITY_TASKS_ISSUER");
        vars.insert("CITY_TASKS_CLIENT_ID", "  ");
        assert_eq!(
            read(&vars),
            Err(EnvConfigError::Missing(vec![
                "CITY_TASKS_ISSUER",
                "CITY_TASKS_CLIENT_ID"
            ]))
        );
    }

    #[test]
    fn names_the_variable_of_an_invalid_value() {
        let mut vars = good();
        vars.insert(
            "CITY_TASKS_REDIRECT_URI",
            "https://tasks.example.com/callback",
        );
        let error = read(&vars).expect_err("wrong callback path");
        assert!(matches!(
            error,
            EnvConfigError::Invalid {
                variable: "CITY_TASKS_REDIRECT_URI",
                ..
            }
        ));
        vars = good();
        vars.insert("CITY_TASKS_LOGOUT_MODE", "saml");
        let error = read(&vars).expect_err("unknown mode");
        assert!(
            error.to_string().starts_with("CITY_TASKS_LOGOUT_MODE"),
            "{error}"
        );
    }

    #[test]
    fn federation_and_api_token_are_optional() {
        let config = read(&good()).expect("valid");
        assert!(config.identity_providers.is_empty());
        assert!(config.show_hosted_ui_login);
        assert_eq!(config.api_token, ApiToken::Access);
    }

    #[test]
    fn reads_providers_as_json_and_the_other_options_as_text() {
        let mut vars = good();
        vars.insert(
            "CITY_TASKS_IDENTITY_PROVIDERS",
            r#"[{"name":"Okta","label":"Sign in with Okta"}]"#,
        );
        vars.insert("CITY_TASKS_SHOW_HOSTED_UI_LOGIN", "False");
        vars.insert("CITY_TASKS_API_TOKEN", "id");
        let config = read(&vars).expect("valid");
        assert_eq!(config.identity_providers.len(), 1);
        assert_eq!(config.identity_providers[0].name, "Okta");
        assert!(!config.show_hosted_ui_login);
        assert_eq!(config.api_token, ApiToken::Id);
    }

    #[test]
    fn names_the_variable_of_bad_federation_settings() {
        let cases = [
            ("CITY_TASKS_IDENTITY_PROVIDERS", "Okta"),
            (
                "CITY_TASKS_IDENTITY_PROVIDERS",
                r#"[{"name":"My Okta","label":"x"}]"#,
            ),
            ("CITY_TASKS_SHOW_HOSTED_UI_LOGIN", "false"),
            ("CITY_TASKS_SHOW_HOSTED_UI_LOGIN", "maybe"),
            ("CITY_TASKS_API_TOKEN", "refresh"),
        ];
        for (variable, value) in cases {
            let mut vars = good();
            vars.insert(variable, value);
            let error = read(&vars).expect_err(value);
            assert!(
                error.to_string().starts_with(variable),
                "{variable}={value}: {error}"
            );
        }
    }
}
