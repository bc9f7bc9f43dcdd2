//! Emulated screens and preferences for the accessibility and layout checks (a colour scheme,
//! a phone-sized touch screen, a larger text size), set through Chromium's DevTools protocol on
//! the test's own session. Each setting lasts across navigations until changed.

use anyhow::{Context, Result};
use serde_json::{Value, json};
use thirtyfour::common::command::FormatRequestData;
use thirtyfour::prelude::*;
use thirtyfour::{RequestData, SessionId};

/// The `prefers-color-scheme` a page sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    pub const BOTH: [Scheme; 2] = [Scheme::Light, Scheme::Dark];

    pub fn name(self) -> &'static str {
        match self {
            Scheme::Light => "light",
            Scheme::Dark => "dark",
        }
    }
}

/// chromedriver's own endpoint for a DevTools command (what thirtyfour's `cdp` feature sends;
/// spelled out here so the workspace's thirtyfour features stay as they are).
#[derive(Debug)]
struct Cdp {
    command: &'static str,
    params: Value,
}

impl FormatRequestData for Cdp {
    fn format_request(&self, session_id: &SessionId) -> RequestData {
        RequestData::new(
            reqwest::Method::POST,
            format!("/session/{session_id}/goog/cdp/execute"),
        )
        .add_body(json!({ "cmd": self.command, "params": self.params }))
    }
}

async fn cdp(driver: &WebDriver, command: &'static str, params: Value) -> Result<Value> {
    let what = format!("CDP {command} {params}");
    driver
        .handle()
        .cmd(Cdp { command, params })
        .await
        .and_then(|response| response.value_json())
        .context(what)
}

/// Emulates `prefers-color-scheme` (and optionally `prefers-reduced-motion: reduce`) as the
/// operating system would set it: the page's own media queries decide what changes.
pub async fn emulate_media(driver: &WebDriver, scheme: Scheme, reduced_motion: bool) -> Result<()> {
    let motion = if reduced_motion {
        "reduce"
    } else {
        "no-preference"
    };
    cdp(
        driver,
        "Emulation.setEmulatedMedia",
        json!({ "features": [
            { "name": "prefers-color-scheme", "value": scheme.name() },
            { "name": "prefers-reduced-motion", "value": motion },
        ] }),
    )
    .await
    .map(drop)
}

/// A phone: `width` x `height` CSS pixels, a mobile viewport (the page's `<meta viewport>`
/// applies) and a touch screen, so `(pointer: coarse)` matches.
pub async fn phone(driver: &WebDriver, width: u32, height: u32) -> Result<()> {
    cdp(
        driver,
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 2, "mobile": true }),
    )
    .await?;
    cdp(
        driver,
        "Emulation.setTouchEmulationEnabled",
        json!({ "enabled": true, "maxTouchPoints": 5 }),
    )
    .await
    .map(drop)
}

/// Back to the desktop window the harness opened (a mouse, no size override).
pub async fn desktop(driver: &WebDriver) -> Result<()> {
    cdp(driver, "Emulation.clearDeviceMetricsOverride", json!({})).await?;
    cdp(
        driver,
        "Emulation.setTouchEmulationEnabled",
        json!({ "enabled": false }),
    )
    .await
    .map(drop)
}

/// The browser's text size setting at `percent` of the default (Chromium's "Font size"):
/// what a user with low vision sets, which reaches the page through `rem` and `%`, not zoom.
pub async fn text_size(driver: &WebDriver, percent: u32) -> Result<()> {
    cdp(
        driver,
        "Page.setFontSizes",
        json!({ "fontSizes": { "standard": 16 * percent / 100, "fixed": 13 * percent / 100 } }),
    )
    .await
    .map(drop)
}

/// Whether a media query matches in the page (to prove an emulation took effect).
pub async fn matches_media(driver: &WebDriver, query: &str) -> Result<bool> {
    let matched = driver
        .execute(
            "return matchMedia(arguments[0]).matches;",
            vec![Value::from(query)],
        )
        .await
        .with_context(|| format!("matchMedia({query})"))?;
    Ok(matched.json().as_bool().unwrap_or(false))
}
