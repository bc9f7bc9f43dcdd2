//! End-to-end check of the local stack over real HTTP: the code + PKCE flow, the Tasks API,
//! refresh, revoke, logout, the site host and the test hooks.

use std::collections::HashMap;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use local_stack::{ApiToken, Options, PutMode, Running, Urls, federated_demo_provider, start};
use reqwest::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Client, StatusCode, Url, redirect};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const NONCE: &str = "nonce-123";

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn client() -> Client {
    Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .expect("client builds")
}

fn challenge() -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()))
}

fn authorize_url(urls: &Urls, state: &str) -> String {
    let query = [
        ("client_id", "city-tasks-local"),
        ("redirect_uri", &format!("{}/home", urls.app)),
        ("response_type", "code"),
        ("scope", "openid email profile"),
        ("state", state),
        ("code_challenge", &challenge()),
        ("code_challenge_method", "S256"),
        ("nonce", NONCE),
    ];
    let mut url = Url::parse(&format!("{}/oauth2/authorize", urls.auth_domain)).expect("url");
    url.query_pairs_mut().extend_pairs(query);
    url.to_string()
}

fn query_of(location: &str) -> HashMap<String, String> {
    Url::parse(location)
        .map(|url| url.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn form_fields(urls: &Urls, state: &str) -> Vec<(String, String)> {
    query_of(&authorize_url(urls, state)).into_iter().collect()
}

/// Signs in through the form; returns the code and the session cookie.
async fn sign_in(
    http: &Client,
    urls: &Urls,
    state: &str,
) -> Result<(String, String), Box<dyn std::error::Error>> {
    let mut form = form_fields(urls, state);
    form.push(("username".into(), "demo".into()));
    form.push(("password".into(), "CityTasks-demo1".into()));
    let response = http
        .post(format!("{}/login", urls.auth_domain))
        .form(&form)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::FOUND);
    let cookie_header = response
        .headers()
        .get(SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cookie_header.contains("HttpOnly"), "{cookie_header}");
    assert!(cookie_header.contains("SameSite=Lax"), "{cookie_header}");
    let cookie = cookie_header
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned();
    let location = location(&response);
    assert!(
        location.starts_with(&format!("{}/home?", urls.app)),
        "{location}"
    );
    let query = query_of(&location);
    assert_eq!(query.get("state").map(String::as_str), Some(state));
    let code = query.get("code").cloned().ok_or("no code")?;
    Ok((code, cookie))
}

async fn exchange(http: &Client, urls: &Urls, code: &str) -> reqwest::Result<reqwest::Response> {
    let redirect_uri = format!("{}/home", urls.app);
    http.post(format!("{}/oauth2/token", urls.auth_domain))
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", "city-tasks-local"),
            ("code", code),
            ("redirect_uri", &redirect_uri),
            ("code_verifier", VERIFIER),
        ])
        .send()
        .await
}

async fn refresh(http: &Client, urls: &Urls, token: &str) -> reqwest::Result<reqwest::Response> {
    http.post(format!("{}/oauth2/token", urls.auth_domain))
        .form(&[
            ("grant_type", "refresh_token"),
            ("client_id", "city-tasks-local"),
            ("refresh_token", token),
        ])
        .send()
        .await
}

fn jwt_part(token: &str, index: usize) -> Value {
    token
        .split('.')
        .nth(index)
        .and_then(|part| URL_SAFE_NO_PAD.decode(part).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or(Value::Null)
}

fn text(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or_default().to_owned()
}

async fn start_stack(options: Options) -> Running {
    start(Options {
        idp_port: 0,
        api_port: 0,
        app_port: 0,
        test_hooks: true,
        ..options
    })
    .await
    .expect("stack starts")
}

/// A stack with test hooks and a site of one index.html (kept as long as the directory lives).
async fn start_with_plain_site() -> Result<(tempfile::TempDir, Running), std::io::Error> {
    let site = tempfile::tempdir()?;
    std::fs::write(site.path().join("index.html"), "<!DOCTYPE html>")?;
    let stack = start_stack(Options {
        site_dir: Some(site.path().to_path_buf()),
        ..Options::default()
    })
    .await;
    Ok((site, stack))
}

#[tokio::test]
async fn full_code_flow_api_refresh_revoke_logout() -> TestResult {
    let site = tempfile::tempdir()?;
    std::fs::write(
        site.path().join("index.html"),
        "<!DOCTYPE html><title>City Tasks</title>",
    )?;
    std::fs::write(site.path().join("app.js"), "console.log(1)")?;
    std::fs::write(site.path().join("app_bg.wasm"), [0u8, 97, 115, 109])?;
    let stack = start_stack(Options {
        site_dir: Some(site.path().to_path_buf()),
        ..Options::default()
    })
    .await;
    let urls = stack.urls.clone();
    let http = client();

    // Discovery and JWKS: endpoints on the domain, not under the issuer.
    let discovery: Value =
        json_of(http.get(format!("{}/.well-known/openid-configuration", urls.issuer))).await?;
    assert_eq!(text(&discovery, "issuer"), urls.issuer);
    assert_eq!(
        text(&discovery, "token_endpoint"),
        format!("{}/oauth2/token", urls.auth_domain)
    );
    let jwks: Value = json_of(http.get(text(&discovery, "jwks_uri"))).await?;
    assert_eq!(jwks["keys"].as_array().map(Vec::len), Some(2));

    // The form, a wrong password, then the right one.
    let page = http.get(authorize_url(&urls, "s1")).send().await?;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await?;
    assert!(html.contains(r#"id="signInFormUsername""#));
    assert!(html.contains(r#"name="signInSubmitButton""#));
    let mut wrong = form_fields(&urls, "s1");
    wrong.push(("username".into(), "demo".into()));
    wrong.push(("password".into(), "nope".into()));
    let retry = http
        .post(format!("{}/oauth2/authorize", urls.auth_domain))
        .form(&wrong)
        .send()
        .await?;
    assert_eq!(retry.status(), StatusCode::OK);
    let html = retry.text().await?;
    assert!(html.contains("Incorrect username or password."));
    assert!(html.contains(r#"value="demo""#));
    let (code, cookie) = sign_in(&http, &urls, "s1").await?;

    // A bad redirect URI is an error page, never a redirect.
    let mismatch = http
        .get(authorize_url(&urls, "s").replace("%2Fhome", "%2Fhome%2F"))
        .send()
        .await?;
    assert_eq!(mismatch.status(), StatusCode::BAD_REQUEST);
    assert!(mismatch.text().await?.contains("redirect_mismatch"));

    // The browser's preflight before the token request.
    let preflight = http
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/oauth2/token", urls.auth_domain),
        )
        .header("Origin", &urls.app)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .await?;
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert!(
        preflight
            .headers()
            .contains_key("access-control-allow-headers")
    );

    // Code exchange, exactly once.
    let response = exchange(&http, &urls, &code).await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("*")
    );
    let tokens: Value = response.json().await?;
    let replay = exchange(&http, &urls, &code).await?;
    assert_eq!(replay.status(), StatusCode::BAD_REQUEST);
    assert_eq!(text(&replay.json().await?, "error"), "invalid_grant");
    let log: Value =
        json_of(http.get(format!("{}/__test/token-requests", urls.auth_domain))).await?;
    assert_eq!(
        log,
        json!([
            { "grantType": "authorization_code", "status": 200, "error": null },
            { "grantType": "authorization_code", "status": 400, "error": "invalid_grant" },
        ])
    );

    let access = text(&tokens, "access_token");
    let id_token = text(&tokens, "id_token");
    let refresh_token = text(&tokens, "refresh_token");
    assert_eq!(text(&tokens, "token_type"), "Bearer");
    let id_claims = jwt_part(&id_token, 1);
    assert_eq!(text(&id_claims, "aud"), "city-tasks-local");
    assert_eq!(text(&id_claims, "nonce"), NONCE);
    assert_eq!(text(&id_claims, "token_use"), "id");
    assert_eq!(text(&id_claims, "cognito:username"), "demo");
    let access_claims = jwt_part(&access, 1);
    assert!(access_claims.get("aud").is_none());
    assert_eq!(text(&access_claims, "client_id"), "city-tasks-local");
    assert_ne!(
        text(&jwt_part(&id_token, 0), "kid"),
        text(&jwt_part(&access, 0), "kid")
    );

    // userInfo: email_verified as a string.
    let info: Value = json_of(
        http.get(format!("{}/oauth2/userInfo", urls.auth_domain))
            .header(AUTHORIZATION, format!("Bearer {access}")),
    )
    .await?;
    assert_eq!(info["email_verified"], json!("true"));
    assert_eq!(text(&info, "sub"), text(&id_claims, "sub"));

    // The Tasks API.
    let tasks_url = format!("{}/tasks", urls.api_base);
    let listed = http.get(&tasks_url).bearer_auth(&access).send().await?;
    assert_eq!(listed.status(), StatusCode::OK);
    let tasks: Value = listed.json().await?;
    assert_eq!(tasks.as_array().map(Vec::len), Some(6));
    let anonymous = http.get(&tasks_url).send().await?;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert!(
        anonymous
            .headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains(r#"error="invalid_token""#))
    );
    let with_id_token = http.get(&tasks_url).bearer_auth(&id_token).send().await?;
    assert_eq!(with_id_token.status(), StatusCode::UNAUTHORIZED);

    let created = http
        .post(format!("{}/task", urls.api_base))
        .bearer_auth(&access)
        .json(
            &json!({ "name": "Feed the ducks", "hour": "08", "minute": 5, "executionDays": "SUN" }),
        )
        .send()
        .await?;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await?;
    assert_eq!(created["executionCommand"], "city-tasks:run");
    assert!(text(&created, "jobId").starts_with("job-"));
    let task_url = format!("{}/task/{}", urls.api_base, created["id"]);
    let mut edited = created.clone();
    edited["minute"] = json!(45);
    let updated = http
        .put(&task_url)
        .bearer_auth(&access)
        .json(&edited)
        .send()
        .await?;
    assert_eq!(updated.status(), StatusCode::OK);
    let updated: Value = updated.json().await?;
    assert_eq!(updated["minute"], 45);
    assert_eq!(updated["jobId"], created["jobId"]);
    let invalid = http
        .post(format!("{}/task", urls.api_base))
        .bearer_auth(&access)
        .json(&json!({ "name": "abc", "hour": 1, "minute": 1, "executionDays": "MON" }))
        .send()
        .await?;
    assert_eq!(invalid.status(), StatusCode::BAD_REQUEST);
    let invalid: Value = invalid.json().await?;
    assert_eq!(invalid["exceptionType"], "ValidationException");
    assert_eq!(invalid["code"], 400);
    assert!(text(&invalid, "error").contains("name"));
    let deleted = http.delete(&task_url).bearer_auth(&access).send().await?;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = http.get(&task_url).bearer_auth(&access).send().await?;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert!(gone.text().await?.is_empty());

    // CORS preflight from the app.
    let preflight = http
        .request(reqwest::Method::OPTIONS, &tasks_url)
        .header("Origin", &urls.app)
        .header("Access-Control-Request-Method", "PUT")
        .header(
            "Access-Control-Request-Headers",
            "authorization,content-type",
        )
        .send()
        .await?;
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        preflight
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some(urls.app.as_str())
    );

    // Injected API failure, once.
    let fault = http
        .post(format!("{}/__test/faults", origin_of(&urls.api_base)))
        .json(&json!({ "status": 503, "times": 1 }))
        .send()
        .await?;
    assert_eq!(fault.status(), StatusCode::NO_CONTENT);
    let failed = http.get(&tasks_url).bearer_auth(&access).send().await?;
    assert_eq!(failed.status(), StatusCode::SERVICE_UNAVAILABLE);
    let recovered = http.get(&tasks_url).bearer_auth(&access).send().await?;
    assert_eq!(recovered.status(), StatusCode::OK);
    let requests: Value =
        json_of(http.get(format!("{}/__test/requests", origin_of(&urls.api_base)))).await?;
    let requests = requests.as_array().cloned().unwrap_or_default();
    assert!(
        requests
            .iter()
            .any(|r| r["auth"] == "missing" && r["status"] == 401)
    );
    assert!(
        requests
            .iter()
            .any(|r| r["tokenUse"] == "id" && r["auth"] == "invalid")
    );
    assert!(
        requests
            .iter()
            .any(|r| r["method"] == "OPTIONS" && r["preflight"] == true)
    );
    assert!(requests.iter().any(|r| r["status"] == 503));
    assert_eq!(stack.api_requests().len(), requests.len());
    assert_eq!(stack.token_requests().len(), 2);

    // Refresh: new tokens, no refresh_token, auth_time kept.
    let refreshed = refresh(&http, &urls, &refresh_token).await?;
    assert_eq!(refreshed.status(), StatusCode::OK);
    let refreshed: Value = refreshed.json().await?;
    assert!(refreshed.get("refresh_token").is_none());
    let new_claims = jwt_part(&text(&refreshed, "id_token"), 1);
    assert_eq!(new_claims["auth_time"], id_claims["auth_time"]);
    assert_eq!(new_claims["sub"], id_claims["sub"]);

    // Revoke: access tokens are refused, the refresh token stops working.
    let revoke_url = format!("{}/oauth2/revoke", urls.auth_domain);
    let refused = http
        .post(&revoke_url)
        .form(&[
            ("token", access.as_str()),
            ("client_id", "city-tasks-local"),
        ])
        .send()
        .await?;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        text(&refused.json().await?, "error"),
        "unsupported_token_type"
    );
    let revoked = http
        .post(&revoke_url)
        .form(&[
            ("token", refresh_token.as_str()),
            ("client_id", "city-tasks-local"),
        ])
        .send()
        .await?;
    assert_eq!(revoked.status(), StatusCode::OK);
    assert!(revoked.text().await?.is_empty());
    let after = refresh(&http, &urls, &refresh_token).await?;
    assert_eq!(after.status(), StatusCode::BAD_REQUEST);
    assert_eq!(text(&after.json().await?, "error"), "invalid_grant");

    // The Hosted UI session signs in silently until /logout.
    let silent = http
        .get(authorize_url(&urls, "s2"))
        .header(COOKIE, &cookie)
        .send()
        .await?;
    assert_eq!(silent.status(), StatusCode::FOUND);
    assert!(query_of(&location(&silent)).contains_key("code"));
    let bad_logout = http
        .get(format!("{}/logout", urls.auth_domain))
        .query(&[
            ("client_id", "city-tasks-local"),
            ("logout_uri", "https://evil.example/"),
        ])
        .send()
        .await?;
    assert_eq!(bad_logout.status(), StatusCode::BAD_REQUEST);
    let sign_out_url = format!("{}/", urls.app);
    let logout = http
        .get(format!("{}/logout", urls.auth_domain))
        .query(&[
            ("client_id", "city-tasks-local"),
            ("logout_uri", sign_out_url.as_str()),
        ])
        .header(COOKIE, &cookie)
        .send()
        .await?;
    assert_eq!(logout.status(), StatusCode::FOUND);
    assert_eq!(location(&logout), sign_out_url);
    let form_again = http
        .get(authorize_url(&urls, "s3"))
        .header(COOKIE, &cookie)
        .send()
        .await?;
    assert_eq!(form_again.status(), StatusCode::OK);

    // The site host: SPA rewrite, real 404s, generated config.
    let deep = http
        .get(format!("{}/tasks/edit/3", urls.app))
        .send()
        .await?;
    assert_eq!(deep.status(), StatusCode::OK);
    assert_eq!(
        deep.headers()
            .get(CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("no-cache")
    );
    assert!(deep.text().await?.contains("City Tasks"));
    let missing = http.get(format!("{}/missing.js", urls.app)).send().await?;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let wasm = http.get(format!("{}/app_bg.wasm", urls.app)).send().await?;
    assert_eq!(
        wasm.headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("application/wasm")
    );
    let config: Value = json_of(http.get(format!("{}/config.json", urls.app))).await?;
    assert_eq!(config, urls.config_json("city-tasks-local"));

    stack.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn token_faults_and_key_rotation() -> TestResult {
    let stack = start_stack(Options::default()).await;
    let urls = stack.urls.clone();
    let http = client();
    let faults_url = format!("{}/__test/faults", urls.auth_domain);
    stack.queue_token_fault("unknown_kid")?;
    assert!(stack.queue_token_fault("nope").is_err());
    for fault in ["rotate_key", "no_refresh_token"] {
        let queued = http
            .post(&faults_url)
            .json(&json!({ "fault": fault }))
            .send()
            .await?;
        assert_eq!(queued.status(), StatusCode::NO_CONTENT);
    }
    let unknown = http
        .post(&faults_url)
        .json(&json!({ "fault": "nope" }))
        .send()
        .await?;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);

    let jwks_url = format!("{}/.well-known/jwks.json", urls.issuer);
    let kids = |jwks: Value| -> Vec<String> {
        jwks["keys"]
            .as_array()
            .map(|keys| keys.iter().map(|k| text(k, "kid")).collect())
            .unwrap_or_default()
    };

    // unknown_kid: signed by a key nobody can find.
    let (code, _) = sign_in(&http, &urls, "a").await?;
    let tokens: Value = exchange(&http, &urls, &code).await?.json().await?;
    let kid = text(&jwt_part(&text(&tokens, "id_token"), 0), "kid");
    assert!(!kids(http.get(&jwks_url).send().await?.json().await?).contains(&kid));
    let refresh_token = text(&tokens, "refresh_token");

    // rotate_key: a new kid that the JWKS lists afterwards.
    let rotated: Value = refresh(&http, &urls, &refresh_token).await?.json().await?;
    let rotated_kid = text(&jwt_part(&text(&rotated, "id_token"), 0), "kid");
    let published = kids(http.get(&jwks_url).send().await?.json().await?);
    assert!(published.contains(&rotated_kid));
    assert_eq!(published.len(), 3);

    // no_refresh_token on a code exchange.
    let (code, _) = sign_in(&http, &urls, "b").await?;
    let tokens: Value = exchange(&http, &urls, &code).await?.json().await?;
    assert!(tokens.get("refresh_token").is_none());
    assert!(tokens.get("id_token").is_some());

    // Without test hooks the endpoints do not exist.
    let plain = start(Options {
        idp_port: 0,
        api_port: 0,
        ..Options::default()
    })
    .await?;
    let hidden = http
        .post(format!("{}/__test/faults", plain.urls.auth_domain))
        .json(&json!({ "fault": "expired" }))
        .send()
        .await?;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    plain.shutdown().await;
    stack.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn rotated_refresh_token_retires_after_grace() -> TestResult {
    let stack = start_stack(Options {
        refresh_rotation: true,
        api_prefix: "/api/v1".into(),
        ..Options::default()
    })
    .await;
    let urls = stack.urls.clone();
    assert!(urls.api_base.ends_with("/api/v1"));
    let http = client();
    let (code, _) = sign_in(&http, &urls, "r").await?;
    let tokens: Value = exchange(&http, &urls, &code).await?.json().await?;
    let first = text(&tokens, "refresh_token");
    let rotated: Value = refresh(&http, &urls, &first).await?.json().await?;
    let second = text(&rotated, "refresh_token");
    assert!(!second.is_empty());
    assert_ne!(first, second);
    // Within the grace period the old token still works (two tabs refreshing at once)...
    assert_eq!(
        refresh(&http, &urls, &first).await?.status(),
        StatusCode::OK
    );
    // ...and afterwards it does not; the grace period is 2 s.
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let stale = refresh(&http, &urls, &first).await?;
    assert_eq!(stale.status(), StatusCode::BAD_REQUEST);
    assert_eq!(text(&stale.json().await?, "error"), "invalid_grant");
    assert_eq!(
        refresh(&http, &urls, &second).await?.status(),
        StatusCode::OK
    );
    let tasks = http
        .get(format!("{}/tasks", urls.api_base))
        .bearer_auth(text(&rotated, "access_token"))
        .send()
        .await?;
    assert_eq!(tasks.status(), StatusCode::OK);
    stack.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn behaviour_switches_request_logs_and_last_callback() -> TestResult {
    let (_site, stack) = start_with_plain_site().await?;
    let urls = stack.urls.clone();
    let http = client();
    let behaviour_url = format!("{}/__test/behaviour", urls.auth_domain);
    let discovery_url = format!("{}/.well-known/openid-configuration", urls.issuer);
    let jwks_url = format!("{}/.well-known/jwks.json", urls.issuer);

    // No code redirect yet, then the one the browser was sent to.
    let none = http
        .get(format!("{}/__test/last-callback", urls.auth_domain))
        .send()
        .await?;
    assert_eq!(none.status(), StatusCode::NOT_FOUND);
    let (code, _) = sign_in(&http, &urls, "s-1").await?;
    let last: Value =
        json_of(http.get(format!("{}/__test/last-callback", urls.auth_domain))).await?;
    assert!(
        text(&last, "url").contains(&format!("code={code}")),
        "{last}"
    );

    // Discovery naming another issuer; JWKS with the ID key only, then unavailable.
    let switches = json!({ "discoveryIssuer": "https://evil.example", "jwksOnlyIdKey": true });
    let set = http.put(&behaviour_url).json(&switches).send().await?;
    assert_eq!(set.status(), StatusCode::NO_CONTENT);
    let discovery: Value = json_of(http.get(&discovery_url)).await?;
    assert_eq!(text(&discovery, "issuer"), "https://evil.example");
    let jwks: Value = json_of(http.get(&jwks_url)).await?;
    assert_eq!(jwks["keys"].as_array().map(Vec::len), Some(1));
    http.put(&behaviour_url)
        .json(&json!({ "jwksUnavailable": true }))
        .send()
        .await?;
    assert_eq!(
        http.get(&jwks_url).send().await?.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    let refused = http
        .put(&behaviour_url)
        .json(&json!({ "tokenStatus": 404 }))
        .send()
        .await?;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);

    // A token outage leaves the code usable; an unreachable endpoint has no CORS header.
    http.put(&behaviour_url)
        .json(&json!({ "tokenStatus": 503 }))
        .send()
        .await?;
    let outage = exchange(&http, &urls, &code).await?;
    assert_eq!(outage.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(text(&outage.json().await?, "error"), "server_error");
    http.put(&behaviour_url)
        .json(&json!({ "tokenUnreachable": true }))
        .send()
        .await?;
    let unreachable = exchange(&http, &urls, &code).await?;
    assert!(
        !unreachable
            .headers()
            .contains_key("access-control-allow-origin")
    );
    http.delete(&behaviour_url).send().await?;
    assert_eq!(
        exchange(&http, &urls, &code).await?.status(),
        StatusCode::OK
    );
    assert_eq!(
        http.get(&jwks_url).send().await?.json::<Value>().await?["keys"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    // Both logs note whether an Authorization header came along; hook calls are not logged.
    http.get(format!("{}/oauth2/userInfo", urls.auth_domain))
        .bearer_auth("x")
        .send()
        .await?;
    http.get(format!("{}/home", urls.app)).send().await?;
    let idp: Vec<Value> =
        json_of(http.get(format!("{}/__test/requests", urls.auth_domain))).await?;
    assert!(idp.iter().all(|r| !text(r, "path").starts_with("/__test/")));
    assert!(
        idp.iter()
            .any(|r| text(r, "path") == "/oauth2/userInfo" && r["authorization"] == true)
    );
    assert!(
        idp.iter()
            .any(|r| text(r, "path") == "/oauth2/token" && r["authorization"] == false)
    );
    let site_log = stack.site_requests();
    assert_eq!(site_log.len(), 1, "{site_log:?}");
    assert!(site_log[0].path == "/home" && !site_log[0].authorization);
    assert_eq!(stack.idp_requests().len(), idp.len());
    stack.shutdown().await;
    Ok(())
}

fn origin_of(url: &str) -> String {
    Url::parse(url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default()
}

#[tokio::test]
async fn federated_provider_signs_in_its_own_users_and_the_api_can_take_id_tokens() -> TestResult {
    let stack = start_stack(Options {
        providers: vec![federated_demo_provider("Okta")],
        api_token: ApiToken::Id,
        ..Options::default()
    })
    .await;
    let urls = stack.urls.clone();
    let http = client();
    let okta_url = format!(
        "{}&identity_provider=Okta&lang=de",
        authorize_url(&urls, "f1")
    );

    // The form says which provider was asked for and remembers the request.
    let html = http.get(&okta_url).send().await?.text().await?;
    assert!(html.contains(r#"data-provider="Okta""#), "{html}");
    assert!(html.contains(r#"<html lang="de">"#));
    let last = stack.last_authorize().ok_or("no authorize recorded")?;
    assert_eq!(last.identity_provider.as_deref(), Some("Okta"));
    assert_eq!(last.lang.as_deref(), Some("de"));
    let hook: Value =
        json_of(http.get(format!("{}/__test/last-authorize", urls.auth_domain))).await?;
    assert_eq!(hook["identity_provider"], "Okta");

    // Each provider has its own users.
    let mut form: Vec<(String, String)> = query_of(&okta_url).into_iter().collect();
    let mut as_pool_user = form.clone();
    as_pool_user.push(("username".into(), "demo".into()));
    as_pool_user.push(("password".into(), "CityTasks-demo1".into()));
    let refused = http
        .post(format!("{}/login", urls.auth_domain))
        .form(&as_pool_user)
        .send()
        .await?;
    assert_eq!(refused.status(), StatusCode::OK);
    assert!(
        refused
            .text()
            .await?
            .contains("Incorrect username or password.")
    );
    form.push(("username".into(), "okta-user".into()));
    form.push(("password".into(), "CityTasks-demo1".into()));
    let signed_in = http
        .post(format!("{}/login", urls.auth_domain))
        .form(&form)
        .send()
        .await?;
    assert_eq!(signed_in.status(), StatusCode::FOUND);
    let code = query_of(&location(&signed_in))
        .get("code")
        .cloned()
        .ok_or("no code")?;
    let tokens: Value = exchange(&http, &urls, &code).await?.json().await?;
    let id = jwt_part(&text(&tokens, "id_token"), 1);
    assert_eq!(text(&id, "cognito:username"), "Okta_okta-user");
    assert_eq!(id["identities"][0]["providerName"], "Okta");
    assert_eq!(
        text(&jwt_part(&text(&tokens, "access_token"), 1), "username"),
        "Okta_okta-user"
    );

    // An unknown provider goes back to the app with an error, state kept.
    let unknown = http
        .get(format!(
            "{}&identity_provider=Google",
            authorize_url(&urls, "f2")
        ))
        .send()
        .await?;
    let query = query_of(&location(&unknown));
    assert_eq!(
        query.get("error").map(String::as_str),
        Some("invalid_request")
    );
    assert_eq!(query.get("state").map(String::as_str), Some("f2"));

    // The API in ID-token mode: the ID token passes, the access token does not.
    let tasks = format!("{}/tasks", urls.api_base);
    let with_id = http
        .get(&tasks)
        .bearer_auth(text(&tokens, "id_token"))
        .send()
        .await?;
    assert_eq!(with_id.status(), StatusCode::OK);
    let with_access = http
        .get(&tasks)
        .bearer_auth(text(&tokens, "access_token"))
        .send()
        .await?;
    assert_eq!(with_access.status(), StatusCode::UNAUTHORIZED);
    let log = stack.api_requests();
    assert_eq!(log[0].auth, "valid");
    assert_eq!(log[0].token_use.as_deref(), Some("id"));
    assert_eq!(log[1].auth, "invalid");
    stack.shutdown().await;
    Ok(())
}

/// The answer to `request`, read as JSON.
async fn json_of<T: serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
) -> Result<T, Box<dyn std::error::Error>> {
    Ok(request.send().await?.json().await?)
}

/// Signs in as the demo user and returns an access token for the Tasks API.
async fn access_token(http: &Client, urls: &Urls) -> Result<String, Box<dyn std::error::Error>> {
    let (code, _) = sign_in(http, urls, "s-api").await?;
    let tokens: Value = exchange(http, urls, &code).await?.json().await?;
    Ok(text(&tokens, "access_token"))
}

/// Sends a JSON body with `method` and returns the status and the answer as JSON (null when
/// there is none).
async fn send_json(
    request: reqwest::RequestBuilder,
    body: &Value,
) -> Result<(StatusCode, Value), Box<dyn std::error::Error>> {
    let response = request.json(body).send().await?;
    let status = response.status();
    let text = response.text().await?;
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}

#[tokio::test]
async fn tasks_keep_fields_the_api_does_not_model_and_put_can_replace() -> TestResult {
    let stack = start_stack(Options::default()).await;
    let urls = stack.urls.clone();
    let http = client();
    let token = access_token(&http, &urls).await?;
    let api_origin = origin_of(&urls.api_base);
    let mode_url = format!("{api_origin}/__test/put-mode");

    // POST: every field the API does not model comes back flat, as given.
    let later = json!({ "deviceId": "pump-7", "deviceOperation": "ACTIVATE", "status": "ACT",
        "vendorNote": null, "meta": { "zone": ["north", { "level": 2 }], "empty": {} } });
    let mut body = json!({ "name": "Pump north", "description": "Pumps the north basin.",
        "hour": 6, "minute": 30, "executionDays": "MON,FRI",
        "executeUntil": "2030-01-31T18:00:00+01:00" });
    for (key, value) in later.as_object().cloned().unwrap_or_default() {
        body[key] = value;
    }
    let (status, created) = send_json(
        http.post(format!("{}/task", urls.api_base))
            .bearer_auth(&token),
        &body,
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    for (key, value) in later.as_object().cloned().unwrap_or_default() {
        assert_eq!(created.get(&key), Some(&value), "{key} in {created}");
    }
    let id = created["id"].as_i64().ok_or("no id")?;
    let task_url = format!("{}/task/{id}", urls.api_base);
    let read: Value = json_of(http.get(&task_url).bearer_auth(&token)).await?;
    assert_eq!(read, created);
    let listed: Vec<Value> = json_of(
        http.get(format!("{}/tasks", urls.api_base))
            .bearer_auth(&token),
    )
    .await?;
    assert!(listed.contains(&created), "{listed:?}");

    // The default PUT mode is lenient: unmodelled fields the body leaves out stay as stored,
    // the body's own replace them, known nullable fields it leaves out become null and a
    // missing command gets the default.
    let current: Value = json_of(http.get(&mode_url)).await?;
    assert_eq!(current, json!({ "mode": "lenient" }));
    let edit = json!({ "id": id, "name": "Pump south", "hour": 6, "minute": 30,
        "executionDays": "MON,FRI", "status": "INA" });
    let (status, updated) = send_json(http.put(&task_url).bearer_auth(&token), &edit).await?;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["name"], "Pump south");
    assert_eq!(updated["status"], "INA");
    assert_eq!(updated["deviceId"], "pump-7");
    assert_eq!(updated["meta"], later["meta"]);
    assert_eq!(updated.get("vendorNote"), Some(&Value::Null));
    assert_eq!(updated["description"], Value::Null);
    assert_eq!(updated["executeUntil"], Value::Null);
    assert_eq!(updated["executionCommand"], "city-tasks:run");
    assert_eq!(updated["jobId"], created["jobId"]);
    assert_eq!(updated["createdAt"], created["createdAt"]);

    // Replace mode: the body is the whole task.
    let (status, answer) = send_json(http.post(&mode_url), &json!({ "mode": "replace" })).await?;
    assert_eq!(
        (status, answer),
        (StatusCode::OK, json!({ "mode": "replace" }))
    );
    let (status, refused) = send_json(http.put(&task_url).bearer_auth(&token), &edit).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(
        text(&refused, "error").contains("executionCommand"),
        "{refused}"
    );
    let whole = json!({ "id": id, "name": "Pump east", "hour": 7, "minute": 0,
        "executionDays": "TUE", "executionCommand": "pump:on", "deviceId": "pump-7",
        "deviceOperation": null, "jobId": "job-from-client", "createdAt": "1999-01-01T00:00:00Z" });
    let (status, replaced) = send_json(http.put(&task_url).bearer_auth(&token), &whole).await?;
    assert_eq!(status, StatusCode::OK, "{replaced}");
    assert_eq!(replaced["name"], "Pump east");
    assert_eq!(replaced["deviceId"], "pump-7");
    assert_eq!(replaced.get("deviceOperation"), Some(&Value::Null));
    for gone in ["status", "meta", "vendorNote"] {
        assert_eq!(replaced.get(gone), None, "{gone} in {replaced}");
    }
    assert_eq!(replaced["description"], Value::Null);
    assert_eq!(replaced["jobId"], created["jobId"], "jobId is the server's");
    assert_eq!(replaced["createdAt"], created["createdAt"]);
    let stored: Value = json_of(http.get(format!("{api_origin}/__test/task/{id}"))).await?;
    assert_eq!(stored, replaced);
    let missing_name = json!({ "id": id, "hour": 7, "minute": 0, "executionDays": "TUE",
        "executionCommand": "pump:on" });
    let (status, _) = send_json(http.put(&task_url).bearer_auth(&token), &missing_name).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Back to the configured mode; an unknown mode is refused.
    let reset = http.delete(&mode_url).send().await?;
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    let current: Value = json_of(http.get(&mode_url)).await?;
    assert_eq!(current, json!({ "mode": "lenient" }));
    let (status, _) = send_json(http.post(&mode_url), &json!({ "mode": "merge" })).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let absent = http
        .get(format!("{api_origin}/__test/task/999999"))
        .send()
        .await?;
    assert_eq!(absent.status(), StatusCode::NOT_FOUND);
    stack.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn the_put_mode_option_starts_the_stack_replacing() -> TestResult {
    let stack = start_stack(Options {
        put_mode: PutMode::Replace,
        ..Options::default()
    })
    .await;
    let urls = stack.urls.clone();
    let http = client();
    let token = access_token(&http, &urls).await?;
    let mode_url = format!("{}/__test/put-mode", origin_of(&urls.api_base));
    let current: Value = json_of(http.get(&mode_url)).await?;
    assert_eq!(current, json!({ "mode": "replace" }));
    let (_, created) = send_json(
        http.post(format!("{}/task", urls.api_base))
            .bearer_auth(&token),
        &json!({ "name": "Gate north", "hour": 1, "minute": 2, "executionDays": "SUN",
            "status": "ACT" }),
    )
    .await?;
    let task_url = format!("{}/task/{}", urls.api_base, created["id"]);
    let mut without_status = created.clone();
    without_status
        .as_object_mut()
        .ok_or("not an object")?
        .remove("status");
    let (status, replaced) =
        send_json(http.put(&task_url).bearer_auth(&token), &without_status).await?;
    assert_eq!(status, StatusCode::OK, "{replaced}");
    assert_eq!(replaced.get("status"), None);
    // The hook goes back to the started mode, and the in-process switch works too.
    http.post(&mode_url)
        .json(&json!({ "mode": "lenient" }))
        .send()
        .await?;
    http.delete(&mode_url).send().await?;
    let current: Value = json_of(http.get(&mode_url)).await?;
    assert_eq!(current, json!({ "mode": "replace" }));
    stack.set_put_mode(PutMode::Lenient);
    let current: Value = json_of(http.get(&mode_url)).await?;
    assert_eq!(current, json!({ "mode": "lenient" }));
    stack.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn raw_seeded_tasks_come_back_exactly_as_given() -> TestResult {
    let stack = start_stack(Options::default()).await;
    let urls = stack.urls.clone();
    let http = client();
    let token = access_token(&http, &urls).await?;
    let seed_url = format!("{}/__test/seed-raw", origin_of(&urls.api_base));
    let long_name = "L".repeat(4000);
    let rows = json!([
        { "name": null, "hour": 6, "minute": 0, "executionDays": "MON" },
        { "name": "Hour ninety-nine", "hour": 99, "minute": 0, "executionDays": "MON" },
        { "name": "String hour", "hour": "08", "minute": "05", "executionDays": "TUE" },
        { "name": "Funday", "hour": 1, "minute": 2, "executionDays": "MON,FUNDAY" },
        { "id": 4242, "name": "Epoch dates", "hour": 3, "minute": 4, "executionDays": "WED",
          "executeUntil": 1_900_000_000_000_i64, "createdAt": 1_700_000_000_000_i64,
          "updatedAt": 1_700_000_000_001_i64, "jobId": "legacy-job" },
        { "name": "<img src=x onerror=alert(1)>", "description": "<script>alert(2)</script>",
          "hour": 5, "minute": 6, "executionDays": "SUN" },
        { "name": long_name, "hour": 7, "minute": 8, "executionDays": "SAT" },
        { "name": "Later fields", "hour": 9, "minute": 10, "executionDays": "FRI",
          "deviceId": "pump-9", "deviceOperation": "DEACTIVATE", "status": "INA",
          "unknown": { "nested": [null, 1.5, "x"] }, "nothing": null },
        {}
    ]);
    let (status, answer) = send_json(http.post(&seed_url), &rows).await?;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let ids: Vec<i64> = answer["ids"]
        .as_array()
        .ok_or("no ids")?
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    let rows = rows.as_array().ok_or("rows")?;
    assert_eq!(ids.len(), rows.len());
    assert_eq!(ids[4], 4242);
    let listed: Vec<Value> = json_of(
        http.get(format!("{}/tasks", urls.api_base))
            .bearer_auth(&token),
    )
    .await?;
    for (row, id) in rows.iter().zip(&ids) {
        let mut expected = row.clone();
        expected["id"] = json!(id);
        let read: Value = json_of(
            http.get(format!("{}/task/{id}", urls.api_base))
                .bearer_auth(&token),
        )
        .await?;
        assert_eq!(read, expected);
        assert!(listed.contains(&expected), "{id} missing from the list");
    }
    assert_eq!(
        listed.len(),
        6 + rows.len(),
        "the valid tasks are still listed"
    );

    // Refusals: not an array, not objects, a bad or taken id (nothing stored then).
    for bad in [
        json!({ "name": "x" }),
        json!([1]),
        json!([{ "id": "7" }]),
        json!([{ "id": 0 }]),
        json!([{ "id": 9_007_199_254_740_992_i64 }]),
    ] {
        let (status, _) = send_json(http.post(&seed_url), &bad).await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let (status, _) = send_json(
        http.post(&seed_url),
        &json!([{ "name": "a" }, { "id": 4242 }]),
    )
    .await?;
    assert_eq!(status, StatusCode::CONFLICT);
    let after: Vec<Value> = json_of(
        http.get(format!("{}/tasks", urls.api_base))
            .bearer_auth(&token),
    )
    .await?;
    assert_eq!(after.len(), listed.len());
    stack.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn test_hooks_take_only_json_bodies() -> TestResult {
    let (_site, stack) = start_with_plain_site().await?;
    let urls = stack.urls.clone();
    let http = client();
    let token = access_token(&http, &urls).await?;
    let api = origin_of(&urls.api_base);
    let idp = urls.auth_domain.clone();
    let app = urls.app.clone();

    // What a page on another origin can send without a preflight: text/plain holding JSON, a
    // form post, a bodiless no-cors POST.
    let writes = [
        (
            reqwest::Method::POST,
            format!("{api}/__test/faults"),
            r#"{"status":503}"#,
        ),
        (
            reqwest::Method::POST,
            format!("{api}/__test/seed"),
            r#"{"count":5}"#,
        ),
        (
            reqwest::Method::POST,
            format!("{api}/__test/seed-raw"),
            r#"[{"name":"x"}]"#,
        ),
        (
            reqwest::Method::POST,
            format!("{api}/__test/put-mode"),
            r#"{"mode":"replace"}"#,
        ),
        (
            reqwest::Method::POST,
            format!("{idp}/__test/faults"),
            r#"{"fault":"expired"}"#,
        ),
        (
            reqwest::Method::PUT,
            format!("{idp}/__test/behaviour"),
            r#"{"tokenStatus":503}"#,
        ),
        (
            reqwest::Method::DELETE,
            format!("{api}/__test/requests"),
            "{}",
        ),
        (
            reqwest::Method::DELETE,
            format!("{idp}/__test/token-requests"),
            "{}",
        ),
        (
            reqwest::Method::DELETE,
            format!("{app}/__test/requests"),
            "{}",
        ),
    ];
    for (method, url, body) in &writes {
        for content_type in [
            Some("text/plain;charset=UTF-8"),
            Some("application/x-www-form-urlencoded"),
            Some("multipart/form-data; boundary=x"),
            None,
        ] {
            let mut request = http.request(method.clone(), url).body(*body);
            if let Some(content_type) = content_type {
                request = request.header(CONTENT_TYPE, content_type);
            }
            let response = request.send().await?;
            assert_eq!(
                response.status(),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{method} {url} as {content_type:?}"
            );
        }
    }
    // A form-encoded post of the fault fields is refused too.
    let form = http
        .post(format!("{api}/__test/faults"))
        .form(&[("status", "503")])
        .send()
        .await?;
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let bodiless = http.post(format!("{api}/__test/put-mode")).send().await?;
    assert_eq!(bodiless.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // None of them did anything.
    let tasks = http
        .get(format!("{}/tasks", urls.api_base))
        .bearer_auth(&token)
        .send()
        .await?;
    assert_eq!(tasks.status(), StatusCode::OK, "no fault was queued");
    assert_eq!(
        tasks.json::<Vec<Value>>().await?.len(),
        6,
        "nothing was seeded"
    );
    let mode: Value = json_of(http.get(format!("{api}/__test/put-mode"))).await?;
    assert_eq!(mode, json!({ "mode": "lenient" }));
    let behaviour: Value = json_of(http.get(format!("{idp}/__test/behaviour"))).await?;
    assert_eq!(behaviour["tokenStatus"], Value::Null, "{behaviour}");
    assert!(!stack.token_requests().is_empty(), "the token log was kept");

    // JSON (with a charset) still works, and bodiless DELETEs and GETs need no type.
    let json_fault = http
        .post(format!("{api}/__test/faults"))
        .header(CONTENT_TYPE, "application/json; charset=utf-8")
        .body(r#"{"status":503}"#)
        .send()
        .await?;
    assert_eq!(json_fault.status(), StatusCode::NO_CONTENT);
    let cleared = http.delete(format!("{api}/__test/faults")).send().await?;
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    let cleared = http.delete(format!("{app}/__test/requests")).send().await?;
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    let log = http.get(format!("{idp}/__test/requests")).send().await?;
    assert_eq!(log.status(), StatusCode::OK);
    // The Tasks API itself is not a hook: its own rules are unchanged.
    let plain = http
        .get(format!("{}/tasks", urls.api_base))
        .bearer_auth(&token)
        .header(CONTENT_TYPE, "text/plain")
        .send()
        .await?;
    assert_eq!(plain.status(), StatusCode::OK);
    stack.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn another_app_on_the_same_client_signs_in_calls_the_api_and_signs_out() -> TestResult {
    let peer = "http://127.0.0.1:1";
    let stack = start_stack(Options {
        other_app_origins: vec![format!("{peer}/")],
        ..Options::default()
    })
    .await;
    // The helpers build their redirect URLs from `urls.app`: point them at the other app.
    let peer_urls = Urls {
        app: peer.to_owned(),
        ..stack.urls.clone()
    };
    let http = client();
    let (code, _cookie) = sign_in(&http, &peer_urls, "p1").await?;
    let tokens: Value = exchange(&http, &peer_urls, &code).await?.json().await?;
    let access = text(&tokens, "access_token");
    assert!(!access.is_empty(), "{tokens}");
    let listed = http
        .get(format!("{}/tasks", stack.urls.api_base))
        .header(AUTHORIZATION, format!("Bearer {access}"))
        .header("Origin", peer)
        .send()
        .await?;
    assert_eq!(listed.status(), StatusCode::OK);
    let allowed = listed
        .headers()
        .get("access-control-allow-origin")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(allowed, peer);
    let logout = http
        .get(format!(
            "{}/logout?client_id=city-tasks-local&logout_uri={peer}/",
            stack.urls.auth_domain
        ))
        .send()
        .await?;
    assert_eq!(logout.status(), StatusCode::FOUND);
    assert_eq!(location(&logout), format!("{peer}/"));
    // An origin nobody registered is still refused.
    let stranger = Urls {
        app: "http://127.0.0.1:2".to_owned(),
        ..stack.urls.clone()
    };
    let refused = http.get(authorize_url(&stranger, "p2")).send().await?;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    stack.shutdown().await;
    Ok(())
}
