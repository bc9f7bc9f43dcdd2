//! Starts chromedriver on a free port and guarantees that it, and the browsers it launched, stop.

use std::fs::File;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};

use crate::wait::wait_for;

/// Environment variable that overrides the chromedriver binary.
pub const CHROMEDRIVER_ENV: &str = "CHROMEDRIVER";
/// The system chromedriver (Debian's `chromium-driver`); nothing is ever downloaded.
pub const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";

const READY_TIMEOUT: Duration = Duration::from_secs(20);
const START_ATTEMPTS: usize = 3;

/// A running chromedriver. Dropping it kills chromedriver's whole process group (it is started
/// as a group leader, and Chromium inherits the group), so a failed test never leaks a browser.
pub struct Chromedriver {
    child: Option<Child>,
    port: u16,
    log_path: PathBuf,
}

impl Chromedriver {
    /// Starts chromedriver and waits until its `/status` reports ready. A port picked by
    /// binding port 0 can be taken by someone else before chromedriver binds it; that shows as an
    /// early exit, so it retries a few times with a fresh port. `time_zone` (an IANA name) is
    /// the `TZ` of chromedriver and so of the Chromium it launches: the user's zone in the page.
    pub async fn start(log_dir: &Path, time_zone: Option<&str>) -> Result<Self> {
        let binary = std::env::var_os(CHROMEDRIVER_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_CHROMEDRIVER));
        let mut last_error = anyhow!("chromedriver was not started");
        for attempt in 1..=START_ATTEMPTS {
            let port = free_port()?;
            let log_path = log_dir.join(format!("chromedriver-{attempt}.log"));
            let log = File::create(&log_path)
                .with_context(|| format!("creating {}", log_path.display()))?;
            let mut command = Command::new(&binary);
            if let Some(zone) = time_zone {
                command.env("TZ", zone);
            }
            let child = command
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(
                    log.try_clone()
                        .context("duplicating the chromedriver log handle")?,
                )
                .stderr(log)
                .process_group(0)
                .spawn()
                .with_context(|| {
                    format!(
                        "starting {} (install Debian's chromium-driver, or set {CHROMEDRIVER_ENV})",
                        binary.display()
                    )
                })?;
            let mut driver = Chromedriver {
                child: Some(child),
                port,
                log_path,
            };
            match driver.wait_ready().await {
                Ok(()) => return Ok(driver),
                Err(error) => {
                    last_error = error;
                    driver.stop();
                }
            }
        }
        Err(last_error)
    }

    /// The WebDriver endpoint, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Kills chromedriver and its process group, then reaps chromedriver. Synchronous so that
    /// `Drop` can use it; calling it twice is harmless.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        if let Ok(pgid) = i32::try_from(child.id()) {
            // SAFETY: killpg only sends a signal; the group id is the one we created for this
            // chromedriver with `process_group(0)`, so only its own descendants are hit.
            unsafe {
                libc::killpg(pgid, libc::SIGKILL);
            }
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    async fn wait_ready(&mut self) -> Result<()> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .context("building an HTTP client")?;
        let status_url = format!("{}/status", self.url());
        let result = wait_for(
            "chromedriver to answer /status",
            READY_TIMEOUT,
            async || {
                if let Some(child) = self.child.as_mut()
                    && let Some(exit) = child.try_wait().context("checking chromedriver")?
                {
                    // Not an "not yet": stop polling at once.
                    return Ok(Some(Err(anyhow!("chromedriver exited early ({exit})"))));
                }
                let response = client.get(&status_url).send().await?;
                let status: serde_json::Value = response.json().await?;
                let ready = status
                    .pointer("/value/ready")
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(false);
                Ok(ready.then_some(Ok(())))
            },
        )
        .await;
        match result.and_then(|inner| inner) {
            Ok(()) => Ok(()),
            Err(error) => bail!("{error:#}\n--- chromedriver log ---\n{}", self.log_tail()),
        }
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log_path).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener
        .local_addr()
        .context("reading the bound port")?
        .port())
}
