//! Each check against a deployment that is right in every way but one.

use super::*;
use city_tasks_delivery::csp::deployment_policy;
use city_tasks_delivery::finish::with_csp_meta;

const SITE: &str = "https://tasks.example.com";
const AUTH: &str = "https://city.auth.eu-west-1.amazoncognito.com";
const ISSUER: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc";
const HEADER_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' https: http://127.0.0.1:*; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
const WASM: &str = "/city-tasks-840ae7d454cfd33b_bg.wasm";

fn config_json(api: &str, redirect: &str) -> String {
    serde_json::json!({
        "issuer": ISSUER, "authDomain": AUTH, "clientId": "c1",
        "redirectUri": redirect, "logoutUri": format!("{SITE}/"),
        "scopes": "openid email profile", "apiBaseUrl": api,
    })
    .to_string()
}

fn page_for(config: &str, csp: Option<&str>) -> Fetched {
    let config = parse_config(config).expect("valid");
    let shell = "<!doctype html><html><head><title>x</title>\n<link rel=\"stylesheet\" href=\"/main-ce3b3e5232ce52d2.css\"/>\n<script type=\"module\" src=\"/boot.js\" data-glue=\"/city-tasks-840ae7d454cfd33b.js\" data-wasm=\"/city-tasks-840ae7d454cfd33b_bg.wasm\"></script>\n</head><body></body></html>\n";
    let html = with_csp_meta(shell, &deployment_policy(&config)).expect("head");
    let mut headers = vec![
        ("Content-Type", "text/html; charset=utf-8"),
        ("Cache-Control", "no-cache"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        (
            "Strict-Transport-Security",
            "max-age=63072000; includeSubDomains",
        ),
    ];
    if let Some(csp) = csp {
        headers.push(("Content-Security-Policy", csp));
    }
    Fetched::new(200, &headers, html)
}

fn asset(path: &str, cache: &str) -> (String, Outcome) {
    let kind = if path.ends_with(".wasm") {
        "application/wasm"
    } else if path.ends_with(".js") {
        "text/javascript; charset=utf-8"
    } else {
        "text/css; charset=utf-8"
    };
    let headers = [
        ("Content-Type", kind),
        ("Cache-Control", cache),
        ("X-Content-Type-Options", "nosniff"),
    ];
    (path.to_string(), Ok(Fetched::new(200, &headers, "x")))
}

fn preflight_answer(allow_headers: &str, methods: &str, max_age: Option<&str>) -> Fetched {
    let mut headers = vec![
        ("Access-Control-Allow-Origin", SITE),
        ("Access-Control-Allow-Methods", methods),
        ("Access-Control-Allow-Headers", allow_headers),
    ];
    if let Some(age) = max_age {
        headers.push(("Access-Control-Max-Age", age));
    }
    Fetched::new(204, &headers, "")
}

fn good() -> Observed {
    let config_text = config_json("https://api.example.com/api", &format!("{SITE}/home"));
    let config = parse_config(&config_text).expect("valid");
    let index = page_for(&config_text, Some(HEADER_CSP));
    let immutable = "public, max-age=31536000, immutable";
    let preflights = plan::preflights(&config)
        .into_iter()
        .map(|p| {
            let answer = preflight_answer(
                "Authorization, Content-Type",
                "GET, POST, PUT, DELETE, OPTIONS",
                Some("600"),
            );
            (p, Ok(answer))
        })
        .collect();
    Observed {
        site: SITE.into(),
        deep_link: Ok(index.clone()),
        index: Ok(index),
        missing_asset: Ok(Fetched::new(
            404,
            &[("Content-Type", "text/plain")],
            "Not Found",
        )),
        config: Ok(Fetched::new(
            200,
            &[
                ("Content-Type", "application/json"),
                ("Cache-Control", "no-cache"),
            ],
            config_text,
        )),
        assets: vec![
            asset("/main-ce3b3e5232ce52d2.css", immutable),
            asset("/boot.js", "no-cache"),
            asset("/city-tasks-840ae7d454cfd33b.js", immutable),
            asset(WASM, immutable),
        ],
        remote: Some(Remote {
            discovery: Ok(Fetched::new(
                200,
                &[("Access-Control-Allow-Origin", "*")],
                format!("{{\"issuer\":\"{ISSUER}\"}}"),
            )),
            authorize: Ok(Fetched::new(
                302,
                &[("Location", &format!("{AUTH}/login?client_id=c1"))],
                "",
            )),
            logout: Some(Ok(Fetched::new(
                302,
                &[("Location", &format!("{SITE}/"))],
                "",
            ))),
            preflights,
            api_without_token: Ok(Fetched::new(
                401,
                &[("Access-Control-Allow-Origin", SITE)],
                "",
            )),
        }),
    }
}

fn failing(seen: &Observed) -> Vec<&'static str> {
    evaluate(seen, Options::default())
        .into_iter()
        .filter(|c| c.status == Status::Fail)
        .map(|c| c.id)
        .collect()
}

fn status_of(seen: &Observed, id: &str) -> Status {
    evaluate(seen, Options::default())
        .into_iter()
        .find(|c| c.id == id)
        .map(|c| c.status)
        .expect("check exists")
}

fn set_header(r: &mut Outcome, name: &str, value: Option<&str>) {
    let r = r.as_mut().expect("response");
    r.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    if let Some(value) = value {
        r.headers.push((name.to_string(), value.to_string()));
    }
}

fn asset_mut<'a>(seen: &'a mut Observed, path: &str) -> &'a mut Outcome {
    &mut seen
        .assets
        .iter_mut()
        .find(|(p, _)| p == path)
        .expect("asset")
        .1
}

fn remote(seen: &mut Observed) -> &mut Remote {
    seen.remote.as_mut().expect("remote")
}

#[test]
fn the_checks_skipped_without_a_config_are_the_remote_checks_in_order() {
    let seen = good();
    let config = parse_config(&seen.config.as_ref().expect("config").text()).expect("valid");
    let remote = remote_checks(seen.remote.as_ref().expect("remote"), &config, SITE);
    assert_eq!(
        remote.iter().map(|c| c.id).collect::<Vec<_>>(),
        REMOTE_CHECKS.map(|item| item.id)
    );
}

#[test]
fn a_good_deployment_passes_everything() {
    let checks = evaluate(&good(), Options::default());
    let not_ok: Vec<_> = checks.iter().filter(|c| c.status != Status::Pass).collect();
    assert!(not_ok.is_empty(), "{not_ok:#?}");
    assert_eq!(checks.len(), 22);
    assert!(all_passed(&checks));
}

#[test]
fn cached_index_html() {
    let mut seen = good();
    set_header(
        &mut seen.index,
        "Cache-Control",
        Some("public, max-age=3600"),
    );
    assert_eq!(failing(&seen), ["index-cache"]);
    set_header(&mut seen.index, "Cache-Control", None);
    assert_eq!(
        failing(&seen),
        ["index-cache"],
        "no header means heuristic caching"
    );
}

#[test]
fn cached_config_json() {
    let mut seen = good();
    set_header(&mut seen.config, "Cache-Control", Some("max-age=600"));
    assert_eq!(failing(&seen), ["config-cache"]);
}

#[test]
fn invalid_config_json_skips_what_depends_on_it() {
    let mut seen = good();
    seen.config = Ok(Fetched::new(
        200,
        &[("Cache-Control", "no-cache")],
        "{\"issuer\": \"https://x.example\"}",
    ));
    assert_eq!(failing(&seen), ["config-valid"]);
    assert_eq!(status_of(&seen, "discovery"), Status::Skipped);
    seen.config = Ok(Fetched::new(404, &[], "nope"));
    assert_eq!(failing(&seen), ["config-valid"]);
    let html = Fetched::new(
        200,
        &[("Content-Type", "text/html"), ("Cache-Control", "no-cache")],
        "<html>",
    );
    seen.config = Ok(html);
    assert_eq!(failing(&seen), ["config-valid"]);
}

#[test]
fn hashed_assets_not_immutable() {
    let mut seen = good();
    set_header(
        asset_mut(&mut seen, WASM),
        "Cache-Control",
        Some("public, max-age=3600"),
    );
    assert_eq!(failing(&seen), ["hashed-assets"]);
}

#[test]
fn boot_js_cached_as_if_hashed() {
    let mut seen = good();
    set_header(
        asset_mut(&mut seen, "/boot.js"),
        "Cache-Control",
        Some("public, max-age=31536000, immutable"),
    );
    assert_eq!(failing(&seen), ["unhashed-scripts"]);
}

#[test]
fn wasm_uploaded_without_its_type() {
    let mut seen = good();
    set_header(
        asset_mut(&mut seen, WASM),
        "Content-Type",
        Some("binary/octet-stream"),
    );
    assert_eq!(failing(&seen), ["asset-types"]);
}

#[test]
fn deep_link_without_rewrite() {
    let mut seen = good();
    seen.deep_link = Ok(Fetched::new(
        404,
        &[("Content-Type", "text/plain")],
        "Not Found",
    ));
    assert_eq!(failing(&seen), ["deep-link"]);
    seen.deep_link = Ok(Fetched::new(
        403,
        &[("Content-Type", "application/xml")],
        "<Error>AccessDenied</Error>",
    ));
    assert_eq!(failing(&seen), ["deep-link"]);
}

#[test]
fn missing_script_answered_with_index_html() {
    let mut seen = good();
    seen.missing_asset = seen.index.clone();
    assert_eq!(failing(&seen), ["missing-asset"]);
    seen.missing_asset = Ok(Fetched::new(403, &[], ""));
    assert_eq!(status_of(&seen, "missing-asset"), Status::Warn);
}

#[test]
fn csp_header_missing() {
    let mut seen = good();
    set_header(&mut seen.index, "Content-Security-Policy", None);
    assert_eq!(failing(&seen), ["csp-present"]);
}

#[test]
fn csp_with_unsafe_inline_or_without_wasm() {
    let mut seen = good();
    let loose = HEADER_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
    set_header(&mut seen.index, "Content-Security-Policy", Some(&loose));
    assert_eq!(failing(&seen), ["csp-scripts"]);
    let no_wasm = HEADER_CSP.replace(" 'wasm-unsafe-eval'", "");
    set_header(&mut seen.index, "Content-Security-Policy", Some(&no_wasm));
    assert_eq!(failing(&seen), ["csp-scripts"]);
}

#[test]
fn csp_that_does_not_match_config_json() {
    // config.json edited after the build: the <meta> policy still names the old API.
    let mut seen = good();
    let edited = config_json("https://api2.example.com/api", &format!("{SITE}/home"));
    seen.config = Ok(Fetched::new(200, &[("Cache-Control", "no-cache")], edited));
    assert_eq!(failing(&seen), ["csp-origins"]);
}

#[test]
fn csp_that_allows_any_https_origin() {
    let mut seen = good();
    let page = seen.index.as_ref().expect("page");
    let without_meta: String = page
        .text()
        .lines()
        .filter(|l| !l.contains("http-equiv"))
        .collect();
    let mut page = page.clone();
    page.body = without_meta.into_bytes();
    seen.index = Ok(page.clone());
    seen.deep_link = Ok(page);
    assert_eq!(failing(&seen), ["csp-origins"]);
}

#[test]
fn redirect_uri_on_another_host() {
    let mut seen = good();
    let other = config_json(
        "https://api.example.com/api",
        "https://staging.example.com/home",
    );
    seen.config = Ok(Fetched::new(
        200,
        &[("Cache-Control", "no-cache")],
        other.clone(),
    ));
    let page = page_for(&other, Some(HEADER_CSP));
    seen.index = Ok(page.clone());
    seen.deep_link = Ok(page);
    assert_eq!(failing(&seen), ["redirect-uris"]);
}

#[test]
fn discovery_unreachable_mismatched_or_without_cors() {
    let mut seen = good();
    remote(&mut seen).discovery = Ok(Fetched::new(404, &[], ""));
    assert_eq!(failing(&seen), ["discovery"]);
    remote(&mut seen).discovery = Err("dns error".into());
    assert_eq!(failing(&seen), ["discovery"]);
    let other = format!("{{\"issuer\":\"{ISSUER}x\"}}");
    remote(&mut seen).discovery = Ok(Fetched::new(
        200,
        &[("Access-Control-Allow-Origin", "*")],
        other,
    ));
    assert_eq!(failing(&seen), ["discovery"]);
    let same = format!("{{\"issuer\":\"{ISSUER}\"}}");
    remote(&mut seen).discovery = Ok(Fetched::new(200, &[], same));
    assert_eq!(failing(&seen), ["discovery"]);
}

#[test]
fn pool_rejects_the_callback() {
    let mut seen = good();
    let cognito = format!("{AUTH}/error?error=redirect_mismatch&client_id=c1");
    remote(&mut seen).authorize = Ok(Fetched::new(302, &[("Location", &cognito)], ""));
    assert_eq!(failing(&seen), ["pool-callback"]);
    remote(&mut seen).authorize = Ok(Fetched::new(
        400,
        &[],
        "<p>redirect_mismatch: redirect_uri must be exactly x</p>",
    ));
    assert_eq!(failing(&seen), ["pool-callback"]);
    let refused = format!("{SITE}/home?error=unauthorized_client&state=verify-deploy");
    remote(&mut seen).authorize = Ok(Fetched::new(302, &[("Location", &refused)], ""));
    assert_eq!(failing(&seen), ["pool-callback"]);
    remote(&mut seen).authorize = Ok(Fetched::new(400, &[], "invalid_client"));
    assert_eq!(failing(&seen), ["pool-callback"]);
}

#[test]
fn pool_rejects_the_sign_out_url() {
    let mut seen = good();
    remote(&mut seen).logout = Some(Ok(Fetched::new(400, &[], "redirect_mismatch")));
    assert_eq!(failing(&seen), ["pool-logout"]);
    remote(&mut seen).logout = None;
    assert_eq!(status_of(&seen, "pool-logout"), Status::NotApplicable);
}

#[test]
fn preflight_without_authorization_or_put_or_this_origin() {
    for (headers, methods) in [
        ("*", "GET, POST, PUT, DELETE"),
        ("Content-Type", "GET, POST, PUT, DELETE"),
        ("Authorization, Content-Type", "GET, POST"),
    ] {
        let mut seen = good();
        for (_, answer) in &mut remote(&mut seen).preflights {
            *answer = Ok(preflight_answer(headers, methods, Some("600")));
        }
        assert_eq!(failing(&seen), ["api-preflight"], "{headers} / {methods}");
    }
    let mut seen = good();
    for (_, answer) in &mut remote(&mut seen).preflights {
        set_header(
            answer,
            "Access-Control-Allow-Origin",
            Some("https://other.example.com"),
        );
    }
    assert_eq!(failing(&seen), ["api-preflight"]);
    let mut seen = good();
    remote(&mut seen).preflights[0].1 = Ok(Fetched::new(401, &[], ""));
    assert_eq!(failing(&seen), ["api-preflight"]);
}

#[test]
fn wildcards_that_do_work() {
    let answer = preflight_answer("authorization, *", "*", Some("600"));
    let p = &plan::preflights(
        &parse_config(&config_json(
            "https://a.example/api",
            &format!("{SITE}/home"),
        ))
        .expect("valid"),
    )[2];
    let mut star = answer.clone();
    star.headers[0].1 = "*".into();
    assert!(preflight_problems(p, &Ok(star), SITE).is_empty());
}

#[test]
fn preflight_not_cached() {
    let mut seen = good();
    for (_, answer) in &mut remote(&mut seen).preflights {
        set_header(answer, "Access-Control-Max-Age", None);
    }
    assert_eq!(status_of(&seen, "api-max-age"), Status::Warn);
    assert!(failing(&seen).is_empty(), "a warning, not a failure");
}

#[test]
fn api_errors_without_cors_headers() {
    let mut seen = good();
    remote(&mut seen).api_without_token = Ok(Fetched::new(
        401,
        &[("Content-Type", "application/json")],
        "{\"message\":\"Unauthorized\"}",
    ));
    assert_eq!(failing(&seen), ["api-error-cors"]);
    remote(&mut seen).api_without_token = Ok(Fetched::new(
        200,
        &[("Access-Control-Allow-Origin", SITE)],
        "[]",
    ));
    assert_eq!(failing(&seen), ["api-error-cors"]);
}

#[test]
fn hsts_missing_short_or_not_applicable() {
    let mut seen = good();
    set_header(&mut seen.index, "Strict-Transport-Security", None);
    assert_eq!(failing(&seen), ["hsts"]);
    set_header(
        &mut seen.index,
        "Strict-Transport-Security",
        Some("max-age=300"),
    );
    assert_eq!(failing(&seen), ["hsts"]);
    seen.site = "http://127.0.0.1:8080".into();
    let loopback = hsts(seen.index.as_ref().ok(), &seen.site, Options::default());
    assert_eq!(loopback.status, Status::NotApplicable);
    let required = hsts(
        seen.index.as_ref().ok(),
        &seen.site,
        Options { require_hsts: true },
    );
    assert_eq!(required.status, Status::Fail);
    let plain = hsts(
        seen.index.as_ref().ok(),
        "http://tasks.example.com",
        Options::default(),
    );
    assert_eq!(plain.status, Status::Fail);
}

#[test]
fn nosniff_missing_on_an_asset() {
    let mut seen = good();
    set_header(asset_mut(&mut seen, WASM), "X-Content-Type-Options", None);
    assert_eq!(failing(&seen), ["nosniff"]);
}

#[test]
fn referrer_policy_that_leaks_the_callback() {
    let mut seen = good();
    set_header(
        &mut seen.index,
        "Referrer-Policy",
        Some("strict-origin-when-cross-origin"),
    );
    assert_eq!(failing(&seen), ["referrer-policy"]);
    set_header(
        &mut seen.index,
        "Referrer-Policy",
        Some("unsafe-url, no-referrer"),
    );
    assert!(failing(&seen).is_empty());
}

#[test]
fn site_that_can_be_framed() {
    let mut seen = good();
    set_header(&mut seen.index, "X-Frame-Options", None);
    assert!(failing(&seen).is_empty(), "frame-ancestors alone is enough");
    let framable = HEADER_CSP.replace("frame-ancestors 'none'; ", "");
    set_header(&mut seen.index, "Content-Security-Policy", Some(&framable));
    assert_eq!(failing(&seen), ["framing"]);
}
