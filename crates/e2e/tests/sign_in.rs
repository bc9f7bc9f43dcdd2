//! The walking-skeleton journeys: sign in through the Hosted UI, see the tasks, reload, sign
//! out; and the access_denied callback that must not sign anyone in (the other refused
//! callbacks are in `auth_cases.rs`). Each test owns its stack and browser.

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use e2e::auth_checks::{code_exchanges, no_tokens_stored};
use e2e::tasks::{check_rows_show_tasks, token_like};
use e2e::{Harness, HomePage, SignInPage, TasksPage, holds_for, keys};
use local_stack::demo_user;
use serde_json::Value;

/// How long "nothing else happens" checks watch the page.
const QUIET_PERIOD: Duration = Duration::from_millis(1500);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_page_signs_in_through_the_hosted_ui_survives_reload_and_signs_out() -> Result<()> {
    let h = Harness::start("tasks_journey", |_| {}).await?;
    let outcome = tasks_journey(&h).await;
    h.finish_with(outcome).await
}

async fn tasks_journey(h: &Harness) -> Result<()> {
    let user = demo_user();

    // Signed out, the guarded page sends the browser to the Hosted UI.
    TasksPage::open(h).await?;
    let sign_in = SignInPage::wait_shown(h)
        .await
        .context("step: open /tasks signed out")?;

    sign_in.sign_in(&user.username, "not-the-password").await?;
    sign_in
        .wait_for_error("Incorrect username or password.")
        .await
        .context("step: wrong password")?;

    sign_in.sign_in_as(&user).await?;
    let tasks = TasksPage::wait_shown(h)
        .await
        .context("step: right password lands on /tasks")?;

    // The callback's code and state are gone from the address bar.
    let url = h.current_url().await?;
    ensure!(
        !url.contains("code=") && !url.contains("state="),
        "step: after sign-in the address bar still holds the callback parameters: {url}"
    );

    let exchanges = code_exchanges(h).await?;
    ensure!(
        exchanges == 1,
        "step: the code should be exchanged exactly once, saw {exchanges}"
    );

    // Every API call the app made carried a valid access token, and it fetched the list.
    let requests = h.api_requests().await?;
    let calls: Vec<_> = requests.iter().filter(|r| r.method != "OPTIONS").collect();
    let bad: Vec<_> = calls
        .iter()
        .filter(|r| r.auth != "valid" || r.token_use.as_deref() != Some("access"))
        .collect();
    ensure!(
        bad.is_empty(),
        "step: API calls without a valid access token: {bad:#?}"
    );
    ensure!(
        calls
            .iter()
            .any(|r| r.method == "GET" && r.path.ends_with("/tasks") && r.status == 200),
        "step: the app never fetched the task list; the API saw {requests:#?}"
    );

    // Tokens live in sessionStorage only; the one-time sign-in record is spent.
    let session = h
        .stored_session()
        .await?
        .context("step: no city-tasks.session after sign-in")?;
    let fields: Vec<&String> = session
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    let text = |field: &str| {
        session
            .get(field)
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    // Access and ID tokens are JWTs; Cognito's refresh token is opaque.
    ensure!(
        text("accessToken").starts_with("eyJ") && text("idToken").starts_with("eyJ"),
        "step: city-tasks.session lacks the access or ID token (fields: {fields:?})"
    );
    ensure!(
        !text("refreshToken").is_empty(),
        "step: city-tasks.session has no refreshToken (fields: {fields:?})"
    );
    ensure!(
        session.get("expiresAt").is_some(),
        "step: city-tasks.session has no expiresAt (fields: {fields:?})"
    );
    let pending = h.session_storage(keys::PENDING_LOGIN).await?;
    ensure!(
        pending.is_none(),
        "step: the sign-in record outlived the sign-in: {pending:?}"
    );
    let local = h.local_storage_entries().await?;
    ensure!(
        token_like(&local).is_empty(),
        "step: tokens in localStorage: {local:?}"
    );
    if !local.is_empty() {
        eprintln!("note: localStorage is not empty (no tokens): {local:?}");
    }

    // The rows are the API's tasks, by hour then minute.
    let expected = h.hooks().fetch_tasks(&h.access_token().await?).await?;
    ensure!(
        !expected.is_empty(),
        "step: the demo user has no tasks to show"
    );
    let rows = tasks
        .wait_row_count(expected.len())
        .await
        .context("step: one row per API task")?;
    check_rows_show_tasks(&rows, &expected).context("step: rows match the API's tasks")?;

    let name = HomePage::current(h)
        .wait_user_name()
        .await
        .context("step: user name in the menu")?;
    ensure!(
        name.contains(&user.name),
        "step: the menu shows {name:?}, expected {:?}",
        user.name
    );

    // A reload keeps the session: same page, rows again, no new sign-in.
    h.reload().await?;
    let tasks = TasksPage::wait_shown(h)
        .await
        .context("step: reload on /tasks")?;
    tasks
        .wait_row_count(expected.len())
        .await
        .context("step: rows after reload")?;
    let exchanges = code_exchanges(h).await?;
    ensure!(
        exchanges == 1,
        "step: the reload signed in again ({exchanges} code exchanges) instead of keeping the session"
    );

    // Sign out ends both the app session and the Hosted UI session.
    let home = HomePage::current(h);
    home.logout().await.context("step: click Sign out")?;
    home.wait_signed_out()
        .await
        .context("step: back on /home signed out")?;
    let session = h.session_storage(keys::SESSION).await?;
    ensure!(
        session.is_none(),
        "step: city-tasks.session survived sign-out: {session:?}"
    );

    TasksPage::open(h).await?;
    SignInPage::wait_shown(h).await.context(
        "step: /tasks after sign-out asks for credentials again (Hosted UI session ended)",
    )?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_button_signs_in_and_shows_the_user_name() -> Result<()> {
    let h = Harness::start("login_button", |_| {}).await?;
    let outcome = login_button(&h).await;
    h.finish_with(outcome).await
}

async fn login_button(h: &Harness) -> Result<()> {
    let user = demo_user();
    let home = HomePage::open(h).await?;
    home.wait_signed_out()
        .await
        .context("step: /home signed out")?;
    home.click_login().await?;
    SignInPage::wait_shown(h)
        .await
        .context("step: Login opens the sign-in form")?
        .sign_in_as(&user)
        .await?;

    let name = home
        .wait_user_name()
        .await
        .context("step: signed in after Login")?;
    ensure!(
        name.contains(&user.name),
        "step: the menu shows {name:?}, expected {:?}",
        user.name
    );
    ensure!(
        h.app_location().await?.is_some(),
        "step: not back on the app: {}",
        h.current_url().await?
    );
    let url = h.current_url().await?;
    ensure!(
        !url.contains("code="),
        "step: the code is still in the address bar: {url}"
    );
    ensure!(
        h.stored_session().await?.is_some(),
        "step: no city-tasks.session after Login"
    );
    let exchanges = code_exchanges(h).await?;
    ensure!(
        exchanges == 1,
        "step: the code should be exchanged exactly once, saw {exchanges}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_denied_callback_shows_the_error_and_signs_nobody_in() -> Result<()> {
    let h = Harness::start("access_denied", |_| {}).await?;
    let outcome = access_denied(&h).await;
    h.finish_with(outcome).await
}

async fn access_denied(h: &Harness) -> Result<()> {
    // Start a real sign-in so the callback carries the state the app sent, as Cognito's does.
    TasksPage::open(h).await?;
    let state = SignInPage::wait_shown(h)
        .await?
        .authorize_state()
        .await?
        .unwrap_or_default();

    let description = "The user cancelled the sign-in";
    let mut callback = reqwest::Url::parse(&h.app_url("/home"))?;
    callback
        .query_pairs_mut()
        .append_pair("error", "access_denied")
        .append_pair("error_description", description)
        .append_pair("state", &state);
    h.driver().goto(callback.as_str()).await?;
    let home = HomePage::current(h);
    let message = home
        .wait_auth_error()
        .await
        .context("step: auth-error after access_denied")?;
    ensure!(
        message.contains(description),
        "step: auth-error says {message:?}, not {description:?}"
    );
    ensure!(
        home.retry_shown().await?,
        "step: no Try again button beside the error"
    );

    holds_for("the browser to stay on the app", QUIET_PERIOD, async || {
        Ok(h.app_location().await?.is_some())
    })
    .await
    .context("step: the error page must not redirect")?;
    no_tokens_stored(h).await?;
    let exchanges = code_exchanges(h).await?;
    ensure!(
        exchanges == 0,
        "step: an error callback led to {exchanges} code exchanges"
    );
    Ok(())
}
