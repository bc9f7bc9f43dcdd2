//! `verify-deploy` against the local CDN emulation (the repository's `customHttp.yml`, the SPA
//! rewrite rule) in front of the local stack: once as shipped, where every check passes, and
//! once per planted mistake, where that mistake is reported.
//!
//! The site is a small build in the shape Trunk writes (hashed glue, wasm and CSS, `boot.js`)
//! finished by the same delivery code as `cargo xtask deliver`, so this runs in the `test`
//! stage without the release build.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use city_tasks_config::config::{Config, parse_config};
use city_tasks_delivery::custom_http::{CustomHttp, Header, HeaderRule, parse_custom_http};
use city_tasks_delivery::finish::finish_dist;
use city_tasks_deploy_check::checks::{Check, Options, Status, evaluate};
use city_tasks_deploy_check::fetch::{Client, observe};
use city_tasks_deploy_check::report::render;
use local_stack::{CdnOptions, Fallback, Urls};

const GLUE: &str = "city-tasks-840ae7d454cfd33b.js";
const WASM: &str = "city-tasks-840ae7d454cfd33b_bg.wasm";
const CSS: &str = "main-ce3b3e5232ce52d2.css";

/// index.html as `trunk build --release` writes it for this app (boot.js starts the glue).
fn write_build(dir: &Path) {
    let index = format!(
        "<!doctype html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\" />\n    <title>City Tasks</title>\n    <link rel=\"preload\" href=\"/config.json\" as=\"fetch\" crossorigin=\"anonymous\" />\n    <link rel=\"stylesheet\" href=\"/{CSS}\"/>\n    <script type=\"module\" src=\"/boot.js\" data-glue=\"/{GLUE}\" data-wasm=\"/{WASM}\"></script>\n  <link rel=\"modulepreload\" href=\"/{GLUE}\" crossorigin=\"anonymous\"><link rel=\"preload\" href=\"/{WASM}\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\"></head>\n  <body></body>\n</html>\n"
    );
    std::fs::write(dir.join("index.html"), index).expect("index.html");
    std::fs::write(dir.join("boot.js"), "import(document.currentScript);\n").expect("boot.js");
    std::fs::write(dir.join(GLUE), "export default function init() {}\n").expect("glue");
    std::fs::write(dir.join(WASM), b"\0asm\x01\0\0\0").expect("wasm");
    std::fs::write(dir.join(CSS), "body { margin: 0 }\n").expect("css");
}

fn shipped_headers() -> CustomHttp {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../customHttp.yml");
    parse_custom_http(&std::fs::read_to_string(path).expect("customHttp.yml")).expect("parses")
}

fn stack_config(urls: &Urls) -> Config {
    parse_config(&urls.config_json("city-tasks-local").to_string()).expect("stack config")
}

/// One planted mistake: how the hosting headers, the host, the build or its config differ
/// from what `cargo xtask deliver` and `customHttp.yml` ship.
#[derive(Default)]
struct Plant {
    headers: Option<fn(&mut CustomHttp)>,
    fallback: Fallback,
    config: Option<fn(&mut Config, &Env)>,
    after_finish: Option<fn(&Path, &Env)>,
}

struct Env {
    urls: Urls,
    other_stack: Urls,
    sloppy_api: String,
}

fn catch_all(h: &mut CustomHttp) -> &mut Vec<Header> {
    &mut h.custom_headers[0].headers
}

fn set(headers: &mut Vec<Header>, key: &str, value: Option<&str>) {
    headers.retain(|h| !h.key.eq_ignore_ascii_case(key));
    if let Some(value) = value {
        headers.push(Header {
            key: key.into(),
            value: value.into(),
        });
    }
}

fn rule(pattern: &str, key: &str, value: &str) -> HeaderRule {
    HeaderRule {
        pattern: pattern.into(),
        headers: vec![Header {
            key: key.into(),
            value: value.into(),
        }],
    }
}

fn edit_catch_all_csp(h: &mut CustomHttp, edit: fn(&str) -> String) {
    let headers = catch_all(h);
    let csp = headers
        .iter_mut()
        .find(|x| x.key == "Content-Security-Policy")
        .expect("csp");
    csp.value = edit(&csp.value);
}

/// Serves a fresh finished copy of the build like the CDN on `port`, and checks it.
async fn verify(port: u16, env: &Env, plant: &Plant) -> (String, Vec<Check>) {
    let dir = tempfile::tempdir().expect("tempdir");
    write_build(dir.path());
    let mut config = stack_config(&env.urls);
    if let Some(edit) = plant.config {
        edit(&mut config, env);
    }
    finish_dist(dir.path(), &config).expect("finish");
    if let Some(edit) = plant.after_finish {
        edit(dir.path(), env);
    }
    let mut headers = shipped_headers();
    if let Some(edit) = plant.headers {
        edit(&mut headers);
    }
    let options = CdnOptions {
        port,
        fallback: plant.fallback,
    };
    let cdn = local_stack::start_cdn_with(dir.path().to_path_buf(), headers, options)
        .await
        .expect("cdn");
    let origin = cdn.url.clone();
    let seen = tokio::task::spawn_blocking(move || observe(&Client::new(), &origin))
        .await
        .expect("observe");
    cdn.stop().await;
    let checks = evaluate(&seen, Options { require_hsts: true });
    (render(&seen.site, &checks), checks)
}

/// A Tasks API whose CORS is right for preflights but forgets two things API Gateway users
/// forget: `Access-Control-Max-Age`, and CORS headers on its 401 (no DEFAULT_4XX response).
async fn sloppy_api(site: String) -> String {
    let router = Router::new().fallback(move |method: Method, _headers: HeaderMap| {
        let site = site.clone();
        async move {
            if method == Method::OPTIONS {
                let mut response = StatusCode::NO_CONTENT.into_response();
                let h = response.headers_mut();
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_str(&site).expect("origin"),
                );
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    HeaderValue::from_static("GET, POST, PUT, DELETE"),
                );
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_HEADERS,
                    HeaderValue::from_static("Authorization, Content-Type"),
                );
                response
            } else {
                let response: Response =
                    (StatusCode::UNAUTHORIZED, "{\"message\":\"Unauthorized\"}").into_response();
                response
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/api", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

fn status(checks: &[Check], id: &str) -> Status {
    checks
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.status)
        .expect("check")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_deploy_passes_as_shipped_and_reports_each_planted_mistake() {
    // The site keeps one origin across scenarios (the stack's API admits only that origin).
    let port = free_port();
    let site = format!("http://127.0.0.1:{port}");
    let stack = local_stack::start(local_stack::Options {
        idp_port: 0,
        api_port: 0,
        app_origin: site.clone(),
        ..Default::default()
    })
    .await
    .expect("stack");
    // A pool and API set up for another host, as when staging's values reach production.
    let other = local_stack::start(local_stack::Options {
        idp_port: 0,
        api_port: 0,
        app_origin: "https://staging.example.com".into(),
        ..Default::default()
    })
    .await
    .expect("other stack");
    let env = Env {
        urls: stack.urls.clone(),
        other_stack: other.urls.clone(),
        sloppy_api: sloppy_api(site.clone()).await,
    };

    let (report, checks) = verify(port, &env, &Plant::default()).await;
    println!("{report}");
    let not_ok: Vec<_> = checks.iter().filter(|c| c.status != Status::Pass).collect();
    assert!(
        not_ok.is_empty(),
        "as shipped, everything passes:\n{report}"
    );

    let scenarios: Vec<(&str, Plant, &str, Status)> = vec![
        (
            "index.html cached for an hour",
            Plant {
                headers: Some(|h| {
                    set(catch_all(h), "Cache-Control", Some("public, max-age=3600"));
                    h.custom_headers
                        .push(rule("/config.json", "Cache-Control", "no-cache"));
                    h.custom_headers
                        .push(rule("/boot.js", "Cache-Control", "no-cache"));
                }),
                ..Default::default()
            },
            "index-cache",
            Status::Fail,
        ),
        (
            "config.json cached",
            Plant {
                headers: Some(|h| {
                    h.custom_headers
                        .push(rule("/config.json", "Cache-Control", "max-age=600"))
                }),
                ..Default::default()
            },
            "config-cache",
            Status::Fail,
        ),
        (
            "config.json broken by hand",
            Plant {
                after_finish: Some(|dir, _| {
                    std::fs::write(dir.join("config.json"), "{\"issuer\": \"x\"}").expect("write")
                }),
                ..Default::default()
            },
            "config-valid",
            Status::Fail,
        ),
        (
            "wasm cached for an hour only",
            Plant {
                headers: Some(|h| h.custom_headers.retain(|r| r.pattern != "**/*.wasm")),
                ..Default::default()
            },
            "hashed-assets",
            Status::Fail,
        ),
        (
            "every .js immutable, boot.js too",
            Plant {
                headers: Some(|h| {
                    h.custom_headers.push(rule(
                        "**/*.js",
                        "Cache-Control",
                        "public, max-age=31536000, immutable",
                    ))
                }),
                ..Default::default()
            },
            "unhashed-scripts",
            Status::Fail,
        ),
        (
            "wasm uploaded as octet-stream",
            Plant {
                headers: Some(|h| {
                    h.custom_headers
                        .push(rule("**/*.wasm", "Content-Type", "binary/octet-stream"))
                }),
                ..Default::default()
            },
            "asset-types",
            Status::Fail,
        ),
        (
            "no SPA rewrite",
            Plant {
                fallback: Fallback::NotFound,
                ..Default::default()
            },
            "deep-link",
            Status::Fail,
        ),
        (
            "404s mapped to index.html",
            Plant {
                fallback: Fallback::ErrorsToIndex,
                ..Default::default()
            },
            "missing-asset",
            Status::Fail,
        ),
        (
            "no CSP header",
            Plant {
                headers: Some(|h| set(catch_all(h), "Content-Security-Policy", None)),
                ..Default::default()
            },
            "csp-present",
            Status::Fail,
        ),
        (
            "CSP with unsafe-inline",
            Plant {
                headers: Some(|h| {
                    edit_catch_all_csp(h, |csp| {
                        csp.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
                    })
                }),
                ..Default::default()
            },
            "csp-scripts",
            Status::Fail,
        ),
        (
            "config.json edited after the build",
            Plant {
                after_finish: Some(|dir, env| {
                    let mut config = stack_config(&env.urls).to_json();
                    config["apiBaseUrl"] =
                        env.urls.api_base.replace("127.0.0.1", "localhost").into();
                    std::fs::write(dir.join("config.json"), config.to_string()).expect("write");
                }),
                ..Default::default()
            },
            "csp-origins",
            Status::Fail,
        ),
        (
            "redirectUri for another host",
            Plant {
                config: Some(|c, _| c.redirect_uri = "https://staging.example.com/home".into()),
                ..Default::default()
            },
            "redirect-uris",
            Status::Fail,
        ),
        (
            "issuer of a pool that does not exist",
            Plant {
                config: Some(|c, env| {
                    c.issuer = format!("{}/eu-west-1_Missing", env.urls.auth_domain)
                }),
                ..Default::default()
            },
            "discovery",
            Status::Fail,
        ),
        (
            "issuer written with another host name",
            Plant {
                config: Some(|c, env| c.issuer = env.urls.issuer.replace("127.0.0.1", "localhost")),
                ..Default::default()
            },
            "discovery",
            Status::Fail,
        ),
        (
            "pool without this callback URL",
            Plant {
                config: Some(|c, env| {
                    c.auth_domain = env.other_stack.auth_domain.clone();
                    c.issuer = env.other_stack.issuer.clone();
                }),
                ..Default::default()
            },
            "pool-callback",
            Status::Fail,
        ),
        (
            "pool without this sign-out URL",
            Plant {
                config: Some(|c, env| {
                    c.auth_domain = env.other_stack.auth_domain.clone();
                    c.issuer = env.other_stack.issuer.clone();
                }),
                ..Default::default()
            },
            "pool-logout",
            Status::Fail,
        ),
        (
            "API whose CORS admits another origin",
            Plant {
                config: Some(|c, env| c.api_base_url = env.other_stack.api_base.clone()),
                ..Default::default()
            },
            "api-preflight",
            Status::Fail,
        ),
        (
            "API preflights without Max-Age",
            Plant {
                config: Some(|c, env| c.api_base_url = env.sloppy_api.clone()),
                ..Default::default()
            },
            "api-max-age",
            Status::Warn,
        ),
        (
            "API 401 without CORS headers",
            Plant {
                config: Some(|c, env| c.api_base_url = env.sloppy_api.clone()),
                ..Default::default()
            },
            "api-error-cors",
            Status::Fail,
        ),
        (
            "no HSTS",
            Plant {
                headers: Some(|h| set(catch_all(h), "Strict-Transport-Security", None)),
                ..Default::default()
            },
            "hsts",
            Status::Fail,
        ),
        (
            "no nosniff",
            Plant {
                headers: Some(|h| set(catch_all(h), "X-Content-Type-Options", None)),
                ..Default::default()
            },
            "nosniff",
            Status::Fail,
        ),
        (
            "a leaky Referrer-Policy",
            Plant {
                headers: Some(|h| {
                    set(
                        catch_all(h),
                        "Referrer-Policy",
                        Some("strict-origin-when-cross-origin"),
                    )
                }),
                ..Default::default()
            },
            "referrer-policy",
            Status::Fail,
        ),
        (
            "framable",
            Plant {
                headers: Some(|h| {
                    set(catch_all(h), "X-Frame-Options", None);
                    edit_catch_all_csp(h, |csp| csp.replace("frame-ancestors 'none'; ", ""));
                }),
                ..Default::default()
            },
            "framing",
            Status::Fail,
        ),
    ];
    let mut missed = Vec::new();
    for (name, plant, id, expected) in &scenarios {
        let (report, checks) = verify(port, &env, plant).await;
        if status(&checks, id) != *expected {
            missed.push(format!(
                "{name}: {id} was {:?}, expected {expected:?}\n{report}",
                status(&checks, id)
            ));
        }
    }
    // Every check of the list has a planted mistake here.
    for check in &checks {
        assert!(
            scenarios.iter().any(|(_, _, id, _)| *id == check.id),
            "no planted mistake for {}",
            check.id
        );
    }
    stack.shutdown().await;
    other.shutdown().await;
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}
