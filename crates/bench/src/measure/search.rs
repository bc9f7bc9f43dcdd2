//! Searching the loaded list: per keystroke, from the keydown to the end of the frame that
//! showed the list settled for it. The app filters one animation frame after the input event
//! (no debounce), so that frame is part of what is measured, as users feel it.

use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use e2e::testid;
use e2e::wait::wait_for;
use serde::{Deserialize, Serialize};
use thirtyfour::prelude::*;

use super::STEP_TIMEOUT;

/// The search box.
pub const SEARCH: &str = "task-search";
/// A key counts as settled when nothing changed for this long after it.
const SETTLE: Duration = Duration::from_millis(250);

/// One key to press: a character, or Backspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Press {
    Char(char),
    Backspace,
}

/// Types `word` and then deletes `erase` characters again.
pub fn typing(word: &str, erase: usize) -> Vec<Press> {
    word.chars()
        .map(Press::Char)
        .chain(std::iter::repeat_n(Press::Backspace, erase))
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keystroke {
    /// `KeyboardEvent.key`, e.g. `f` or `Backspace`.
    pub key: String,
    pub ms: f64,
    /// DOM mutations in the list for this key.
    pub mutations: u64,
}

#[derive(Debug, Deserialize)]
struct Status {
    keys: Vec<KeyRecord>,
    #[serde(rename = "idleMs")]
    idle_ms: f64,
    waiting: usize,
}

#[derive(Debug, Clone, Deserialize)]
struct KeyRecord {
    key: String,
    start: f64,
    settled: Option<f64>,
    mutations: u64,
}

/// Presses each key in the search box of the `/tasks` page on screen, one at a time, waiting
/// for the list to settle in between.
pub async fn measure(driver: &WebDriver, presses: &[Press]) -> Result<Vec<Keystroke>> {
    let selector = format!("[data-testid=\"{SEARCH}\"]");
    let armed = driver
        .execute(
            format!("return window.__bench.search.arm({selector:?});"),
            Vec::new(),
        )
        .await
        .context("arming the probe's search timing")?;
    if armed.json().as_bool() != Some(true) {
        bail!("the probe found no {selector}");
    }
    let input = driver.find(testid(SEARCH)).await?;
    input.click().await.context("focusing the search box")?;
    let mut keystrokes = Vec::with_capacity(presses.len());
    for (index, press) in presses.iter().enumerate() {
        match press {
            Press::Char(c) => input.send_keys(c.to_string()).await?,
            Press::Backspace => input.send_keys(Key::Backspace).await?,
        }
        let record = wait_settled(driver, index).await?;
        let settled = record
            .settled
            .ok_or_else(|| anyhow!("key {} never settled", record.key))?;
        keystrokes.push(Keystroke {
            key: record.key,
            ms: settled - record.start,
            mutations: record.mutations,
        });
    }
    Ok(keystrokes)
}

/// Waits until key number `index` was seen, every frame it changed has ended and the page has
/// been still for a moment.
async fn wait_settled(driver: &WebDriver, index: usize) -> Result<KeyRecord> {
    wait_for(
        &format!("search keystroke {} to settle", index + 1),
        STEP_TIMEOUT,
        async || {
            let status: Status = driver
                .execute("return window.__bench.search.status();", Vec::new())
                .await?
                .convert()?;
            if status.keys.len() > index + 1 {
                bail!(
                    "the probe saw {} keys, expected {}",
                    status.keys.len(),
                    index + 1
                );
            }
            let settled = status.waiting == 0 && status.idle_ms >= SETTLE.as_secs_f64() * 1000.0;
            Ok(status
                .keys
                .get(index)
                .filter(|k| settled && k.settled.is_some())
                .cloned())
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_then_erases() {
        assert_eq!(
            typing("ab", 1),
            [Press::Char('a'), Press::Char('b'), Press::Backspace]
        );
        assert!(typing("", 0).is_empty());
    }
}
