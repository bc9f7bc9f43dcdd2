//! The deployment checklist: pure functions from what the site and its backends answered to
//! one verdict per check, each failure with the fix. Nothing here does I/O.

use city_tasks_config::config::{Config, LogoutMode, parse_config};
use city_tasks_config::url::parse_http_url;

use crate::csp::{Policy, meta_policies};
use crate::plan::{self, Preflight};
use crate::response::{CacheControl, Fetched, Outcome};

/// Everything fetched from one deployment.
#[derive(Debug, Clone)]
pub struct Observed {
    /// The site's origin, e.g. `https://tasks.example.com`.
    pub site: String,
    pub index: Outcome,
    pub deep_link: Outcome,
    pub missing_asset: Outcome,
    pub config: Outcome,
    /// Each asset `index.html` names, with its answer.
    pub assets: Vec<(String, Outcome)>,
    /// The backends, asked only when `config.json` is valid.
    pub remote: Option<Remote>,
}

/// What the user pool and the Tasks API answered for this site's configuration.
#[derive(Debug, Clone)]
pub struct Remote {
    pub discovery: Outcome,
    pub authorize: Outcome,
    /// `None` when `logoutMode` is `oidc` (no Cognito `/logout`).
    pub logout: Option<Outcome>,
    pub preflights: Vec<(Preflight, Outcome)>,
    pub api_without_token: Outcome,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Judge HSTS even on a plain-http loopback site (a local rehearsal of the CDN headers).
    pub require_hsts: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    /// Works, but costs users something; does not fail the command.
    Warn,
    Fail,
    /// Does not apply to this site (e.g. HSTS over loopback http).
    NotApplicable,
    /// Could not be judged because an earlier check failed.
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub id: &'static str,
    pub title: &'static str,
    pub status: Status,
    /// What was seen.
    pub detail: String,
    /// What to change, for `Fail` and `Warn`.
    pub fix: Option<String>,
}

/// One entry of the checklist: its id and the promise it checks.
#[derive(Debug, Clone, Copy)]
struct Item {
    id: &'static str,
    title: &'static str,
}

impl Item {
    fn check(self, status: Status, detail: impl Into<String>, fix: Option<String>) -> Check {
        Check {
            id: self.id,
            title: self.title,
            status,
            detail: detail.into(),
            fix,
        }
    }

    fn pass(self, detail: impl Into<String>) -> Check {
        self.check(Status::Pass, detail, None)
    }

    fn fail(self, detail: impl Into<String>, fix: impl Into<String>) -> Check {
        self.check(Status::Fail, detail, Some(fix.into()))
    }

    fn warn(self, detail: impl Into<String>, fix: impl Into<String>) -> Check {
        self.check(Status::Warn, detail, Some(fix.into()))
    }

    fn not_applicable(self, why: &str) -> Check {
        self.check(Status::NotApplicable, why, None)
    }

    fn skipped(self, why: &str) -> Check {
        self.check(Status::Skipped, why, None)
    }
}

const HEADERS_FIX: &str =
    "set it in customHttp.yml (Amplify) or the CloudFront response headers policy";
const ONE_YEAR: u64 = 31_536_000;
const THIRTY_DAYS: u64 = 2_592_000;
const HSTS_MIN: u64 = 15_552_000;

/// Every check, in the order a deployer fixes things.
pub fn evaluate(seen: &Observed, options: Options) -> Vec<Check> {
    let config = seen
        .config
        .as_ref()
        .ok()
        .filter(|r| r.status == 200)
        .and_then(|r| parse_config(&r.text()).ok());
    let index = seen
        .index
        .as_ref()
        .ok()
        .filter(|r| r.status == 200 && r.is_html());
    let mut out = vec![
        index_cache(&seen.index),
        config_cache(&seen.config),
        config_valid(&seen.config),
        hashed_assets(&seen.assets),
        unhashed_scripts(&seen.assets),
        asset_types(&seen.assets),
        deep_link(&seen.deep_link, index),
        missing_asset(&seen.missing_asset),
        csp_present(index),
        csp_scripts(index),
        csp_origins(index, config.as_ref(), &seen.site),
        redirect_uris(config.as_ref(), &seen.site),
    ];
    match (&config, &seen.remote) {
        (Some(config), Some(remote)) => out.extend(remote_checks(remote, config, &seen.site)),
        _ => {
            let why = "config.json is not valid, so its backends were not asked";
            out.extend(REMOTE_CHECKS.map(|item| item.skipped(why)));
        }
    }
    out.push(hsts(index, &seen.site, options));
    out.push(nosniff(index, &seen.assets));
    out.push(referrer_policy(index));
    out.push(framing(index));
    out
}

fn unreachable(what: &str, outcome: &Outcome) -> String {
    match outcome {
        Ok(r) => format!("{what} answered {}", r.status),
        Err(e) => format!("{what} could not be fetched: {e}"),
    }
}

/// A header value for a message: itself, or `(none)`.
fn shown(value: Option<&str>) -> String {
    value.map_or_else(|| "(none)".to_string(), |v| v.to_string())
}

fn cache_control(r: &Fetched) -> String {
    shown(r.header("cache-control"))
}

const INDEX_CACHE: Item = Item {
    id: "index-cache",
    title: "index.html is revalidated on every visit",
};

fn index_cache(index: &Outcome) -> Check {
    let r = match index {
        Ok(r) if r.status == 200 && r.is_html() => r,
        other => {
            return INDEX_CACHE.fail(
                unreachable("/", other).replace("answered", "answered (expected 200 text/html)"),
                "deploy dist/ (from `cargo xtask deliver`) to the site root",
            );
        }
    };
    let value = cache_control(r);
    if CacheControl::parse(&value).revalidates() {
        INDEX_CACHE.pass(format!("Cache-Control: {value}"))
    } else {
        INDEX_CACHE.fail(
            format!("Cache-Control: {value}: browsers keep an old index.html naming deleted files"),
            format!(
                "send `Cache-Control: no-cache` for index.html and every app route; {HEADERS_FIX}, or upload index.html with --cache-control no-cache"
            ),
        )
    }
}

const CONFIG_CACHE: Item = Item {
    id: "config-cache",
    title: "config.json is revalidated on every visit",
};

fn config_cache(config: &Outcome) -> Check {
    let r = match config {
        Ok(r) if r.status == 200 => r,
        other => return CONFIG_CACHE.skipped(&unreachable("/config.json", other)),
    };
    let value = cache_control(r);
    if CacheControl::parse(&value).revalidates() {
        CONFIG_CACHE.pass(format!("Cache-Control: {value}"))
    } else {
        CONFIG_CACHE.fail(
            format!(
                "Cache-Control: {value}: a changed configuration reaches users only when their copy expires"
            ),
            format!("send `Cache-Control: no-cache` for /config.json; {HEADERS_FIX}"),
        )
    }
}

const CONFIG_VALID: Item = Item {
    id: "config-valid",
    title: "config.json is valid",
};

fn config_valid(config: &Outcome) -> Check {
    let r = match config {
        Ok(r) if r.status == 200 => r,
        other => {
            return CONFIG_VALID.fail(
                unreachable("/config.json", other),
                "`cargo xtask deliver` writes dist/config.json: deploy all of dist/",
            );
        }
    };
    if r.is_html() {
        return CONFIG_VALID.fail(
            "/config.json answered an HTML page (the SPA rewrite caught it?)",
            "deploy dist/config.json and keep `json` in the rewrite rule's list of file extensions",
        );
    }
    match parse_config(&r.text()) {
        Ok(config) => CONFIG_VALID.pass(format!(
            "issuer {}, client {}",
            config.issuer, config.client_id
        )),
        Err(error) => CONFIG_VALID.fail(
            error.to_string(),
            "fix the CITY_TASKS_* variable behind that field and run `cargo xtask deliver` again",
        ),
    }
}

const HASHED_ASSETS: Item = Item {
    id: "hashed-assets",
    title: "Hashed scripts, wasm and styles are cached immutable",
};

fn hashed_assets(assets: &[(String, Outcome)]) -> Check {
    let hashed: Vec<_> = assets.iter().filter(|(p, _)| plan::is_hashed(p)).collect();
    if hashed.is_empty() {
        return HASHED_ASSETS.fail(
            "index.html names no hashed assets (name-<hash>.js/.wasm/.css)",
            "deploy the output of `cargo xtask deliver` (Trunk's hashed file names)",
        );
    }
    let mut problems = Vec::new();
    for (path, outcome) in &hashed {
        match outcome {
            Ok(r) if r.status == 200 => {
                let value = cache_control(r);
                let cc = CacheControl::parse(&value);
                if !cc.immutable || cc.max_age.unwrap_or(0) < THIRTY_DAYS || cc.no_cache {
                    problems.push(format!("{path}: Cache-Control: {value}"));
                }
            }
            other => problems.push(unreachable(path, other)),
        }
    }
    if problems.is_empty() {
        HASHED_ASSETS.pass(format!(
            "{} files with max-age ≥ 30 days, immutable",
            hashed.len()
        ))
    } else {
        HASHED_ASSETS.fail(
            problems.join("; "),
            format!(
                "send `Cache-Control: public, max-age={ONE_YEAR}, immutable` for the hashed .wasm, .js and .css (their names change with their content); {HEADERS_FIX}"
            ),
        )
    }
}

const UNHASHED_SCRIPTS: Item = Item {
    id: "unhashed-scripts",
    title: "Unhashed scripts (boot.js) are revalidated",
};

fn unhashed_scripts(assets: &[(String, Outcome)]) -> Check {
    let plain: Vec<_> = assets.iter().filter(|(p, _)| !plan::is_hashed(p)).collect();
    if plain.is_empty() {
        return UNHASHED_SCRIPTS.not_applicable("index.html names only hashed files");
    }
    let mut problems = Vec::new();
    for (path, outcome) in &plain {
        match outcome {
            Ok(r) if r.status == 200 => {
                let value = cache_control(r);
                if !CacheControl::parse(&value).revalidates() {
                    problems.push(format!("{path}: Cache-Control: {value}"));
                }
            }
            other => problems.push(unreachable(path, other)),
        }
    }
    let names: Vec<&str> = plain.iter().map(|(p, _)| p.as_str()).collect();
    if problems.is_empty() {
        UNHASHED_SCRIPTS.pass(format!("{}: no-cache", names.join(", ")))
    } else {
        UNHASHED_SCRIPTS.fail(
            format!(
                "{}: a cached copy keeps loading the previous build's hashed files, which are gone",
                problems.join("; ")
            ),
            format!(
                "send `Cache-Control: no-cache` for files whose name has no hash (a `**/*.js` immutable rule catches boot.js too: list the hashed patterns instead); {HEADERS_FIX}"
            ),
        )
    }
}

const ASSET_TYPES: Item = Item {
    id: "asset-types",
    title: "Scripts, wasm and styles have the Content-Type browsers insist on",
};

fn asset_types(assets: &[(String, Outcome)]) -> Check {
    let mut problems = Vec::new();
    for (path, outcome) in assets {
        let Ok(r) = outcome else { continue };
        if r.status != 200 {
            continue;
        }
        let expected: &[&str] = if path.ends_with(".wasm") {
            &["application/wasm"]
        } else if path.ends_with(".js") {
            &["text/javascript", "application/javascript"]
        } else {
            &["text/css"]
        };
        let got = r.media_type().unwrap_or_else(|| "(none)".into());
        if !expected.contains(&got.as_str()) {
            problems.push(format!("{path}: {got} (expected {})", expected[0]));
        }
    }
    if problems.is_empty() {
        ASSET_TYPES.pass(format!("{} files checked", assets.len()))
    } else {
        ASSET_TYPES.fail(
            problems.join("; "),
            "upload with the right type (`aws s3 cp --content-type application/wasm` for .wasm, text/javascript for .js); module scripts and WebAssembly streaming refuse anything else",
        )
    }
}

const DEEP_LINK: Item = Item {
    id: "deep-link",
    title: "/tasks/edit/3 is answered with index.html",
};

fn deep_link(outcome: &Outcome, index: Option<&Fetched>) -> Check {
    let fix = "add the SPA rewrite: extension-less paths -> /index.html with 200 (Amplify: the README's rule; CloudFront: the viewer-request function)";
    match outcome {
        Ok(r) if r.status == 200 && r.is_html() => match index {
            Some(index) if index.body != r.body => {
                DEEP_LINK.fail("200 text/html, but not the same page as /", fix)
            }
            _ => DEEP_LINK.pass("200, the app's index.html"),
        },
        other => DEEP_LINK.fail(
            format!(
                "{}: a reload or a shared link shows an error instead of the app",
                unreachable(plan::DEEP_LINK_PATH, other)
            ),
            fix,
        ),
    }
}

const MISSING_ASSET: Item = Item {
    id: "missing-asset",
    title: "A missing .js is a 404, not index.html",
};

fn missing_asset(outcome: &Outcome) -> Check {
    match outcome {
        Ok(r) if r.status == 404 => MISSING_ASSET.pass("404"),
        Ok(r) if r.status == 403 => MISSING_ASSET.warn(
            "403: S3 answers 403 for a missing key when CloudFront may not list the bucket",
            "harmless for the app; grant the origin access control s3:ListBucket if you want 404s",
        ),
        Ok(r) => MISSING_ASSET.fail(
            format!(
                "{} answered {}{}: a stale or broken script reference fails as a MIME-type error instead of a 404",
                plan::MISSING_ASSET_PATH,
                r.status,
                if r.is_html() {
                    " with an HTML page"
                } else {
                    ""
                }
            ),
            "do not map errors to /index.html (CloudFront custom error responses 403/404 -> /index.html, Amplify's default `/<*>` 404-200 rule): rewrite only extension-less paths",
        ),
        Err(e) => MISSING_ASSET.fail(
            format!("could not be fetched: {e}"),
            "check the site is up",
        ),
    }
}

fn header_policies(index: &Fetched) -> Vec<Policy> {
    index
        .header_all("content-security-policy")
        .into_iter()
        .flat_map(Policy::parse_header)
        .collect()
}

fn all_policies(index: &Fetched) -> Vec<(String, Policy)> {
    let mut out: Vec<(String, Policy)> = header_policies(index)
        .into_iter()
        .map(|p| ("header".to_string(), p))
        .collect();
    out.extend(
        meta_policies(&index.text())
            .into_iter()
            .map(|p| ("index.html <meta>".to_string(), p)),
    );
    out
}

const CSP_PRESENT: Item = Item {
    id: "csp-present",
    title: "A Content-Security-Policy header is sent",
};

fn csp_present(index: Option<&Fetched>) -> Check {
    let Some(index) = index else {
        return CSP_PRESENT.skipped("index.html did not load");
    };
    let header = header_policies(index);
    let meta = meta_policies(&index.text());
    if header.is_empty() {
        CSP_PRESENT.fail(
            format!(
                "no Content-Security-Policy header ({} <meta> policy in index.html; a <meta> cannot set frame-ancestors)",
                meta.len()
            ),
            format!("send the Content-Security-Policy of customHttp.yml; {HEADERS_FIX}"),
        )
    } else {
        CSP_PRESENT.pass(format!(
            "{} header policy, {} <meta> policy",
            header.len(),
            meta.len()
        ))
    }
}

const CSP_SCRIPTS: Item = Item {
    id: "csp-scripts",
    title: "The CSP allows scripts only from the site, plus WebAssembly",
};

fn csp_scripts(index: Option<&Fetched>) -> Check {
    let Some(index) = index else {
        return CSP_SCRIPTS.skipped("index.html did not load");
    };
    let policies = all_policies(index);
    if policies.is_empty() {
        return CSP_SCRIPTS.fail(
            "no policy at all",
            format!("send the Content-Security-Policy of customHttp.yml; {HEADERS_FIX}"),
        );
    }
    let mut problems = Vec::new();
    let mut restricts_scripts = false;
    for (origin, policy) in &policies {
        if let Some(sources) = policy.effective("script-src") {
            restricts_scripts = true;
            for source in sources {
                let lower = source.to_ascii_lowercase();
                if matches!(
                    lower.as_str(),
                    "'unsafe-inline'"
                        | "'unsafe-eval'"
                        | "*"
                        | "https:"
                        | "http:"
                        | "data:"
                        | "blob:"
                ) {
                    problems.push(format!("{origin}: script-src allows {source}"));
                }
            }
            let wasm = sources.iter().any(|s| {
                let s = s.to_ascii_lowercase();
                s == "'wasm-unsafe-eval'" || s == "'unsafe-eval'"
            });
            if !wasm {
                problems.push(format!(
                    "{origin}: script-src lacks 'wasm-unsafe-eval', so the app cannot start"
                ));
            }
        }
        if !policy
            .effective("object-src")
            .is_some_and(|s| s.iter().any(|x| x == "'none'"))
        {
            problems.push(format!("{origin}: object-src is not 'none'"));
        }
        if !policy
            .directive("base-uri")
            .is_some_and(|s| s.iter().any(|x| x == "'none'" || x == "'self'"))
            && origin == "header"
        {
            problems.push("header: base-uri is not 'none' or 'self'".into());
        }
    }
    if !restricts_scripts {
        problems.push("no policy restricts scripts (script-src or default-src)".into());
    }
    if problems.is_empty() {
        CSP_SCRIPTS.pass("script-src 'self' 'wasm-unsafe-eval', object-src 'none', base-uri set")
    } else {
        CSP_SCRIPTS.fail(
            problems.join("; "),
            format!(
                "use customHttp.yml's policy unchanged: script-src 'self' 'wasm-unsafe-eval' (public/boot.js starts the app, so no inline script is needed); {HEADERS_FIX}"
            ),
        )
    }
}

const CSP_ORIGINS: Item = Item {
    id: "csp-origins",
    title: "The CSP's connect-src matches config.json's origins",
};

fn csp_origins(index: Option<&Fetched>, config: Option<&Config>, site: &str) -> Check {
    let (Some(index), Some(config)) = (index, config) else {
        return CSP_ORIGINS.skipped("needs index.html and a valid config.json");
    };
    let policies = all_policies(index);
    let targets = plan::connect_targets(config);
    let mut blocked = Vec::new();
    for (origin, policy) in &policies {
        for (name, url) in &targets {
            if !policy.allows("connect-src", url, site) {
                blocked.push(format!("{origin} blocks {name} {url}"));
            }
        }
    }
    let fix_mismatch = "config.json and the <meta> policy must come from the same `cargo xtask deliver` run: do not edit config.json after the build; for the header policy, allow these origins in connect-src";
    if !blocked.is_empty() {
        return CSP_ORIGINS.fail(blocked.join("; "), fix_mismatch);
    }
    // Strict: some policy limits connect-src to exactly the configured origins.
    let allowed_origin = |source: &str| {
        source == "'self'"
            || parse_http_url(source).is_some_and(|s| {
                targets
                    .iter()
                    .any(|(_, url)| parse_http_url(url).is_some_and(|t| t.origin() == s.origin()))
            })
    };
    let strict = policies.iter().any(|(_, policy)| {
        policy
            .effective("connect-src")
            .is_some_and(|sources| sources.iter().all(|s| allowed_origin(s)))
    });
    if strict {
        CSP_ORIGINS
            .pass("connect-src is exactly the site, the issuer, the Hosted UI domain and the API")
    } else {
        CSP_ORIGINS.fail(
            "every policy's connect-src allows more than config.json's origins (e.g. any https: origin)",
            "deploy index.html as `cargo xtask deliver` wrote it: its <meta> policy narrows connect-src to this environment",
        )
    }
}

const REDIRECT_URIS: Item = Item {
    id: "redirect-uris",
    title: "redirectUri and logoutUri are on this host",
};

fn redirect_uris(config: Option<&Config>, site: &str) -> Check {
    let Some(config) = config else {
        return REDIRECT_URIS.skipped("config.json is not valid");
    };
    let site_origin = parse_http_url(site).map(|u| u.origin()).unwrap_or_default();
    let mut problems = Vec::new();
    for (field, uri, path) in [
        ("redirectUri", &config.redirect_uri, "/home"),
        ("logoutUri", &config.logout_uri, "/"),
    ] {
        match parse_http_url(uri) {
            Some(u) if u.origin() == site_origin => {
                if u.path != path {
                    problems.push(format!("{field} {uri}: the path should be {path}"));
                }
            }
            _ => problems.push(format!("{field} {uri} is not on {site_origin}")),
        }
    }
    if problems.is_empty() {
        REDIRECT_URIS.pass(format!("{} and {}", config.redirect_uri, config.logout_uri))
    } else {
        REDIRECT_URIS.fail(
            problems.join("; "),
            format!(
                "set CITY_TASKS_REDIRECT_URI={site_origin}/home and CITY_TASKS_LOGOUT_URI={site_origin}/ for this site (and register both on the app client)"
            ),
        )
    }
}

const DISCOVERY: Item = Item {
    id: "discovery",
    title: "The issuer's discovery is reachable with the same issuer",
};

fn discovery(outcome: &Outcome, config: &Config, site: &str) -> Check {
    let url = plan::discovery_url(config);
    let fix_issuer = "CITY_TASKS_ISSUER must be https://cognito-idp.<region>.amazonaws.com/<user pool id>, exactly (no trailing slash, not the Hosted UI domain)";
    let r = match outcome {
        Ok(r) if r.status == 200 => r,
        other => return DISCOVERY.fail(unreachable(&url, other), fix_issuer),
    };
    let issuer = serde_json::from_slice::<serde_json::Value>(&r.body)
        .ok()
        .and_then(|v| v.get("issuer").and_then(|i| i.as_str()).map(str::to_string));
    match issuer {
        None => DISCOVERY.fail(
            format!("{url} is not a discovery document"),
            fix_issuer,
        ),
        Some(issuer) if issuer != config.issuer => DISCOVERY.fail(
            format!(
                "discovery says issuer {issuer}, config.json says {}: every sign-in would be refused",
                config.issuer
            ),
            format!("set CITY_TASKS_ISSUER={issuer}"),
        ),
        Some(issuer) => match r.header("access-control-allow-origin") {
            Some(allowed) if allowed == "*" || allowed == site => {
                DISCOVERY.pass(format!("issuer {issuer}"))
            }
            other => DISCOVERY.fail(
                format!(
                    "discovery has Access-Control-Allow-Origin {}: the browser cannot read it from {site}",
                    shown(other)
                ),
                "point CITY_TASKS_ISSUER at the user pool's issuer (Cognito answers discovery with CORS for any origin)",
            ),
        },
    }
}

const POOL_CALLBACK: Item = Item {
    id: "pool-callback",
    title: "The user pool accepts the client and redirectUri",
};

/// Reads the answer to the authorize probe: Cognito redirects to its sign-in page when the
/// client and callback are registered, and to `/error?error=redirect_mismatch` otherwise.
fn pool_callback(outcome: &Outcome, config: &Config) -> Check {
    let r = match outcome {
        Ok(r) => r,
        Err(e) => {
            return POOL_CALLBACK.fail(
                format!(
                    "{}/oauth2/authorize could not be fetched: {e}",
                    config.auth_domain
                ),
                "CITY_TASKS_AUTH_DOMAIN must be the user pool's domain (Branding -> Domain)",
            );
        }
    };
    let location = r.header("location").unwrap_or("");
    let said = format!("{location} {}", r.text());
    if said.contains("redirect_mismatch") {
        return POOL_CALLBACK.fail(
            format!(
                "the pool answered redirect_mismatch for {}",
                config.redirect_uri
            ),
            format!(
                "add {} to the app client's Allowed callback URLs exactly (Login pages -> Edit), or fix CITY_TASKS_REDIRECT_URI",
                config.redirect_uri
            ),
        );
    }
    if said.contains("invalid_client") || said.contains("Client does not exist") {
        return POOL_CALLBACK.fail(
            format!("the pool does not know client {}", config.client_id),
            "CITY_TASKS_CLIENT_ID must be this pool's app client id",
        );
    }
    if let Some(error) = location
        .strip_prefix(&config.redirect_uri)
        .and_then(|query| {
            query
                .split(['?', '&'])
                .find_map(|pair| pair.strip_prefix("error="))
        })
    {
        return POOL_CALLBACK.fail(
            format!("the pool refused the sign-in request: error={error}"),
            "on the app client's Login pages: OAuth grant type Authorization code grant, the scopes of CITY_TASKS_SCOPES, and at least one identity provider",
        );
    }
    if (200..400).contains(&r.status) {
        POOL_CALLBACK.pass(format!(
            "{} -> {}",
            r.status,
            if location.is_empty() {
                "sign-in page"
            } else {
                location
            }
        ))
    } else {
        POOL_CALLBACK.fail(
            format!("/oauth2/authorize answered {}", r.status),
            "check CITY_TASKS_AUTH_DOMAIN and CITY_TASKS_CLIENT_ID",
        )
    }
}

const POOL_LOGOUT: Item = Item {
    id: "pool-logout",
    title: "The user pool accepts logoutUri",
};

fn pool_logout(outcome: Option<&Outcome>, config: &Config) -> Check {
    let Some(outcome) = outcome else {
        return POOL_LOGOUT.not_applicable("logoutMode is oidc: no Cognito /logout");
    };
    debug_assert_eq!(config.logout_mode, LogoutMode::Cognito);
    let fix = format!(
        "add {} to the app client's Allowed sign-out URLs exactly (Login pages -> Edit), or fix CITY_TASKS_LOGOUT_URI",
        config.logout_uri
    );
    match outcome {
        Ok(r)
            if (300..400).contains(&r.status)
                && r.header("location") == Some(config.logout_uri.as_str()) =>
        {
            POOL_LOGOUT.pass(format!("/logout -> {}", config.logout_uri))
        }
        Ok(r) => {
            let location = r.header("location").unwrap_or("");
            let mismatch =
                location.contains("redirect_mismatch") || r.text().contains("redirect_mismatch");
            POOL_LOGOUT.fail(
                format!(
                    "/logout answered {}{}{}",
                    r.status,
                    if location.is_empty() {
                        String::new()
                    } else {
                        format!(" -> {location}")
                    },
                    if mismatch { " (redirect_mismatch)" } else { "" }
                ),
                fix,
            )
        }
        Err(e) => POOL_LOGOUT.fail(format!("/logout could not be fetched: {e}"), fix),
    }
}

const API_PREFLIGHT: Item = Item {
    id: "api-preflight",
    title: "The API's CORS preflight admits this origin with Authorization",
};

/// Whether a preflight answer lets the browser send the call (Fetch standard, CORS-preflight
/// check): the origin, the method unless safelisted, and each requested header by name; a
/// `*` never covers `Authorization`.
pub fn preflight_problems(preflight: &Preflight, outcome: &Outcome, site: &str) -> Vec<String> {
    let what = format!("{} {}", preflight.method, preflight.url);
    let r = match outcome {
        Ok(r) => r,
        Err(e) => return vec![format!("{what}: could not be fetched: {e}")],
    };
    if !(200..300).contains(&r.status) {
        return vec![format!("{what}: the preflight answered {}", r.status)];
    }
    let mut problems = Vec::new();
    match r.header("access-control-allow-origin") {
        Some(origin) if origin == site || origin == "*" => {}
        other => problems.push(format!(
            "{what}: Access-Control-Allow-Origin {}, not {site}",
            shown(other)
        )),
    }
    let list = |name: &str| -> Vec<String> {
        r.header_all(name)
            .iter()
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let methods = list("access-control-allow-methods");
    let safelisted = matches!(preflight.method, "GET" | "HEAD" | "POST");
    let method = preflight.method.to_ascii_lowercase();
    if !safelisted && !methods.iter().any(|m| *m == method || m == "*") {
        problems.push(format!(
            "{what}: Access-Control-Allow-Methods does not list {}",
            preflight.method
        ));
    }
    let headers = list("access-control-allow-headers");
    for wanted in preflight.request_headers.split(',') {
        let named = headers.iter().any(|h| h == wanted);
        let wildcard = headers.iter().any(|h| h == "*") && wanted != "authorization";
        if !named && !wildcard {
            problems.push(format!(
                "{what}: Access-Control-Allow-Headers does not name {wanted}{}",
                if wanted == "authorization" && headers.iter().any(|h| h == "*") {
                    " (`*` does not cover Authorization)"
                } else {
                    ""
                }
            ));
        }
    }
    problems
}

fn api_preflight(preflights: &[(Preflight, Outcome)], site: &str) -> Check {
    let problems: Vec<String> = preflights
        .iter()
        .flat_map(|(p, o)| preflight_problems(p, o, site))
        .collect();
    if problems.is_empty() {
        API_PREFLIGHT.pass(format!(
            "GET, POST, PUT, DELETE from {site} with Authorization"
        ))
    } else {
        API_PREFLIGHT.fail(
            problems.join("; "),
            format!(
                "configure the API's CORS: allowed origin {site}, methods GET, POST, PUT, DELETE, OPTIONS, headers Authorization and Content-Type (by name), and answer OPTIONS without requiring a token"
            ),
        )
    }
}

const API_MAX_AGE: Item = Item {
    id: "api-max-age",
    title: "Preflights are cached (Access-Control-Max-Age)",
};

fn api_max_age(preflights: &[(Preflight, Outcome)]) -> Check {
    let ages: Vec<Option<u64>> = preflights
        .iter()
        .filter_map(|(_, o)| o.as_ref().ok())
        .filter(|r| (200..300).contains(&r.status))
        .map(|r| {
            r.header("access-control-max-age")
                .and_then(|v| v.trim().parse().ok())
        })
        .collect();
    if ages.is_empty() {
        return API_MAX_AGE.skipped("no preflight succeeded");
    }
    match ages.iter().map(|a| a.unwrap_or(0)).min() {
        Some(min) if min >= 60 => API_MAX_AGE.pass(
            format!("Access-Control-Max-Age {min}s (browsers cap it: Chromium at 7200)"),
        ),
        _ => API_MAX_AGE.warn(
            "a preflight has no Access-Control-Max-Age (or under 60 s): nearly every API call costs an extra round trip",
            "send Access-Control-Max-Age: 600 (or up to 7200) on preflight answers",
        ),
    }
}

const API_ERROR_CORS: Item = Item {
    id: "api-error-cors",
    title: "The API's error answers carry CORS headers",
};

fn api_error_cors(outcome: &Outcome, site: &str) -> Check {
    let r = match outcome {
        Ok(r) => r,
        Err(e) => {
            return API_ERROR_CORS.fail(
                format!("GET tasks without a token could not be fetched: {e}"),
                "check CITY_TASKS_API_BASE_URL",
            );
        }
    };
    if (200..300).contains(&r.status) {
        return API_ERROR_CORS.fail(
            format!("GET tasks without a token answered {}", r.status),
            "the Tasks API must require a bearer token (401 without one)",
        );
    }
    match r.header("access-control-allow-origin") {
        Some(origin) if origin == site || origin == "*" => API_ERROR_CORS.pass(
            format!("{} with Access-Control-Allow-Origin {origin}", r.status),
        ),
        other => API_ERROR_CORS.fail(
            format!(
                "GET tasks without a token answered {} with Access-Control-Allow-Origin {}: the app sees \"could not be reached\" instead of a 401/403/429 it can explain",
                r.status,
                shown(other)
            ),
            "on API Gateway add gateway responses DEFAULT_4XX and DEFAULT_5XX with Access-Control-Allow-Origin (and -Headers) for this origin; elsewhere add the CORS headers to error responses too",
        ),
    }
}

const HSTS: Item = Item {
    id: "hsts",
    title: "HTTPS is enforced (Strict-Transport-Security)",
};

fn hsts(index: Option<&Fetched>, site: &str, options: Options) -> Check {
    let Some(url) = parse_http_url(site) else {
        return HSTS.fail(
            format!("{site} is not an http(s) URL"),
            "pass the site's https:// address",
        );
    };
    if url.scheme == "http" && !options.require_hsts {
        return if url.is_loopback() {
            HSTS.not_applicable(
                "plain http on loopback: browsers ignore HSTS here; judged on https sites (or with --require-hsts)",
            )
        } else {
            HSTS.fail(
                "the site is served over plain http",
                "serve it over https (Cognito accepts http callback URLs only for localhost)",
            )
        };
    }
    let Some(index) = index else {
        return HSTS.skipped("index.html did not load");
    };
    let value = index.header("strict-transport-security").unwrap_or("");
    let max_age = value.split(';').find_map(|d| {
        let (name, v) = d.trim().split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("max-age")
            .then(|| v.trim().trim_matches('"').parse::<u64>().ok())?
    });
    match max_age {
        Some(age) if age >= HSTS_MIN => HSTS.pass(value.to_string()),
        _ => HSTS.fail(
            if value.is_empty() {
                "no Strict-Transport-Security header".to_string()
            } else {
                format!("Strict-Transport-Security: {value} (under 180 days)")
            },
            format!(
                "send `Strict-Transport-Security: max-age=63072000; includeSubDomains`; {HEADERS_FIX}"
            ),
        ),
    }
}

const NOSNIFF: Item = Item {
    id: "nosniff",
    title: "X-Content-Type-Options: nosniff",
};

fn nosniff(index: Option<&Fetched>, assets: &[(String, Outcome)]) -> Check {
    let Some(index) = index else {
        return NOSNIFF.skipped("index.html did not load");
    };
    let mut missing = Vec::new();
    let responses = std::iter::once(("/", index)).chain(assets.iter().filter_map(|(p, o)| {
        o.as_ref()
            .ok()
            .filter(|r| r.status == 200)
            .map(|r| (p.as_str(), r))
    }));
    for (path, r) in responses {
        if !r
            .header("x-content-type-options")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("nosniff"))
        {
            missing.push(path.to_string());
        }
    }
    if missing.is_empty() {
        NOSNIFF.pass("on index.html and every asset")
    } else {
        NOSNIFF.fail(
            format!("missing on {}", missing.join(", ")),
            format!("send `X-Content-Type-Options: nosniff` for every path; {HEADERS_FIX}"),
        )
    }
}

const REFERRER_POLICY: Item = Item {
    id: "referrer-policy",
    title: "Referrer-Policy keeps the callback URL to the site",
};

fn referrer_policy(index: Option<&Fetched>) -> Check {
    let Some(index) = index else {
        return REFERRER_POLICY.skipped("index.html did not load");
    };
    // The last recognised token wins (a header may list fallbacks).
    let value = index.header("referrer-policy").unwrap_or("");
    let effective = value
        .split(',')
        .map(str::trim)
        .rfind(|t| !t.is_empty())
        .unwrap_or("");
    if matches!(
        effective.to_ascii_lowercase().as_str(),
        "no-referrer" | "same-origin"
    ) {
        REFERRER_POLICY.pass(format!("Referrer-Policy: {value}"))
    } else {
        REFERRER_POLICY.fail(
            if value.is_empty() {
                "no Referrer-Policy header".to_string()
            } else {
                format!("Referrer-Policy: {value}")
            },
            format!(
                "send `Referrer-Policy: no-referrer` so /home?code=... never leaves the site in a Referer; {HEADERS_FIX}"
            ),
        )
    }
}

const FRAMING: Item = Item {
    id: "framing",
    title: "The site cannot be framed (clickjacking)",
};

fn framing(index: Option<&Fetched>) -> Check {
    let Some(index) = index else {
        return FRAMING.skipped("index.html did not load");
    };
    let ancestors = header_policies(index).iter().any(|p| {
        p.directive("frame-ancestors")
            .is_some_and(|s| s.iter().all(|x| x == "'none'" || x == "'self'") && !s.is_empty())
    });
    let xfo = index.header("x-frame-options").is_some_and(|v| {
        matches!(
            v.trim().to_ascii_uppercase().as_str(),
            "DENY" | "SAMEORIGIN"
        )
    });
    if ancestors || xfo {
        FRAMING.pass(match (ancestors, xfo) {
            (true, true) => "frame-ancestors and X-Frame-Options",
            (true, false) => "frame-ancestors",
            _ => "X-Frame-Options",
        })
    } else {
        FRAMING.fail(
            "no frame-ancestors in the CSP header and no X-Frame-Options",
            format!(
                "send `frame-ancestors 'none'` in the CSP header and `X-Frame-Options: DENY`; {HEADERS_FIX}"
            ),
        )
    }
}

/// The checks of the user pool and the API, in [`remote_checks`]' order.
const REMOTE_CHECKS: [Item; 6] = [
    DISCOVERY,
    POOL_CALLBACK,
    POOL_LOGOUT,
    API_PREFLIGHT,
    API_MAX_AGE,
    API_ERROR_CORS,
];

/// The checks of the user pool and the API alone: part of [`evaluate`], and all of
/// `cargo xtask dev --config`, where the site is the local dev server.
pub fn remote_checks(remote: &Remote, config: &Config, site: &str) -> Vec<Check> {
    vec![
        discovery(&remote.discovery, config, site),
        pool_callback(&remote.authorize, config),
        pool_logout(remote.logout.as_ref(), config),
        api_preflight(&remote.preflights, site),
        api_max_age(&remote.preflights),
        api_error_cors(&remote.api_without_token, site),
    ]
}

/// True when nothing failed (warnings and n/a are fine).
pub fn all_passed(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.status != Status::Fail)
}

#[cfg(test)]
#[path = "checks_tests.rs"]
mod tests;
