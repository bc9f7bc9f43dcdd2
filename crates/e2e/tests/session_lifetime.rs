//! A signed-in session over time: refreshing before expiry (also when the response has no
//! refresh token), refreshed ID tokens that change identity, a revoked refresh token, the
//! interceptor's 401 / 403 / 503 policy, and where the bearer goes. Each test starts its stack
//! with the shortest token lifetimes it needs.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use e2e::auth_checks::{
    QUIET_PERIOD, SessionEndedNotice, code_exchanges, no_tokens_stored, refresh_grants,
    sign_in_to_tasks, stored_refresh_token, submit_sign_in, wait_refresh_grants, wait_text,
};
use e2e::task_pages::TaskList;
use e2e::{Harness, HomePage, TasksPage, holds_for};
use local_stack::Options;

/// Access and ID tokens live `secs` seconds (the app refreshes at 75% of that).
fn lifetime(secs: u64) -> impl FnOnce(&mut Options) {
    move |options| {
        options.access_token_ttl = Duration::from_secs(secs);
        options.id_token_ttl = Duration::from_secs(secs);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_second_tokens_refresh_while_the_user_keeps_working() -> Result<()> {
    let h = Harness::start("keep_working", lifetime(5)).await?;
    let outcome = keep_working(&h).await;
    h.finish_with(outcome).await
}

async fn keep_working(h: &Harness) -> Result<()> {
    sign_in_to_tasks(h).await?;
    // Reload (a fresh fetch of the list each time) for about 12 s: more than two lifetimes.
    let started = Instant::now();
    let mut loads = 0;
    while started.elapsed() < Duration::from_secs(12) {
        h.reload().await?;
        TasksPage::wait_shown(h)
            .await
            .with_context(|| format!("step: reload {loads} after {:?}", started.elapsed()))?;
        loads += 1;
    }
    let calls: Vec<_> = h
        .api_requests()
        .await?
        .into_iter()
        .filter(|r| !r.preflight)
        .collect();
    let lists = calls
        .iter()
        .filter(|r| r.path.ends_with("/tasks") && r.status == 200)
        .count();
    ensure!(
        lists > loads,
        "step: {loads} reloads but only {lists} successful list fetches"
    );
    let bad: Vec<_> = calls
        .iter()
        .filter(|r| {
            r.auth != "valid" || r.token_use.as_deref() != Some("access") || r.status == 401
        })
        .collect();
    ensure!(
        bad.is_empty(),
        "step: requests without a valid access token (or answered 401): {bad:#?}"
    );
    let refreshes = refresh_grants(h).await?;
    ensure!(
        refreshes.len() >= 2 && refreshes.iter().all(|r| r.status == 200),
        "step: expected at least two successful refresh grants, saw {refreshes:?}"
    );
    ensure!(
        code_exchanges(h).await? == 1,
        "step: the session was renewed by signing in again instead of refreshing"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_response_without_refresh_token_keeps_the_stored_one() -> Result<()> {
    let h = Harness::start("no_refresh_token", lifetime(4)).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        let original = stored_refresh_token(&h)
            .await?
            .context("step: no refresh token after sign-in")?;
        let first_access = h.access_token().await?;
        // The next token response (the first refresh) comes without `refresh_token`.
        h.inject_fault("no_refresh_token").await?;
        wait_refresh_grants(&h, 1).await?;
        h.wait_until("the first refresh to be stored", async || {
            Ok(h.access_token().await? != first_access)
        })
        .await?;
        ensure!(
            stored_refresh_token(&h).await?.as_deref() == Some(original.as_str()),
            "step: after a refresh without refresh_token the stored one changed or vanished"
        );
        // A second refresh works only if the original refresh token was kept.
        let grants = wait_refresh_grants(&h, 2).await?;
        ensure!(
            grants.iter().all(|r| r.status == 200),
            "step: a refresh failed after a response without refresh_token: {grants:?}"
        );
        let kept = stored_refresh_token(&h).await?;
        ensure!(
            kept.as_deref() == Some(original.as_str()),
            "step: the stored refresh token changed or vanished"
        );
        h.reload().await?;
        TasksPage::wait_shown(&h)
            .await
            .context("step: still signed in")?;
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refreshed_id_token_with_another_sub_ends_the_session() -> Result<()> {
    identity_change_ends_session("refresh_other_sub", "other_sub").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refreshed_id_token_with_another_iss_ends_the_session() -> Result<()> {
    identity_change_ends_session("refresh_wrong_iss", "wrong_iss").await
}

async fn identity_change_ends_session(name: &str, fault: &str) -> Result<()> {
    let h = Harness::start(name, lifetime(4)).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        // On a loaded machine a normal refresh may already have happened by now: count only
        // the grants from here on.
        let before = refresh_grants(&h).await?.len();
        h.inject_fault(fault).await?;
        let (_, text) = SessionEndedNotice::wait_shown(&h)
            .await
            .context("step: the refreshed ID token is refused and the session ends")?;
        ensure!(text.contains("expired"), "step: the notice says {text:?}");
        ensure!(h.is_at("/tasks").await?, "step: left /tasks");
        no_tokens_stored(&h).await?;
        holds_for(
            "the notice to stay without a new sign-in",
            QUIET_PERIOD,
            async || Ok(h.is_at("/tasks").await?),
        )
        .await?;
        let grants = refresh_grants(&h).await?;
        ensure!(
            grants.len() == before + 1,
            "step: expected one refresh after the fault ({before} before it), saw {grants:?}"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_refresh_token_ends_the_session_and_sign_in_again_returns_to_the_page() -> Result<()>
{
    let h = Harness::start("refresh_invalid_grant", lifetime(4)).await?;
    let outcome = async {
        let page = "/tasks?sort=time";
        submit_sign_in(&h, page).await?;
        TasksPage::wait_shown(&h).await?;
        // The list writes its search into the address itself (replaceState): the way
        // back after signing in again must be that address, not the router's copy of it.
        let list = TaskList::wait_loaded(&h).await?;
        list.search("Water").await?;
        h.wait_until("the search in the address", async || {
            Ok(h.app_location().await? == Some(("/tasks".to_owned(), Some("q=Water".to_owned()))))
        })
        .await?;
        let refresh_token = stored_refresh_token(&h)
            .await?
            .context("step: no refresh token")?;
        h.hooks()
            .revoke_refresh_token(&refresh_token, h.client_id())
            .await?;
        let (notice, text) = SessionEndedNotice::wait_shown(&h)
            .await
            .context("step: invalid_grant on refresh ends the session")?;
        ensure!(text.contains("expired"), "step: the notice says {text:?}");
        no_tokens_stored(&h).await?;
        let grants = refresh_grants(&h).await?;
        ensure!(
            grants
                .iter()
                .any(|r| r.error.as_deref() == Some("invalid_grant")),
            "step: no refused refresh in {grants:?}"
        );

        // The Hosted UI session is still alive (as on Cognito), so this is silent.
        notice.sign_in_again().await?;
        h.wait_until("back on /tasks?q=Water", async || {
            Ok(h.app_location().await? == Some(("/tasks".to_owned(), Some("q=Water".to_owned()))))
        })
        .await
        .context("step: Sign in again returns to the same page, search included")?;
        TasksPage::wait_shown(&h).await?;
        let rows = TaskList::wait_loaded(&h)
            .await?
            .wait_rows("only the search's rows", |rows| {
                !rows.is_empty() && rows.iter().all(|row| row.contains("Water"))
            })
            .await?;
        ensure!(rows.len() == 1, "step: the search is back: {rows:?}");
        ensure!(
            code_exchanges(&h).await? == 2,
            "step: expected the second sign-in to exchange one new code"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_401_once_refreshes_and_retries() -> Result<()> {
    let h = Harness::start("api_401_once", |_| {}).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        h.hooks().inject_api_fault(401, 1).await?;
        h.reload().await?;
        TasksPage::wait_shown(&h)
            .await
            .context("step: the list shows after one 401")?;
        let grants = refresh_grants(&h).await?;
        ensure!(
            grants.len() == 1 && grants[0].status == 200,
            "step: expected one refresh after the 401, saw {grants:?}"
        );
        let statuses = list_statuses(&h).await?;
        ensure!(
            statuses.ends_with(&[401, 200]),
            "step: expected the list fetch to be retried once after the 401: {statuses:?}"
        );
        ensure!(
            h.stored_session().await?.is_some(),
            "step: the session is gone"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_401_twice_says_the_session_has_expired() -> Result<()> {
    let h = Harness::start("api_401_twice", |_| {}).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        h.hooks().inject_api_fault(401, 2).await?;
        h.reload().await?;
        wait_text(&h, "Your session has expired").await?;
        holds_for(
            "the page to stay on /tasks (no sign-in loop)",
            QUIET_PERIOD,
            async || Ok(h.is_at("/tasks").await?),
        )
        .await?;
        let statuses = list_statuses(&h).await?;
        ensure!(
            statuses.ends_with(&[401, 401]),
            "step: expected exactly one retry after the 401: {statuses:?}"
        );
        ensure!(
            refresh_grants(&h).await?.len() == 1,
            "step: expected exactly one refresh between the two 401s"
        );
        no_tokens_stored(&h).await?;
        ensure!(
            code_exchanges(&h).await? == 1,
            "step: the app signed in again on its own"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_503_once_on_a_read_is_retried_silently() -> Result<()> {
    let h = Harness::start("api_503_once", |_| {}).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        h.hooks().inject_api_fault(503, 1).await?;
        h.reload().await?;
        TasksPage::wait_shown(&h).await?;
        let statuses = list_statuses(&h).await?;
        ensure!(
            statuses.ends_with(&[503, 200]),
            "step: expected a silent retry after the 503: {statuses:?}"
        );
        let text = e2e::browser::page_text(h.driver()).await?;
        ensure!(
            !text.contains("Try again"),
            "step: an error was shown: {text}"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_403_shows_the_servers_message_and_keeps_the_session() -> Result<()> {
    let h = Harness::start("api_403", |_| {}).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        let message = "Tasks of this district are not yours to see";
        h.hooks()
            .inject_api_fault_with_body(
                403,
                1,
                &serde_json::json!({ "errorMessage": message, "errorCode": "TASK-403" })
                    .to_string(),
            )
            .await?;
        h.reload().await?;
        wait_text(&h, message)
            .await
            .context("step: the server's message is shown")?;
        ensure!(
            h.stored_session().await?.is_some(),
            "step: a 403 ended the session"
        );
        HomePage::current(&h)
            .wait_user_name()
            .await
            .context("step: still signed in")?;
        ensure!(
            refresh_grants(&h).await?.is_empty(),
            "step: a 403 is not a token problem, yet the app refreshed"
        );
        ensure!(
            list_statuses(&h).await?.ends_with(&[403]),
            "step: a 403 was retried"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bearer_never_reaches_a_non_api_origin() -> Result<()> {
    let h = Harness::start("bearer_scope", lifetime(4)).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        // Refreshes, reloads and a sign-out: every kind of request the app makes.
        wait_refresh_grants(&h, 1).await?;
        h.reload().await?;
        TasksPage::wait_shown(&h).await?;
        let home = HomePage::current(&h);
        home.logout().await?;
        home.wait_signed_out().await?;

        let idp = h.idp_requests().await?;
        let site = h.site_requests().await?;
        for (server, log) in [("sign-in server", &idp), ("static site", &site)] {
            ensure!(!log.is_empty(), "step: the {server} logged no requests");
            let leaked: Vec<_> = log.iter().filter(|r| r.authorization).collect();
            ensure!(
                leaked.is_empty(),
                "step: the {server} received an Authorization header: {leaked:#?}"
            );
        }
        for path in ["/oauth2/token", "/oauth2/revoke", "/logout"] {
            ensure!(
                idp.iter().any(|r| r.path == path),
                "step: the journey never reached {path}: {idp:#?}"
            );
        }
        let calls: Vec<_> = h
            .api_requests()
            .await?
            .into_iter()
            .filter(|r| !r.preflight)
            .collect();
        ensure!(!calls.is_empty(), "step: the API saw no calls");
        let bad: Vec<_> = calls
            .iter()
            .filter(|r| r.auth != "valid" || r.token_use.as_deref() != Some("access"))
            .collect();
        ensure!(
            bad.is_empty(),
            "step: the API saw requests without a valid access token: {bad:#?}"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

/// The statuses of the app's `GET …/tasks` calls, in order (preflights left out).
async fn list_statuses(h: &Harness) -> Result<Vec<u16>> {
    Ok(h.api_requests()
        .await?
        .iter()
        .filter(|r| !r.preflight && r.method == "GET" && r.path.ends_with("/tasks"))
        .map(|r| r.status)
        .collect())
}
