//! Cognito's Hosted UI URLs built from configuration: authorize, token, revoke and logout.

use super::pending::PendingLogin;
use crate::config::Config;
use crate::url::build_query;

/// The Hosted UI sign-in URL for one attempt: code flow with PKCE S256, `state` and `nonce`.
/// `identity_provider` (a user pool IdP name) skips the Hosted UI's chooser and goes straight
/// to that provider; `lang` is one of Cognito's Hosted UI languages (see `hosted_ui_lang`).
pub fn authorize_url(
    config: &Config,
    pending: &PendingLogin,
    identity_provider: Option<&str>,
    lang: Option<&str>,
) -> String {
    let challenge = pending.verifier().challenge();
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", &config.client_id),
        ("redirect_uri", &config.redirect_uri),
        ("scope", &config.scopes),
        ("state", &pending.state),
        ("nonce", &pending.nonce),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
    ];
    if let Some(provider) = identity_provider {
        pairs.push(("identity_provider", provider));
    }
    if let Some(lang) = lang {
        pairs.push(("lang", lang));
    }
    let query = build_query(&pairs);
    format!("{}/oauth2/authorize?{query}", config.auth_domain)
}

pub fn token_url(config: &Config) -> String {
    format!("{}/oauth2/token", config.auth_domain)
}

/// The form body that trades an authorization code for tokens (public client: no secret).
pub fn code_exchange_body(config: &Config, code: &str, pending: &PendingLogin) -> String {
    build_query(&[
        ("grant_type", "authorization_code"),
        ("client_id", &config.client_id),
        ("code", code),
        ("redirect_uri", &config.redirect_uri),
        ("code_verifier", &pending.code_verifier),
    ])
}

/// The form body of a refresh grant.
pub fn refresh_body(config: &Config, refresh_token: &str) -> String {
    build_query(&[
        ("grant_type", "refresh_token"),
        ("client_id", &config.client_id),
        ("refresh_token", refresh_token),
    ])
}

pub fn revoke_url(config: &Config) -> String {
    format!("{}/oauth2/revoke", config.auth_domain)
}

/// Revokes the refresh token (Cognito refuses access tokens here) and the tokens minted from it.
pub fn revoke_body(config: &Config, refresh_token: &str) -> String {
    build_query(&[("token", refresh_token), ("client_id", &config.client_id)])
}

/// OpenID RP-initiated logout for providers whose discovery has an `end_session_endpoint`.
pub fn oidc_logout_url(end_session_endpoint: &str, config: &Config, id_token: &str) -> String {
    let query = build_query(&[
        ("client_id", &config.client_id),
        ("post_logout_redirect_uri", &config.logout_uri),
        ("id_token_hint", id_token),
    ]);
    let separator = if end_session_endpoint.contains('?') {
        '&'
    } else {
        '?'
    };
    format!("{end_session_endpoint}{separator}{query}")
}

/// Cognito's own logout: `/logout?client_id&logout_uri`. It ends the Hosted UI session cookie;
/// without it the next Login would sign the user straight back in.
pub fn logout_url(config: &Config) -> String {
    let query = build_query(&[
        ("client_id", &config.client_id),
        ("logout_uri", &config.logout_uri),
    ]);
    format!("{}/logout?{query}", config.auth_domain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::parse_query;

    fn config() -> Config {
        crate::auth::test_config()
    }

    fn pending() -> PendingLogin {
        PendingLogin {
            state: "st".into(),
            nonce: "no".into(),
            code_verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into(),
            return_to: "/tasks".into(),
            created_at: 0,
        }
    }

    fn query_of(url: &str, prefix: &str) -> Vec<(String, String)> {
        let query = url.strip_prefix(prefix).expect("prefix");
        parse_query(query).expect("well formed")
    }

    #[test]
    fn authorize_url_carries_the_whole_request() {
        let url = authorize_url(&config(), &pending(), None, None);
        let pairs = query_of(
            &url,
            "https://city.auth.eu-west-1.amazoncognito.com/oauth2/authorize?",
        );
        let get = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("response_type"), Some("code"));
        assert_eq!(get("client_id"), Some("client 1"));
        assert_eq!(get("redirect_uri"), Some("https://tasks.example.com/home"));
        assert_eq!(get("scope"), Some("openid email profile"));
        assert_eq!(get("state"), Some("st"));
        assert_eq!(get("nonce"), Some("no"));
        assert_eq!(
            get("code_challenge"),
            Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        );
        assert_eq!(get("code_challenge_method"), Some("S256"));
        assert!(
            !url.contains("code_verifier"),
            "the verifier never leaves for the browser bar"
        );
        assert_eq!(get("identity_provider"), None);
        assert_eq!(get("lang"), None);
    }

    #[test]
    fn authorize_url_names_the_provider_and_language_when_given() {
        let url = authorize_url(&config(), &pending(), Some("Okta Corp"), Some("pt-BR"));
        let pairs = query_of(
            &url,
            "https://city.auth.eu-west-1.amazoncognito.com/oauth2/authorize?",
        );
        assert!(pairs.contains(&("identity_provider".into(), "Okta Corp".into())));
        assert!(pairs.contains(&("lang".into(), "pt-BR".into())));
        assert!(url.contains("identity_provider=Okta%20Corp"));
        assert!(pairs.contains(&("state".into(), "st".into())));
        let only_lang = authorize_url(&config(), &pending(), None, Some("de"));
        assert!(only_lang.ends_with("&lang=de"));
        assert!(!only_lang.contains("identity_provider"));
    }

    #[test]
    fn code_exchange_body_is_form_encoded() {
        let body = code_exchange_body(&config(), "a/b", &pending());
        let pairs = parse_query(&body).expect("well formed");
        assert!(pairs.contains(&("grant_type".into(), "authorization_code".into())));
        assert!(pairs.contains(&("code".into(), "a/b".into())));
        assert!(pairs.contains(&("client_id".into(), "client 1".into())));
        assert!(pairs.contains(&(
            "code_verifier".into(),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into()
        )));
        assert!(body.contains("code=a%2Fb"));
    }

    #[test]
    fn logout_is_cognito_style() {
        let url = logout_url(&config());
        assert_eq!(
            url,
            "https://city.auth.eu-west-1.amazoncognito.com/logout?client_id=client%201&logout_uri=https%3A%2F%2Ftasks.example.com%2F"
        );
        assert!(!url.contains("post_logout_redirect_uri"));
        assert!(!url.contains("id_token_hint"));
    }

    #[test]
    fn refresh_and_revoke_bodies() {
        let refresh = parse_query(&refresh_body(&config(), "r+1")).expect("well formed");
        assert_eq!(
            refresh,
            vec![
                ("grant_type".into(), "refresh_token".into()),
                ("client_id".into(), "client 1".into()),
                ("refresh_token".into(), "r+1".into()),
            ]
        );
        let revoke = parse_query(&revoke_body(&config(), "r+1")).expect("well formed");
        assert_eq!(
            revoke,
            vec![
                ("token".into(), "r+1".into()),
                ("client_id".into(), "client 1".into())
            ]
        );
        assert_eq!(
            revoke_url(&config()),
            "https://city.auth.eu-west-1.amazoncognito.com/oauth2/revoke"
        );
    }

    #[test]
    fn oidc_logout_uses_the_standard_parameters() {
        let url = oidc_logout_url("https://idp.example.com/logout?x=1", &config(), "id.tok.en");
        assert_eq!(
            url,
            "https://idp.example.com/logout?x=1&client_id=client%201&post_logout_redirect_uri=https%3A%2F%2Ftasks.example.com%2F&id_token_hint=id.tok.en"
        );
        assert!(
            oidc_logout_url("https://idp/end", &config(), "t")
                .starts_with("https://idp/end?client_id")
        );
    }

    #[test]
    fn token_url_is_on_the_auth_domain() {
        assert_eq!(
            token_url(&config()),
            "https://city.auth.eu-west-1.amazoncognito.com/oauth2/token"
        );
    }
}
