//! `/tasks` with thousands of tasks: reload to the rows on screen, the rows after the data
//! arrived, and the memory the page holds afterwards.

use anyhow::{Context, Result, anyhow};
use serde::{Deserialize, Serialize};
use thirtyfour::prelude::*;

use super::{TASK_ROW, ToSignIn, sign_in_to_rows, wait_painted, wait_quiet};
use crate::classify::{Origins, RequestKind, request_kind};
use crate::probe::{self, Entry};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BigList {
    /// The reload's navigation start to the end of the frame showing the rows.
    pub reload_to_rows_ms: f64,
    /// The Tasks API response's end (resource timing) to that frame: parsing, sorting,
    /// indexing and rendering.
    pub rows_after_data_ms: f64,
    /// Navigation start to the end of the Tasks API response.
    pub data_arrived_ms: f64,
    /// `performance.memory.usedJSHeapSize` after a forced garbage collection.
    pub js_heap_bytes: f64,
    /// The wasm instance's `memory.buffer.byteLength` (it only grows: the high-water mark).
    pub wasm_memory_bytes: f64,
}

impl BigList {
    pub fn memory_bytes(&self) -> f64 {
        self.js_heap_bytes + self.wasm_memory_bytes
    }
}

/// Signs in through `/tasks`, reloads it and measures the reload. Leaves the page on `/tasks`
/// for the search measurement.
pub async fn measure(driver: &WebDriver, origins: &Origins, auth_origin: &str) -> Result<BigList> {
    let to = ToSignIn::Guarded("/tasks");
    let signed_in = sign_in_to_rows(driver, &origins.app, to, auth_origin).await?;
    driver.refresh().await.context("reloading /tasks")?;
    let shown = wait_painted(driver, TASK_ROW, Some(signed_in.time_origin)).await?;
    let quiet = wait_quiet(driver).await?;
    probe::stop_watching(driver).await?;
    let rows_ms = *shown
        .painted
        .get(TASK_ROW)
        .ok_or_else(|| anyhow!("the rows were reported without a time"))?;
    let data_arrived_ms = tasks_response_end(&quiet.entries, origins)
        .ok_or_else(|| anyhow!("no Tasks API request in the reloaded page's resource timing"))?;
    collect_garbage(driver).await;
    let memory = probe::snapshot(driver).await?;
    Ok(BigList {
        reload_to_rows_ms: rows_ms,
        rows_after_data_ms: rows_ms - data_arrived_ms,
        data_arrived_ms,
        js_heap_bytes: memory
            .js_heap_bytes
            .ok_or_else(|| anyhow!("performance.memory is not available"))?,
        wasm_memory_bytes: memory.wasm_memory_bytes.ok_or_else(|| {
            anyhow!("no wasm memory: boot.js did not dispatch TrunkApplicationStarted")
        })?,
    })
}

/// The end of the last Tasks API list response (the one the rows were made from).
pub fn tasks_response_end(entries: &[Entry], origins: &Origins) -> Option<f64> {
    entries
        .iter()
        .filter(|e| request_kind(&e.name, e.is_navigation(), origins) == RequestKind::TasksApi)
        .filter(|e| e.name.trim_end_matches('/').ends_with("/tasks"))
        .map(|e| e.response_end)
        .max_by(f64::total_cmp)
}

/// Asks V8 for a full collection, so the heap is what the page keeps rather than garbage not
/// yet collected. A browser that refuses only makes the number noisier.
async fn collect_garbage(driver: &WebDriver) {
    let _ = driver
        .cdp()
        .send_raw("HeapProfiler.collectGarbage", serde_json::json!({}))
        .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_list_response() {
        let origins = Origins {
            app: "http://app".to_owned(),
            api_base: "http://api/api".to_owned(),
        };
        let entry = |name: &str, end: f64| Entry {
            name: name.to_owned(),
            entry_type: "resource".to_owned(),
            initiator_type: "fetch".to_owned(),
            start_time: 0.0,
            response_end: end,
            transfer_size: 0.0,
            encoded_body_size: 0.0,
            decoded_body_size: 0.0,
        };
        let entries = [
            entry("http://app/x_bg.wasm", 40.0),
            entry("http://api/api/tasks", 120.0),
            entry("http://api/api/task/3", 300.0),
        ];
        assert_eq!(tasks_response_end(&entries, &origins), Some(120.0));
        assert_eq!(tasks_response_end(&entries[..1], &origins), None);
    }
}
