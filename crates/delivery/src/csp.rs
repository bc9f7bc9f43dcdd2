//! The Content-Security-Policy of one deployment: scripts only from the site (plus
//! `'wasm-unsafe-eval'` for WebAssembly), and connections only to the site, the issuer, the
//! Hosted UI domain and the Tasks API.

use city_tasks_config::config::Config;
use city_tasks_config::url::parse_http_url;

/// The policy for this deployment's origins. It goes into `index.html` as a `<meta>` tag
/// (built from the same variables as `config.json`), where it narrows the broader header
/// policy of `customHttp.yml`: the browser enforces both.
pub fn deployment_policy(config: &Config) -> String {
    let auth = origin(&config.auth_domain);
    let mut connect = vec![
        "'self'".to_string(),
        origin(&config.issuer),
        auth.clone(),
        origin(&config.api_base_url),
    ];
    connect.dedup();
    [
        "default-src 'self'".to_string(),
        "script-src 'self' 'wasm-unsafe-eval'".to_string(),
        "style-src 'self'".to_string(),
        "img-src 'self' data:".to_string(),
        format!("connect-src {}", connect.join(" ")),
        format!("form-action 'self' {auth}"),
        "base-uri 'none'".to_string(),
        "object-src 'none'".to_string(),
    ]
    .join("; ")
}

/// `scheme://host[:port]` of a configured URL (already validated, so it parses).
fn origin(url: &str) -> String {
    parse_http_url(url).map_or_else(|| url.to_string(), |parsed| parsed.origin())
}

#[cfg(test)]
mod tests {
    use super::*;
    use city_tasks_config::config::parse_config;

    #[test]
    fn lists_exactly_the_deployment_origins() {
        let config = parse_config(
            r#"{"issuer":"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc",
            "authDomain":"https://city.auth.eu-west-1.amazoncognito.com","clientId":"c",
            "redirectUri":"https://tasks.example.com/home","logoutUri":"https://tasks.example.com/",
            "scopes":"openid","apiBaseUrl":"https://api.example.com/api/v1"}"#,
        )
        .expect("valid");
        let policy = deployment_policy(&config);
        assert!(policy.contains(
            "connect-src 'self' https://cognito-idp.eu-west-1.amazonaws.com https://city.auth.eu-west-1.amazoncognito.com https://api.example.com;"
        ), "{policy}");
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(
            policy.contains("form-action 'self' https://city.auth.eu-west-1.amazoncognito.com")
        );
    }
}
