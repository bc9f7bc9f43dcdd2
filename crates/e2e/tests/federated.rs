//! Federated sign-in and the API Gateway fit: a provider button goes straight to that provider
//! (with `identity_provider` and `lang`), the guard comes back to it, the API can be sent ID
//! tokens, and an authorizer's quota answer shows its message without ending the session.

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use e2e::browser::first_displayed;
use e2e::{Harness, HomePage, SignInPage, TasksPage, holds_for, keys, testid};
use local_stack::{ApiToken, demo_user, federated_demo_provider};
use serde_json::{Value, json};

/// How long "nothing else happens" checks watch.
const QUIET_PERIOD: Duration = Duration::from_millis(1500);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provider_button_signs_in_the_federated_user_and_the_guard_comes_back_to_it() -> Result<()>
{
    let h = Harness::start("federated_provider", |options| {
        options.providers = vec![federated_demo_provider("Okta")];
    })
    .await?;
    let outcome = provider_journey(&h).await;
    h.finish_with(outcome).await
}

async fn provider_journey(h: &Harness) -> Result<()> {
    let okta = federated_demo_provider("Okta");
    let okta_user = &okta.users[0];

    // The landing page offers the provider beside the plain Login.
    let home = HomePage::open(h).await?;
    home.wait_provider_button("Okta")
        .await
        .context("step: /home shows the provider button")?;
    ensure!(
        home.provider_labels().await? == vec!["Sign in with Okta".to_owned()],
        "step: provider buttons {:?}",
        home.provider_labels().await?
    );
    ensure!(
        home.login_shown().await?,
        "step: the plain Login should stay"
    );

    // The button goes straight to the provider's form, in the browser's language.
    home.click_provider("Okta").await?;
    let form = SignInPage::wait_shown(h)
        .await
        .context("step: the provider button opens the sign-in form")?;
    ensure!(
        form.provider().await?.as_deref() == Some("Okta"),
        "step: the form should stand in for Okta, shows {:?}",
        form.provider().await?
    );
    let asked = h
        .last_authorize()
        .await?
        .context("step: no authorize request recorded")?;
    ensure!(
        asked.identity_provider.as_deref() == Some("Okta"),
        "step: identity_provider went out as {:?}",
        asked.identity_provider
    );
    let language = h.browser_language().await?;
    let lang = asked
        .lang
        .clone()
        .with_context(|| format!("step: no lang for browser language {language:?}"))?;
    let primary = |tag: &str| tag.split(['-', '_']).next().unwrap_or("").to_lowercase();
    ensure!(
        primary(&lang) == primary(&language),
        "step: lang {lang:?} does not fit the browser's {language:?}"
    );

    // A pool user cannot sign in on the provider's form; its own user can.
    let pool_user = demo_user();
    form.sign_in_as(&pool_user).await?;
    form.wait_for_error("Incorrect username or password.")
        .await
        .context("step: a pool user on the provider's form")?;
    form.sign_in_as(okta_user).await?;
    TasksPage::wait_shown(h)
        .await
        .context("step: the federated user lands on /tasks")?;
    let name = HomePage::current(h).wait_user_name().await?;
    ensure!(name == okta_user.name, "step: the menu shows {name:?}");
    let claims = jwt_claims(&h.id_token().await?)?;
    ensure!(
        claims["cognito:username"] == "Okta_okta-user"
            && claims["identities"][0]["providerName"] == "Okta",
        "step: the ID token does not look federated: {claims}"
    );
    ensure!(
        h.session_storage(keys::IDENTITY_PROVIDER).await?.as_deref() == Some("\"Okta\""),
        "step: the chosen provider is not remembered"
    );

    // Signed out, the guard's automatic sign-in goes back to the provider chosen last.
    let home = HomePage::current(h);
    home.logout().await?;
    home.wait_signed_out()
        .await
        .context("step: sign out lands on /home")?;
    TasksPage::open(h).await?;
    let form = SignInPage::wait_shown(h)
        .await
        .context("step: the guard sends /tasks to sign in")?;
    ensure!(
        form.provider().await?.as_deref() == Some("Okta"),
        "step: the guard's sign-in should go to Okta, the form shows {:?}",
        form.provider().await?
    );
    let asked = h.last_authorize().await?.context("no authorize request")?;
    ensure!(
        asked.identity_provider.as_deref() == Some("Okta"),
        "step: the guard sent identity_provider {:?}",
        asked.identity_provider
    );

    // The plain Login forgets the choice: the pool's own form, no identity_provider.
    let home = HomePage::open(h).await?;
    home.wait_signed_out().await?;
    home.click_login().await?;
    let form = SignInPage::wait_shown(h)
        .await
        .context("step: the plain Login opens the sign-in form")?;
    ensure!(
        form.provider().await?.is_none(),
        "step: the plain Login should not name a provider"
    );
    let asked = h.last_authorize().await?.context("no authorize request")?;
    ensure!(
        asked.identity_provider.is_none(),
        "step: the plain Login sent identity_provider {:?}",
        asked.identity_provider
    );
    form.sign_in_as(&pool_user).await?;
    let name = HomePage::current(h).wait_user_name().await?;
    ensure!(name == pool_user.name, "step: the menu shows {name:?}");
    ensure!(
        h.session_storage(keys::IDENTITY_PROVIDER).await?.is_none(),
        "step: the plain Login should clear the remembered provider"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_plain_login_hidden_the_only_provider_is_the_way_in() -> Result<()> {
    let h = Harness::start("hosted_ui_login_hidden", |options| {
        options.providers = vec![federated_demo_provider("Okta")];
        options
            .app_config
            .insert("showHostedUiLogin".into(), Value::Bool(false));
    })
    .await?;
    let outcome = hidden_login_journey(&h).await;
    h.finish_with(outcome).await
}

async fn hidden_login_journey(h: &Harness) -> Result<()> {
    let home = HomePage::open(h).await?;
    home.wait_provider_button("Okta").await?;
    ensure!(
        !home.login_shown().await?,
        "step: the plain Login should be hidden"
    );
    ensure!(
        first_displayed(h.driver(), testid("get-started"))
            .await?
            .is_none(),
        "step: the plain sign-in button should be hidden"
    );

    // Nothing chosen yet in this tab: the guard goes to the only provider, not the chooser.
    TasksPage::open(h).await?;
    let form = SignInPage::wait_shown(h).await?;
    ensure!(
        form.provider().await?.as_deref() == Some("Okta"),
        "step: the guard should go to the only provider, the form shows {:?}",
        form.provider().await?
    );
    form.sign_in_as(&federated_demo_provider("Okta").users[0])
        .await?;
    TasksPage::wait_shown(h).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_api_token_id_every_api_call_carries_the_id_token() -> Result<()> {
    let h = Harness::start("api_token_id", |options| {
        options.api_token = ApiToken::Id;
    })
    .await?;
    let outcome = id_token_journey(&h).await;
    h.finish_with(outcome).await
}

async fn id_token_journey(h: &Harness) -> Result<()> {
    TasksPage::open(h).await?;
    SignInPage::wait_shown(h)
        .await?
        .sign_in_as(&demo_user())
        .await?;
    TasksPage::wait_shown(h)
        .await
        .context("step: the list loads with ID tokens")?;
    let calls: Vec<_> = h
        .api_requests()
        .await?
        .into_iter()
        .filter(|r| !r.preflight)
        .collect();
    ensure!(
        calls
            .iter()
            .any(|r| r.method == "GET" && r.path.ends_with("/tasks") && r.status == 200),
        "step: the list was never fetched: {calls:#?}"
    );
    let bad: Vec<_> = calls
        .iter()
        .filter(|r| r.auth != "valid" || r.token_use.as_deref() != Some("id"))
        .collect();
    ensure!(
        bad.is_empty(),
        "step: calls without a valid ID token: {bad:#?}"
    );

    // A reload restores the session and keeps sending the ID token.
    h.reload().await?;
    TasksPage::wait_shown(h).await?;
    let calls: Vec<_> = h
        .api_requests()
        .await?
        .into_iter()
        .filter(|r| !r.preflight)
        .collect();
    ensure!(
        calls.len() >= 2 && calls.iter().all(|r| r.token_use.as_deref() == Some("id")),
        "step: after reload: {calls:#?}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quota_answer_shows_its_message_and_keeps_the_session() -> Result<()> {
    let h = Harness::start("quota_429", |_| {}).await?;
    let outcome = quota_journey(&h).await;
    h.finish_with(outcome).await
}

async fn quota_journey(h: &Harness) -> Result<()> {
    TasksPage::open(h).await?;
    SignInPage::wait_shown(h)
        .await?
        .sign_in_as(&demo_user())
        .await?;
    TasksPage::wait_shown(h).await?;
    let session_before = h.stored_session().await?.context("no session")?;
    let token_requests_before = h.token_requests().await?.len();
    let calls_before = h.api_requests().await?.len();

    // The API Gateway usage plan is spent: the next call answers 429 with its message.
    h.hooks()
        .inject_api_fault_with_body(429, 1, &json!({ "message": "Limit Exceeded" }).to_string())
        .await?;
    h.reload().await?;
    let tasks = TasksPage::current(h);
    let message = tasks
        .wait_error()
        .await
        .context("step: the list shows the quota error")?;
    ensure!(
        message.lines().any(|line| line.trim() == "Limit Exceeded"),
        "step: the list says {message:?}"
    );

    // Still signed in, same tokens, no refresh, no sign-in redirect, no retry of the 429.
    holds_for("the session to stay as it was", QUIET_PERIOD, async || {
        Ok(h.is_at("/tasks").await? && h.stored_session().await?.as_ref() == Some(&session_before))
    })
    .await
    .context("step: after the 429")?;
    let name = HomePage::current(h).wait_user_name().await?;
    ensure!(!name.is_empty(), "step: the menu lost the user");
    ensure!(
        h.token_requests().await?.len() == token_requests_before,
        "step: a 429 must not refresh tokens: {:?}",
        h.token_requests().await?
    );
    let after: Vec<_> = h.api_requests().await?[calls_before..]
        .iter()
        .filter(|r| !r.preflight)
        .cloned()
        .collect();
    ensure!(
        after.len() == 1 && after[0].status == 429,
        "step: the 429 should be the one call, not retried: {after:#?}"
    );

    // The quota is back: Try again shows the tasks, in the same session.
    tasks.retry().await?;
    TasksPage::wait_shown(h)
        .await
        .context("step: Try again after the quota")?;
    ensure!(
        h.stored_session().await?.as_ref() == Some(&session_before),
        "step: the session changed"
    );
    Ok(())
}

/// The payload of a JWT, unverified (the test only reads what the app received).
fn jwt_claims(token: &str) -> Result<Value> {
    let payload = token.split('.').nth(1).context("not a JWT")?;
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .context("JWT payload is not base64url")?;
    serde_json::from_slice(&bytes).context("JWT payload is not JSON")
}
