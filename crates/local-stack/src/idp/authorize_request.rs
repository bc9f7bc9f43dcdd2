//! Validation of `/oauth2/authorize` parameters, in the order Cognito checks them.
//!
//! A bad client or redirect URI must never redirect (that would be an open redirect), so those
//! produce an error page; anything else goes back to the registered redirect URI.

use serde::{Deserialize, Serialize};

/// The parameters as received (query string or the sign-in form's hidden fields).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct AuthorizeParams {
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub response_type: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub nonce: Option<String>,
    pub prompt: Option<String>,
    /// A federated provider of the pool, or `COGNITO` for the pool's own users.
    pub identity_provider: Option<String>,
    /// The Hosted UI language, e.g. `de` or `pt-BR`.
    pub lang: Option<String>,
}

/// Cognito's name for the pool's own users as an `identity_provider`.
pub const COGNITO_PROVIDER: &str = "COGNITO";

/// A request that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAuthorize {
    pub redirect_uri: String,
    pub state: Option<String>,
    pub scope: String,
    pub code_challenge: String,
    pub nonce: Option<String>,
    pub prompt: Option<String>,
    /// The federated provider asked for; `None` for the pool's own sign-in.
    pub identity_provider: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorizeError {
    /// Shown as an HTML page; the browser stays on the sign-in server.
    Page {
        error: &'static str,
        message: String,
    },
    /// Sent back to the client: `302 <redirect_uri>?error=...`.
    Redirect {
        redirect_uri: String,
        error: &'static str,
        description: String,
        state: Option<String>,
    },
}

/// Scopes the app client is allowed to ask for.
const ALLOWED_SCOPES: [&str; 5] = [
    "openid",
    "email",
    "phone",
    "profile",
    "aws.cognito.signin.user.admin",
];

/// `providers` are the pool's federated providers the client may name as `identity_provider`.
pub fn validate(
    params: &AuthorizeParams,
    client_id: &str,
    callback_url: &str,
    providers: &[String],
) -> Result<ValidAuthorize, AuthorizeError> {
    if params.client_id.as_deref() != Some(client_id) {
        return Err(AuthorizeError::Page {
            error: "invalid_client",
            message: "Client does not exist (unknown client_id).".into(),
        });
    }
    // Exact match, trailing slash included: the mistake Cognito punishes most often.
    let redirect_uri = match params.redirect_uri.as_deref() {
        Some(uri) if uri == callback_url => uri.to_owned(),
        _ => {
            return Err(AuthorizeError::Page {
                error: "redirect_mismatch",
                message: format!("redirect_mismatch: redirect_uri must be exactly {callback_url}"),
            });
        }
    };
    let state = params.state.clone();
    let refuse = |error: &'static str, description: &str| AuthorizeError::Redirect {
        redirect_uri: redirect_uri.clone(),
        error,
        description: description.to_owned(),
        state: state.clone(),
    };
    match params.response_type.as_deref() {
        Some("code") => {}
        Some("token") => {
            return Err(refuse(
                "unauthorized_client",
                "The implicit grant is not enabled for this client; use response_type=code",
            ));
        }
        _ => return Err(refuse("invalid_request", "response_type must be code")),
    }
    let scope = params.scope.as_deref().unwrap_or("");
    let scopes: Vec<&str> = scope.split_whitespace().collect();
    if !scopes.contains(&"openid") {
        return Err(refuse("invalid_scope", "scope must include openid"));
    }
    if let Some(unknown) = scopes.iter().find(|s| !ALLOWED_SCOPES.contains(s)) {
        return Err(refuse(
            "invalid_scope",
            &format!("scope {unknown} is not allowed for this client"),
        ));
    }
    if params.code_challenge_method.as_deref() != Some("S256") {
        return Err(refuse(
            "invalid_request",
            "code_challenge_method must be S256",
        ));
    }
    let code_challenge = match params.code_challenge.as_deref() {
        Some(challenge) if is_s256_challenge(challenge) => challenge.to_owned(),
        _ => {
            return Err(refuse(
                "invalid_request",
                "code_challenge must be a base64url SHA-256 hash (43 characters)",
            ));
        }
    };
    let identity_provider = match params.identity_provider.as_deref() {
        None | Some(COGNITO_PROVIDER) => None,
        Some(name) if providers.iter().any(|known| known == name) => Some(name.to_owned()),
        Some(name) => {
            return Err(refuse(
                "invalid_request",
                &format!("identity_provider {name} is not enabled for this client"),
            ));
        }
    };
    Ok(ValidAuthorize {
        redirect_uri,
        state,
        scope: scopes.join(" "),
        code_challenge,
        nonce: params.nonce.clone(),
        prompt: params.prompt.clone(),
        identity_provider,
    })
}

fn is_s256_challenge(challenge: &str) -> bool {
    challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIENT: &str = "client";
    const CALLBACK: &str = "http://127.0.0.1:8080/home";

    fn good() -> AuthorizeParams {
        AuthorizeParams {
            client_id: Some(CLIENT.into()),
            redirect_uri: Some(CALLBACK.into()),
            response_type: Some("code".into()),
            scope: Some("openid email profile".into()),
            state: Some("st".into()),
            code_challenge: Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".into()),
            code_challenge_method: Some("S256".into()),
            nonce: Some("n".into()),
            prompt: None,
            identity_provider: None,
            lang: None,
        }
    }

    fn providers() -> Vec<String> {
        vec!["Okta".into()]
    }

    fn error_of(params: AuthorizeParams) -> Option<&'static str> {
        match validate(&params, CLIENT, CALLBACK, &providers()) {
            Ok(_) => None,
            Err(AuthorizeError::Page { error, .. } | AuthorizeError::Redirect { error, .. }) => {
                Some(error)
            }
        }
    }

    #[test]
    fn a_good_request_passes() {
        let valid = validate(&good(), CLIENT, CALLBACK, &providers()).expect("valid");
        assert_eq!(valid.redirect_uri, CALLBACK);
        assert_eq!(valid.nonce.as_deref(), Some("n"));
    }

    #[test]
    fn trailing_slash_is_a_redirect_mismatch_page() {
        let mut params = good();
        params.redirect_uri = Some(format!("{CALLBACK}/"));
        assert!(matches!(
            validate(&params, CLIENT, CALLBACK, &providers()),
            Err(AuthorizeError::Page {
                error: "redirect_mismatch",
                ..
            })
        ));
        let mut params = good();
        params.client_id = Some("other".into());
        assert_eq!(error_of(params), Some("invalid_client"));
    }

    #[test]
    fn redirectable_errors_keep_state() {
        let mut params = good();
        params.code_challenge_method = Some("plain".into());
        match validate(&params, CLIENT, CALLBACK, &providers()) {
            Err(AuthorizeError::Redirect { error, state, .. }) => {
                assert_eq!(error, "invalid_request");
                assert_eq!(state.as_deref(), Some("st"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn identity_provider_must_be_a_federated_provider_or_cognito() {
        let mut p = good();
        p.identity_provider = Some("Okta".into());
        let valid = validate(&p, CLIENT, CALLBACK, &providers()).expect("known provider");
        assert_eq!(valid.identity_provider.as_deref(), Some("Okta"));
        p.identity_provider = Some(COGNITO_PROVIDER.into());
        let valid = validate(&p, CLIENT, CALLBACK, &providers()).expect("the pool itself");
        assert_eq!(valid.identity_provider, None);
        p.identity_provider = Some("okta".into());
        assert_eq!(error_of(p), Some("invalid_request"));
    }

    #[test]
    fn each_rule() {
        let mut p = good();
        p.response_type = Some("token".into());
        assert_eq!(error_of(p), Some("unauthorized_client"));
        let mut p = good();
        p.scope = Some("email".into());
        assert_eq!(error_of(p), Some("invalid_scope"));
        let mut p = good();
        p.scope = Some("openid admin".into());
        assert_eq!(error_of(p), Some("invalid_scope"));
        let mut p = good();
        p.code_challenge = None;
        assert_eq!(error_of(p), Some("invalid_request"));
    }
}
