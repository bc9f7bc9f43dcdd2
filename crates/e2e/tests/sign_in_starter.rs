//! The sign-in starter (issue 14): the signed-out landing page is shown and signs in without
//! the app's main module, which is only prefetched for the callback; where the landing page
//! is not the starter's (a session in the tab), the app starts as before.

use std::path::Path;

use anyhow::{Context, Result, ensure};
use city_tasks_delivery::finish::copy_dir;
use e2e::auth_checks::metadata_fetched_once;
use e2e::{Harness, HomePage, SignInPage, TasksPage, dist, testid};
use local_stack::demo_user;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_landing_page_signs_in_without_the_app() -> Result<()> {
    // A copy of the build without the app's main module: this test deletes it and must not
    // touch dist/.
    let site = tempfile::Builder::new()
        .prefix("city-tasks-starter-site-")
        .tempdir()?;
    copy_dir(&dist::locate()?, site.path())?;
    let main_module = dist::only_file(site.path(), "city-tasks-", "_bg.wasm")?;
    let h = Harness::start("starter_alone", |options| {
        options.site_dir = Some(site.path().to_path_buf());
    })
    .await?;
    let outcome = without_the_app(&h, &main_module).await;
    h.finish_with(outcome).await
}

async fn without_the_app(h: &Harness, main_module: &Path) -> Result<()> {
    let saved = std::fs::read(main_module)?;
    std::fs::remove_file(main_module)?;
    let home = HomePage::open(h).await?;
    home.wait_signed_out()
        .await
        .context("step: the landing page without the app's main module")?;
    ensure!(
        h.eval("return document.title;").await? == "City Tasks",
        "step: the landing page's title"
    );
    ensure!(app_not_started(h).await?, "step: something started the app");
    ensure!(
        shown(h, "get-started").await?,
        "step: no Sign in to get started"
    );

    home.click_login().await?;
    let sign_in = SignInPage::wait_shown(h)
        .await
        .context("step: Login leaves for the Hosted UI")?;
    let authorize = h
        .last_authorize()
        .await?
        .context("step: no authorize request")?;
    ensure!(
        authorize.code_challenge_method.as_deref() == Some("S256")
            && authorize
                .code_challenge
                .as_ref()
                .is_some_and(|c| c.len() == 43)
            && authorize.state.as_ref().is_some_and(|s| s.len() >= 22)
            && authorize.nonce.as_ref().is_some_and(|n| n.len() >= 22)
            && authorize.response_type.as_deref() == Some("code")
            && authorize.client_id.as_deref() == Some(h.client_id()),
        "step: the starter's authorize request is not a PKCE code request: {authorize:?}"
    );

    // The deploy is whole again by the time the Hosted UI answers: the callback needs the app.
    std::fs::write(main_module, saved)?;
    sign_in.sign_in_as(&demo_user()).await?;
    let name = HomePage::current(h)
        .wait_user_name()
        .await
        .context("step: back from the Hosted UI, signed in on the landing page")?;
    ensure!(!name.is_empty(), "step: no user name after the callback");
    // Fetched once, by the starter on the landing page; the callback read them from the cache.
    metadata_fetched_once(h).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_landing_page_prefetches_the_app_and_the_callback_uses_it() -> Result<()> {
    let h = Harness::start("starter_prefetch", |_| {}).await?;
    let outcome = prefetch_journey(&h).await;
    h.finish_with(outcome).await
}

async fn prefetch_journey(h: &Harness) -> Result<()> {
    let home = HomePage::open(h).await?;
    home.wait_signed_out().await?;
    // The app's glue, loader and main module, once each, while the page is read; not run.
    h.wait_until("the app's files prefetched", async || {
        Ok(app_files_fetched(h).await? == [1, 1, 1])
    })
    .await
    .context("step: the landing page prefetches the app")?;
    ensure!(
        app_not_started(h).await?,
        "step: the prefetch started the app"
    );

    shown_element(h, "get-started").await?.click().await?;
    SignInPage::wait_shown(h)
        .await?
        .sign_in_as(&demo_user())
        .await?;
    TasksPage::wait_shown(h)
        .await
        .context("step: Sign in to get started lands on the tasks")?;
    let fetched = app_files_fetched(h).await?;
    ensure!(
        fetched == [1, 1, 1],
        "step: the callback fetched the app again (glue, loader, wasm: {fetched:?}) instead \
         of taking the prefetched files from the cache"
    );

    // With a session in the tab the landing page is the app's own.
    home.wait_user_name().await?;
    h.open("/home").await?;
    h.wait_until("the app's signed-in landing page", async || {
        Ok(shown(h, "user-name").await? && !shown(h, "login").await?)
    })
    .await
    .context("step: /home with a session")?;
    ensure!(
        h.eval("return document.getElementById('landing') === null;")
            .await?
            == true,
        "step: the app left the static landing page in the document"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_in_the_starter_hands_the_page_to_the_app() -> Result<()> {
    let h = Harness::start("starter_panic", |_| {}).await?;
    let outcome = panic_journey(&h).await;
    h.finish_with(outcome).await
}

async fn panic_journey(h: &Harness) -> Result<()> {
    let home = HomePage::open(h).await?;
    home.wait_signed_out().await?;
    ensure!(
        app_not_started(h).await?,
        "step: the app started on the landing page"
    );
    // The release build aborts on a panic: the starter's buttons would be dead from here on.
    h.eval("window.dispatchEvent(new Event('city-tasks:test-panic')); return null;")
        .await?;
    h.wait_until("the app's own landing page", async || {
        Ok(!app_not_started(h).await? && shown(h, "login").await?)
    })
    .await
    .context("step: the app takes over after the starter's panic")?;
    ensure!(
        !shown(h, "panic-screen").await?,
        "step: the panic screen showed: the app did not panic"
    );
    home.click_login().await?;
    SignInPage::wait_shown(h)
        .await
        .context("step: the app's Login leaves for the Hosted UI")?;
    Ok(())
}

/// How often the site served the app's glue, chunk loader and main module, in that order.
async fn app_files_fetched(h: &Harness) -> Result<[usize; 3]> {
    let requests = h.site_requests().await?;
    let count = |is: &dyn Fn(&str) -> bool| {
        requests
            .iter()
            .filter(|r| {
                let file = r.path.rsplit('/').next().unwrap_or_default();
                file.starts_with("city-tasks-") && is(file)
            })
            .count()
    };
    Ok([
        count(&|f| f.ends_with(".js") && !f.starts_with("city-tasks-split-")),
        count(&|f| f.starts_with("city-tasks-split-") && f.ends_with(".js")),
        count(&|f| f.ends_with("_bg.wasm")),
    ])
}

/// The app removes the static landing page when it starts; the starter keeps it.
async fn app_not_started(h: &Harness) -> Result<bool> {
    Ok(
        h.eval("return document.getElementById('landing') !== null;")
            .await?
            == true,
    )
}

async fn shown(h: &Harness, id: &str) -> Result<bool> {
    Ok(e2e::browser::first_displayed(h.driver(), testid(id))
        .await?
        .is_some())
}

async fn shown_element(h: &Harness, id: &str) -> Result<thirtyfour::WebElement> {
    e2e::browser::first_displayed(h.driver(), testid(id))
        .await?
        .with_context(|| format!("{id} is not shown"))
}
