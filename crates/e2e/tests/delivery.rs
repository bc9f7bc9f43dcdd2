//! The delivery, proven: a copy of the release build finished by the same code the CDN build
//! runs (`cargo xtask deliver`), served with `customHttp.yml`'s headers and the documented SPA
//! rewrite rule (not `trunk serve`, which answers index.html for everything), signs a user in
//! with zero CSP violations and zero console errors; deep links load; a missing asset is a 404.

use anyhow::{Context, Result, ensure};
use e2e::{Harness, SignInPage, TasksPage};
use local_stack::demo_user;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivered_site_signs_in_under_the_strict_policy_without_console_errors() -> Result<()> {
    let h = Harness::start_delivered("delivery_journey").await?;
    let outcome = delivery_journey(&h).await;
    h.finish_with(outcome).await
}

async fn delivery_journey(h: &Harness) -> Result<()> {
    let page = reqwest::get(h.app_url("/tasks/edit/3")).await?;
    ensure!(
        page.status() == 200,
        "deep link /tasks/edit/3 answered {}",
        page.status()
    );
    let headers = page.headers().clone();
    let html = page.text().await?;
    ensure!(
        html.contains("data-city-tasks-csp"),
        "the delivered index.html has no CSP meta"
    );
    ensure!(
        !html.contains("<script type=\"module\">"),
        "index.html still has an inline script"
    );
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let csp = header("content-security-policy");
    ensure!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
        "CSP: {csp}"
    );
    ensure!(
        header("referrer-policy") == "no-referrer",
        "Referrer-Policy: {}",
        header("referrer-policy")
    );
    ensure!(
        header("x-content-type-options") == "nosniff",
        "nosniff missing"
    );
    ensure!(
        header("cache-control") == "no-cache",
        "index.html cache: {}",
        header("cache-control")
    );
    println!("headers served for /tasks/edit/3:");
    for (name, value) in &headers {
        println!("  {name}: {}", value.to_str().unwrap_or("(binary)"));
    }

    let missing = reqwest::get(h.app_url("/missing.js")).await?;
    ensure!(
        missing.status() == 404,
        "/missing.js answered {} instead of 404",
        missing.status()
    );
    let config = reqwest::get(h.app_url("/config.json")).await?;
    ensure!(
        config.status() == 200,
        "/config.json answered {}",
        config.status()
    );

    // The split build's chunks and its loader: content-hashed names, so cached for good like
    // the main files, and the chunks served as wasm (instantiateStreaming refuses anything else).
    let mut split_files = 0;
    for name in std::fs::read_dir(e2e::dist::locate()?)?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            name.starts_with("split_") || name.starts_with("chunk_") || name.contains("-split-")
        })
    {
        split_files += 1;
        let response = reqwest::get(h.app_url(&format!("/{name}"))).await?;
        let status = response.status();
        let value = |header: &str| {
            response
                .headers()
                .get(header)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let (cache, kind) = (value("cache-control"), value("content-type"));
        ensure!(status == 200, "/{name} answered {status}");
        ensure!(cache.contains("immutable"), "/{name} cache: {cache}");
        ensure!(
            !name.ends_with(".wasm") || kind == "application/wasm",
            "/{name} content type: {kind}"
        );
    }
    ensure!(
        split_files >= 2,
        "the build has {split_files} chunk and loader files: is it the split build?"
    );

    // A callback deep link with a stale code loads the app; it answers no sign-in of this tab,
    // so it is stray: the landing page, the code gone from the address bar, no message.
    h.open("/home?code=stale&state=stale").await?;
    e2e::HomePage::current(h)
        .wait_signed_out()
        .await
        .context("step: /home?code=... deep link")?;
    h.wait_until("the stray code to leave the address bar", async || {
        Ok(!h.current_url().await?.contains("code="))
    })
    .await?;

    // The whole sign-in journey under the policy.
    TasksPage::open(h).await?;
    SignInPage::wait_shown(h)
        .await
        .context("step: sign-in form")?
        .sign_in_as(&demo_user())
        .await?;
    let tasks = TasksPage::wait_shown(h)
        .await
        .context("step: back on /tasks with rows")?;
    ensure!(
        !tasks.row_texts().await?.is_empty(),
        "no task rows after sign-in"
    );

    let console = h.console_entries().await?;
    println!(
        "browser console during the journey ({} entries):",
        console.len()
    );
    for (level, message) in &console {
        println!("  [{level}] {message}");
    }
    let problems: Vec<_> = console
        .iter()
        .filter(|(level, message)| {
            level.eq_ignore_ascii_case("SEVERE")
                || message.contains("Content Security Policy")
                || message.contains("Refused to")
        })
        // The stale deep-link code above is stray by design: the app never sends it, so
        // nothing may be logged for it either; anything SEVERE is a real problem.
        .collect();
    ensure!(
        problems.is_empty(),
        "console errors or CSP violations: {problems:#?}"
    );
    Ok(())
}
