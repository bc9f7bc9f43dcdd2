//! Delivering a copy of the build exactly as `cargo xtask deliver` does (config.json and CSP from
//! the same code), served by the CDN emulation with the repository's `customHttp.yml`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use city_tasks_config::config::parse_config;
use city_tasks_delivery::custom_http::parse_custom_http;
use city_tasks_delivery::finish::{copy_dir, finish_dist};
use local_stack::{Cdn, Urls};

/// The repository's hosting headers file.
pub fn custom_http_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../customHttp.yml")
}

/// Copies `dist` to `target` and serves it like the CDN (ephemeral port).
pub async fn start_cdn_copy(dist: &Path, target: &Path) -> Result<Cdn> {
    copy_dir(dist, target)?;
    let path = custom_http_path();
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let headers = parse_custom_http(&text)?;
    local_stack::start_cdn(target.to_path_buf(), headers).await
}

/// Finishes the delivered copy for the stack's origins, as the CDN build does from its
/// `CITY_TASKS_*` variables.
pub fn finish_for(site: &Path, urls: &Urls, client_id: &str) -> Result<()> {
    let config = parse_config(&urls.config_json(client_id).to_string())
        .context("the local stack's URLs do not make a valid config")?;
    finish_dist(site, &config).context("finishing the delivered site")
}
