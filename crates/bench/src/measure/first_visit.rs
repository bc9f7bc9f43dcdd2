//! The first visit, signed out, with an empty cache: `/home` until the Login button is usable,
//! and every byte the page fetched for it, by file type; apart from those, what it fetched
//! after the Login was usable (City Tasks prefetches the app for the callback then).

use std::collections::BTreeMap;

use anyhow::{Context, Result, anyhow};
use e2e::hooks::origin_of;
use serde::{Deserialize, Serialize};
use thirtyfour::prelude::*;

use super::{LOGIN, wait_painted, wait_quiet};
use crate::classify::{ByteKind, byte_kind};
use crate::probe::Entry;

/// Bytes of one file type, summed over its requests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Bytes {
    pub requests: usize,
    /// On the wire: compressed bodies plus headers.
    pub transferred: f64,
    /// Bodies as sent (compressed).
    pub encoded: f64,
    /// Bodies after decompression.
    pub decoded: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirstVisit {
    /// Navigation start to the Login button in the DOM, visible and enabled.
    pub cold_load_ms: f64,
    /// Navigation start to the end of the frame that first showed it.
    pub login_painted_ms: f64,
    /// What was requested until the Login was usable: nothing fetched later can have been
    /// needed for it.
    pub by_kind: BTreeMap<ByteKind, Bytes>,
    pub total: Bytes,
    /// Requested after the Login was usable, until the network was quiet: prefetches for the
    /// next page.
    #[serde(default)]
    pub after_login: Bytes,
    /// Cross-origin requests (OIDC discovery, JWKS): counted, but their sizes read as 0 because
    /// those servers send no `Timing-Allow-Origin` (neither does Cognito).
    pub sizes_hidden: Vec<String>,
    pub entries: Vec<Entry>,
}

pub async fn measure(driver: &WebDriver, home_url: &str) -> Result<FirstVisit> {
    driver
        .goto(home_url)
        .await
        .with_context(|| format!("opening {home_url}"))?;
    let shown = wait_painted(driver, LOGIN, None).await?;
    let quiet = wait_quiet(driver).await?;
    let cold_load_ms = *shown
        .seen
        .get(LOGIN)
        .ok_or_else(|| anyhow!("the probe painted {LOGIN} without seeing it"))?;
    let login_painted_ms = shown.painted.get(LOGIN).copied().unwrap_or(f64::NAN);
    let (before, after): (Vec<&Entry>, Vec<&Entry>) = quiet
        .entries
        .iter()
        .partition(|e| e.start_time <= cold_load_ms);
    let (by_kind, total) = tally(before);
    let (_, after_login) = tally(after);
    let app = origin_of(home_url)?;
    let sizes_hidden = quiet
        .entries
        .iter()
        .filter(|e| origin_of(&e.name).is_ok_and(|origin| origin != app))
        .map(|e| e.name.clone())
        .collect();
    Ok(FirstVisit {
        cold_load_ms,
        login_painted_ms,
        by_kind,
        total,
        after_login,
        sizes_hidden,
        entries: quiet.entries,
    })
}

/// Sums the entries by file type, and over all.
pub fn tally<'e>(
    entries: impl IntoIterator<Item = &'e Entry>,
) -> (BTreeMap<ByteKind, Bytes>, Bytes) {
    let mut by_kind: BTreeMap<ByteKind, Bytes> = BTreeMap::new();
    let mut total = Bytes::default();
    for entry in entries {
        let kind = byte_kind(&entry.name, entry.is_navigation());
        for sum in [by_kind.entry(kind).or_default(), &mut total] {
            sum.requests += 1;
            sum.transferred += entry.transfer_size;
            sum.encoded += entry.encoded_body_size;
            sum.decoded += entry.decoded_body_size;
        }
    }
    (by_kind, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, entry_type: &str, transfer: f64, decoded: f64) -> Entry {
        Entry {
            name: name.to_owned(),
            entry_type: entry_type.to_owned(),
            initiator_type: String::new(),
            start_time: 0.0,
            response_end: 1.0,
            transfer_size: transfer,
            encoded_body_size: transfer - 300.0,
            decoded_body_size: decoded,
        }
    }

    #[test]
    fn tallies_by_type_and_in_total() {
        let entries = [
            entry("http://a/home", "navigation", 1000.0, 2000.0),
            entry("http://a/x_bg.wasm", "resource", 300_300.0, 900_000.0),
            entry("http://a/x.js", "resource", 10_300.0, 60_000.0),
            entry("http://a/boot.js", "resource", 600.0, 400.0),
        ];
        let (by_kind, total) = tally(&entries);
        assert_eq!(by_kind[&ByteKind::Js].requests, 2);
        assert_eq!(by_kind[&ByteKind::Js].transferred, 10_900.0);
        assert_eq!(by_kind[&ByteKind::Html].decoded, 2000.0);
        assert_eq!(by_kind[&ByteKind::Wasm].encoded, 300_000.0);
        assert!(!by_kind.contains_key(&ByteKind::Css));
        assert_eq!(total.requests, 4);
        assert_eq!(total.transferred, 312_200.0);
    }
}
