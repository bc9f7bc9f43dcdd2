//! What to ask a deployed site and its backends, as plain URLs and headers: the fetcher only
//! executes this plan, and the checks read the answers.

use city_tasks_config::config::Config;
use city_tasks_config::url::build_query;

/// A deep link the rewrite rule must answer with index.html (a route of the app).
pub const DEEP_LINK_PATH: &str = "/tasks/edit/3";
/// A script that is not there: it must stay a 404, never index.html.
pub const MISSING_ASSET_PATH: &str = "/verify-deploy-missing-asset.js";
/// A fixed PKCE challenge for the authorize probe (no sign-in ever follows it).
const PROBE_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// The same-origin scripts, wasm and styles `index.html` names (in any attribute, which
/// covers `<script src>`, `<link href>` and `boot.js`'s `data-glue`/`data-wasm`), in order.
pub fn asset_paths(index_html: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in index_html.split("=\"").skip(1) {
        let Some(value) = piece.split('"').next() else {
            continue;
        };
        if !value.starts_with('/') || value.starts_with("//") {
            continue;
        }
        let path = value.split(['?', '#']).next().unwrap_or(value);
        let wanted = [".js", ".wasm", ".css"]
            .iter()
            .any(|ext| path.ends_with(ext));
        if wanted && !out.iter().any(|known| known == path) {
            out.push(path.to_string());
        }
    }
    out
}

/// Whether a file name carries Trunk's content hash (`name-<hash>[_bg].ext`, the hash as
/// `publish::is_content_hash` reads it): such a file never changes under its name, so it may
/// be cached for ever.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| city_tasks_delivery::publish::is_content_hash(hash))
}

pub fn discovery_url(config: &Config) -> String {
    format!(
        "{}/.well-known/openid-configuration",
        config.issuer.trim_end_matches('/')
    )
}

/// An authorize request as the app sends it, to see whether the pool accepts the client and
/// its callback; nobody signs in, so it changes nothing.
pub fn authorize_probe_url(config: &Config) -> String {
    let query = build_query(&[
        ("response_type", "code"),
        ("client_id", &config.client_id),
        ("redirect_uri", &config.redirect_uri),
        ("scope", &config.scopes),
        ("state", "verify-deploy"),
        ("code_challenge", PROBE_CHALLENGE),
        ("code_challenge_method", "S256"),
    ]);
    format!("{}/oauth2/authorize?{query}", config.auth_domain)
}

/// Cognito's `/logout` with the app's sign-out URL; without a session cookie it only redirects.
pub fn logout_probe_url(config: &Config) -> String {
    let query = build_query(&[
        ("client_id", &config.client_id),
        ("logout_uri", &config.logout_uri),
    ]);
    format!("{}/logout?{query}", config.auth_domain)
}

/// One CORS preflight the browser sends before an API call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preflight {
    pub method: &'static str,
    pub url: String,
    /// `Access-Control-Request-Headers`, lower-case and comma-separated as browsers send them.
    pub request_headers: &'static str,
}

/// The preflights of the app's calls: list, create, replace and delete, each with the bearer.
pub fn preflights(config: &Config) -> Vec<Preflight> {
    let api = &config.api_base_url;
    vec![
        Preflight {
            method: "GET",
            url: format!("{api}/tasks"),
            request_headers: "authorization",
        },
        Preflight {
            method: "POST",
            url: format!("{api}/task"),
            request_headers: "authorization,content-type",
        },
        Preflight {
            method: "PUT",
            url: format!("{api}/task/3"),
            request_headers: "authorization,content-type",
        },
        Preflight {
            method: "DELETE",
            url: format!("{api}/task/3"),
            request_headers: "authorization",
        },
    ]
}

/// The list call without a token: the API's 401 must still carry CORS headers.
pub fn api_without_token_url(config: &Config) -> String {
    format!("{}/tasks", config.api_base_url)
}

/// The URLs the app connects to, for the CSP's `connect-src`: discovery and keys under the
/// issuer, the token endpoint on the Hosted UI domain, the Tasks API.
pub fn connect_targets(config: &Config) -> Vec<(&'static str, String)> {
    let issuer = config.issuer.trim_end_matches('/');
    vec![
        (
            "issuer (discovery)",
            format!("{issuer}/.well-known/openid-configuration"),
        ),
        (
            "issuer (signing keys)",
            format!("{issuer}/.well-known/jwks.json"),
        ),
        (
            "authDomain (token endpoint)",
            format!("{}/oauth2/token", config.auth_domain),
        ),
        ("apiBaseUrl", format!("{}/tasks", config.api_base_url)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_named_by_trunks_index() {
        let html = r#"<link rel="stylesheet" href="/main-ce3b3e5232ce52d2.css" integrity="x"/>
<script type="module" src="/boot.js" data-glue="/city-tasks-840ae7d454cfd33b.js" data-wasm="/city-tasks-840ae7d454cfd33b_bg.wasm"></script>
<link rel="modulepreload" href="/city-tasks-840ae7d454cfd33b.js"><link rel="icon" href="/icon.svg"><a href="//cdn.example/x.js">"#;
        assert_eq!(
            asset_paths(html),
            [
                "/main-ce3b3e5232ce52d2.css",
                "/boot.js",
                "/city-tasks-840ae7d454cfd33b.js",
                "/city-tasks-840ae7d454cfd33b_bg.wasm"
            ]
        );
    }

    #[test]
    fn hashed_names() {
        assert!(is_hashed("/city-tasks-840ae7d454cfd33b_bg.wasm"));
        assert!(is_hashed("/main-ce3b3e5232ce52d2.css"));
        assert!(!is_hashed("/boot.js"));
        assert!(!is_hashed("/city-tasks-840ae7d4.js"));
        assert!(is_hashed("/city-tasks-4ecfe044c6d0325.js"));
        assert!(!is_hashed(MISSING_ASSET_PATH));
    }
}
