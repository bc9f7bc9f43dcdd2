//! The one POST to Cognito's token endpoint, shared by the code exchange and the refresh grant.

use super::endpoints::token_url;
use crate::config::Config;
use gloo_net::http::Request;

/// Sends a form to `/oauth2/token` and returns the status and body of the answer, or `None`
/// when the endpoint could not be reached (network error, CORS refusal, unreadable body).
pub async fn post_token_form(config: &Config, form: String) -> Option<(u16, String)> {
    let response = Request::post(&token_url(config))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .ok()?
        .send()
        .await
        .ok()?;
    let status = response.status();
    let body = response.text().await.ok()?;
    Some((status, body))
}
