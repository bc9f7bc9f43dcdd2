//! The in-page probe (`probe.js`): installed before every document through CDP, read back as
//! one JSON snapshot of its timings, the page's resource timing and its memory.

use std::collections::HashMap;

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use serde_json::json;
use thirtyfour::prelude::*;

const SCRIPT: &str = include_str!("probe.js");

/// Makes every document this session loads from now on run the probe first.
pub async fn install(driver: &WebDriver) -> Result<()> {
    driver
        .cdp()
        .send_raw(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": SCRIPT }),
        )
        .await
        .context("installing the probe (CDP Page.addScriptToEvaluateOnNewDocument)")?;
    Ok(())
}

/// What the probe saw in the current document. Times are milliseconds from its navigation
/// start (`performance.now()`), `time_origin` is that start in milliseconds since the epoch.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub url: String,
    pub time_origin: f64,
    pub ready_state: String,
    /// When each watched test id was first in the DOM, visible and enabled.
    pub seen: HashMap<String, f64>,
    /// When the frame after that was rendered.
    pub painted: HashMap<String, f64>,
    pub js_heap_bytes: Option<f64>,
    pub wasm_memory_bytes: Option<f64>,
    /// The navigation entry first, then every resource entry.
    pub entries: Vec<Entry>,
}

/// One navigation or resource timing entry.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub name: String,
    pub entry_type: String,
    pub initiator_type: String,
    pub start_time: f64,
    pub response_end: f64,
    pub transfer_size: f64,
    pub encoded_body_size: f64,
    pub decoded_body_size: f64,
}

impl Entry {
    pub fn is_navigation(&self) -> bool {
        self.entry_type == "navigation"
    }
}

/// Reads the probe; fails when the current document has none (e.g. an error page).
pub async fn snapshot(driver: &WebDriver) -> Result<Snapshot> {
    let value = driver
        .execute(
            "return window.__bench ? window.__bench.snapshot() : null;",
            Vec::new(),
        )
        .await
        .context("reading the probe")?;
    if value.json().is_null() {
        bail!("the page has no probe ({})", driver.current_url().await?);
    }
    value
        .convert()
        .context("the probe's snapshot has an unexpected shape")
}

/// Stops the probe's watching of test ids, so it adds no work to what is measured next.
pub async fn stop_watching(driver: &WebDriver) -> Result<()> {
    driver
        .execute(
            "window.__bench && window.__bench.stopWatching();",
            Vec::new(),
        )
        .await
        .context("stopping the probe's watcher")?;
    Ok(())
}
