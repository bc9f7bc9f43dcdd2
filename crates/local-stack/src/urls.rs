//! The addresses of a running stack and the app configuration derived from them.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

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
}
