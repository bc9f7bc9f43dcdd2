//! Pure helpers for the few URL jobs the app has: percent-encoding, query strings and
//! splitting an absolute http(s) URL into origin and path, without pulling a URL crate into the wasm.

/// The parts of an absolute `http`/`https` URL that origin and prefix checks need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl {
    /// Lower-cased scheme, `http` or `https`.
    pub scheme: String,
    /// Lower-cased `host[:port]`, with a default port removed so `https://a` equals `https://a:443`.
    pub authority: String,
    /// The path, always starting with `/`, without query or fragment.
    pub path: String,
}

impl HttpUrl {
    /// `scheme://authority`, the browser's notion of an origin.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }

    /// True for `localhost` and loopback addresses, where plain http is allowed.
    pub fn is_loopback(&self) -> bool {
        let host = match self.authority.rsplit_once(':') {
            Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
            _ => self.authority.as_str(),
        };
        let ipv4_loopback =
            host.starts_with("127.") && host.chars().all(|c| c.is_ascii_digit() || c == '.');
        host == "localhost" || host == "[::1]" || ipv4_loopback
    }
}

/// Parses an absolute http(s) URL. Returns `None` for anything else, including URLs with
/// credentials (`user@host`), which have no business in this app's configuration, and URLs a
/// browser would read differently from their text: it takes `\` for `/` and drops tabs and
/// newlines, so `https://api.example.com/api/x\..\..\admin` is really `/admin`. A `%5C` in
/// the path is refused too, for servers that decode it before normalising.
pub fn parse_http_url(input: &str) -> Option<HttpUrl> {
    if input.contains('\\') || input.contains(char::is_control) {
        return None;
    }
    let (scheme, rest) = input.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at_checked(end)?;
    if authority.is_empty() || authority.contains('@') || authority.contains(char::is_whitespace) {
        return None;
    }
    let mut authority = authority.to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    if let Some(stripped) = authority.strip_suffix(default_port) {
        authority = stripped.to_string();
    }
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    let path = match tail.get(..path_end)? {
        "" => "/".to_string(),
        path if path.to_ascii_lowercase().contains("%5c") => return None,
        path => path.to_string(),
    };
    Some(HttpUrl {
        scheme,
        authority,
        path,
    })
}

/// Percent-encodes everything but RFC 3986 unreserved characters, for query values and
/// `application/x-www-form-urlencoded` bodies alike.
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Decodes a query or form component (`+` is a space). `None` when the escapes are malformed
/// or the result is not UTF-8: a tampered URL is rejected, not guessed at.
pub fn decode_component(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                // Two hex digits exactly: `u8::from_str_radix` would also take `+1`.
                let high = hex_digit(*bytes.get(i + 1)?)?;
                let low = hex_digit(*bytes.get(i + 2)?)?;
                out.push(high << 4 | low);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn hex_digit(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Builds `a=1&b=2` from pairs, encoding each side.
pub fn build_query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(key, value)| format!("{}={}", encode_component(key), encode_component(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Splits a query string (with or without the leading `?`) into decoded pairs.
/// `None` when any component is malformed.
pub fn parse_query(query: &str) -> Option<Vec<(String, String)>> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            Some((decode_component(key)?, decode_component(value)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_origin_and_path() {
        let url = parse_http_url("HTTPS://Api.Example.com:443/api/tasks?x=1#f").expect("valid");
        assert_eq!(url.origin(), "https://api.example.com");
        assert_eq!(url.path, "/api/tasks");
        let bare = parse_http_url("http://127.0.0.1:9001").expect("valid");
        assert_eq!(bare.path, "/");
        assert_eq!(bare.authority, "127.0.0.1:9001");
        assert!(bare.is_loopback());
    }

    #[test]
    fn rejects_non_http_and_credentials() {
        assert!(parse_http_url("javascript:alert(1)").is_none());
        assert!(parse_http_url("ftp://example.com/").is_none());
        assert!(parse_http_url("https://user@evil.io/").is_none());
        assert!(parse_http_url("https:///path").is_none());
        assert!(parse_http_url("/relative").is_none());
    }

    #[test]
    fn loopback_detection() {
        assert!(
            parse_http_url("http://localhost:8080")
                .expect("valid")
                .is_loopback()
        );
        assert!(
            !parse_http_url("http://localhost.evil.io")
                .expect("valid")
                .is_loopback()
        );
        assert!(
            !parse_http_url("https://127.example.com")
                .expect("valid")
                .is_loopback()
        );
    }

    #[test]
    fn encodes_reserved_characters() {
        assert_eq!(encode_component("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(encode_component("AZaz09-_.~"), "AZaz09-_.~");
    }

    #[test]
    fn decodes_and_rejects_malformed() {
        assert_eq!(decode_component("a+b%20c%C3%A9").as_deref(), Some("a b cé"));
        assert_eq!(decode_component("%zz"), None);
        assert_eq!(decode_component("%4"), None);
        assert_eq!(decode_component("%FF"), None);
    }

    #[test]
    fn escapes_are_two_hex_digits_without_a_sign() {
        // `u8::from_str_radix` would read `+1` as 1.
        for signed in ["%+1", "%+F", "a%+0b", "%-1", "%+", "% 1"] {
            assert_eq!(decode_component(signed), None, "{signed}");
        }
        assert_eq!(parse_query("code=%+1&state=s"), None);
        assert_eq!(decode_component("%2b%2B%7e").as_deref(), Some("++~"));
    }

    #[test]
    fn rejects_backslashes_encoded_backslashes_and_control_characters() {
        // Browsers read `\` as `/` in http URLs and drop tabs and newlines before parsing, so
        // such a URL would not go where its text says.
        for url in [
            "https://api.example.com\\@evil.io/",
            "https://api.example.com\\evil.io/",
            "https://api.example.com/api\\..\\admin",
            "https://api.example.com/api/x\\..\\..\\admin",
            "https://api.example.com/api/x%5c..%5c..%5cadmin",
            "https://api.example.com/api/x%5C..%5C..%5Cadmin",
            "https://api.example.com/api/.\t./admin",
            "https://api.example.com/api/\n../admin",
            "https://api.example.com/api/tasks\r",
            "https://api.example.com/api/\u{7f}",
            "https://api.example.com/api/\u{85}",
            "https://api.example.com/api?q=\\",
            "https://api.exa\u{0}mple.com/api",
        ] {
            assert_eq!(parse_http_url(url), None, "{url:?}");
        }
        // An escaped backslash in the query is data, not a path separator.
        assert!(parse_http_url("https://api.example.com/api/tasks?q=a%5Cb").is_some());
    }

    #[test]
    fn query_round_trip() {
        let query = build_query(&[
            ("redirect_uri", "https://x/home"),
            ("scope", "openid email"),
        ]);
        assert_eq!(
            query,
            "redirect_uri=https%3A%2F%2Fx%2Fhome&scope=openid%20email"
        );
        let pairs = parse_query(&format!("?{query}&flag")).expect("valid");
        assert_eq!(
            pairs,
            vec![
                ("redirect_uri".into(), "https://x/home".into()),
                ("scope".into(), "openid email".into()),
                ("flag".into(), String::new()),
            ]
        );
    }
}
