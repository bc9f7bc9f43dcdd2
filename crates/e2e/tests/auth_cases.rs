//! The sign-in callback against every OpenID RP conformance case of the code flow and the
//! cases beyond the suite (REFERENCE.md section 3), one test per case, each with its own stack
//! and browser. A refused case must show a clear `auth-error` with "Try again", store no
//! tokens, stay on `/home` (no redirect loop) and exchange the code at most once. A stray
//! callback (one that answers no sign-in this tab started: none pending, another `state`, or
//! malformed) is no refusal: it keeps the session, lands on the user's page and shows nothing
//! from the URL.
//!
//! Not tested here, on purpose: "userInfo `sub` mismatch". The app never calls userInfo; the
//! name and email it shows come from the verified ID token, so there is no second source of
//! `sub` that could disagree. (The refreshed-ID-token identity check is in
//! `session_lifetime.rs`.)

use anyhow::{Context, Result, ensure};
use e2e::auth_checks::{
    code_exchanges, expect_refused, expect_stray, jwks_fetches, metadata_fetched_once,
    no_tokens_stored, sign_in_to_tasks, submit_sign_in,
};
use e2e::{Harness, HomePage, SignInPage, TasksPage, holds_for, keys};
use serde_json::json;

/// Starts a stack, queues `fault` for the code exchange's ID token, signs in, and expects the
/// refusal to mention `words`.
async fn refused_with_fault(fault: &str, words: &str) -> Result<()> {
    let h = Harness::start(fault, |_| {}).await?;
    let outcome = async {
        h.inject_fault(fault).await?;
        submit_sign_in(&h, "/tasks").await?;
        expect_refused(&h, words, 1).await.map(drop)
    }
    .await;
    h.finish_with(outcome).await
}

// --- OpenID RP conformance (code flow) ---

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_iss_wrong_is_refused() -> Result<()> {
    refused_with_fault("wrong_iss", "another issuer").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_aud_wrong_is_refused() -> Result<()> {
    refused_with_fault("wrong_aud", "another application").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_aud_missing_is_refused() -> Result<()> {
    refused_with_fault("missing_aud", "another application").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_untrusted_extra_aud_is_refused() -> Result<()> {
    refused_with_fault("extra_aud", "another application").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_sub_missing_is_refused() -> Result<()> {
    refused_with_fault("missing_sub", "names no user").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_iat_missing_is_refused() -> Result<()> {
    refused_with_fault("missing_iat", "no issue time").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_nonce_wrong_is_refused() -> Result<()> {
    refused_with_fault("wrong_nonce", "nonce").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_token_use_not_id_is_refused() -> Result<()> {
    refused_with_fault("wrong_token_use", "not an ID token").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_rs256_signature_invalid_is_refused() -> Result<()> {
    refused_with_fault("bad_signature", "signature is not valid").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_alg_none_is_refused() -> Result<()> {
    refused_with_fault("alg_none", "only RS256").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_kid_absent_with_several_keys_is_refused() -> Result<()> {
    refused_with_fault("no_kid", "names no key").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_kid_absent_with_one_key_is_accepted() -> Result<()> {
    let h = Harness::start("kid_absent_one_key", |_| {}).await?;
    let outcome = async {
        // Before the app loads, so the JWKS it caches holds exactly one key.
        h.hooks()
            .set_behaviour(&json!({ "jwksOnlyIdKey": true }))
            .await?;
        h.inject_fault("no_kid").await?;
        sign_in_to_tasks(&h)
            .await
            .context("step: a token without kid verifies with the only key")?;
        signed_in_once(&h).await
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_signing_key_rotation_refetches_the_jwks_and_is_accepted() -> Result<()> {
    let h = Harness::start("key_rotation", |_| {}).await?;
    let outcome = async {
        h.inject_fault("rotate_key").await?;
        h.open("/tasks").await?;
        let form = SignInPage::wait_shown(&h).await?;
        // The keys were cached once while signed out; only the callback may fetch them again.
        let before = metadata_fetched_once(&h).await?;
        form.sign_in_as(&local_stack::demo_user()).await?;
        TasksPage::wait_shown(&h)
            .await
            .context("step: a token signed by the new key is accepted")?;
        let refetches = jwks_fetches(&h).await? - before;
        ensure!(
            refetches == 1,
            "step: the rotation should cost exactly one JWKS re-fetch, saw {refetches}"
        );
        signed_in_once(&h).await
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signature_failure_with_cached_keys_refetches_the_jwks_once_and_is_accepted() -> Result<()>
{
    let h = Harness::start("stale_cached_key", |_| {}).await?;
    let outcome = async {
        let home = HomePage::open(&h).await?;
        h.wait_until("the landing page to cache the JWKS", async || {
            Ok(h.session_storage("city-tasks.jwks").await?.is_some())
        })
        .await?;
        // The cached keys keep their ids but each gets another key's modulus: what a key
        // replaced behind the same `kid`, or a tampered cache, looks like to the callback.
        let keys: usize = serde_json::from_value(
            h.driver()
                .execute(
                    r#"const jwks = JSON.parse(sessionStorage.getItem("city-tasks.jwks"));
                       const moduli = jwks.keys.map((key) => key.n);
                       jwks.keys.forEach((key, i) => { key.n = moduli[(i + 1) % moduli.length]; });
                       sessionStorage.setItem("city-tasks.jwks", JSON.stringify(jwks));
                       return jwks.keys.length;"#,
                    Vec::new(),
                )
                .await?
                .json()
                .clone(),
        )?;
        ensure!(
            keys >= 2,
            "step: the JWKS holds {keys} key(s); the test needs two"
        );
        let before = jwks_fetches(&h).await?;
        home.click_login().await?;
        SignInPage::wait_shown(&h)
            .await?
            .sign_in_as(&local_stack::demo_user())
            .await?;
        TasksPage::wait_shown(&h).await.context(
            "step: the signature failed with the cached keys and the fresh ones verify it",
        )?;
        let refetches = jwks_fetches(&h).await? - before;
        ensure!(
            refetches == 1,
            "step: a signature failure with cached keys should cost exactly one JWKS re-fetch, \
             saw {refetches}"
        );
        signed_in_once(&h).await
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_unknown_kid_is_refused_after_one_refetch() -> Result<()> {
    let h = Harness::start("unknown_kid", |_| {}).await?;
    let outcome = async {
        h.inject_fault("unknown_kid").await?;
        h.open("/tasks").await?;
        let form = SignInPage::wait_shown(&h).await?;
        let before = metadata_fetched_once(&h).await?;
        form.sign_in_as(&local_stack::demo_user()).await?;
        expect_refused(&h, "does not publish", 1).await?;
        let refetches = jwks_fetches(&h).await? - before;
        ensure!(
            refetches == 1,
            "step: an unknown kid should cost exactly one JWKS re-fetch, saw {refetches}"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rp_discovery_issuer_mismatch_is_refused() -> Result<()> {
    let h = Harness::start("discovery_issuer", |_| {}).await?;
    let outcome = async {
        let other = format!("{}-impostor", h.urls().issuer);
        h.hooks()
            .set_behaviour(&json!({ "discoveryIssuer": other }))
            .await?;
        submit_sign_in(&h, "/tasks").await?;
        expect_refused(&h, "discovery document", 1).await?;
        let cached = h.session_storage("city-tasks.discovery").await?;
        ensure!(
            cached.is_none(),
            "step: the impostor discovery document was cached: {cached:?}"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

// --- Beyond the suite ---

/// The words a hostile link puts in `error_description`; they must appear nowhere.
const EVIL: &str = "EVIL";
const EVIL_LINK: &str = "/home?error=access_denied&error_description=EVIL+WORDS";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_wrong_is_stray_and_the_real_answer_still_signs_in() -> Result<()> {
    let h = Harness::start("state_wrong", |_| {}).await?;
    let outcome = async {
        // A sign-in is pending (the app stored its state), then a forged callback arrives.
        h.open("/tasks").await?;
        SignInPage::wait_shown(&h).await?;
        h.open("/home?code=made-up-code&state=not-the-state-the-app-sent")
            .await?;
        expect_stray(&h, "/home", "made-up-code", 0).await?;
        HomePage::current(&h)
            .wait_signed_out()
            .await
            .context("step: signed out, the forged callback lands on the landing page")?;
        ensure!(
            h.session_storage(keys::PENDING_LOGIN).await?.is_some(),
            "step: the forged callback used up the sign-in this tab started"
        );
        // Back on the Hosted UI form, the real answer to that sign-in still counts.
        h.driver().back().await?;
        SignInPage::wait_shown(&h)
            .await?
            .sign_in_as(&local_stack::demo_user())
            .await?;
        TasksPage::wait_shown(&h)
            .await
            .context("step: the real callback after a forged one signs in")?;
        signed_in_once(&h).await
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_missing_is_stray_without_a_token_request() -> Result<()> {
    let h = Harness::start("state_missing", |_| {}).await?;
    let outcome = async {
        h.open("/tasks").await?;
        SignInPage::wait_shown(&h).await?;
        h.open("/home?code=made-up-code").await?;
        expect_stray(&h, "/home", "made-up-code", 0).await?;
        HomePage::current(&h).wait_signed_out().await?;
        no_tokens_stored(&h).await
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_replay_is_stray_without_a_token_request() -> Result<()> {
    let h = Harness::start("code_replay", |_| {}).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        let callback = h.hooks().last_callback().await?;
        ensure!(
            code_exchanges(&h).await? == 1,
            "step: the sign-in itself exchanged the code more than once"
        );
        // The exact URL the Hosted UI redirected to, opened again (a bookmark, the Back button
        // onto the Hosted UI): the code is not exchanged again, and the session this tab
        // already holds is kept rather than wiped.
        let before = h.stored_session().await?;
        h.driver().goto(&callback).await?;
        TasksPage::wait_shown(&h)
            .await
            .context("step: a replayed callback in a signed-in tab returns to the tasks")?;
        expect_stray(&h, "/tasks", "code=", 1).await?;
        ensure!(
            h.stored_session().await? == before,
            "step: the replayed callback changed or wiped a valid session"
        );

        // Signed out, the same replay answers nothing either: the landing page, no message.
        h.driver()
            .execute("sessionStorage.clear()", Vec::new())
            .await?;
        h.driver().goto(&callback).await?;
        expect_stray(&h, "/home", "code=", 1).await?;
        HomePage::current(&h).wait_signed_out().await?;
        no_tokens_stored(&h).await
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stray_error_link_keeps_a_signed_in_session_and_shows_none_of_its_words() -> Result<()> {
    let h = Harness::start("stray_error_signed_in", |_| {}).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        let name = HomePage::current(&h).wait_user_name().await?;
        let before = h.stored_session().await?;
        // Any site can send the user's tab here; the words are the site's, not the app's.
        h.open(EVIL_LINK).await?;
        expect_stray(&h, "/tasks", EVIL, 1).await?;
        TasksPage::wait_shown(&h)
            .await
            .context("step: the signed-in user is on their tasks")?;
        ensure!(
            HomePage::current(&h).wait_user_name().await? == name,
            "step: the menu no longer greets {name:?}"
        );
        ensure!(
            h.stored_session().await? == before,
            "step: a stray error link changed or wiped the session"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stray_code_with_an_unknown_state_keeps_a_signed_in_session() -> Result<()> {
    let h = Harness::start("stray_code_signed_in", |_| {}).await?;
    let outcome = async {
        sign_in_to_tasks(&h).await?;
        let before = h.stored_session().await?;
        h.open("/home?code=x&state=unknown").await?;
        expect_stray(&h, "/tasks", "state=unknown", 1).await?;
        TasksPage::wait_shown(&h).await?;
        ensure!(
            h.stored_session().await? == before,
            "step: a stray code changed or wiped the session"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stray_error_link_signed_out_lands_on_the_landing_page_without_its_words() -> Result<()> {
    let h = Harness::start("stray_error_signed_out", |_| {}).await?;
    let outcome = async {
        h.open(EVIL_LINK).await?;
        expect_stray(&h, "/home", EVIL, 0).await?;
        HomePage::current(&h)
            .wait_signed_out()
            .await
            .context("step: the landing page with its Login button")?;
        ensure!(
            e2e::browser::first_displayed(h.driver(), e2e::testid("get-started"))
                .await?
                .is_some(),
            "step: the landing page does not offer to sign in"
        );
        no_tokens_stored(&h).await
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_denied_without_description_is_refused_plainly() -> Result<()> {
    let h = Harness::start("access_denied_plain", |_| {}).await?;
    let outcome = async {
        h.open("/tasks").await?;
        let state = SignInPage::wait_shown(&h)
            .await?
            .authorize_state()
            .await?
            .unwrap_or_default();
        let mut callback = reqwest::Url::parse(&h.app_url("/home"))?;
        callback
            .query_pairs_mut()
            .append_pair("error", "access_denied")
            .append_pair("state", &state);
        h.driver().goto(callback.as_str()).await?;
        expect_refused(&h, "cancelled or access was denied", 0)
            .await
            .map(drop)
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exp_expired_is_refused() -> Result<()> {
    refused_with_fault("expired", "has expired").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn iat_in_the_future_is_refused() -> Result<()> {
    refused_with_fault("iat_future", "in the future").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jwks_unreachable_is_refused_clearly() -> Result<()> {
    let h = Harness::start("jwks_unreachable", |_| {}).await?;
    let outcome = async {
        h.hooks()
            .set_behaviour(&json!({ "jwksUnavailable": true }))
            .await?;
        submit_sign_in(&h, "/tasks").await?;
        expect_refused(&h, "keys could not be loaded", 1)
            .await
            .map(drop)
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_endpoint_unreachable_is_refused_clearly() -> Result<()> {
    let h = Harness::start("token_unreachable", |_| {}).await?;
    let outcome = async {
        h.hooks()
            .set_behaviour(&json!({ "tokenUnreachable": true }))
            .await?;
        submit_sign_in(&h, "/tasks").await?;
        // The endpoint never processed anything, so count what reached the server instead.
        expect_refused(&h, "could not be reached", 0).await?;
        let posts = h
            .idp_requests()
            .await?
            .iter()
            .filter(|r| r.method == "POST" && r.path == "/oauth2/token")
            .count();
        ensure!(
            posts == 1,
            "step: expected one attempt at the token endpoint, saw {posts}"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_endpoint_5xx_is_refused_clearly() -> Result<()> {
    let h = Harness::start("token_5xx", |_| {}).await?;
    let outcome = async {
        h.hooks()
            .set_behaviour(&json!({ "tokenStatus": 500 }))
            .await?;
        submit_sign_in(&h, "/tasks").await?;
        expect_refused(&h, "had a problem", 1).await.map(drop)
    }
    .await;
    h.finish_with(outcome).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_token_endpoint_completes_after_a_quiet_signing_in_notice() -> Result<()> {
    let h = Harness::start("token_slow", |_| {}).await?;
    let outcome = async {
        h.hooks()
            .set_behaviour(&json!({ "tokenDelayMs": 2500 }))
            .await?;
        submit_sign_in(&h, "/tasks").await?;
        h.wait_until(
            "the quiet \"Signing you in…\" notice on /home",
            async || {
                Ok(h.is_at("/home").await?
                    && e2e::browser::page_text(h.driver())
                        .await?
                        .contains("Signing you in…"))
            },
        )
        .await
        .context("step: the callback page says it is signing in")?;
        // While the exchange is slow, nothing alarming is shown and nothing else is tried.
        holds_for(
            "no auth-error while the token endpoint is slow",
            std::time::Duration::from_millis(800),
            async || {
                Ok(
                    e2e::browser::first_displayed(h.driver(), e2e::testid("auth-error"))
                        .await?
                        .is_none(),
                )
            },
        )
        .await?;
        TasksPage::wait_shown(&h)
            .await
            .context("step: the slow exchange completes")?;
        signed_in_once(&h).await
    }
    .await;
    h.finish_with(outcome).await
}

/// Signed in with a stored session, after exactly one code exchange.
async fn signed_in_once(h: &Harness) -> Result<()> {
    let name = HomePage::current(h).wait_user_name().await?;
    ensure!(!name.is_empty(), "step: no user name in the menu");
    ensure!(
        h.session_storage(keys::SESSION).await?.is_some(),
        "step: no city-tasks.session after an accepted sign-in"
    );
    let exchanges = code_exchanges(h).await?;
    ensure!(
        exchanges == 1,
        "step: expected one code exchange, saw {exchanges}"
    );
    Ok(())
}
