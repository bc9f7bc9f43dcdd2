//! The React peer client (a built SPA, see its README) served beside City Tasks in the same run:
//! a copy of its build behind the same CDN emulation (customHttp.yml headers, brotli, the SPA
//! rewrite), with its own `config.json` for the local stack, whose sign-in server and Tasks API
//! CORS register its origin. Only what both clients do is measured on it: the first visit and
//! the sign-in.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use local_stack::Urls;
use serde_json::{Value, json};

/// Where a build of the peer is looked for when `--peer` is not given.
pub const PEER_SITE_ENV: &str = "CITY_TASKS_PEER_SITE";
/// The shared copy on the team's machines.
pub const DEFAULT_PEER_SITE: &str = "/work/shared/peer-react/site";

/// The peer's build: `explicit`, else `$CITY_TASKS_PEER_SITE`, else the shared copy. `Err` says
/// why there is none, for the report: its numbers are then missing, never made up.
pub fn locate(explicit: Option<&Path>) -> Result<PathBuf, String> {
    let (dir, from) = match (explicit, std::env::var_os(PEER_SITE_ENV)) {
        (Some(dir), _) => (dir.to_path_buf(), "--peer"),
        (None, Some(dir)) if !dir.is_empty() => (PathBuf::from(dir), PEER_SITE_ENV),
        _ => (PathBuf::from(DEFAULT_PEER_SITE), "the default"),
    };
    if dir.join("index.html").is_file() {
        Ok(dir)
    } else {
        Err(format!(
            "no React peer build: {} (from {from}) has no index.html; pass --peer DIR or set \
             {PEER_SITE_ENV}",
            dir.display()
        ))
    }
}

/// The peer's `config.json` (the shape of its README) for this stack, served from `origin`.
pub fn config_json(urls: &Urls, client_id: &str, origin: &str) -> Value {
    json!({
        "authority": urls.issuer,
        "clientId": client_id,
        "redirectUri": format!("{origin}/home"),
        "logoutUri": format!("{origin}/"),
        "cognitoDomain": urls.auth_domain,
        "apiBase": urls.api_base,
        "scope": "openid email profile",
    })
}

/// Writes `config.json` into the delivered copy. The copy keeps the source's read-only
/// permissions, so the old file is removed first (the directory itself is ours).
pub fn write_config(site: &Path, config: &Value) -> Result<()> {
    let path = site.join("config.json");
    if path.exists() {
        std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
    }
    let text = serde_json::to_string_pretty(config).context("serialising config.json")?;
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_points_the_peer_at_the_stack() {
        let urls = Urls {
            app: "http://127.0.0.1:1".into(),
            issuer: "http://127.0.0.1:2/pool".into(),
            auth_domain: "http://127.0.0.1:2".into(),
            api_base: "http://127.0.0.1:3/api".into(),
        };
        let config = config_json(&urls, "client", "http://127.0.0.1:4");
        assert_eq!(config["authority"], "http://127.0.0.1:2/pool");
        assert_eq!(config["redirectUri"], "http://127.0.0.1:4/home");
        assert_eq!(config["logoutUri"], "http://127.0.0.1:4/");
        assert_eq!(config["cognitoDomain"], "http://127.0.0.1:2");
        assert_eq!(config["apiBase"], "http://127.0.0.1:3/api");
        assert_eq!(config["clientId"], "client");
    }

    #[test]
    fn a_missing_build_is_a_reason() {
        let empty = tempfile::tempdir().expect("a temporary directory");
        let reason = locate(Some(empty.path())).expect_err("no index.html");
        assert!(reason.contains("--peer"), "{reason}");
        std::fs::write(empty.path().join("index.html"), "<!doctype html>").expect("written");
        assert_eq!(locate(Some(empty.path())), Ok(empty.path().to_path_buf()));
    }
}
