//! The hosting files at the repository root parse and say what the delivery relies on, so a
//! YAML slip fails CI rather than a deploy.

use city_tasks_delivery::custom_http::parse_custom_http;
use serde_norway::Value;
use std::path::PathBuf;

fn root_file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn header<'a>(headers: &'a [(String, String)], key: &str) -> &'a str {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map_or("", |(_, value)| value.as_str())
}

#[test]
fn amplify_yml_runs_the_delivery_script() {
    let spec: Value =
        serde_norway::from_str(&root_file("amplify.yml")).expect("amplify.yml parses");
    assert_eq!(spec["version"], Value::from(1));
    let frontend = &spec["frontend"];
    let commands = |phase: &str| -> Vec<String> {
        frontend["phases"][phase]["commands"]
            .as_sequence()
            .unwrap_or_else(|| panic!("{phase} has commands"))
            .iter()
            .filter_map(|c| c.as_str().map(str::to_string))
            .collect()
    };
    assert!(
        commands("preBuild")
            .iter()
            .any(|c| c == "cargo xtask deliver --check")
    );
    assert!(
        commands("preBuild")
            .iter()
            .any(|c| c.contains("rustup target add wasm32-unknown-unknown"))
    );
    assert!(commands("build").iter().any(|c| c == "cargo xtask deliver"));
    assert_eq!(frontend["artifacts"]["baseDirectory"], Value::from("dist"));
    let cached: Vec<&str> = frontend["cache"]["paths"]
        .as_sequence()
        .expect("cache paths")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(cached.iter().any(|p| p.starts_with("target")), "{cached:?}");
    assert!(
        cached.iter().any(|p| p.starts_with(".cargo-home")),
        "{cached:?}"
    );
}

#[test]
fn custom_http_yml_is_strict_and_caches_right() {
    let file = parse_custom_http(&root_file("customHttp.yml")).expect("customHttp.yml parses");
    let page = file.headers_for("/tasks/edit/3");
    let csp = header(&page, "Content-Security-Policy");
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval';",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains(" 'unsafe-eval'"),
        "{csp}"
    );
    assert_eq!(header(&page, "Referrer-Policy"), "no-referrer");
    assert_eq!(header(&page, "X-Content-Type-Options"), "nosniff");
    assert!(header(&page, "Strict-Transport-Security").starts_with("max-age="));
    assert!(header(&page, "Permissions-Policy").contains("camera=()"));
    assert_eq!(header(&page, "Cache-Control"), "no-cache");
    assert_eq!(
        header(&file.headers_for("/config.json"), "Cache-Control"),
        "no-cache"
    );
    assert_eq!(
        header(&file.headers_for("/index.html"), "Cache-Control"),
        "no-cache"
    );
    let immutable = "public, max-age=31536000, immutable";
    assert_eq!(
        header(&file.headers_for("/city-tasks-0a1b2c.js"), "Cache-Control"),
        immutable
    );
    assert_eq!(
        header(
            &file.headers_for("/city-tasks-0a1b2c_bg.wasm"),
            "Cache-Control"
        ),
        immutable
    );
    assert_eq!(
        header(&file.headers_for("/main-0a1b2c.css"), "Cache-Control"),
        immutable
    );
    assert_eq!(
        header(&file.headers_for("/boot.js"), "Cache-Control"),
        "no-cache"
    );
    for asset in ["/icon.svg", "/icon-192.png", "/manifest.webmanifest"] {
        assert_eq!(
            header(&file.headers_for(asset), "Cache-Control"),
            "public, max-age=86400",
            "{asset}"
        );
    }
}
