//! A stand-in for the static CDN (Amplify Hosting): serves a finished `dist/` exactly as it is
//! (its own `config.json` included), with the `customHttp.yml` headers and the documented SPA
//! rewrite rule, so the delivery can be tested the way it is deployed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use city_tasks_delivery::custom_http::CustomHttp;
use city_tasks_delivery::rewrite::rewrites_to_index;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::site::{content_type, safe_relative_path};

/// A running CDN emulation; stop it with [`Cdn::stop`].
pub struct Cdn {
    /// The site's origin, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    stop: watch::Sender<bool>,
    server: JoinHandle<()>,
}

struct CdnState {
    dir: PathBuf,
    headers: CustomHttp,
}

/// Binds an ephemeral port on 127.0.0.1 and serves `dir` with `headers`. The directory is read
/// per request, so it may be finished (config.json, CSP) after the server starts.
pub async fn start_cdn(dir: PathBuf, headers: CustomHttp) -> anyhow::Result<Cdn> {
    let listener = crate::bind(0, "CDN emulation").await?;
    let url = crate::origin(&listener)?;
    let state = Arc::new(CdnState { dir, headers });
    let router = Router::new().fallback(serve_path).with_state(state);
    let (stop, stopped) = watch::channel(false);
    let server = crate::serve(listener, router, stopped);
    Ok(Cdn { url, stop, server })
}

impl Cdn {
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.server.await;
    }
}

async fn serve_path(State(state): State<Arc<CdnState>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path();
    let file = if rewrites_to_index(path) {
        Some(PathBuf::from("index.html"))
    } else {
        safe_relative_path(path)
    };
    let mut response = match file {
        Some(relative) => read(&state.dir, &relative).await,
        None => (StatusCode::NOT_FOUND, "Not Found").into_response(),
    };
    for (key, value) in state.headers.headers_for(path) {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(key.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

async fn read(dir: &Path, relative: &Path) -> Response {
    match tokio::fs::read(dir.join(relative)).await {
        Ok(bytes) => {
            let mut response = bytes.into_response();
            response.headers_mut().insert(
                axum::http::header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(relative)),
            );
            response
        }
        Err(_) => (StatusCode::NOT_FOUND, "Not Found").into_response(),
    }
}
