//! A static host for the built app that behaves like a CDN with an SPA rewrite rule.
//!
//! Files come from tower-http's `ServeDir`; only the rewrite is written here: extension-less
//! paths (`/home`, `/tasks/edit/3`) get `index.html`, a missing file with an extension
//! (`/missing.js`) is a real 404, which `trunk serve` would hide.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::handler::Handler;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;
use tower_http::services::ServeDir;

struct SiteState {
    dir: PathBuf,
    config_json: Value,
}

pub fn router(dir: PathBuf, config_json: Value) -> Router {
    let state = Arc::new(SiteState { dir, config_json });
    // A directory is not a file either: it gets the rewrite, not a listing or a redirect.
    let files = ServeDir::new(&state.dir)
        .append_index_html_on_directories(false)
        .fallback(spa_rewrite.with_state(state.clone()));
    Router::new()
        .route("/config.json", get(config))
        // index.html is the app shell wherever it is served: never cached unrevalidated.
        .route("/", get(app_shell))
        .route("/index.html", get(app_shell))
        .fallback_service(files)
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

async fn app_shell(State(state): State<Arc<SiteState>>) -> Response {
    index(&state.dir).await
}

/// What `ServeDir` found no file for (GET and HEAD only; it answers other methods with 405).
async fn spa_rewrite(State(state): State<Arc<SiteState>>, uri: Uri) -> Response {
    match resolve(uri.path()) {
        Target::App => index(&state.dir).await,
        Target::File(relative) if !has_extension(&relative) => index(&state.dir).await,
        Target::File(_) | Target::Forbidden => (StatusCode::NOT_FOUND, "Not Found").into_response(),
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

/// The Content-Type the CDN emulation sends for `path` (the plain site's come from `ServeDir`).
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
    use axum::body::Body;
    use axum::extract::Request;
    use axum::http::Method;

    use super::*;
    use crate::test_http::{header_of, send};

    async fn answer(router: &Router, method: Method, path: &str) -> Response {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .body(Body::empty())
            .unwrap_or_default();
        send(router.clone(), request).await
    }

    #[tokio::test]
    async fn files_the_rewrite_and_real_404s() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join("index.html"), "<!DOCTYPE html>")?;
        std::fs::write(dir.path().join("app.js"), "console.log(1)")?;
        std::fs::create_dir(dir.path().join("assets"))?;
        let site = router(dir.path().to_path_buf(), serde_json::json!({}));

        let js = answer(&site, Method::GET, "/app.js").await;
        assert_eq!(js.status(), StatusCode::OK);
        assert!(header_of(&js, header::CONTENT_TYPE).contains("javascript"));
        for path in ["/", "/index.html", "/tasks/edit/3", "/assets"] {
            let shell = answer(&site, Method::GET, path).await;
            assert_eq!(shell.status(), StatusCode::OK, "{path}");
            assert_eq!(
                header_of(&shell, header::CACHE_CONTROL),
                "no-cache",
                "{path}"
            );
            assert!(header_of(&shell, header::CONTENT_TYPE).starts_with("text/html"));
        }
        let missing = answer(&site, Method::GET, "/missing.js").await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        let post = answer(&site, Method::POST, "/app.js").await;
        assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
        Ok(())
    }

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
