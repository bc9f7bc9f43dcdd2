//! The bearer on Tasks API requests: `Authorization: Bearer <token>` is added here, only to URLs
//! under the configured API base (never to the sign-in service or anyone else), with the token
//! the session hands out (refreshed first when due, see `auth/session/api_token.rs`), and
//! renewed once after a 401.

use super::error::ApiError;
use crate::auth::{AuthContext, SignedOutReason, TokenUnavailable};
use crate::url::parse_http_url;
use gloo_net::http::RequestBuilder;

/// The bearer one request carries, from its first attempt to the one renewal a 401 allows.
pub struct Bearer {
    auth: AuthContext,
    /// `None` for a URL outside the API base: no token goes there.
    token: Option<String>,
    renewed: bool,
}

/// What a 401 calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnUnauthorized {
    /// Renew the bearer and send the request again.
    Renew,
    /// The session is not accepted: end it.
    EndSession,
}

/// A 401 renews the bearer once; a second one, or one for a request that carried none, means
/// the API does not accept this session.
pub fn on_unauthorized(carries_bearer: bool, renewed: bool) -> OnUnauthorized {
    if carries_bearer && !renewed {
        OnUnauthorized::Renew
    } else {
        OnUnauthorized::EndSession
    }
}

impl Bearer {
    /// The bearer for `url`: the session's token under the API base, none elsewhere.
    pub async fn for_url(auth: AuthContext, url: &str) -> Result<Self, ApiError> {
        let token = match is_under_api_base(&auth.config().api_base_url, url) {
            true => Some(auth.api_token().await.map_err(token_error)?),
            false => None,
        };
        Ok(Self {
            auth,
            token,
            renewed: false,
        })
    }

    /// Adds `Authorization: Bearer` when this request carries a bearer.
    pub fn apply(&self, builder: RequestBuilder) -> RequestBuilder {
        match &self.token {
            Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
            None => builder,
        }
    }

    /// After a 401: `Ok` once the bearer is renewed and the request may go again, or the error
    /// that stands.
    pub async fn after_unauthorized(&mut self) -> Result<(), ApiError> {
        match on_unauthorized(self.token.is_some(), self.renewed) {
            OnUnauthorized::Renew => {
                self.renewed = true;
                let token = self.auth.renew_after_rejection().await;
                self.token = Some(token.map_err(token_error)?);
                Ok(())
            }
            OnUnauthorized::EndSession => {
                self.auth.end_session(SignedOutReason::Expired);
                Err(ApiError::Unauthorized)
            }
        }
    }
}

fn token_error(problem: TokenUnavailable) -> ApiError {
    match problem {
        TokenUnavailable::SessionEnded => ApiError::Unauthorized,
        TokenUnavailable::Unreachable => ApiError::Unreachable,
    }
}

/// True when `url` has the same origin as `api_base` and its path lies under the base path
/// on a segment boundary (`/api` covers `/api/tasks`, not `/apiary`). URLs with dot segments
/// are refused: the browser would normalise them to somewhere else; so are backslashes, `%5C`
/// and control characters (`parse_http_url` refuses those), which a browser or server may read
/// as `/` or drop, making a dot segment out of what did not look like one.
pub fn is_under_api_base(api_base: &str, url: &str) -> bool {
    let (Some(base), Some(target)) = (parse_http_url(api_base), parse_http_url(url)) else {
        return false;
    };
    if base.origin() != target.origin() || has_unsafe_segment(&target.path) {
        return false;
    }
    let prefix = base.path.trim_end_matches('/');
    prefix.is_empty()
        || target.path == prefix
        || target
            .path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// A dot segment (the browser would normalise it to somewhere else) or an encoded slash (a
/// server that decodes before it normalises would): the path may not be where it says.
fn has_unsafe_segment(path: &str) -> bool {
    path.split('/').any(|segment| {
        let lower = segment.to_ascii_lowercase();
        let dots = lower.replace("%2e", ".");
        dots == "." || dots == ".." || lower.contains("%2f")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_401_renews_the_bearer_once() {
        assert_eq!(on_unauthorized(true, false), OnUnauthorized::Renew);
        assert_eq!(on_unauthorized(true, true), OnUnauthorized::EndSession);
        assert_eq!(on_unauthorized(false, false), OnUnauthorized::EndSession);
    }

    const BASE: &str = "https://api.example.com/api";

    #[test]
    fn accepts_paths_under_the_base() {
        assert!(is_under_api_base(BASE, "https://api.example.com/api/tasks"));
        assert!(is_under_api_base(
            BASE,
            "https://api.example.com/api/task/3?x=1"
        ));
        assert!(is_under_api_base(BASE, "https://API.example.com:443/api"));
        assert!(is_under_api_base(
            "https://api.example.com",
            "https://api.example.com/x"
        ));
    }

    #[test]
    fn refuses_other_origins_and_look_alikes() {
        for url in [
            "https://api.example.com.evil.io/api/tasks",
            "https://evil.io/api/tasks",
            "http://api.example.com/api/tasks",
            "https://api.example.com:8443/api/tasks",
            "https://city.auth.eu-west-1.amazoncognito.com/oauth2/userInfo",
            "https://user@api.example.com/api/tasks",
            "/api/tasks",
        ] {
            assert!(!is_under_api_base(BASE, url), "{url}");
        }
    }

    #[test]
    fn refuses_paths_outside_the_prefix() {
        assert!(!is_under_api_base(BASE, "https://api.example.com/apiary"));
        assert!(!is_under_api_base(BASE, "https://api.example.com/admin"));
        assert!(!is_under_api_base(
            BASE,
            "https://api.example.com/api/../admin"
        ));
        assert!(!is_under_api_base(
            BASE,
            "https://api.example.com/api/%2E%2E/admin"
        ));
        for encoded_slash in [
            "https://api.example.com/api/..%2fadmin",
            "https://api.example.com/api/x%2F..%2F..%2Fadmin",
        ] {
            assert!(!is_under_api_base(BASE, encoded_slash), "{encoded_slash}");
        }
    }

    #[test]
    fn refuses_backslashes_encoded_backslashes_and_control_characters() {
        // A browser reads `\` as `/` and drops tabs and newlines: each of these is really
        // https://api.example.com/admin (or another host), outside the base.
        for url in [
            "https://api.example.com\\@evil.io/api/tasks",
            "https://api.example.com/api/x\\..\\..\\admin",
            "https://api.example.com/api/x%5c..%5c..%5cadmin",
            "https://api.example.com/api/x%5C..%5C..%5Cadmin",
            "https://api.example.com/api/.\t./admin",
            "https://api.example.com/api/\n../admin",
            "https://api.example.com/api/.\r\n./admin",
            "https://api.example.com/api/tasks\u{0}",
        ] {
            assert!(!is_under_api_base(BASE, url), "{url:?}");
        }
    }

    #[test]
    fn versioned_base() {
        let v1 = "https://api.example.com/api/v1";
        assert!(is_under_api_base(
            v1,
            "https://api.example.com/api/v1/tasks"
        ));
        assert!(!is_under_api_base(v1, "https://api.example.com/api/tasks"));
    }
}
