//! The OpenID discovery document: the issuer must match the configuration exactly, while the
//! endpoints may live on another host (Cognito keeps them on the Hosted UI domain).

use serde::{Deserialize, Serialize};

/// The fields of `<issuer>/.well-known/openid-configuration` the app uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
    #[serde(default)]
    pub revocation_endpoint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscoveryError {
    #[error("the discovery document could not be read")]
    Unreadable,
    #[error("the discovery document names issuer \"{0}\", not the configured one")]
    IssuerMismatch(String),
}

/// Where the discovery document of `issuer` lives.
pub fn discovery_url(issuer: &str) -> String {
    format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    )
}

/// Parses a discovery document and checks it belongs to `issuer` (compared exactly).
pub fn parse_discovery(body: &str, issuer: &str) -> Result<Discovery, DiscoveryError> {
    let discovery: Discovery =
        serde_json::from_str(body).map_err(|_| DiscoveryError::Unreadable)?;
    if discovery.issuer != issuer {
        return Err(DiscoveryError::IssuerMismatch(discovery.issuer));
    }
    Ok(discovery)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUER: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc";

    #[test]
    fn accepts_endpoints_on_another_host() {
        let body = format!(
            r#"{{"issuer":"{ISSUER}","jwks_uri":"{ISSUER}/.well-known/jwks.json",
            "authorization_endpoint":"https://city.auth.eu-west-1.amazoncognito.com/oauth2/authorize"}}"#
        );
        let discovery = parse_discovery(&body, ISSUER).expect("valid");
        assert_eq!(discovery.end_session_endpoint, None);
        assert_eq!(
            discovery_url(ISSUER),
            format!("{ISSUER}/.well-known/openid-configuration")
        );
    }

    #[test]
    fn issuer_must_match_exactly() {
        let body = format!(r#"{{"issuer":"{ISSUER}/","jwks_uri":"x"}}"#);
        assert_eq!(
            parse_discovery(&body, ISSUER),
            Err(DiscoveryError::IssuerMismatch(format!("{ISSUER}/")))
        );
    }

    #[test]
    fn garbage_is_unreadable() {
        assert_eq!(
            parse_discovery("<html>", ISSUER),
            Err(DiscoveryError::Unreadable)
        );
        assert_eq!(
            parse_discovery(r#"{"issuer":"x"}"#, ISSUER),
            Err(DiscoveryError::Unreadable)
        );
    }
}
