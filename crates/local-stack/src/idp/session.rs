//! The Hosted UI session cookie: lets a returning browser sign in without the form until
//! `/logout`, as Cognito's does.

use axum::http::{HeaderMap, header};

pub const COOKIE_NAME: &str = "cognito";

/// Cognito's Hosted UI session lasts about an hour.
pub const SESSION_TTL_MS: u64 = 3600 * 1000;

#[derive(Debug, Clone)]
pub struct Session {
    /// The pool's name for the user (`cognito:username`).
    pub username: String,
    /// The federated provider the user signed in through, if any.
    pub provider: Option<String>,
    /// Seconds: when the user typed their password.
    pub auth_time: u64,
    pub expires_at_ms: u64,
}

/// The session id in the request's cookies, if any.
pub fn cookie_value(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

pub fn set_cookie(session_id: &str) -> String {
    format!(
        "{COOKIE_NAME}={session_id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}",
        SESSION_TTL_MS / 1000
    )
}

pub fn clear_cookie() -> String {
    format!("{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn finds_the_session_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; cognito=abc ; b=2"),
        );
        assert_eq!(cookie_value(&headers), Some("abc".to_owned()));
        headers.insert(header::COOKIE, HeaderValue::from_static("cognito="));
        assert_eq!(cookie_value(&headers), None);
    }
}
