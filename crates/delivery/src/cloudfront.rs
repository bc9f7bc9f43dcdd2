//! CloudFront's response headers policy, built from `customHttp.yml`: the catch-all rule's
//! headers on every response (Cache-Control excepted: it is stored per object on upload, see
//! `publish`). `deploy/aws/response-headers-policy.json` is this function's output, and a test
//! keeps the two equal.

use crate::custom_http::CustomHttp;
use serde_json::{Value, json};

/// The pattern whose headers apply to every response.
const CATCH_ALL: &str = "**/*";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("customHttp.yml has no `{CATCH_ALL}` rule")]
    NoCatchAll,
    #[error(
        "customHttp.yml sets {header} for `{pattern}` only: a CloudFront response headers policy applies to a whole cache behaviour, so only Cache-Control may differ by path"
    )]
    PerPathHeader { pattern: String, header: String },
    #[error("{header}: {value:?} cannot be expressed in a response headers policy ({reason})")]
    Unsupported {
        header: String,
        value: String,
        reason: &'static str,
    },
}

/// The `ResponseHeadersPolicyConfig` for `aws cloudfront create-response-headers-policy
/// --response-headers-policy-config file://...` (or `update-response-headers-policy`).
pub fn response_headers_policy(rules: &CustomHttp, name: &str) -> Result<Value, PolicyError> {
    for rule in rules
        .custom_headers
        .iter()
        .filter(|r| r.pattern != CATCH_ALL)
    {
        if let Some(header) = rule
            .headers
            .iter()
            .find(|h| !h.key.eq_ignore_ascii_case("Cache-Control"))
        {
            return Err(PolicyError::PerPathHeader {
                pattern: rule.pattern.clone(),
                header: header.key.clone(),
            });
        }
    }
    let catch_all = rules
        .custom_headers
        .iter()
        .find(|r| r.pattern == CATCH_ALL)
        .ok_or(PolicyError::NoCatchAll)?;
    let mut security = serde_json::Map::new();
    let mut custom = Vec::new();
    for header in &catch_all.headers {
        let value = header.value.trim();
        let unsupported = |reason| PolicyError::Unsupported {
            header: header.key.clone(),
            value: value.to_string(),
            reason,
        };
        let (field, config) = match header.key.to_ascii_lowercase().as_str() {
            "cache-control" => continue,
            "content-security-policy" => (
                "ContentSecurityPolicy",
                json!({ "Override": true, "ContentSecurityPolicy": value }),
            ),
            "referrer-policy" => (
                "ReferrerPolicy",
                json!({ "Override": true, "ReferrerPolicy": value }),
            ),
            "x-content-type-options" if value.eq_ignore_ascii_case("nosniff") => {
                ("ContentTypeOptions", json!({ "Override": true }))
            }
            "x-content-type-options" => return Err(unsupported("only nosniff exists")),
            "x-frame-options" => match value.to_ascii_uppercase().as_str() {
                frame @ ("DENY" | "SAMEORIGIN") => (
                    "FrameOptions",
                    json!({ "Override": true, "FrameOption": frame }),
                ),
                _ => return Err(unsupported("DENY or SAMEORIGIN")),
            },
            "strict-transport-security" => {
                let (max_age, include_subdomains, preload) = parse_hsts(value)
                    .ok_or_else(|| unsupported("max-age=N[; includeSubDomains][; preload]"))?;
                (
                    "StrictTransportSecurity",
                    json!({
                        "Override": true,
                        "AccessControlMaxAgeSec": max_age,
                        "IncludeSubdomains": include_subdomains,
                        "Preload": preload,
                    }),
                )
            }
            _ => {
                custom.push(json!({ "Header": header.key, "Value": value, "Override": true }));
                continue;
            }
        };
        security.insert(field.to_string(), config);
    }
    Ok(json!({
        "Name": name,
        "Comment": "City Tasks: the headers of customHttp.yml (Cache-Control is set per object)",
        "SecurityHeadersConfig": security,
        "CustomHeadersConfig": { "Quantity": custom.len(), "Items": custom },
    }))
}

fn parse_hsts(value: &str) -> Option<(u64, bool, bool)> {
    let mut max_age = None;
    let (mut include_subdomains, mut preload) = (false, false);
    for directive in value.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        match directive.to_ascii_lowercase().as_str() {
            "includesubdomains" => include_subdomains = true,
            "preload" => preload = true,
            other => max_age = Some(other.strip_prefix("max-age=")?.parse().ok()?),
        }
    }
    Some((max_age?, include_subdomains, preload))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::custom_http::parse_custom_http;

    fn rules(extra: &str) -> CustomHttp {
        parse_custom_http(&format!(
            "customHeaders:
  - pattern: '**/*'
    headers:
      - key: Content-Security-Policy
        value: default-src 'self'
      - key: Strict-Transport-Security
        value: max-age=63072000; includeSubDomains
      - key: X-Frame-Options
        value: DENY
      - key: X-Content-Type-Options
        value: nosniff
      - key: Permissions-Policy
        value: camera=()
      - key: Cache-Control
        value: no-cache
  - pattern: '**/*.wasm'
    headers:
      - key: Cache-Control
        value: immutable
{extra}"
        ))
        .expect("valid")
    }

    #[test]
    fn security_headers_and_custom_ones_without_cache_control() {
        let policy = response_headers_policy(&rules(""), "p").expect("policy");
        let security = &policy["SecurityHeadersConfig"];
        assert_eq!(
            security["ContentSecurityPolicy"]["ContentSecurityPolicy"],
            "default-src 'self'"
        );
        assert_eq!(
            security["StrictTransportSecurity"]["AccessControlMaxAgeSec"],
            63072000
        );
        assert_eq!(
            security["StrictTransportSecurity"]["IncludeSubdomains"],
            true
        );
        assert_eq!(security["StrictTransportSecurity"]["Preload"], false);
        assert_eq!(security["FrameOptions"]["FrameOption"], "DENY");
        assert_eq!(security["ContentTypeOptions"]["Override"], true);
        assert_eq!(policy["CustomHeadersConfig"]["Quantity"], 1);
        assert_eq!(
            policy["CustomHeadersConfig"]["Items"][0]["Header"],
            "Permissions-Policy"
        );
        assert!(!policy.to_string().contains("no-cache"));
    }

    #[test]
    fn refuses_per_path_headers_other_than_cache_control() {
        let extra = "  - pattern: '/index.html'\n    headers:\n      - key: X-Robots-Tag\n        value: noindex\n";
        assert!(matches!(
            response_headers_policy(&rules(extra), "p"),
            Err(PolicyError::PerPathHeader { .. })
        ));
        assert!(parse_hsts("max-age=10; preload").is_some());
        assert!(parse_hsts("includeSubDomains").is_none());
        assert!(parse_hsts("max-age=ten").is_none());
    }
}
