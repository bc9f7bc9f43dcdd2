//! axe-core, run in the page under test: every rule axe has for WCAG 2.x A and AA and its best
//! practices, on the whole document as it is on screen. The script is npm's `axe-core`, pinned
//! in tools/package-lock.json and installed by `cargo xtask setup`; nothing is fetched here.
//! It is evaluated through WebDriver (not an injected `<script>`), so the app's CSP stays strict.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{Context, Result, anyhow, bail};
use serde::Deserialize;
use serde_json::Value;
use thirtyfour::prelude::*;

/// Environment variable naming another `axe.min.js` (default: tools/node_modules/axe-core).
pub const AXE_ENV: &str = "AXE_CORE_JS";

/// One rule a page breaks, with the elements that break it.
#[derive(Debug, Clone, Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    pub nodes: Vec<Node>,
}

/// An element axe found at fault: its CSS path and axe's summary of what to fix.
#[derive(Debug, Clone, Deserialize)]
pub struct Node {
    pub target: Value,
    #[serde(rename = "failureSummary")]
    pub failure_summary: Option<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let impact = self.impact.as_deref().unwrap_or("?");
        writeln!(f, "{} ({impact}): {}", self.id, self.help)?;
        for node in &self.nodes {
            let summary = node
                .failure_summary
                .as_deref()
                .unwrap_or("")
                .replace('\n', " ");
            writeln!(f, "    {}: {summary}", node.target)?;
        }
        Ok(())
    }
}

/// Where the pinned axe-core is: `$AXE_CORE_JS`, else tools/node_modules.
pub fn script_path() -> PathBuf {
    match std::env::var_os(AXE_ENV) {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        // crates/e2e -> the workspace root.
        _ => Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .unwrap_or(Path::new("."))
            .join("tools/node_modules/axe-core/axe.min.js"),
    }
}

/// The axe-core source, read once per test binary. Fails (never skips) when it is missing.
fn script() -> Result<&'static str> {
    static SCRIPT: OnceLock<String> = OnceLock::new();
    if let Some(script) = SCRIPT.get() {
        return Ok(script);
    }
    let path = script_path();
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "reading {}: run `cargo xtask setup` (npm ci in tools/ installs axe-core), or point \
             {AXE_ENV} at axe.min.js",
            path.display()
        )
    })?;
    Ok(SCRIPT.get_or_init(|| text))
}

/// Runs axe on the page as it is and returns what it finds.
pub async fn violations(driver: &WebDriver) -> Result<Vec<Violation>> {
    let loaded = driver
        .execute("return typeof window.axe === 'object';", Vec::new())
        .await?;
    if loaded.json().as_bool() != Some(true) {
        // The source sets `window.axe`; evaluated once per page load.
        driver
            .execute(format!("{}\n;return true;", script()?), Vec::new())
            .await
            .context("evaluating axe.min.js in the page")?;
    }
    let result = driver
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {
               runOnly: { type: 'tag',
                          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
               resultTypes: ['violations'],
             }).then(r => done({ ok: r.violations }), e => done({ error: String(e) }));",
            Vec::new(),
        )
        .await
        .context("running axe")?;
    let result = result.json();
    if let Some(error) = result.get("error") {
        bail!("axe.run failed: {error}");
    }
    let found = result
        .get("ok")
        .cloned()
        .ok_or_else(|| anyhow!("axe.run answered {result}"))?;
    serde_json::from_value(found).context("reading axe's violations")
}

/// Fails with every violation axe finds on the page, labelled with the page's state.
pub async fn check(driver: &WebDriver, state: &str) -> Result<()> {
    let found = violations(driver).await?;
    if found.is_empty() {
        return Ok(());
    }
    let list: String = found.iter().map(ToString::to_string).collect();
    bail!("axe: {} violation(s) on {state}:\n{list}", found.len())
}
