//! Several tabs of one browser sharing a session: a duplicated tab (sessionStorage copied by
//! `window.open`), two tabs refreshing at once, a rotated refresh token that must not be reused,
//! and sign-out in one tab ending the other.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use e2e::auth_checks::{
    SessionEndedNotice, TwoTabs, code_exchanges, no_tokens_stored, refresh_grants,
    sign_in_to_tasks, wait_refresh_grants,
};
use e2e::browser::first_displayed;
use e2e::{Harness, HomePage, TasksPage, testid};
use local_stack::Options;

/// Access and ID tokens live `secs` seconds; the app refreshes at 75% of that.
fn lifetime(secs: u64, rotation: bool) -> impl FnOnce(&mut Options) {
    move |options| {
        options.access_token_ttl = Duration::from_secs(secs);
        options.id_token_ttl = Duration::from_secs(secs);
        options.refresh_rotation = rotation;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicated_tab_is_signed_in_without_the_form() -> Result<()> {
    let h = Harness::start("duplicated_tab", |_| {}).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        TwoTabs::open(&h, "/tasks").await?;
        TasksPage::wait_shown(&h)
            .await
            .context("step: the duplicated tab shows the list")?;
        ensure!(
            h.stored_session().await?.is_some(),
            "step: the duplicated tab holds no session"
        );
        ensure!(
            code_exchanges(&h).await? == 1,
            "step: the duplicated tab signed in again"
        );
        let authorizations = h
            .idp_requests()
            .await?
            .iter()
            .filter(|r| r.path == "/oauth2/authorize" && r.method == "GET")
            .count();
        ensure!(
            authorizations == 1,
            "step: the duplicated tab went to the Hosted UI ({authorizations} authorize visits)"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_refreshing_at_once_share_one_refresh_per_cycle() -> Result<()> {
    let h = Harness::start("two_tabs_refresh", lifetime(4, false)).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        let tabs = TwoTabs::open(&h, "/tasks").await?;
        TasksPage::wait_shown(&h).await?;
        let before = refresh_grants(&h).await?.len();
        let started = Instant::now();
        // Three refresh cycles (one every 3 s) while both tabs are open.
        let grants = wait_refresh_grants(&h, before + 3).await?;
        let elapsed = started.elapsed();
        // Wait out one more cycle: uncoordinated tabs would add a grant each.
        tokio::time::sleep(Duration::from_secs(3)).await;
        let grants_after = refresh_grants(&h).await?;
        let cycles = (elapsed + Duration::from_secs(3)).as_secs_f64() / 3.0;
        let seen = grants_after.len() - before;
        ensure!(
            (seen as f64) <= cycles.ceil() + 1.0,
            "step: {seen} refresh grants in {cycles:.1} cycles: the tabs did not share them \
             ({grants:?})"
        );
        ensure!(
            grants_after.iter().all(|r| r.status == 200),
            "step: a refresh failed: {grants_after:?}"
        );
        for tab in ["second", "first"] {
            if tab == "first" {
                tabs.to_first(&h).await?;
            }
            h.reload().await?;
            TasksPage::wait_shown(&h)
                .await
                .with_context(|| format!("step: the {tab} tab is still signed in"))?;
        }
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotated_refresh_token_is_not_reused_by_the_other_tab() -> Result<()> {
    let h = Harness::start("rotation_two_tabs", lifetime(4, true)).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        let tabs = TwoTabs::open(&h, "/tasks").await?;
        TasksPage::wait_shown(&h).await?;
        // Several rotations, each retiring the previous refresh token after 2 s.
        let before = refresh_grants(&h).await?.len();
        wait_refresh_grants(&h, before + 3).await?;
        let grants = refresh_grants(&h).await?;
        let refused: Vec<_> = grants.iter().filter(|r| r.status != 200).collect();
        ensure!(
            refused.is_empty(),
            "step: a tab reused a rotated refresh token: {refused:?}"
        );
        for tab in ["second", "first"] {
            if tab == "first" {
                tabs.to_first(&h).await?;
            }
            h.reload().await?;
            TasksPage::wait_shown(&h)
                .await
                .with_context(|| format!("step: the {tab} tab is still signed in"))?;
        }
        let grants = refresh_grants(&h).await?;
        ensure!(
            grants.iter().all(|r| r.error.is_none()),
            "step: invalid_grant after the reloads: {grants:?}"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_in_one_tab_ends_the_other() -> Result<()> {
    let h = Harness::start("sign_out_two_tabs", |_| {}).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        let tabs = TwoTabs::open(&h, "/tasks").await?;
        TasksPage::wait_shown(&h).await?;

        tabs.to_first(&h).await?;
        let home = HomePage::current(&h);
        home.logout().await?;
        home.wait_signed_out()
            .await
            .context("step: the first tab is signed out")?;

        tabs.to_second(&h).await?;
        let (_, text) = SessionEndedNotice::wait_shown(&h)
            .await
            .context("step: the second tab says the session ended")?;
        ensure!(
            text.contains("another tab"),
            "step: the notice says {text:?}"
        );
        ensure!(
            first_displayed(h.driver(), testid("login"))
                .await?
                .is_some(),
            "step: the second tab's menu does not offer Login"
        );
        no_tokens_stored(&h).await
    }
    .await;
    h.finish_with(outcome).await
}
