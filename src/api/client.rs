//! The one HTTP client for the Tasks API (the interceptor): joins paths to the configured base,
//! sends each request with its bearer (`bearer.rs`), retries reads (`retry.rs`), and aborts
//! calls whose page is gone.

use super::bearer::Bearer;
use super::error::ApiError;
use super::retry::retry_delay;
use crate::auth::AuthContext;
use crate::sleep::sleep;
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Every backend call goes through here.
#[derive(Clone, Copy)]
pub struct ApiClient {
    auth: AuthContext,
}

impl ApiClient {
    pub fn new(auth: AuthContext) -> Self {
        Self { auth }
    }

    /// The absolute URL of an API path such as `tasks` or `task/3`.
    pub fn url(&self, path: &str) -> String {
        format!(
            "{}/{}",
            self.auth.config().api_base_url,
            path.trim_start_matches('/')
        )
    }

    /// GETs a path and decodes the JSON answer.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let body = self.send(Method::GET, path, None).await?;
        decode(&body)
    }

    /// Sends `body` as JSON with `method` (POST or PUT) and decodes the JSON answer.
    pub async fn send_json<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        let json = serde_json::to_string(body).map_err(|_| ApiError::Unreadable)?;
        let answer = self.send(method, path, Some(json)).await?;
        decode(&answer)
    }

    /// DELETEs a path; any success status will do.
    pub async fn delete(&self, path: &str) -> Result<(), ApiError> {
        self.send(Method::DELETE, path, None).await.map(drop)
    }

    /// Sends a request and returns the body of a successful answer. The bearer (the token
    /// `apiToken` names) goes only to URLs under the API base and is renewed before it expires;
    /// a 401 renews it once and retries once; reads retry transient failures (see `retry`).
    /// Other refusals (an authorizer's 403 `{"message"}`, a 429 quota) are returned with the
    /// server's message and leave the session alone.
    async fn send(
        &self,
        method: Method,
        path: &str,
        json: Option<String>,
    ) -> Result<String, ApiError> {
        let url = self.url(path);
        let idempotent = method == Method::GET;
        let abort = abort_on_cleanup();
        let mut bearer = Bearer::for_url(self.auth, &url).await?;
        let mut attempt = 0;
        loop {
            let outcome =
                send_once(method.clone(), &url, &bearer, json.clone(), abort.as_ref()).await;
            if abort.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
                // The page that asked is gone; nobody is waiting for an answer.
                return Err(ApiError::Unreachable);
            }
            match outcome {
                Err(ApiError::Unauthorized) => bearer.after_unauthorized().await?,
                Err(error) => match retry_delay(idempotent, &error, attempt) {
                    Some(delay) => {
                        attempt += 1;
                        sleep(delay).await;
                    }
                    None => return Err(error),
                },
                Ok(body) => return Ok(body),
            }
        }
    }
}

/// One HTTP exchange.
async fn send_once(
    method: Method,
    url: &str,
    bearer: &Bearer,
    json: Option<String>,
    abort: Option<&web_sys::AbortSignal>,
) -> Result<String, ApiError> {
    let builder = bearer.apply(
        RequestBuilder::new(url)
            .method(method)
            .header("Accept", "application/json")
            .abort_signal(abort),
    );
    let request = match json {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Unreachable)?;
    let response = request.send().await.map_err(|_| ApiError::Unreachable)?;
    let status = response.status();
    let body = response.text().await.map_err(|_| ApiError::Unreachable)?;
    if (200..300).contains(&status) {
        Ok(body)
    } else {
        Err(ApiError::from_response(status, &body))
    }
}

/// An abort signal tied to the current reactive owner: when the page or resource that started
/// the call is cleaned up (the user navigated away), the request is cancelled.
fn abort_on_cleanup() -> Option<web_sys::AbortSignal> {
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    let controller = SendWrapper::new(controller);
    on_cleanup(move || controller.abort());
    Some(signal)
}

fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|_| ApiError::Unreadable)
}
