//! The sign-in round trip: from submitting the Hosted UI form to the task rows on screen, and
//! every request the callback page made before they showed.

use anyhow::{Result, anyhow};
use e2e::hooks::Hooks;
use serde::{Deserialize, Serialize};
use thirtyfour::prelude::*;

use super::{TASK_ROW, ToSignIn, fill_sign_in_form, submit_sign_in, wait_painted, wait_quiet};
use crate::classify::{Origins, RequestKind, request_kind};
use crate::probe::Entry;

/// One request of the callback page, in its order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub kind: RequestKind,
    pub url: String,
    /// From the callback page's navigation start.
    pub start_ms: f64,
    pub end_ms: f64,
    /// Started before the rows were on screen, so possibly on the critical path.
    pub before_rows: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignIn {
    /// The click on the form's button to the end of the frame showing the rows (browser clock).
    pub submit_to_rows_ms: f64,
    /// The callback page's navigation start (the form POST, redirected) to the rows on screen.
    pub navigation_to_rows_ms: f64,
    /// Every request of the callback page until the network went quiet, the document first.
    pub requests: Vec<Request>,
    /// CORS preflights the sign-in server and the Tasks API answered during the sign-in
    /// (resource timing does not list them).
    pub preflights: usize,
}

impl SignIn {
    /// Requests after the app's own files beyond the allowed token request and API call.
    pub fn extra_requests(&self) -> usize {
        extra_requests(&self.requests)
    }
}

/// Goes to the Hosted UI signed out, the client's way (`to`: City Tasks' guard on `/tasks`, the
/// peer's Login button), signs in and measures the way back.
pub async fn measure(
    driver: &WebDriver,
    origins: &Origins,
    to: ToSignIn,
    hooks: &Hooks,
    auth_origin: &str,
) -> Result<SignIn> {
    fill_sign_in_form(driver, &origins.app, to, auth_origin).await?;
    let idp_before = hooks.idp_requests().await?.len();
    let api_before = hooks.api_requests().await?.len();
    let submitted_at = submit_sign_in(driver).await?;
    let shown = wait_painted(driver, TASK_ROW, None).await?;
    let quiet = wait_quiet(driver).await?;
    let rows_ms = *shown
        .painted
        .get(TASK_ROW)
        .ok_or_else(|| anyhow!("the rows were reported without a time"))?;
    let preflights = hooks.idp_requests().await?[idp_before..]
        .iter()
        .filter(|r| r.method == "OPTIONS")
        .count()
        + hooks.api_requests().await?[api_before..]
            .iter()
            .filter(|r| r.preflight)
            .count();
    Ok(SignIn {
        submit_to_rows_ms: shown.time_origin + rows_ms - submitted_at,
        navigation_to_rows_ms: rows_ms,
        requests: classify_requests(&quiet.entries, rows_ms, origins),
        preflights,
    })
}

/// The entries classified, in start order, marked when they started before `rows_ms`.
pub fn classify_requests(entries: &[Entry], rows_ms: f64, origins: &Origins) -> Vec<Request> {
    let mut requests: Vec<Request> = entries
        .iter()
        .map(|e| Request {
            kind: request_kind(&e.name, e.is_navigation(), origins),
            url: e.name.clone(),
            start_ms: e.start_time,
            end_ms: e.response_end,
            before_rows: e.start_time <= rows_ms,
        })
        .collect();
    requests.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
    requests
}

/// Requests the running app made before the rows showed, beyond one token request and one
/// Tasks API call.
pub fn extra_requests(requests: &[Request]) -> usize {
    use crate::budgets::{SIGN_IN_API_REQUESTS, SIGN_IN_TOKEN_REQUESTS};
    let critical: Vec<&Request> = requests.iter().filter(|r| r.before_rows).collect();
    let count = |kind| critical.iter().filter(|r| r.kind == kind).count();
    let app_made = critical.iter().filter(|r| !r.kind.loads_the_app()).count();
    let allowed = count(RequestKind::Token).min(SIGN_IN_TOKEN_REQUESTS)
        + count(RequestKind::TasksApi).min(SIGN_IN_API_REQUESTS);
    app_made - allowed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origins() -> Origins {
        Origins {
            app: "http://app".to_owned(),
            api_base: "http://api/api".to_owned(),
        }
    }

    fn entry(name: &str, start: f64) -> Entry {
        Entry {
            name: name.to_owned(),
            entry_type: if name.contains("code=") {
                "navigation".to_owned()
            } else {
                "resource".to_owned()
            },
            initiator_type: String::new(),
            start_time: start,
            response_end: start + 5.0,
            transfer_size: 0.0,
            encoded_body_size: 0.0,
            decoded_body_size: 0.0,
        }
    }

    #[test]
    fn classifies_in_order_and_marks_what_came_before_the_rows() {
        let entries = [
            entry("http://api/api/tasks", 50.0),
            entry("http://app/home?code=c&state=s", 0.0),
            entry("http://idp/oauth2/token", 30.0),
            entry("http://app/icon.svg", 500.0),
        ];
        let requests = classify_requests(&entries, 100.0, &origins());
        let kinds: Vec<(RequestKind, bool)> =
            requests.iter().map(|r| (r.kind, r.before_rows)).collect();
        assert_eq!(
            kinds,
            [
                (RequestKind::Document, true),
                (RequestKind::Token, true),
                (RequestKind::TasksApi, true),
                (RequestKind::SiteFile, false),
            ]
        );
        assert_eq!(extra_requests(&requests), 0);
    }

    #[test]
    fn counts_what_the_budget_does_not_allow() {
        let entries = [
            entry("http://app/home?code=c&state=s", 0.0),
            entry("http://app/boot.js", 1.0),
            entry("http://idp/pool/.well-known/openid-configuration", 10.0),
            entry("http://idp/oauth2/token", 30.0),
            entry("http://idp/oauth2/token", 31.0),
            entry("http://api/api/tasks", 50.0),
            entry("http://idp/pool/.well-known/jwks.json", 150.0),
        ];
        let requests = classify_requests(&entries, 100.0, &origins());
        // Discovery and the second token request; the JWKS came after the rows.
        assert_eq!(extra_requests(&requests), 2);
    }
}
