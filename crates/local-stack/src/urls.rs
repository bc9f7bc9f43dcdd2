//! The addresses of a running stack and the app configuration derived from them.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::options::{ApiToken, Options};

/// Where each part of a running stack answers. No trailing slashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Urls {
    /// The app origin, e.g. `http://127.0.0.1:8080`.
    pub app: String,
    /// The OIDC issuer, `http://127.0.0.1:<idp_port>/<pool_id>`.
    pub issuer: String,
    /// The Hosted UI domain holding the OAuth endpoints, `http://127.0.0.1:<idp_port>`.
    pub auth_domain: String,
    /// The Tasks API base, e.g. `http://127.0.0.1:9001/api`.
    pub api_base: String,
}

impl Urls {
    /// The registered callback URL: exactly this, no trailing slash.
    pub fn callback_url(&self) -> String {
        format!("{}/home", self.app)
    }

    /// The registered sign-out URL: exactly this, with the trailing slash.
    pub fn sign_out_url(&self) -> String {
        format!("{}/", self.app)
    }

    /// The app's `/config.json` for this stack.
    pub fn config_json(&self, client_id: &str) -> Value {
        json!({
            "issuer": self.issuer,
            "authDomain": self.auth_domain,
            "clientId": client_id,
            "redirectUri": self.callback_url(),
            "logoutUri": self.sign_out_url(),
            "scopes": "openid email profile",
            "apiBaseUrl": self.api_base,
        })
    }

    /// The app's `/config.json` for a stack started with `options`: [`Urls::config_json`] plus
    /// a button per federated provider, the token the API accepts, and `options.app_config`.
    pub fn config_json_for(&self, options: &Options) -> Value {
        let mut config = self.config_json(&options.client_id);
        if !options.providers.is_empty() {
            config["identityProviders"] = options
                .providers
                .iter()
                .map(|provider| json!({ "name": provider.name, "label": provider.label }))
                .collect();
        }
        if options.api_token == ApiToken::Id {
            config["apiToken"] = json!("id");
        }
        if let Value::Object(fields) = &mut config {
            for (field, value) in &options.app_config {
                fields.insert(field.clone(), value.clone());
            }
        }
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_json_uses_registered_urls() {
        let urls = Urls {
            app: "http://127.0.0.1:8080".into(),
            issuer: "http://127.0.0.1:9000/local_CityTasks".into(),
            auth_domain: "http://127.0.0.1:9000".into(),
            api_base: "http://127.0.0.1:9001/api".into(),
        };
        let config = urls.config_json("city-tasks-local");
        assert_eq!(config["redirectUri"], "http://127.0.0.1:8080/home");
        assert_eq!(config["logoutUri"], "http://127.0.0.1:8080/");
        assert_eq!(config["clientId"], "city-tasks-local");
        assert_eq!(config["apiBaseUrl"], "http://127.0.0.1:9001/api");
    }

    #[test]
    fn config_json_for_adds_providers_api_token_and_overrides() {
        let urls = Urls {
            app: "http://127.0.0.1:8080".into(),
            issuer: "http://127.0.0.1:9000/local_CityTasks".into(),
            auth_domain: "http://127.0.0.1:9000".into(),
            api_base: "http://127.0.0.1:9001/api".into(),
        };
        let plain = urls.config_json_for(&Options::default());
        assert_eq!(plain, urls.config_json("city-tasks-local"));
        let mut options = Options {
            providers: vec![crate::options::federated_demo_provider("Okta")],
            api_token: ApiToken::Id,
            ..Options::default()
        };
        options
            .app_config
            .insert("showHostedUiLogin".into(), json!(false));
        let config = urls.config_json_for(&options);
        assert_eq!(
            config["identityProviders"],
            json!([{ "name": "Okta", "label": "Sign in with Okta" }])
        );
        assert_eq!(config["apiToken"], "id");
        assert_eq!(config["showHostedUiLogin"], false);
        let parsed = city_tasks_config::config::parse_config(&config.to_string())
            .expect("the app accepts it");
        assert_eq!(parsed.identity_providers[0].name, "Okta");
        assert_eq!(parsed.api_token, ApiToken::Id);
    }
}
