//! A fetched HTTP response as the checks see it: status, headers and body, with no client
//! type in sight, so every check is a pure function a test can feed by hand.

/// One response, or why there was none.
pub type Outcome = Result<Fetched, String>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub status: u16,
    /// Header names as received; looked up case-insensitively.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Fetched {
    pub fn new(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Self {
        Fetched {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.into(),
        }
    }

    /// The first value of a header, if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Every value of a header (a CSP may be sent twice; each one is enforced).
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// The media type without parameters, lower-cased: `text/html; charset=utf-8` -> `text/html`.
    pub fn media_type(&self) -> Option<String> {
        self.header("content-type").map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn is_html(&self) -> bool {
        self.media_type().as_deref() == Some("text/html")
    }
}

/// `Cache-Control` read as its directives (names lower-cased).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CacheControl {
    pub no_cache: bool,
    pub no_store: bool,
    pub immutable: bool,
    pub max_age: Option<u64>,
}

impl CacheControl {
    pub fn parse(value: &str) -> Self {
        let mut out = CacheControl::default();
        for directive in value.split(',').map(str::trim) {
            let (name, argument) = match directive.split_once('=') {
                Some((name, argument)) => (name.trim(), Some(argument.trim().trim_matches('"'))),
                None => (directive, None),
            };
            match name.to_ascii_lowercase().as_str() {
                "no-cache" => out.no_cache = true,
                "no-store" => out.no_store = true,
                "immutable" => out.immutable = true,
                "max-age" => out.max_age = argument.and_then(|a| a.parse().ok()),
                _ => {}
            }
        }
        out
    }

    /// The browser asks the server before reusing a stored copy (or stores none).
    pub fn revalidates(&self) -> bool {
        self.no_cache || self.no_store || self.max_age == Some(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_case_insensitive_and_media_types_plain() {
        let r = Fetched::new(200, &[("Content-Type", "text/HTML; charset=utf-8")], "x");
        assert_eq!(r.header("content-type"), Some("text/HTML; charset=utf-8"));
        assert_eq!(r.media_type().as_deref(), Some("text/html"));
        assert!(r.is_html());
        assert_eq!(r.header("x-missing"), None);
    }

    #[test]
    fn cache_control_directives() {
        assert!(CacheControl::parse("no-cache").revalidates());
        assert!(CacheControl::parse("max-age=0, must-revalidate").revalidates());
        assert!(CacheControl::parse("No-Store").revalidates());
        assert!(!CacheControl::parse("public, max-age=3600").revalidates());
        let long = CacheControl::parse("public, max-age=31536000, immutable");
        assert!(long.immutable && long.max_age == Some(31_536_000) && !long.revalidates());
        assert_eq!(CacheControl::parse("max-age=\"60\"").max_age, Some(60));
    }
}
