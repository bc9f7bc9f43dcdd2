//! Everything one benchmark runs against, started once: the release build delivered like the
//! CDN serves it (finished copy, customHttp.yml headers, brotli), the local stack behind it
//! (Hosted UI, Tasks API with test hooks, the demo user) and chromedriver.

use std::path::Path;

use anyhow::{Context, Result};
use e2e::chromedriver::Chromedriver;
use e2e::delivery::{finish_for, start_cdn_copy};
use e2e::hooks::{Hooks, origin_of};
use local_stack::{Cdn, Options, Running};
use tempfile::TempDir;

use crate::classify::Origins;

pub struct World {
    pub chromedriver: Chromedriver,
    pub hooks: Hooks,
    pub origins: Origins,
    cdn: Cdn,
    stack: Running,
    _workdir: TempDir,
}

impl World {
    pub async fn start(dist: &Path) -> Result<Self> {
        let workdir = tempfile::Builder::new()
            .prefix("city-tasks-bench-")
            .tempdir()
            .context("creating the benchmark's work directory")?;
        let site = workdir.path().join("site");
        let cdn = start_cdn_copy(dist, &site).await?;
        let options = Options {
            idp_port: 0,
            api_port: 0,
            app_port: 0,
            site_dir: None,
            app_origin: cdn.url.clone(),
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
        let hooks = Hooks::new(&urls.auth_domain, &urls.api_base)?;
        let origins = Origins {
            app: urls.app.trim_end_matches('/').to_owned(),
            api_base: urls.api_base.trim_end_matches('/').to_owned(),
        };
        Ok(World {
            chromedriver,
            hooks,
            origins,
            cdn,
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
    }
}
