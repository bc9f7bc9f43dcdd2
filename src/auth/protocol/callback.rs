//! Reading the Hosted UI's answer from the callback URL's query into a typed outcome.

use crate::url::parse_query;

/// What came back to `/home`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// No OAuth parameters: an ordinary visit to the landing page.
    None,
    /// The Hosted UI granted a code.
    Code { code: String, state: String },
    /// The Hosted UI refused (`error=access_denied` and friends).
    Error {
        error: String,
        description: Option<String>,
        state: Option<String>,
    },
    /// Parameters that no honest Hosted UI sends: half a response, duplicates or bad escapes.
    Malformed(String),
}

impl Callback {
    /// True when the query holds an OAuth response that must be consumed and stripped.
    pub fn is_response(&self) -> bool {
        !matches!(self, Self::None)
    }
}

/// Parses the query string of the callback URL.
pub fn parse_callback(query: &str) -> Callback {
    let Some(pairs) = parse_query(query) else {
        return Callback::Malformed("The sign-in response could not be read.".into());
    };
    let mut code = None;
    let mut state = None;
    let mut error = None;
    let mut description = None;
    for (key, value) in pairs {
        let slot = match key.as_str() {
            "code" => &mut code,
            "state" => &mut state,
            "error" => &mut error,
            "error_description" => &mut description,
            _ => continue,
        };
        if slot.replace(value).is_some() {
            return Callback::Malformed(format!("The sign-in response repeats \"{key}\"."));
        }
    }
    match (code, state, error) {
        (_, state, Some(error)) => Callback::Error {
            error,
            description: description.filter(|text| !text.trim().is_empty()),
            state,
        },
        (Some(code), Some(state), None) if !code.is_empty() && !state.is_empty() => {
            Callback::Code { code, state }
        }
        (None, None, None) => Callback::None,
        _ => Callback::Malformed("The sign-in response is incomplete.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_code() {
        assert_eq!(
            parse_callback("?code=abc&state=xyz"),
            Callback::Code {
                code: "abc".into(),
                state: "xyz".into()
            }
        );
    }

    #[test]
    fn reads_errors_with_and_without_description() {
        assert_eq!(
            parse_callback("?error=access_denied&error_description=User+cancelled&state=s"),
            Callback::Error {
                error: "access_denied".into(),
                description: Some("User cancelled".into()),
                state: Some("s".into())
            }
        );
        assert_eq!(
            parse_callback("error=server_error"),
            Callback::Error {
                error: "server_error".into(),
                description: None,
                state: None
            }
        );
    }

    #[test]
    fn plain_visits_are_not_responses() {
        assert_eq!(parse_callback(""), Callback::None);
        assert_eq!(parse_callback("?utm_source=mail"), Callback::None);
        assert!(!parse_callback("").is_response());
    }

    #[test]
    fn rejects_half_and_tampered_responses() {
        for query in [
            "?code=abc",
            "?state=xyz",
            "?code=&state=x",
            "?code=a&code=b&state=s",
            "?code=%zz&state=s",
        ] {
            assert!(
                matches!(parse_callback(query), Callback::Malformed(_)),
                "{query}"
            );
        }
    }
}
