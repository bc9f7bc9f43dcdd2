//! The one HTTP client for the Tasks API (the interceptor): joins paths to the configured base
//! and adds `Authorization: Bearer` only to URLs under that base.

use super::error::ApiError;
use super::url_match::is_under_api_base;
use crate::auth::AuthContext;
use gloo_net::http::{Method, RequestBuilder};
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
        let body = self.send(Method::GET, &self.url(path), None).await?;
        serde_json::from_str(&body).map_err(|_| ApiError::Unreadable)
    }

    /// Sends a request, attaching the bearer only when the URL is under the API base, and
    /// returns the body of a successful answer.
    async fn send(
        &self,
        method: Method,
        url: &str,
        json: Option<String>,
    ) -> Result<String, ApiError> {
        let mut builder = RequestBuilder::new(url)
            .method(method)
            .header("Accept", "application/json");
        if is_under_api_base(&self.auth.config().api_base_url, url) {
            let Some(token) = self.auth.access_token() else {
                self.auth.end_session();
                return Err(ApiError::Unauthorized);
            };
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
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
            return Ok(body);
        }
        let error = ApiError::from_response(status, &body);
        if error == ApiError::Unauthorized {
            self.auth.end_session();
        }
        Err(error)
    }
}
