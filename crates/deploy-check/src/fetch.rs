//! The thin, effectful part: runs the plan over HTTP (no redirects followed, any status
//! returned as an answer) and hands the answers to the checks.

use std::time::Duration;

use city_tasks_config::config::{LogoutMode, parse_config};
use city_tasks_config::url::parse_http_url;

use crate::checks::{Observed, Remote};
use crate::plan;
use crate::response::{Fetched, Outcome};

/// Large enough for the wasm (under 1 MB today).
const BODY_LIMIT: u64 = 32 * 1024 * 1024;

pub struct Client {
    agent: ureq::Agent,
}

impl Default for Client {
    fn default() -> Self {
        Self::new()
    }
}

impl Client {
    pub fn new() -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(20)))
            .user_agent("city-tasks-verify-deploy")
            .build()
            .into();
        Client { agent }
    }

    /// One request; `Err` only when no answer came (DNS, TLS, refused, timeout).
    pub fn send(&self, method: &str, url: &str, headers: &[(&str, &str)]) -> Outcome {
        let mut request = ureq::http::Request::builder().method(method).uri(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(()).map_err(|e| e.to_string())?;
        let mut response = self.agent.run(request).map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = if method == "HEAD" || method == "OPTIONS" {
            Vec::new()
        } else {
            response
                .body_mut()
                .with_config()
                .limit(BODY_LIMIT)
                .read_to_vec()
                .map_err(|e| e.to_string())?
        };
        Ok(Fetched {
            status,
            headers,
            body,
        })
    }

    pub fn get(&self, url: &str) -> Outcome {
        self.send("GET", url, &[])
    }
}

/// The origin of the site URL given on the command line (`https://tasks.example.com/` ->
/// `https://tasks.example.com`).
pub fn site_origin(site: &str) -> Result<String, String> {
    parse_http_url(site.trim())
        .map(|u| u.origin())
        .ok_or_else(|| format!("{site:?} is not an http(s) URL such as https://tasks.example.com"))
}

/// Fetches everything the checks read from the site at `origin`.
pub fn observe(client: &Client, origin: &str) -> Observed {
    let index = client.get(&format!("{origin}/"));
    let assets = match &index {
        Ok(r) if r.status == 200 => plan::asset_paths(&r.text())
            .into_iter()
            .map(|path| {
                let answer = client.get(&format!("{origin}{path}"));
                (path, answer)
            })
            .collect(),
        _ => Vec::new(),
    };
    let config = client.get(&format!("{origin}/config.json"));
    let remote = config
        .as_ref()
        .ok()
        .filter(|r| r.status == 200)
        .and_then(|r| parse_config(&r.text()).ok())
        .map(|config| observe_remote(client, &config, origin));
    Observed {
        site: origin.to_string(),
        deep_link: client.get(&format!("{origin}{}", plan::DEEP_LINK_PATH)),
        missing_asset: client.get(&format!("{origin}{}", plan::MISSING_ASSET_PATH)),
        index,
        config,
        assets,
        remote,
    }
}

/// The user pool and the Tasks API, asked the way the app at `origin` will ask them.
pub fn observe_remote(
    client: &Client,
    config: &city_tasks_config::config::Config,
    origin: &str,
) -> Remote {
    let from_site = [("Origin", origin)];
    let preflights = plan::preflights(config)
        .into_iter()
        .map(|p| {
            let answer = client.send(
                "OPTIONS",
                &p.url,
                &[
                    ("Origin", origin),
                    ("Access-Control-Request-Method", p.method),
                    ("Access-Control-Request-Headers", p.request_headers),
                ],
            );
            (p, answer)
        })
        .collect();
    Remote {
        discovery: client.send("GET", &plan::discovery_url(config), &from_site),
        authorize: client.get(&plan::authorize_probe_url(config)),
        logout: (config.logout_mode == LogoutMode::Cognito)
            .then(|| client.get(&plan::logout_probe_url(config))),
        preflights,
        api_without_token: client.send("GET", &plan::api_without_token_url(config), &from_site),
    }
}
