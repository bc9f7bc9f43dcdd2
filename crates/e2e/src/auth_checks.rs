//! What the auth journeys assert again and again: a refused sign-in (a clear message, no
//! tokens, no loop), the grants the token endpoint saw, the "session ended" notice, and a
//! second tab that shares the session.

use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail, ensure};
use local_stack::demo_user;
use serde_json::Value;
use thirtyfour::WindowHandle;

use crate::browser::{element_text, first_displayed, page_text, testid};
use crate::tasks::token_like;
use crate::{Harness, HomePage, SignInPage, TasksPage, TokenRequest, holds_for, keys};

/// How long "nothing else happens" checks watch the page.
pub const QUIET_PERIOD: Duration = Duration::from_millis(1500);

/// Opens `path` signed out and submits the demo user's credentials on the Hosted UI form.
pub async fn submit_sign_in(h: &Harness, path: &str) -> Result<()> {
    h.open(path).await?;
    SignInPage::wait_shown(h)
        .await
        .with_context(|| format!("step: {path} signed out shows the Hosted UI form"))?
        .sign_in_as(&demo_user())
        .await
}

/// Signs in from `/tasks` and waits for the task rows.
pub async fn sign_in_to_tasks(h: &Harness) -> Result<TasksPage<'_>> {
    submit_sign_in(h, "/tasks").await?;
    TasksPage::wait_shown(h)
        .await
        .context("step: signed in and back on /tasks")
}

/// The refusal every rejected callback must end in: `auth-error` with `words` (any case) and a
/// Try again button, still on `/home` for [`QUIET_PERIOD`] (no redirect loop), no tokens stored,
/// and exactly `exchanges` authorization-code requests. Returns the message.
pub async fn expect_refused(h: &Harness, words: &str, exchanges: usize) -> Result<String> {
    let home = HomePage::current(h);
    let message = home
        .wait_auth_error()
        .await
        .context("step: the app shows auth-error")?;
    ensure!(
        message.to_lowercase().contains(&words.to_lowercase()),
        "step: auth-error says {message:?}, expected it to mention {words:?}"
    );
    ensure!(
        home.retry_shown().await?,
        "step: no Try again button beside {message:?}"
    );
    holds_for(
        "the browser to stay on /home showing auth-error",
        QUIET_PERIOD,
        async || {
            Ok(h.is_at("/home").await?
                && first_displayed(h.driver(), testid("auth-error"))
                    .await?
                    .is_some())
        },
    )
    .await
    .context("step: the refusal must not redirect or loop")?;
    no_tokens_stored(h).await?;
    let seen = code_exchanges(h).await?;
    ensure!(
        seen == exchanges,
        "step: expected {exchanges} code exchange(s), the token endpoint saw {seen}: {:?}",
        h.token_requests().await?
    );
    Ok(message)
}

/// The outcome every stray callback (one that answers no sign-in this tab started) must have:
/// the browser settles on the app at `path` with no OAuth parameters in the address bar, no
/// `auth-error`, and `forbidden` (the link's own words) nowhere on the page or in the URL, for
/// [`QUIET_PERIOD`]; the token endpoint saw exactly `exchanges` code exchanges in all.
pub async fn expect_stray(
    h: &Harness,
    path: &str,
    forbidden: &str,
    exchanges: usize,
) -> Result<()> {
    h.wait_until(&format!("the app to settle on {path}"), async || {
        h.is_at(path).await
    })
    .await
    .context("step: a stray callback lands on the user's page")?;
    holds_for(
        &format!("{path}, no auth-error, no {forbidden:?}, no OAuth parameters"),
        QUIET_PERIOD,
        async || {
            let url = h.current_url().await?;
            let text = page_text(h.driver()).await?;
            let oauth = ["code=", "state=", "error="]
                .iter()
                .any(|param| url.contains(param));
            Ok(h.is_at(path).await?
                && !oauth
                && !url.contains(forbidden)
                && !text.contains(forbidden)
                && first_displayed(h.driver(), testid("auth-error"))
                    .await?
                    .is_none())
        },
    )
    .await
    .context("step: a stray callback must show nothing from the URL")?;
    let seen = code_exchanges(h).await?;
    ensure!(
        seen == exchanges,
        "step: expected {exchanges} code exchange(s) in all, the token endpoint saw {seen}"
    );
    Ok(())
}

/// No `city-tasks.session`, and nothing token-like in either storage.
pub async fn no_tokens_stored(h: &Harness) -> Result<()> {
    if let Some(session) = h.session_storage(keys::SESSION).await? {
        bail!("step: city-tasks.session is stored: {session}");
    }
    let session = h.session_storage_entries().await?;
    let local = h.local_storage_entries().await?;
    ensure!(
        token_like(&session).is_empty(),
        "step: tokens in sessionStorage: {:?}",
        token_like(&session)
    );
    ensure!(
        token_like(&local).is_empty(),
        "step: tokens in localStorage: {:?}",
        token_like(&local)
    );
    Ok(())
}

/// How many authorization codes the token endpoint was asked to exchange.
pub async fn code_exchanges(h: &Harness) -> Result<usize> {
    Ok(grants(h, "authorization_code").await?.len())
}

/// Every refresh-token grant the token endpoint saw, in order.
pub async fn refresh_grants(h: &Harness) -> Result<Vec<TokenRequest>> {
    grants(h, "refresh_token").await
}

async fn grants(h: &Harness, grant_type: &str) -> Result<Vec<TokenRequest>> {
    Ok(h.token_requests()
        .await?
        .into_iter()
        .filter(|r| r.grant_type == grant_type)
        .collect())
}

/// Waits until the token endpoint has seen at least `count` refresh grants.
pub async fn wait_refresh_grants(h: &Harness, count: usize) -> Result<Vec<TokenRequest>> {
    h.wait_for(&format!("{count} refresh grant(s)"), async || {
        let seen = refresh_grants(h).await?;
        Ok((seen.len() >= count).then_some(seen))
    })
    .await
}

/// The stored refresh token, if signed in.
pub async fn stored_refresh_token(h: &Harness) -> Result<Option<String>> {
    Ok(h.stored_session()
        .await?
        .and_then(|session| session.get("refreshToken").cloned())
        .and_then(|token| token.as_str().map(str::to_owned)))
}

/// Discovery and the JWKS were each fetched exactly once so far (prefetched on the landing
/// page, and joined, not repeated, when the sign-in started; read from the cache on the
/// callback). Returns the JWKS count.
pub async fn metadata_fetched_once(h: &Harness) -> Result<usize> {
    let discovery = h
        .idp_requests()
        .await?
        .iter()
        .filter(|r| r.path.ends_with("/.well-known/openid-configuration"))
        .count();
    let jwks = jwks_fetches(h).await?;
    ensure!(
        discovery == 1 && jwks == 1,
        "step: the app fetched discovery {discovery} and the JWKS {jwks} times; once each is \
         enough"
    );
    Ok(jwks)
}

/// How many times the app fetched the JWKS so far.
pub async fn jwks_fetches(h: &Harness) -> Result<usize> {
    Ok(h.idp_requests()
        .await?
        .iter()
        .filter(|r| r.method == "GET" && r.path.ends_with("/.well-known/jwks.json"))
        .count())
}

/// The notice a guarded page shows when the session expired or ended in another tab.
pub struct SessionEndedNotice<'h> {
    h: &'h Harness,
}

impl<'h> SessionEndedNotice<'h> {
    /// Waits for the notice on the app and returns its text.
    pub async fn wait_shown(h: &'h Harness) -> Result<(Self, String)> {
        let text = h
            .wait_for("the session-ended notice", async || {
                if h.app_location().await?.is_none() {
                    return Ok(None);
                }
                match first_displayed(h.driver(), testid("session-ended")).await? {
                    Some(element) => Ok(Some(element_text(&element).await?)),
                    None => Ok(None),
                }
            })
            .await?;
        Ok((SessionEndedNotice { h }, text))
    }

    /// Clicks "Sign in again".
    pub async fn sign_in_again(&self) -> Result<()> {
        first_displayed(self.h.driver(), testid("sign-in-again"))
            .await?
            .ok_or_else(|| anyhow!("the Sign in again button is not shown"))?
            .click()
            .await
            .context("clicking Sign in again")
    }
}

/// Waits until the page text contains `text` (on the app).
pub async fn wait_text(h: &Harness, text: &str) -> Result<()> {
    h.wait_until(&format!("the page to say {text:?}"), async || {
        Ok(h.app_location().await?.is_some() && page_text(h.driver()).await?.contains(text))
    })
    .await
}

/// Two windows of one browser: the first, and one it opened with `window.open`, which copies
/// the opener's sessionStorage the way duplicating a tab does.
pub struct TwoTabs {
    pub first: WindowHandle,
    pub second: WindowHandle,
}

impl TwoTabs {
    /// From the current (signed-in) window, opens `path` in a new one and switches to it.
    pub async fn open(h: &Harness, path: &str) -> Result<Self> {
        let driver = h.driver();
        let first = driver.window().await.context("reading the window handle")?;
        let before = driver.windows().await?;
        driver
            .execute(
                "window.open(arguments[0], '_blank');",
                vec![Value::from(h.app_url(path))],
            )
            .await
            .context("window.open of a second tab")?;
        let second = h
            .wait_for("the second tab to open", async || {
                let now = driver.windows().await?;
                Ok(now.into_iter().find(|w| !before.contains(w)))
            })
            .await?;
        driver
            .switch_to_window(second.clone())
            .await
            .context("switching to the second tab")?;
        Ok(TwoTabs { first, second })
    }

    pub async fn to_first(&self, h: &Harness) -> Result<()> {
        h.driver()
            .switch_to_window(self.first.clone())
            .await
            .context("switching to the first tab")
    }

    pub async fn to_second(&self, h: &Harness) -> Result<()> {
        h.driver()
            .switch_to_window(self.second.clone())
            .await
            .context("switching to the second tab")
    }
}
