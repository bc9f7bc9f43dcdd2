//! A static host for the built app that behaves like a CDN with an SPA rewrite rule.
//!
//! Extension-less paths (`/home`, `/tasks/edit/3`) get `index.html`; a missing file with an
//! extension (`/missing.js`) is a real 404, which `trunk serve` would hide.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;

struct SiteState {
    dir: PathBuf,
    config_json: Value,
}

pub fn router(dir: PathBuf, config_json: Value) -> Router {
    let state = Arc::new(SiteState { dir, config_json });
    Router::new()
        .route("/config.json", get(config))
        .fallback(file)
        .with_state(state)
}

/// What a request path maps to.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A file relative to the site directory, served only if it exists.
    File(PathBuf),
    /// The SPA rewrite: index.html with 200.
    App,
    /// A path that could only escape the directory.
    Forbidden,
}

fn resolve(path: &str) -> Target {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments
        .iter()
        .any(|s| *s == "." || *s == ".." || s.contains('\\') || s.contains('\0'))
    {
        return Target::Forbidden;
    }
    match segments.last() {
        None => Target::App,
        Some(_) => Target::File(segments.iter().collect()),
    }
}

/// The file a request path names inside the site directory, or `None` for a path that could
/// only escape it.
pub(crate) fn safe_relative_path(path: &str) -> Option<PathBuf> {
    match resolve(path) {
        Target::File(relative) => Some(relative),
        Target::App => Some(PathBuf::from("index.html")),
        Target::Forbidden => None,
    }
}

fn has_extension(relative: &Path) -> bool {
    relative.extension().is_some()
}

async fn config(State(state): State<Arc<SiteState>>) -> Response {
    let mut response = axum::Json(state.config_json.clone()).into_response();
    no_cache(&mut response);
    response
}

async fn file(State(state): State<Arc<SiteState>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    match resolve(uri.path()) {
        Target::Forbidden => StatusCode::NOT_FOUND.into_response(),
        Target::App => index(&state.dir).await,
        Target::File(relative) => {
            let full = state.dir.join(&relative);
            match tokio::fs::read(&full).await {
                Ok(bytes) => {
                    let is_index = relative == Path::new("index.html");
                    let mut response = with_type(bytes, content_type(&relative));
                    if is_index {
                        no_cache(&mut response);
                    }
                    response
                }
                Err(_) if !has_extension(&relative) => index(&state.dir).await,
                Err(_) => (StatusCode::NOT_FOUND, "Not Found").into_response(),
            }
        }
    }
}

async fn index(dir: &Path) -> Response {
    match tokio::fs::read(dir.join("index.html")).await {
        Ok(bytes) => {
            let mut response = with_type(bytes, "text/html; charset=utf-8");
            no_cache(&mut response);
            response
        }
        Err(_) => (
            StatusCode::NOT_FOUND,
            "index.html is missing from the site directory (build the app first)",
        )
            .into_response(),
    }
}

fn with_type(bytes: Vec<u8>, content_type: &'static str) -> Response {
    let mut response = bytes.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// index.html and config.json must be revalidated so a new deployment is picked up at once;
/// the hashed assets they point to can be cached.
fn no_cache(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
}

pub(crate) fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_like_a_cdn_with_spa_rewrite() {
        assert_eq!(resolve("/"), Target::App);
        assert_eq!(resolve("/home"), Target::File(PathBuf::from("home")));
        assert_eq!(resolve("/a/b.js"), Target::File(PathBuf::from("a/b.js")));
        assert_eq!(resolve("/../etc/passwd"), Target::Forbidden);
        assert!(!has_extension(Path::new("tasks/edit/3")));
        assert!(has_extension(Path::new("missing.js")));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("app_bg.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("x.JS")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("site.webmanifest")),
            "application/manifest+json"
        );
    }
}
