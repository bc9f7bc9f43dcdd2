//! The HTML of the local Hosted UI: the sign-in form and the error page.
//!
//! Field names and ids match Cognito's classic Hosted UI so browser tests written against the
//! real thing work here too.

use super::authorize_request::{AuthorizeParams, COGNITO_PROVIDER};
use crate::respond::escape_html;

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}\
main{max-width:22rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;\
box-shadow:0 1px 4px rgba(0,0,0,.15)}h1{font-size:1.3rem;margin-top:0}\
label{display:block;margin:.8rem 0 .3rem}input[type=text],input[type=password]{width:100%;\
box-sizing:border-box;padding:.5rem;font-size:1rem}\
input[type=submit]{margin-top:1.2rem;width:100%;padding:.6rem;font-size:1rem;background:#1565c0;\
color:#fff;border:0;border-radius:4px;cursor:pointer}\
.error{color:#b00020;background:#fdecea;padding:.6rem;border-radius:4px}\
.hint{color:#555;font-size:.85rem;margin-top:1.2rem}";

/// The sign-in form. `error` is shown above the fields; `username` is kept as typed. With
/// `identity_provider`, it stands in for that provider's own sign-in page and says so.
pub fn sign_in_page(params: &AuthorizeParams, username: &str, error: Option<&str>) -> String {
    let provider = params
        .identity_provider
        .as_deref()
        .filter(|name| *name != COGNITO_PROVIDER);
    let heading = match provider {
        Some(name) => format!(
            r#"Sign in with your <span id="identityProvider" data-provider="{name}">{name}</span> account"#,
            name = escape_html(name)
        ),
        None => "Sign in with your username and password".to_owned(),
    };
    let lang = params
        .lang
        .as_deref()
        .filter(|lang| {
            !lang.is_empty() && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .unwrap_or("en");
    let hidden: String = hidden_fields(params)
        .into_iter()
        .map(|(name, value)| {
            format!(
                r#"<input type="hidden" name="{name}" value="{}">"#,
                escape_html(value)
            )
        })
        .collect();
    let error_html = error
        .map(|message| {
            format!(
                r#"<p class="error" id="loginErrorMessage" role="alert">{}</p>"#,
                escape_html(message)
            )
        })
        .unwrap_or_default();
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Signin</title><link rel="icon" href="data:,"><style>{STYLE}</style></head>
<body><main>
<h1>{heading}</h1>
{error_html}
<form name="cognitoSignInForm" method="post" action="/login">
{hidden}
<label for="signInFormUsername">Username</label>
<input id="signInFormUsername" name="username" type="text" autocapitalize="none" autocomplete="username" required value="{username}">
<label for="signInFormPassword">Password</label>
<input id="signInFormPassword" name="password" type="password" autocomplete="current-password" required>
<input name="signInSubmitButton" type="submit" value="Sign in">
</form>
<p class="hint">Local sign-in server (a stand-in for Amazon Cognito).</p>
</main></body></html>
"#,
        username = escape_html(username),
    )
}

/// Cognito's own error page: shown when redirecting back would be unsafe.
pub fn error_page(error: &str, message: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Error</title><link rel="icon" href="data:,"><style>{STYLE}</style></head>
<body><main><h1>An error was encountered with the requested page.</h1>
<p class="error" id="errorCode" data-error="{error}">{message}</p></main></body></html>
"#,
        error = escape_html(error),
        message = escape_html(message),
    )
}

fn hidden_fields(params: &AuthorizeParams) -> Vec<(&'static str, &str)> {
    [
        ("client_id", &params.client_id),
        ("redirect_uri", &params.redirect_uri),
        ("response_type", &params.response_type),
        ("scope", &params.scope),
        ("state", &params.state),
        ("code_challenge", &params.code_challenge),
        ("code_challenge_method", &params.code_challenge_method),
        ("nonce", &params.nonce),
        ("identity_provider", &params.identity_provider),
        ("lang", &params.lang),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.as_deref().map(|v| (name, v)))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_has_cognito_field_ids_and_escapes_values() {
        let params = AuthorizeParams {
            state: Some(r#""><script>"#.into()),
            ..AuthorizeParams::default()
        };
        let page = sign_in_page(&params, "de<mo", Some("Incorrect username or password."));
        assert!(page.contains(r#"id="signInFormUsername""#));
        assert!(page.contains(r#"id="signInFormPassword""#));
        assert!(page.contains(r#"name="signInSubmitButton""#));
        assert!(page.contains("Incorrect username or password."));
        assert!(page.contains("de&lt;mo"));
        assert!(!page.contains("<script>"));
        assert!(page.contains("Sign in with your username and password"));
        assert!(!page.contains("identityProvider"));
    }

    #[test]
    fn a_provider_form_names_the_provider_and_keeps_it_and_the_language() {
        let params = AuthorizeParams {
            identity_provider: Some("Okta".into()),
            lang: Some("pt-BR".into()),
            ..AuthorizeParams::default()
        };
        let page = sign_in_page(&params, "", None);
        assert!(page.contains(r#"data-provider="Okta""#));
        assert!(page.contains("Sign in with your"));
        assert!(page.contains(r#"name="identity_provider" value="Okta""#));
        assert!(page.contains(r#"name="lang" value="pt-BR""#));
        assert!(page.contains(r#"<html lang="pt-BR">"#));
        let odd = AuthorizeParams {
            lang: Some(r#"x"><script>"#.into()),
            ..AuthorizeParams::default()
        };
        assert!(sign_in_page(&odd, "", None).contains(r#"<html lang="en">"#));
    }
}
