//! What each request the browser made was for: by file type for the byte breakdown of the first
//! visit, by purpose for the requests of the sign-in round trip.

use reqwest::Url;
use serde::{Deserialize, Serialize};

/// File types of the first-visit byte breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ByteKind {
    Wasm,
    Js,
    Css,
    Html,
    Json,
    Other,
}

impl ByteKind {
    pub const ALL: [ByteKind; 6] = [
        ByteKind::Wasm,
        ByteKind::Js,
        ByteKind::Css,
        ByteKind::Html,
        ByteKind::Json,
        ByteKind::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ByteKind::Wasm => "wasm",
            ByteKind::Js => "js",
            ByteKind::Css => "css",
            ByteKind::Html => "html",
            ByteKind::Json => "json",
            ByteKind::Other => "other",
        }
    }
}

/// The type of a resource from its URL; `navigation` marks the document itself, whose path
/// (`/home`) says nothing about its type.
pub fn byte_kind(url: &str, navigation: bool) -> ByteKind {
    if navigation {
        return ByteKind::Html;
    }
    match extension(url).as_deref() {
        Some("wasm") => ByteKind::Wasm,
        Some("js" | "mjs") => ByteKind::Js,
        Some("css") => ByteKind::Css,
        Some("html" | "htm") => ByteKind::Html,
        Some("json" | "webmanifest") => ByteKind::Json,
        _ => ByteKind::Other,
    }
}

/// What a request during the sign-in round trip was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestKind {
    Document,
    Script,
    Wasm,
    Css,
    ConfigJson,
    /// The page's other files: icons, the web manifest (the browser fetches them, not the app).
    SiteFile,
    Discovery,
    Jwks,
    Token,
    Userinfo,
    TasksApi,
    Other,
}

impl RequestKind {
    pub fn name(self) -> &'static str {
        match self {
            RequestKind::Document => "document",
            RequestKind::Script => "script",
            RequestKind::Wasm => "wasm",
            RequestKind::Css => "css",
            RequestKind::ConfigJson => "config.json",
            RequestKind::SiteFile => "icon/manifest",
            RequestKind::Discovery => "discovery",
            RequestKind::Jwks => "jwks",
            RequestKind::Token => "token",
            RequestKind::Userinfo => "userinfo",
            RequestKind::TasksApi => "tasks API",
            RequestKind::Other => "other",
        }
    }

    /// Whether the request is the callback page loading the app itself, as opposed to what the
    /// app does once it runs.
    pub fn loads_the_app(self) -> bool {
        matches!(
            self,
            RequestKind::Document
                | RequestKind::Script
                | RequestKind::Wasm
                | RequestKind::Css
                | RequestKind::ConfigJson
                | RequestKind::SiteFile
        )
    }
}

/// Where the app, the Hosted UI and the Tasks API live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origins {
    /// e.g. `http://127.0.0.1:41234`
    pub app: String,
    /// e.g. `http://127.0.0.1:41235/api`
    pub api_base: String,
}

/// The purpose of a request to `url`.
pub fn request_kind(url: &str, navigation: bool, origins: &Origins) -> RequestKind {
    if navigation {
        return RequestKind::Document;
    }
    let Ok(parsed) = Url::parse(url) else {
        return RequestKind::Other;
    };
    let path = parsed.path();
    let origin = parsed.origin().ascii_serialization();
    if origin == origins.app.trim_end_matches('/') {
        return match extension(url).as_deref() {
            _ if path == "/config.json" => RequestKind::ConfigJson,
            Some("wasm") => RequestKind::Wasm,
            Some("js" | "mjs") => RequestKind::Script,
            Some("css") => RequestKind::Css,
            _ => RequestKind::SiteFile,
        };
    }
    let api_base = origins.api_base.trim_end_matches('/');
    let without_query = url.split(['?', '#']).next().unwrap_or(url);
    if without_query == api_base || without_query.starts_with(&format!("{api_base}/")) {
        return RequestKind::TasksApi;
    }
    if path.ends_with("/.well-known/openid-configuration") {
        RequestKind::Discovery
    } else if path.ends_with("/.well-known/jwks.json") {
        RequestKind::Jwks
    } else if path == "/oauth2/token" {
        RequestKind::Token
    } else if path.eq_ignore_ascii_case("/oauth2/userinfo") {
        RequestKind::Userinfo
    } else {
        RequestKind::Other
    }
}

/// The lower-case extension of a URL's last path segment.
fn extension(url: &str) -> Option<String> {
    let path = match Url::parse(url) {
        Ok(parsed) => parsed.path().to_owned(),
        Err(_) => url.split(['?', '#']).next().unwrap_or(url).to_owned(),
    };
    let last = path.rsplit('/').next()?;
    let (_, extension) = last.rsplit_once('.')?;
    Some(extension.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = "http://127.0.0.1:4000";

    fn origins() -> Origins {
        Origins {
            app: APP.to_owned(),
            api_base: "http://127.0.0.1:4002/api".to_owned(),
        }
    }

    #[test]
    fn bytes_by_file_type() {
        assert_eq!(byte_kind(&format!("{APP}/home"), true), ByteKind::Html);
        assert_eq!(
            byte_kind(&format!("{APP}/a-1_bg.wasm"), false),
            ByteKind::Wasm
        );
        assert_eq!(byte_kind(&format!("{APP}/a-1.js?x=1"), false), ByteKind::Js);
        assert_eq!(
            byte_kind(&format!("{APP}/main-2.CSS"), false),
            ByteKind::Css
        );
        assert_eq!(
            byte_kind(&format!("{APP}/config.json"), false),
            ByteKind::Json
        );
        assert_eq!(
            byte_kind(&format!("{APP}/manifest.webmanifest"), false),
            ByteKind::Json
        );
        assert_eq!(
            byte_kind(&format!("{APP}/icon.svg"), false),
            ByteKind::Other
        );
        assert_eq!(byte_kind("not a url", false), ByteKind::Other);
    }

    #[test]
    fn sign_in_requests_by_purpose() {
        let o = origins();
        let kind = |url: &str| request_kind(url, false, &o);
        assert_eq!(
            request_kind(&format!("{APP}/home?code=x"), true, &o),
            RequestKind::Document
        );
        assert_eq!(kind(&format!("{APP}/boot.js")), RequestKind::Script);
        assert_eq!(kind(&format!("{APP}/a_bg.wasm")), RequestKind::Wasm);
        assert_eq!(kind(&format!("{APP}/main.css")), RequestKind::Css);
        assert_eq!(kind(&format!("{APP}/config.json")), RequestKind::ConfigJson);
        assert_eq!(kind(&format!("{APP}/icon.svg")), RequestKind::SiteFile);
        let idp = "http://127.0.0.1:4001";
        assert_eq!(
            kind(&format!("{idp}/pool/.well-known/openid-configuration")),
            RequestKind::Discovery
        );
        assert_eq!(
            kind(&format!("{idp}/pool/.well-known/jwks.json")),
            RequestKind::Jwks
        );
        assert_eq!(kind(&format!("{idp}/oauth2/token")), RequestKind::Token);
        assert_eq!(
            kind(&format!("{idp}/oauth2/userInfo")),
            RequestKind::Userinfo
        );
        assert_eq!(
            kind("http://127.0.0.1:4002/api/tasks"),
            RequestKind::TasksApi
        );
        assert_eq!(kind("http://127.0.0.1:4002/apiary"), RequestKind::Other);
        assert_eq!(kind("garbage"), RequestKind::Other);
    }

    #[test]
    fn only_the_apps_own_files_load_the_app() {
        assert!(RequestKind::Wasm.loads_the_app());
        assert!(RequestKind::ConfigJson.loads_the_app());
        assert!(RequestKind::SiteFile.loads_the_app());
        assert!(!RequestKind::Token.loads_the_app());
        assert!(!RequestKind::Jwks.loads_the_app());
    }
}
