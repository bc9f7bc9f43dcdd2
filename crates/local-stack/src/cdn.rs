//! A stand-in for the static CDN (Amplify Hosting): serves a finished `dist/` exactly as it is
//! (its own `config.json` included), with the `customHttp.yml` headers, the documented SPA
//! rewrite rule and brotli/gzip content encoding, so the delivery can be tested and measured the
//! way it is deployed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use city_tasks_delivery::custom_http::CustomHttp;
use city_tasks_delivery::rewrite::rewrites_to_index;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::compress::{self, Encoding};
use crate::encoded_cache::EncodedCache;
use crate::site::{content_type, safe_relative_path};

/// A running CDN emulation; stop it with [`Cdn::stop`].
pub struct Cdn {
    /// The site's origin, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    state: Arc<CdnState>,
    stop: watch::Sender<bool>,
    server: JoinHandle<()>,
}

struct CdnState {
    dir: PathBuf,
    headers: CustomHttp,
    encoded: Arc<EncodedCache>,
    fallback: Fallback,
}

/// What the host answers for a path that is not a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fallback {
    /// The documented rewrite: extension-less paths get index.html, a missing asset is a 404.
    #[default]
    SpaRewrite,
    /// No rewrite at all: every missing path is a 404 (Amplify without the rule).
    NotFound,
    /// Every 404 becomes index.html with 200, missing scripts included (CloudFront custom
    /// error responses 403/404 -> /index.html): the pitfall `verify-deploy` reports.
    ErrorsToIndex,
}

/// How [`start_cdn_with`] serves.
#[derive(Debug, Clone, Copy, Default)]
pub struct CdnOptions {
    /// 0 asks the OS for a free port.
    pub port: u16,
    pub fallback: Fallback,
}

/// Binds an ephemeral port on 127.0.0.1 and serves `dir` with `headers`. The directory is read
/// per request, so it may be finished (config.json, CSP) after the server starts.
pub async fn start_cdn(dir: PathBuf, headers: CustomHttp) -> anyhow::Result<Cdn> {
    start_cdn_with(dir, headers, CdnOptions::default()).await
}

/// [`start_cdn`] on a chosen port and with a chosen answer for paths that are not files.
pub async fn start_cdn_with(
    dir: PathBuf,
    headers: CustomHttp,
    options: CdnOptions,
) -> anyhow::Result<Cdn> {
    let listener = crate::bind(options.port, "CDN emulation").await?;
    let url = crate::origin(&listener)?;
    let state = Arc::new(CdnState {
        dir,
        headers,
        encoded: Arc::default(),
        fallback: options.fallback,
    });
    let router = Router::new().fallback(serve_path).with_state(state.clone());
    let (stop, stopped) = watch::channel(false);
    let server = crate::serve(listener, router, stopped);
    Ok(Cdn {
        url,
        state,
        stop,
        server,
    })
}

impl Cdn {
    /// Compresses every compressible file now (brotli at quality 11 takes seconds for the
    /// wasm), as a CDN's edge cache would already hold them; call it after the site is
    /// finished so the first measured request is not the one paying for compression.
    pub async fn precompress(&self) -> anyhow::Result<()> {
        self.state.encoded.fill(&self.state.dir).await
    }

    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.server.await;
    }
}

async fn serve_path(
    State(state): State<Arc<CdnState>>,
    method: Method,
    uri: Uri,
    request_headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path();
    let file = match state.fallback {
        Fallback::SpaRewrite if rewrites_to_index(path) => Some(PathBuf::from("index.html")),
        _ => safe_relative_path(path),
    };
    let accept = request_headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok());
    let encoding = compress::negotiate(accept);
    let mut response = match file {
        Some(relative) => read(&state, &relative, encoding).await,
        None => (StatusCode::NOT_FOUND, "Not Found").into_response(),
    };
    if state.fallback == Fallback::ErrorsToIndex && response.status() == StatusCode::NOT_FOUND {
        response = read(&state, Path::new("index.html"), encoding).await;
    }
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

async fn read(state: &CdnState, relative: &Path, encoding: Encoding) -> Response {
    let Ok(bytes) = tokio::fs::read(state.dir.join(relative)).await else {
        return (StatusCode::NOT_FOUND, "Not Found").into_response();
    };
    let bytes = Bytes::from(bytes);
    let compressible = compress::is_compressible(relative);
    let encoded = if compressible {
        let cache = &state.encoded;
        cache.encoded(relative, bytes.clone(), encoding).await
    } else {
        None
    };
    let mut response = match &encoded {
        Some(body) => body.clone().into_response(),
        None => bytes.into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(relative)),
    );
    if compressible {
        // Caches must keep the encodings apart, as CloudFront's compression does.
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    if let Some(coding) = encoded.and(encoding.header()) {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    response
}
