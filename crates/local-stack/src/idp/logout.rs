//! `GET /logout`: Cognito's non-standard sign-out that ends the Hosted UI session.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use super::IdpState;
use super::hosted_ui_page::error_page;
use super::session;
use crate::respond::{found, html};

#[derive(Debug, Deserialize)]
pub struct LogoutParams {
    client_id: Option<String>,
    logout_uri: Option<String>,
}

pub async fn logout(
    State(state): State<Arc<IdpState>>,
    headers: HeaderMap,
    Query(params): Query<LogoutParams>,
) -> Response {
    if params.client_id.as_deref() != Some(state.config.client_id.as_str()) {
        return html(
            StatusCode::BAD_REQUEST,
            error_page(
                "invalid_client",
                "Client does not exist (unknown client_id).",
            ),
        );
    }
    // Exactly the registered sign-out URL: anything else would be an open redirect.
    let registered = state.config.sign_out_for(params.logout_uri.as_deref());
    let target = match params.logout_uri.as_deref() {
        Some(uri) if uri == registered => uri.to_owned(),
        _ => {
            let message = format!("redirect_mismatch: logout_uri must be exactly {registered}");
            return html(
                StatusCode::BAD_REQUEST,
                error_page("redirect_mismatch", &message),
            );
        }
    };
    if let Some(id) = session::cookie_value(&headers) {
        state.data().sessions.remove(&id);
    }
    let mut response = found(&target);
    if let Ok(cookie) = HeaderValue::from_str(&session::clear_cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}
