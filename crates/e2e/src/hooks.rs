//! The local stack's test hooks (recorded requests, injected faults) and direct calls to the
//! Tasks API, over plain HTTP from the test process.

use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use reqwest::{Client, Url};
use serde_json::{Value, json};

use crate::tasks::{ApiTask, parse_tasks};

/// One request the Tasks API saw (`GET <api origin>/__test/requests`): method, path, `auth`
/// (`"valid"`, `"invalid"`, `"missing"`), `token_use`, status, and whether it was a preflight.
pub use local_stack::ApiRequestRecord as ApiRequest;
/// The parameters of the last `/oauth2/authorize` (`GET <auth domain>/__test/last-authorize`).
pub use local_stack::AuthorizeRecord as AuthorizeRequest;
/// One request the sign-in server or the static site saw, with whether it carried an
/// `Authorization` header (`GET <origin>/__test/requests`).
pub use local_stack::HttpRequestRecord as HttpRequest;
/// How the Tasks API's PUT treats fields the body leaves out: `Lenient` (the stack's default:
/// unmodelled fields such as `deviceId` are kept as stored) or `Replace` (like the Spring/JPA
/// service: every field left out becomes null or is removed; `executionCommand` required).
pub use local_stack::PutMode;
/// One request the token endpoint saw (`GET <auth domain>/__test/token-requests`).
pub use local_stack::TokenRequestRecord as TokenRequest;

/// HTTP access to the hooks of one stack.
#[derive(Debug, Clone)]
pub struct Hooks {
    client: Client,
    auth_domain: String,
    api_base: String,
    api_origin: String,
    site_origin: Option<String>,
}

impl Hooks {
    pub fn new(auth_domain: &str, api_base: &str) -> Result<Self> {
        let client = Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .context("building the hooks HTTP client")?;
        Ok(Hooks {
            client,
            auth_domain: auth_domain.trim_end_matches('/').to_owned(),
            api_base: api_base.trim_end_matches('/').to_owned(),
            api_origin: origin_of(api_base)?,
            site_origin: None,
        })
    }

    /// Also reaches the static site's hooks at `app` (the app's origin).
    pub fn with_site(mut self, app: &str) -> Result<Self> {
        self.site_origin = Some(origin_of(app)?);
        Ok(self)
    }

    /// Every request the sign-in server received (hook calls excluded).
    pub async fn idp_requests(&self) -> Result<Vec<HttpRequest>> {
        self.get_json(&format!("{}/__test/requests", self.auth_domain))
            .await
    }

    /// Every request the static site (the app's origin) received (hook calls excluded).
    pub async fn site_requests(&self) -> Result<Vec<HttpRequest>> {
        let Some(site) = &self.site_origin else {
            bail!("these hooks were built without the site's origin");
        };
        self.get_json(&format!("{site}/__test/requests")).await
    }

    /// Sets the sign-in server's persistent switches, e.g. `{"jwksUnavailable": true}`;
    /// switches left out are healthy. See `local_stack::Behaviour`.
    pub async fn set_behaviour(&self, switches: &Value) -> Result<()> {
        let url = format!("{}/__test/behaviour", self.auth_domain);
        let request = self.client.put(&url).json(switches);
        send_checked(request, &format!("PUT {url} {switches}"))
            .await
            .map(drop)
    }

    /// The last `…/home?code=…&state=…` URL the sign-in server redirected a browser to.
    pub async fn last_callback(&self) -> Result<String> {
        let body: Value = self
            .get_json(&format!("{}/__test/last-callback", self.auth_domain))
            .await?;
        body.get("url")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .with_context(|| format!("last-callback without a url: {body}"))
    }

    /// Makes the next `times` Tasks API requests fail with `status` and `body`.
    pub async fn inject_api_fault_with_body(
        &self,
        status: u16,
        times: u32,
        body: &str,
    ) -> Result<()> {
        let url = format!("{}/__test/faults", self.api_origin);
        self.post_json(
            &url,
            &json!({ "status": status, "times": times, "body": body }),
        )
        .await
    }

    /// Adds `count` generated tasks (`POST /__test/seed`; the store is shared by every user and
    /// the seed adds to what is there) and returns how many tasks there are now.
    pub async fn seed_tasks(&self, count: usize) -> Result<u64> {
        let url = format!("{}/__test/seed", self.api_origin);
        let request = self.client.post(&url).json(&json!({ "count": count }));
        let body: Value = send_checked(request, &format!("POST {url}"))
            .await?
            .json()
            .await
            .with_context(|| format!("POST {url}: not JSON"))?;
        body.get("total")
            .and_then(Value::as_u64)
            .ok_or_else(|| anyhow!("POST {url} answered {body}"))
    }

    /// Switches how the Tasks API's PUT treats fields the body leaves out
    /// (`POST /__test/put-mode {"mode": "replace"}`); [`Hooks::reset_put_mode`] goes back.
    pub async fn set_put_mode(&self, mode: PutMode) -> Result<()> {
        let url = format!("{}/__test/put-mode", self.api_origin);
        let body = json!({ "mode": mode });
        self.post_json(&url, &body).await
    }

    /// Back to the PUT mode the stack was started with (`DELETE /__test/put-mode`).
    pub async fn reset_put_mode(&self) -> Result<()> {
        let url = format!("{}/__test/put-mode", self.api_origin);
        send_checked(self.client.delete(&url), &format!("DELETE {url}"))
            .await
            .map(drop)
    }

    /// Stores each object as given, unvalidated (`POST /__test/seed-raw`): a legacy or
    /// hand-edited row with a null name, hour 99, `"08"`, an unknown day, epoch-ms dates, extra
    /// fields... `GET tasks` and `GET task/{id}` then answer it exactly so. An integer `id` is
    /// kept (it must be free), a missing one assigned; returns the ids in order.
    pub async fn seed_raw_tasks(&self, tasks: &[Value]) -> Result<Vec<i64>> {
        let url = format!("{}/__test/seed-raw", self.api_origin);
        let request = self.client.post(&url).json(tasks);
        let body: Value = send_checked(request, &format!("POST {url}"))
            .await?
            .json()
            .await
            .with_context(|| format!("POST {url}: not JSON"))?;
        body.get("ids")
            .and_then(Value::as_array)
            .and_then(|ids| ids.iter().map(Value::as_i64).collect::<Option<Vec<_>>>())
            .ok_or_else(|| anyhow!("POST {url} answered {body}"))
    }

    /// The stored task `id` exactly as `GET <api base>/task/{id}` answers it, as JSON, read
    /// through `GET /__test/task/{id}` (no bearer needed); an error when there is no such task.
    pub async fn get_task_raw(&self, id: i64) -> Result<Value> {
        self.get_json(&format!("{}/__test/task/{id}", self.api_origin))
            .await
    }

    /// Revokes a refresh token at the real `/oauth2/revoke`, as an administrator or another
    /// device signing out would.
    pub async fn revoke_refresh_token(&self, refresh_token: &str, client_id: &str) -> Result<()> {
        let url = format!("{}/oauth2/revoke", self.auth_domain);
        let mut form = Url::parse("http://form.invalid/").context("building a form")?;
        form.query_pairs_mut()
            .append_pair("token", refresh_token)
            .append_pair("client_id", client_id);
        let request = self
            .client
            .post(&url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form.query().unwrap_or_default().to_owned());
        send_checked(request, &format!("POST {url}"))
            .await
            .map(drop)
    }

    /// Every request the Tasks API recorded, preflights (`OPTIONS`) included.
    pub async fn api_requests(&self) -> Result<Vec<ApiRequest>> {
        self.get_json(&format!("{}/__test/requests", self.api_origin))
            .await
    }

    /// Every request the token endpoint recorded.
    pub async fn token_requests(&self) -> Result<Vec<TokenRequest>> {
        self.get_json(&format!("{}/__test/token-requests", self.auth_domain))
            .await
    }

    /// The parameters of the last `GET /oauth2/authorize`, `None` before the first.
    pub async fn last_authorize(&self) -> Result<Option<AuthorizeRequest>> {
        self.get_json(&format!("{}/__test/last-authorize", self.auth_domain))
            .await
    }

    /// Alters the next token response once, e.g. `"wrong_nonce"`, `"expired"`, `"rotate_key"`.
    pub async fn inject_fault(&self, fault: &str) -> Result<()> {
        let url = format!("{}/__test/faults", self.auth_domain);
        self.post_json(&url, &json!({ "fault": fault })).await
    }

    /// Makes the next `times` Tasks API requests fail with `status`.
    pub async fn inject_api_fault(&self, status: u16, times: u32) -> Result<()> {
        let url = format!("{}/__test/faults", self.api_origin);
        self.post_json(&url, &json!({ "status": status, "times": times }))
            .await
    }

    /// `GET <api base>/tasks` with the given access token, as the test's own witness of what
    /// the list should show.
    pub async fn fetch_tasks(&self, access_token: &str) -> Result<Vec<ApiTask>> {
        let url = format!("{}/tasks", self.api_base);
        let request = self.client.get(&url).bearer_auth(access_token);
        let body: Value = send_checked(request, &format!("GET {url}"))
            .await?
            .json()
            .await
            .with_context(|| format!("GET {url}: JSON"))?;
        parse_tasks(&body).with_context(|| format!("GET {url}: task list {body}"))
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T> {
        send_checked(self.client.get(url), &format!("GET {url}"))
            .await?
            .json()
            .await
            .with_context(|| format!("GET {url}: unexpected JSON"))
    }

    async fn post_json(&self, url: &str, body: &Value) -> Result<()> {
        let request = self.client.post(url).json(body);
        send_checked(request, &format!("POST {url} {body}"))
            .await
            .map(drop)
    }
}

/// Sends `request` and returns the response if its status is a success; otherwise fails with
/// `what` (the method, URL and body for the message), the status and the server's text.
async fn send_checked(request: reqwest::RequestBuilder, what: &str) -> Result<reqwest::Response> {
    let response = request.send().await.with_context(|| what.to_owned())?;
    let status = response.status();
    if !status.is_success() {
        let text = response.text().await.unwrap_or_default();
        bail!("{what} answered {status}: {text}");
    }
    Ok(response)
}

/// `scheme://host:port` of a URL.
pub fn origin_of(url: &str) -> Result<String> {
    let parsed = Url::parse(url).with_context(|| format!("not a URL: {url}"))?;
    Ok(parsed.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stack with only the sign-in server and the Tasks API, and hooks for it.
    async fn stack() -> Result<(local_stack::Running, Hooks)> {
        let running = local_stack::start(local_stack::Options {
            idp_port: 0,
            api_port: 0,
            test_hooks: true,
            ..local_stack::Options::default()
        })
        .await?;
        let hooks = Hooks::new(&running.urls.auth_domain, &running.urls.api_base)?;
        Ok((running, hooks))
    }

    #[tokio::test]
    async fn raw_tasks_are_seeded_and_read_back_as_given() -> Result<()> {
        let (running, hooks) = stack().await?;
        let odd = json!({ "name": null, "hour": 99, "minute": "08", "executionDays": "MON,XYZ",
            "createdAt": 1_700_000_000_000_i64, "deviceId": "pump-1", "more": { "a": [null] } });
        let ids = hooks
            .seed_raw_tasks(&[odd.clone(), json!({ "id": 777, "name": "<b>x</b>" })])
            .await?;
        assert_eq!(ids.len(), 2);
        assert_eq!(ids[1], 777);
        let mut expected = odd;
        expected["id"] = json!(ids[0]);
        assert_eq!(hooks.get_task_raw(ids[0]).await?, expected);
        assert_eq!(
            hooks.get_task_raw(777).await?,
            json!({ "id": 777, "name": "<b>x</b>" })
        );
        assert!(hooks.get_task_raw(778).await.is_err());
        assert!(hooks.seed_raw_tasks(&[json!({ "id": 777 })]).await.is_err());
        running.shutdown().await;
        Ok(())
    }

    #[tokio::test]
    async fn put_mode_switches_and_resets() -> Result<()> {
        let (running, hooks) = stack().await?;
        let mode_url = format!("{}/__test/put-mode", hooks.api_origin);
        let mode = || async { hooks.get_json::<Value>(&mode_url).await };
        assert_eq!(mode().await?, json!({ "mode": "lenient" }));
        hooks.set_put_mode(PutMode::Replace).await?;
        assert_eq!(mode().await?, json!({ "mode": "replace" }));
        hooks.reset_put_mode().await?;
        assert_eq!(mode().await?, json!({ "mode": "lenient" }));
        running.shutdown().await;
        Ok(())
    }

    #[test]
    fn origin_drops_the_path() {
        assert_eq!(
            origin_of("http://127.0.0.1:9001/api").ok().as_deref(),
            Some("http://127.0.0.1:9001")
        );
    }
}
