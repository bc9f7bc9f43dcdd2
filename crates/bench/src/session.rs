//! One fresh browser context per run: a new WebDriver session with its own temporary profile
//! (empty HTTP cache and storage), the probe installed before the first page.

use std::time::Duration;

use anyhow::{Context, Result};
use e2e::chromedriver::Chromedriver;
use e2e::harness::{DEFAULT_LANGUAGE, chromium_capabilities};
use tempfile::TempDir;
use thirtyfour::prelude::*;

use crate::probe;

/// Non-quantised `performance.memory`, for the heap numbers.
const EXTRA_ARGS: [&str; 1] = ["--enable-precise-memory-info"];

pub struct Session {
    driver: WebDriver,
    _profile: TempDir,
}

impl Session {
    pub async fn open(chromedriver: &Chromedriver) -> Result<Self> {
        let profile = tempfile::Builder::new()
            .prefix("city-tasks-bench-profile-")
            .tempdir()
            .context("creating a browser profile directory")?;
        let caps = chromium_capabilities(profile.path(), &[DEFAULT_LANGUAGE], &EXTRA_ARGS)?;
        let driver = WebDriver::new(chromedriver.url(), caps)
            .await
            .context("opening a Chromium session through chromedriver")?;
        let session = Session {
            driver,
            _profile: profile,
        };
        session
            .driver
            .set_page_load_timeout(Duration::from_secs(60))
            .await
            .context("setting the page load timeout")?;
        probe::install(&session.driver).await?;
        Ok(session)
    }

    pub fn driver(&self) -> &WebDriver {
        &self.driver
    }

    /// Ends the session; Chromium exits and the profile directory is removed.
    pub async fn quit(self) -> Result<()> {
        self.driver
            .clone()
            .quit()
            .await
            .context("closing the browser session")
    }
}

/// Runs `measure` in a fresh session and closes the session whatever the outcome.
pub async fn in_fresh_session<T>(
    chromedriver: &Chromedriver,
    measure: impl AsyncFnOnce(&WebDriver) -> Result<T>,
) -> Result<T> {
    let session = Session::open(chromedriver).await?;
    let measured = measure(session.driver()).await;
    let quit = session.quit().await;
    let value = measured?;
    quit?;
    Ok(value)
}
