//! Everything one benchmark runs against, started once: the release build delivered like the
//! CDN serves it (finished copy, customHttp.yml headers, brotli), the local stack behind it
//! (Hosted UI, Tasks API with test hooks, the demo user) and chromedriver; and, when its build
//! is there, the React peer client beside it on a CDN emulation of its own, registered with the
//! same stack.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use e2e::chromedriver::Chromedriver;
use e2e::delivery::{finish_for, start_cdn_copy};
use e2e::hooks::{Hooks, origin_of};
use local_stack::{Cdn, Options, Running};
use tempfile::TempDir;

use crate::classify::Origins;
use crate::peer;

pub struct World {
    pub chromedriver: Chromedriver,
    pub hooks: Hooks,
    pub origins: Origins,
    /// The React peer's origins (its site, the same Tasks API); `Err` says why it is not there.
    pub peer: Result<Origins, String>,
    cdn: Cdn,
    peer_cdn: Option<Cdn>,
    stack: Running,
    _workdir: TempDir,
}

impl World {
    /// `peer` is the React peer's build, or why there is none.
    pub async fn start(dist: &Path, peer: Result<PathBuf, String>) -> Result<Self> {
        let workdir = tempfile::Builder::new()
            .prefix("city-tasks-bench-")
            .tempdir()
            .context("creating the benchmark's work directory")?;
        let site = workdir.path().join("site");
        let cdn = start_cdn_copy(dist, &site).await?;
        // The peer's host has to be up first: the stack registers its origin when it starts.
        let peer_site = workdir.path().join("peer-site");
        let peer_cdn = match &peer {
            Ok(dir) => Some(
                start_cdn_copy(dir, &peer_site)
                    .await
                    .context("serving the React peer")?,
            ),
            Err(_) => None,
        };
        let options = Options {
            idp_port: 0,
            api_port: 0,
            app_port: 0,
            site_dir: None,
            app_origin: cdn.url.clone(),
            other_app_origins: peer_cdn.iter().map(|c| c.url.clone()).collect(),
            test_hooks: true,
            users: vec![local_stack::demo_user()],
            ..Options::default()
        };
        let client_id = options.client_id.clone();
        // Brotli at quality 11 takes seconds for the wasm: overlap it with the start-up.
        let (stack, chromedriver, compressed) = tokio::join!(
            local_stack::start(options),
            Chromedriver::start(workdir.path(), None),
            cdn.precompress()
        );
        let stack = stack.context("starting the local stack")?;
        let chromedriver = chromedriver?;
        compressed.context("compressing the delivered site")?;
        finish_for(&site, &stack.urls, &client_id)?;
        // Again for the files the finishing rewrote (index.html, config.json); the rest are
        // cached already.
        cdn.precompress()
            .await
            .context("compressing the finished site")?;
        let urls = &stack.urls;
        let api_base = urls.api_base.trim_end_matches('/').to_owned();
        let peer = match (&peer_cdn, peer) {
            (Some(peer_cdn), _) => {
                let origin = peer_cdn.url.trim_end_matches('/').to_owned();
                peer::write_config(&peer_site, &peer::config_json(urls, &client_id, &origin))?;
                // Like City Tasks' files: compressed before anything is measured.
                peer_cdn
                    .precompress()
                    .await
                    .context("compressing the React peer")?;
                Ok(Origins {
                    app: origin,
                    api_base: api_base.clone(),
                })
            }
            (None, reason) => Err(reason.err().unwrap_or_default()),
        };
        let hooks = Hooks::new(&urls.auth_domain, &urls.api_base)?;
        let origins = Origins {
            app: urls.app.trim_end_matches('/').to_owned(),
            api_base,
        };
        Ok(World {
            chromedriver,
            hooks,
            origins,
            peer,
            cdn,
            peer_cdn,
            stack,
            _workdir: workdir,
        })
    }

    /// An absolute URL on the app, e.g. `app_url("/home")`.
    pub fn app_url(&self, path: &str) -> String {
        format!("{}{path}", self.origins.app)
    }

    /// The Hosted UI's origin.
    pub fn auth_origin(&self) -> Result<String> {
        origin_of(&self.stack.urls.auth_domain)
    }

    pub async fn stop(mut self) {
        self.chromedriver.stop();
        self.stack.shutdown().await;
        self.cdn.stop().await;
        if let Some(peer_cdn) = self.peer_cdn {
            peer_cdn.stop().await;
        }
    }
}
