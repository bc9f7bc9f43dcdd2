//! `/oauth2/authorize`: the sign-in form, the credential check and the code redirect.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use super::IdpState;
use super::authorize_request::{AuthorizeError, AuthorizeParams, ValidAuthorize, validate};
use super::grants::{CODE_TTL_MS, CodeGrant, SignIn};
use super::hosted_ui_page::{error_page, sign_in_page};
use super::session::{self, SESSION_TTL_MS, Session};
use crate::clock;
use crate::random;
use crate::respond::{found, html, with_query};

/// The posted sign-in form: credentials plus the authorize parameters from hidden fields.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    username: Option<String>,
    password: Option<String>,
    #[serde(flatten)]
    params: AuthorizeParams,
}

/// GET: validate, then either reuse the Hosted UI session or show the form.
pub async fn show(
    State(state): State<Arc<IdpState>>,
    headers: HeaderMap,
    Query(params): Query<AuthorizeParams>,
) -> Response {
    state.data().last_authorize = Some(params.clone());
    let valid = match validate(
        &params,
        &state.config.client_id,
        state.config.callback_for(params.redirect_uri.as_deref()),
        &state.providers,
    ) {
        Ok(valid) => valid,
        Err(error) => return refuse(error),
    };
    let prompt = valid.prompt.as_deref().unwrap_or("");
    // A request naming a provider goes to that provider unless the session came from it.
    if prompt != "login"
        && let Some(session) = current_session(&state, &headers)
        && (valid.identity_provider.is_none() || valid.identity_provider == session.provider)
    {
        return redirect_with_code(&state, &valid, &session.username, session.auth_time, None);
    }
    if prompt == "none" {
        return refuse(AuthorizeError::Redirect {
            redirect_uri: valid.redirect_uri,
            error: "login_required",
            description: "The user is not signed in".into(),
            state: valid.state,
        });
    }
    html(StatusCode::OK, sign_in_page(&params, "", None))
}

/// POST of the form (to `/login` or `/oauth2/authorize`).
pub async fn sign_in(State(state): State<Arc<IdpState>>, Form(form): Form<SignInForm>) -> Response {
    // The hidden fields came back from the browser: check them again.
    let valid = match validate(
        &form.params,
        &state.config.client_id,
        state
            .config
            .callback_for(form.params.redirect_uri.as_deref()),
        &state.providers,
    ) {
        Ok(valid) => valid,
        Err(error) => return refuse(error),
    };
    let username = form.username.unwrap_or_default();
    let password = form.password.unwrap_or_default();
    // Each provider has its own users: a pool user cannot sign in on Okta's form, nor the reverse.
    let known = state
        .user_of(valid.identity_provider.as_deref(), username.trim())
        .filter(|u| u.user.password == password);
    let Some(user) = known else {
        let page = sign_in_page(
            &form.params,
            &username,
            Some("Incorrect username or password."),
        );
        return html(StatusCode::OK, page);
    };
    let now_ms = clock::now_ms();
    let session_id = random::token(32);
    let username = user.pool_username.clone();
    let provider = user.provider.clone();
    let auth_time = now_ms / 1000;
    state.data().sessions.insert(
        session_id.clone(),
        Session {
            username: username.clone(),
            provider,
            auth_time,
            expires_at_ms: now_ms + SESSION_TTL_MS,
        },
    );
    redirect_with_code(&state, &valid, &username, auth_time, Some(&session_id))
}

fn current_session(state: &IdpState, headers: &HeaderMap) -> Option<Session> {
    let id = session::cookie_value(headers)?;
    let now_ms = clock::now_ms();
    let mut data = state.data();
    let session = data.sessions.get(&id)?.clone();
    if session.expires_at_ms <= now_ms {
        data.sessions.remove(&id);
        return None;
    }
    Some(session)
}

fn redirect_with_code(
    state: &IdpState,
    valid: &ValidAuthorize,
    username: &str,
    auth_time: u64,
    new_session: Option<&str>,
) -> Response {
    let code = random::uuid();
    state.data().codes.insert(
        code.clone(),
        CodeGrant {
            sign_in: SignIn {
                username: username.to_owned(),
                auth_time,
                scope: valid.scope.clone(),
                origin_jti: random::uuid(),
            },
            redirect_uri: valid.redirect_uri.clone(),
            code_challenge: valid.code_challenge.clone(),
            nonce: valid.nonce.clone(),
            expires_at_ms: clock::now_ms() + CODE_TTL_MS,
        },
    );
    let mut query = vec![("code", code.as_str())];
    if let Some(st) = valid.state.as_deref() {
        query.push(("state", st));
    }
    let callback = with_query(&valid.redirect_uri, &query);
    state.data().last_callback = Some(callback.clone());
    let mut response = found(&callback);
    if let Some(id) = new_session
        && let Ok(cookie) = HeaderValue::from_str(&session::set_cookie(id))
    {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

fn refuse(error: AuthorizeError) -> Response {
    match error {
        AuthorizeError::Page { error, message } => {
            html(StatusCode::BAD_REQUEST, error_page(error, &message))
        }
        AuthorizeError::Redirect {
            redirect_uri,
            error,
            description,
            state,
        } => {
            let mut query = vec![
                ("error", error),
                ("error_description", description.as_str()),
            ];
            if let Some(st) = state.as_deref() {
                query.push(("state", st));
            }
            found(&with_query(&redirect_uri, &query))
        }
    }
}
