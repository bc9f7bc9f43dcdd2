//! Amplify's `customHttp.yml` (custom response headers by path pattern): parsed, and applied
//! the way the local CDN emulation serves them.

use serde::Deserialize;

/// The file's shape: `customHeaders: [{pattern, headers: [{key, value}]}]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomHttp {
    #[serde(rename = "customHeaders")]
    pub custom_headers: Vec<HeaderRule>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderRule {
    pub pattern: String,
    pub headers: Vec<Header>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub key: String,
    pub value: String,
}

#[derive(Debug, thiserror::Error)]
#[error("customHttp.yml is not valid: {0}")]
pub struct CustomHttpError(String);

pub fn parse_custom_http(text: &str) -> Result<CustomHttp, CustomHttpError> {
    let parsed: CustomHttp =
        serde_norway::from_str(text).map_err(|error| CustomHttpError(error.to_string()))?;
    for rule in &parsed.custom_headers {
        if rule.pattern.is_empty() || rule.headers.iter().any(|h| h.key.trim().is_empty()) {
            return Err(CustomHttpError(format!(
                "empty pattern or key near {:?}",
                rule.pattern
            )));
        }
    }
    Ok(parsed)
}

impl CustomHttp {
    /// The headers for a request path. Rules apply in file order and a later rule's value for
    /// the same key replaces an earlier one, so the file lists the catch-all first and the
    /// specific asset rules after it.
    pub fn headers_for(&self, path: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for rule in self
            .custom_headers
            .iter()
            .filter(|rule| glob_matches(&rule.pattern, path))
        {
            for header in &rule.headers {
                out.retain(|(key, _)| !key.eq_ignore_ascii_case(&header.key));
                out.push((header.key.clone(), header.value.clone()));
            }
        }
        out
    }
}

/// Glob match of a request path: `**` spans directories, `*` stays within one segment. A
/// pattern without a leading `/` is matched against the path without it.
pub fn glob_matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_start_matches('/');
    let path = path.trim_start_matches('/');
    matches_from(pattern.as_bytes(), path.as_bytes())
}

fn matches_from(pattern: &[u8], text: &[u8]) -> bool {
    match pattern {
        [] => text.is_empty(),
        [b'*', b'*', b'/', rest @ ..] => {
            // Zero or more whole directories.
            matches_from(rest, text)
                || text
                    .iter()
                    .enumerate()
                    .any(|(i, byte)| *byte == b'/' && matches_from(rest, &text[i + 1..]))
        }
        [b'*', b'*', rest @ ..] => (0..=text.len()).any(|i| matches_from(rest, &text[i..])),
        [b'*', rest @ ..] => (0..=text.len())
            .take_while(|&i| i == 0 || text[i - 1] != b'/')
            .any(|i| matches_from(rest, &text[i..])),
        [first, rest @ ..] => text.first() == Some(first) && matches_from(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_matches("**/*", "/index.html"));
        assert!(glob_matches("**/*", "/tasks/edit/3"));
        assert!(glob_matches("**/*.wasm", "/city-tasks-abc_bg.wasm"));
        assert!(glob_matches("**/*.wasm", "/deep/x.wasm"));
        assert!(glob_matches("/index.html", "/index.html"));
        assert!(glob_matches("*.json", "/config.json"));
        assert!(!glob_matches("*.json", "/a/config.json"));
        assert!(!glob_matches("/index.html", "/home"));
        assert!(glob_matches("/city-tasks-*.js", "/city-tasks-0a1b.js"));
        assert!(!glob_matches("/city-tasks-*.js", "/boot.js"));
    }

    #[test]
    fn later_rules_replace_earlier_values_per_key() {
        let file = parse_custom_http(
            "customHeaders:\n  - pattern: '**/*'\n    headers:\n      - key: Cache-Control\n        value: no-cache\n      - key: X-Content-Type-Options\n        value: nosniff\n  - pattern: '**/*.wasm'\n    headers:\n      - key: cache-control\n        value: immutable\n",
        )
        .expect("valid");
        let wasm = file.headers_for("/a.wasm");
        assert_eq!(wasm.len(), 2);
        assert!(wasm.contains(&("cache-control".into(), "immutable".into())));
        let page = file.headers_for("/home");
        assert!(page.contains(&("Cache-Control".into(), "no-cache".into())));
    }

    #[test]
    fn rejects_slips() {
        assert!(
            parse_custom_http("customHeaders:\n  - pattern: '**/*'\n    header: []\n").is_err()
        );
        assert!(parse_custom_http("customHeaders: [").is_err());
        assert!(parse_custom_http("customHeaders:\n  - pattern: ''\n    headers: []\n").is_err());
    }
}
