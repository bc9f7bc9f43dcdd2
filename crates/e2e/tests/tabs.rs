//! Several tabs of one browser sharing a session: a duplicated tab (sessionStorage copied by
//! `window.open`), two tabs refreshing at once, a rotated refresh token that must not be reused,
//! sign-out in one tab ending the other, and a refresh result for another user (a forged tab
//! message) that must not be adopted.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use e2e::auth_checks::{
    QUIET_PERIOD, SessionEndedNotice, TwoTabs, code_exchanges, no_tokens_stored, refresh_grants,
    sign_in_to_tasks,
};
use e2e::browser::first_displayed;
use e2e::{Harness, HomePage, TasksPage, holds_for, testid};
use local_stack::Options;

/// With 4 s tokens the app refreshes every 3 s.
const CYCLE: Duration = Duration::from_secs(3);
/// Long enough for two refresh cycles.
const OBSERVED_CYCLES: Duration = Duration::from_millis(7000);

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
        // Both tabs hold the same set, so both are due at the same instant, every 3 s. Shared,
        // that is one grant per cycle; uncoordinated, two.
        let before = refresh_grants(&h).await?.len();
        let started = Instant::now();
        holds_for(
            "at most one refresh grant per 3 s cycle (plus one for timing)",
            OBSERVED_CYCLES,
            async || {
                let seen = refresh_grants(&h).await?.len() - before;
                let cycles = started.elapsed().as_secs() / CYCLE.as_secs();
                Ok(seen as u64 <= cycles + 1)
            },
        )
        .await?;
        let grants = refresh_grants(&h).await?;
        ensure!(
            grants.len() - before >= 2,
            "step: the tabs stopped refreshing: {grants:?}"
        );
        ensure!(
            grants.iter().all(|r| r.status == 200),
            "step: a refresh failed: {grants:?}"
        );
        both_tabs_signed_in(&h, &tabs).await
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
        // Each rotation retires the previous refresh token 2 s later; a tab left holding one
        // fails on the next cycle, so watch two.
        let before = refresh_grants(&h).await?.len();
        holds_for(
            "every refresh grant to succeed",
            OBSERVED_CYCLES,
            async || Ok(refresh_grants(&h).await?.iter().all(|r| r.status == 200)),
        )
        .await
        .context("step: a tab reused a rotated refresh token")?;
        let grants = refresh_grants(&h).await?;
        ensure!(
            grants.len() - before >= 2,
            "step: the tabs stopped refreshing: {grants:?}"
        );
        both_tabs_signed_in(&h, &tabs).await?;
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

/// Posts, on the app's tab channel, a "refreshed" message that continues this tab's session (it
/// names the fingerprint of its refresh token) but carries another user's ID token: the real
/// token with `sub`, `name` and `email` changed, so its signature no longer verifies.
const FORGED_REFRESH: &str = r#"
    const session = JSON.parse(sessionStorage.getItem("city-tasks.session"));
    const b64url = (bytes) => btoa(String.fromCharCode(...bytes))
        .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const digest = await crypto.subtle.digest(
        "SHA-256", new TextEncoder().encode(session.refreshToken));
    const from = b64url(new Uint8Array(digest).slice(0, 16));
    const [header, payload, signature] = session.idToken.split(".");
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    claims.sub = "someone-else";
    claims.name = "Mallory Forged";
    claims.email = "mallory@example.com";
    const forgedPayload = b64url(new TextEncoder().encode(JSON.stringify(claims)));
    const tokens = {
        ...session,
        accessToken: "forged-access-token",
        idToken: `${header}.${forgedPayload}.${signature}`,
        refreshToken: "forged-refresh-token",
        issuedAt: session.issuedAt + 1,
        expiresAt: session.expiresAt + 1,
    };
    new BroadcastChannel("city-tasks.auth")
        .postMessage(JSON.stringify({ kind: "refreshed", from, tokens }));
    return from;
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_result_for_another_user_is_never_adopted() -> Result<()> {
    let h = Harness::start("forged_tab_message", |_| {}).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        let home = HomePage::current(&h);
        let name = home.wait_user_name().await?;
        let before = h.stored_session().await?;
        h.driver()
            .execute(
                &format!("return (async () => {{ {FORGED_REFRESH} }})();"),
                Vec::new(),
            )
            .await
            .context("posting the forged tab message")?;
        holds_for(
            "the tab to keep its own session and user",
            QUIET_PERIOD,
            async || {
                Ok(h.stored_session().await? == before
                    && home.wait_user_name().await? == name
                    && !e2e::browser::page_text(h.driver())
                        .await?
                        .contains("Mallory"))
            },
        )
        .await
        .context("step: a forged refresh result switched this tab to another user")?;
        h.reload().await?;
        TasksPage::wait_shown(&h)
            .await
            .context("step: the tab's own session still works")?;
        ensure!(
            home.wait_user_name().await? == name,
            "step: after a reload the menu no longer greets {name:?}"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

/// Reloads each tab and expects its task list: both still hold a working session.
async fn both_tabs_signed_in(h: &Harness, tabs: &TwoTabs) -> Result<()> {
    for tab in ["second", "first"] {
        if tab == "first" {
            tabs.to_first(h).await?;
        } else {
            tabs.to_second(h).await?;
        }
        h.reload().await?;
        TasksPage::wait_shown(h)
            .await
            .with_context(|| format!("step: the {tab} tab is still signed in"))?;
    }
    Ok(())
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
