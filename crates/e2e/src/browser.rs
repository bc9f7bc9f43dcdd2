//! Small reads of browser state over WebDriver: storage, the address bar, visible elements.

use anyhow::{Context, Result, anyhow};
use serde_json::Value;
use thirtyfour::prelude::*;

/// Locator for a `data-testid` hook, the app's stable contract with these tests.
pub fn testid(id: &str) -> By {
    By::Css(format!("[data-testid=\"{id}\"]"))
}

/// The address bar.
pub async fn current_url(driver: &WebDriver) -> Result<String> {
    Ok(driver
        .current_url()
        .await
        .context("reading the current URL")?
        .to_string())
}

/// The visible text of the page body.
pub async fn page_text(driver: &WebDriver) -> Result<String> {
    let body = driver
        .find(By::Tag("body"))
        .await
        .context("finding <body>")?;
    body.text().await.context("reading the page text")
}

/// The first element matching `by` that is displayed, if any.
pub async fn first_displayed(driver: &WebDriver, by: By) -> Result<Option<WebElement>> {
    for element in driver.find_all(by).await? {
        if element.is_displayed().await.unwrap_or(false) {
            return Ok(Some(element));
        }
    }
    Ok(None)
}

/// All displayed elements matching `by`, in document order.
pub async fn all_displayed(driver: &WebDriver, by: By) -> Result<Vec<WebElement>> {
    let mut shown = Vec::new();
    for element in driver.find_all(by).await? {
        if element.is_displayed().await.unwrap_or(false) {
            shown.push(element);
        }
    }
    Ok(shown)
}

/// The text a user sees in an element; falls back to `textContent` when WebDriver reports
/// none (text inside a collapsed menu is still the user's name).
pub async fn element_text(element: &WebElement) -> Result<String> {
    let text = element.text().await?;
    if !text.trim().is_empty() {
        return Ok(text.trim().to_owned());
    }
    Ok(element
        .prop("textContent")
        .await?
        .unwrap_or_default()
        .trim()
        .to_owned())
}

/// `sessionStorage.getItem(key)` of the page's origin (only meaningful on the app's origin).
pub async fn session_storage(driver: &WebDriver, key: &str) -> Result<Option<String>> {
    let ret = driver
        .execute(
            "return window.sessionStorage.getItem(arguments[0]);",
            vec![Value::from(key)],
        )
        .await
        .with_context(|| format!("reading sessionStorage[{key}]"))?;
    match ret.json() {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        other => Err(anyhow!("sessionStorage[{key}] read back as {other}")),
    }
}

/// Every `(key, value)` in sessionStorage.
pub async fn session_storage_entries(driver: &WebDriver) -> Result<Vec<(String, String)>> {
    storage_entries(driver, "sessionStorage").await
}

/// Every `(key, value)` in localStorage.
pub async fn local_storage_entries(driver: &WebDriver) -> Result<Vec<(String, String)>> {
    storage_entries(driver, "localStorage").await
}

async fn storage_entries(driver: &WebDriver, area: &str) -> Result<Vec<(String, String)>> {
    let script = format!("return Object.entries(window.{area});");
    let ret = driver
        .execute(script, Vec::new())
        .await
        .with_context(|| format!("reading {area}"))?;
    ret.convert::<Vec<(String, String)>>()
        .with_context(|| format!("{area} entries: {}", ret.json()))
}
