//! Content-Security-Policy read the way a browser enforces it: directives with their fallback
//! to `default-src`, and whether a source list lets a request URL through. Only what the site
//! checks need (script strictness and `connect-src`), per CSP Level 3.

use city_tasks_config::url::parse_http_url;

/// One policy: directive names lower-cased, each with its source expressions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub directives: Vec<(String, Vec<String>)>,
}

impl Policy {
    pub fn parse(text: &str) -> Self {
        let mut directives: Vec<(String, Vec<String>)> = Vec::new();
        for part in text.split(';') {
            let mut tokens = part.split_ascii_whitespace();
            let Some(name) = tokens.next() else { continue };
            let name = name.to_ascii_lowercase();
            // The first occurrence of a directive wins; browsers ignore repeats.
            if directives.iter().any(|(known, _)| *known == name) {
                continue;
            }
            directives.push((name, tokens.map(str::to_string).collect()));
        }
        Policy { directives }
    }

    /// A header value may carry several policies separated by commas; each is enforced.
    pub fn parse_header(value: &str) -> Vec<Policy> {
        value
            .split(',')
            .map(Policy::parse)
            .filter(|p| !p.directives.is_empty())
            .collect()
    }

    pub fn directive(&self, name: &str) -> Option<&[String]> {
        self.directives
            .iter()
            .find(|(known, _)| known == name)
            .map(|(_, sources)| sources.as_slice())
    }

    /// The directive, or `default-src` for the fetch directives that fall back to it.
    pub fn effective(&self, name: &str) -> Option<&[String]> {
        self.directive(name)
            .or_else(|| self.directive("default-src"))
    }

    /// Whether a fetch of `url` from a page at `self_origin` is allowed by `directive`.
    pub fn allows(&self, directive: &str, url: &str, self_origin: &str) -> bool {
        match self.effective(directive) {
            None => true,
            Some(sources) => sources
                .iter()
                .any(|source| source_matches(source, url, self_origin)),
        }
    }
}

/// Whether one source expression matches `url` (an absolute http(s) URL).
pub fn source_matches(source: &str, url: &str, self_origin: &str) -> bool {
    let Some(target) = parse_http_url(url) else {
        return false;
    };
    let lower = source.to_ascii_lowercase();
    match lower.as_str() {
        "'self'" => parse_http_url(self_origin).is_some_and(|me| {
            me.authority == target.authority
                && (me.scheme == target.scheme || (me.scheme == "http" && target.scheme == "https"))
        }),
        "*" => true,
        "https:" => target.scheme == "https",
        "http:" => true,
        s if s.starts_with('\'') => false,
        s if s.ends_with(':') && !s.contains('/') => false,
        _ => host_source_matches(&lower, &target, self_origin),
    }
}

fn host_source_matches(
    source: &str,
    target: &city_tasks_config::url::HttpUrl,
    self_origin: &str,
) -> bool {
    let (scheme, rest) = match source.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, source),
    };
    let scheme_ok = match scheme {
        Some(scheme) => scheme == target.scheme || (scheme == "http" && target.scheme == "https"),
        // No scheme: the page's own, or the upgrade from http to https.
        None => {
            let own = self_origin.split("://").next().unwrap_or("https");
            own == target.scheme || (own == "http" && target.scheme == "https")
        }
    };
    if !scheme_ok {
        return false;
    }
    let (authority, path) = match rest.find('/') {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if port == "*" || port.chars().all(|c| c.is_ascii_digit()) => {
            (host, Some(port))
        }
        _ => (authority, None),
    };
    let (target_host, target_port) = match target.authority.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => (host, Some(port)),
        _ => (target.authority.as_str(), None),
    };
    let host_ok = match host.strip_prefix("*.") {
        Some(suffix) => target_host.ends_with(&format!(".{suffix}")),
        None => host == target_host,
    };
    let default_port = |scheme: &str| if scheme == "https" { "443" } else { "80" };
    let port_ok = match port {
        Some("*") => true,
        Some(port) => port == target_port.unwrap_or(default_port(&target.scheme)),
        // No port: the scheme's default (80 also allows 443 after an upgrade).
        None => match target_port {
            None => true,
            Some(p) => p == default_port(scheme.unwrap_or(&target.scheme)),
        },
    };
    let path_ok = path.is_empty()
        || path == "/"
        || if path.ends_with('/') {
            target.path.starts_with(path)
        } else {
            target.path == path
        };
    host_ok && port_ok && path_ok
}

/// The `content` of each `<meta http-equiv="Content-Security-Policy">` in an HTML page.
pub fn meta_policies(html: &str) -> Vec<Policy> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<meta").map(|i| i + from) {
        let end = lower[start..].find('>').map_or(lower.len(), |i| i + start);
        let tag = &html[start..end];
        let tag_lower = &lower[start..end];
        if tag_lower.contains("http-equiv=\"content-security-policy\"")
            && let Some(content) = attribute(tag, "content")
        {
            out.push(Policy::parse(&unescape(&content)));
        }
        from = end;
    }
    out
}

/// A double-quoted attribute's raw value from one tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let needle = format!("{name}=\"");
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&needle).map(|i| i + from) {
        // Not the tail of another attribute (`data-content="`).
        let boundary = at == 0 || tag.as_bytes()[at - 1].is_ascii_whitespace();
        let value_start = at + needle.len();
        if boundary {
            let value_end = tag[value_start..].find('"')? + value_start;
            return Some(tag[value_start..value_end].to_string());
        }
        from = value_start;
    }
    None
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "https://tasks.example.com";

    #[test]
    fn fallback_to_default_src_and_first_directive_wins() {
        let p =
            Policy::parse("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; script-src *");
        assert_eq!(
            p.effective("connect-src"),
            Some(&["'self'".to_string()][..])
        );
        assert_eq!(p.directive("script-src").map(<[String]>::len), Some(2));
        assert!(Policy::parse("img-src 'self'").allows("connect-src", "https://x.example/a", SITE));
    }

    #[test]
    fn source_expressions() {
        let api = "https://api.example.com/api/tasks";
        assert!(source_matches("https://api.example.com", api, SITE));
        assert!(source_matches("api.example.com", api, SITE));
        assert!(source_matches("https://*.example.com", api, SITE));
        assert!(source_matches("https:", api, SITE));
        assert!(source_matches("*", api, SITE));
        assert!(source_matches("https://api.example.com/api/", api, SITE));
        assert!(!source_matches("https://api.example.com/other/", api, SITE));
        assert!(!source_matches("https://example.com", api, SITE));
        assert!(!source_matches("http://api.example.com:8443", api, SITE));
        assert!(source_matches(
            "'self'",
            "https://tasks.example.com/config.json",
            SITE
        ));
        assert!(!source_matches("'self'", api, SITE));
        assert!(!source_matches("'none'", api, SITE));
        let local = "http://127.0.0.1:9001/api/tasks";
        assert!(source_matches(
            "http://127.0.0.1:*",
            local,
            "http://127.0.0.1:8080"
        ));
        assert!(source_matches(
            "http://127.0.0.1:9001",
            local,
            "http://127.0.0.1:8080"
        ));
        assert!(!source_matches(
            "http://127.0.0.1:9000",
            local,
            "http://127.0.0.1:8080"
        ));
    }

    #[test]
    fn meta_policies_are_found_and_unescaped() {
        let html = r#"<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" data-x content="connect-src 'self' https://a.example; script-src &quot;x&quot;" /></head>"#;
        let found = meta_policies(html);
        assert_eq!(found.len(), 1);
        assert!(found[0].allows("connect-src", "https://a.example/x", SITE));
        assert!(!found[0].allows("connect-src", "https://b.example/x", SITE));
        assert!(meta_policies("<meta name=\"referrer\" content=\"no-referrer\">").is_empty());
    }

    #[test]
    fn header_with_two_policies() {
        assert_eq!(
            Policy::parse_header("default-src 'self', connect-src *").len(),
            2
        );
    }
}
