//! The measurements, one per file, and the browser steps they share: waiting for the probe to
//! see something, waiting for the network to go quiet, the Hosted UI sign-in.

pub mod big_list;
pub mod first_visit;
pub mod search;
pub mod sign_in;

use std::time::Duration;

use anyhow::{Context, Result};
use e2e::wait::wait_for;
use local_stack::demo_user;
use thirtyfour::prelude::*;

use crate::probe::{self, Snapshot};

/// How long any one step may take; generous, the machine may be small and busy.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(60);
/// The network counts as quiet when no entry was added for this long.
const QUIET: Duration = Duration::from_millis(400);

/// The Login button and the task rows, as the app marks them.
pub const LOGIN: &str = "login";
pub const TASK_ROW: &str = "task-row";

/// Waits until the probe in the current document has seen `id` rendered, and returns the
/// snapshot that says so. `other_than` skips a document already measured (a reload keeps the
/// address but gets a new time origin).
pub async fn wait_painted(
    driver: &WebDriver,
    id: &str,
    other_than: Option<f64>,
) -> Result<Snapshot> {
    wait_for(
        &format!("[data-testid={id}] on screen"),
        STEP_TIMEOUT,
        async || {
            let snapshot = probe::snapshot(driver).await?;
            let new_document = other_than.is_none_or(|origin| snapshot.time_origin != origin);
            Ok((new_document && snapshot.painted.contains_key(id)).then_some(snapshot))
        },
    )
    .await
}

/// Waits until the page has loaded and no new request finished for a moment, so every request
/// of interest has its timing entry, and returns the final snapshot.
pub async fn wait_quiet(driver: &WebDriver) -> Result<Snapshot> {
    let mut last: Option<(usize, tokio::time::Instant)> = None;
    wait_for("the network to go quiet", STEP_TIMEOUT, async || {
        let snapshot = probe::snapshot(driver).await?;
        let count = snapshot.entries.len();
        let stable_since = match last {
            Some((seen, since)) if seen == count => since,
            _ => tokio::time::Instant::now(),
        };
        last = Some((count, stable_since));
        let quiet = snapshot.ready_state == "complete" && stable_since.elapsed() >= QUIET;
        Ok(quiet.then_some(snapshot))
    })
    .await
}

/// How a client, signed out, gets to the Hosted UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToSignIn {
    /// Opening this path redirects there (City Tasks' guard on `/tasks`).
    Guarded(&'static str),
    /// This path's Login button does (the React peer's landing page).
    LoginButton(&'static str),
}

/// Opens the Hosted UI the client's way from `app` (its origin) and fills the demo user's
/// credentials in, leaving the form to be submitted.
pub async fn fill_sign_in_form(
    driver: &WebDriver,
    app: &str,
    to: ToSignIn,
    auth_origin: &str,
) -> Result<()> {
    let (ToSignIn::Guarded(path) | ToSignIn::LoginButton(path)) = to;
    let url = format!("{app}{path}");
    driver
        .goto(&url)
        .await
        .with_context(|| format!("opening {url}"))?;
    if matches!(to, ToSignIn::LoginButton(_)) {
        let login = wait_for("a usable Login button", STEP_TIMEOUT, async || {
            let button = driver.find(e2e::testid(LOGIN)).await?;
            Ok((button.is_displayed().await? && button.is_enabled().await?).then_some(button))
        })
        .await?;
        login.click().await.context("clicking Login")?;
    }
    let user = demo_user();
    let username = wait_for("the Hosted UI sign-in form", STEP_TIMEOUT, async || {
        if !driver
            .current_url()
            .await?
            .as_str()
            .starts_with(auth_origin)
        {
            return Ok(None);
        }
        let field = driver.find(By::Id(e2e::pages::USERNAME_FIELD)).await?;
        Ok(field.is_displayed().await?.then_some(field))
    })
    .await?;
    username.send_keys(&user.username).await?;
    driver
        .find(By::Id(e2e::pages::PASSWORD_FIELD))
        .await?
        .send_keys(&user.password)
        .await?;
    Ok(())
}

/// Submits the filled-in form by clicking its button in the page and returns when the click
/// happened, in milliseconds since the epoch by the browser's clock (the same clock as every
/// document's `performance.timeOrigin`).
pub async fn submit_sign_in(driver: &WebDriver) -> Result<f64> {
    let script = format!(
        "const at = performance.timeOrigin + performance.now();\n\
         document.querySelector({:?}).click();\n\
         return at;",
        e2e::pages::SUBMIT_BUTTON
    );
    let clicked = driver
        .execute(script, Vec::new())
        .await
        .context("clicking the sign-in button")?;
    clicked
        .convert::<f64>()
        .context("the click time is not a number")
}

/// Signs the demo user in from `app` the client's way and waits for the task rows.
pub async fn sign_in_to_rows(
    driver: &WebDriver,
    app: &str,
    to: ToSignIn,
    auth_origin: &str,
) -> Result<Snapshot> {
    fill_sign_in_form(driver, app, to, auth_origin).await?;
    submit_sign_in(driver).await?;
    wait_painted(driver, TASK_ROW, None).await
}
