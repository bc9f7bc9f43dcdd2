//! The size budget check CI runs on dist/: the app's raw main module, the first visit's files
//! compressed with the CDN emulation's own brotli, and in the split build each chunk and what
//! each split point (a task page) fetches on first use.
//!
//! The first visit is the signed-out landing page: in the split build the sign-in starter shows
//! it, and the app's glue, loader and main module are prefetched afterwards for the callback
//! (`public/boot.js`); they are reported as `app_start`, apart from the first visit.

use std::path::Path;

use anyhow::{Context, Result, bail};
use city_tasks_delivery::SPLIT_MANIFEST;
use serde::{Deserialize, Serialize};

use crate::budgets::{
    ALL_WASM_RAW_MAX_BYTES, CHUNK_RAW_CEILING_BYTES, FIRST_VISIT_BROTLI_CEILING_BYTES,
    FIRST_VISIT_BROTLI_MAX_BYTES, WASM_RAW_CEILING_BYTES, WASM_RAW_MAX_BYTES,
};
use crate::report::format::bytes;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSize {
    pub name: String,
    pub raw: u64,
    pub brotli: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sizes {
    /// The files a first visit needs, in name order.
    pub first_visit: Vec<FileSize>,
    /// The main module (the only wasm of the unsplit build).
    pub wasm: FileSize,
    /// What starting the app fetches where the starter does not show the page (and the landing
    /// page prefetches): its glue, the chunk loader and the main module. Empty when the app
    /// starts on the landing page (no starter), whose first visit already holds them.
    #[serde(default)]
    pub app_start: Vec<FileSize>,
    /// The split build's other wasm files (`split_*`, `chunk_*`), in name order; empty unsplit.
    #[serde(default)]
    pub chunks: Vec<FileSize>,
    /// What each split point fetches when first needed, from the loader; empty unsplit.
    #[serde(default)]
    pub routes: Vec<RouteSize>,
}

/// One split point (a task page's chunk) and the files its first use fetches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteSize {
    pub split: String,
    pub files: Vec<String>,
    pub raw: u64,
    pub brotli: u64,
}

impl Sizes {
    pub fn first_visit_brotli(&self) -> u64 {
        self.first_visit.iter().map(|f| f.brotli).sum()
    }

    /// Every wasm byte of the split app, main and chunks: what the split may grow by at most
    /// 10%. The sign-in starter's wasm is not in it (it is in the first visit).
    pub fn all_wasm_raw(&self) -> u64 {
        self.wasm.raw + self.chunks.iter().map(|c| c.raw).sum::<u64>()
    }

    /// One line per ceiling exceeded (what CI enforces); empty when within them.
    pub fn failures(&self) -> Vec<String> {
        let mut failures = self.over(
            WASM_RAW_CEILING_BYTES,
            FIRST_VISIT_BROTLI_CEILING_BYTES,
            "ceiling",
        );
        for chunk in self
            .chunks
            .iter()
            .filter(|c| c.raw > CHUNK_RAW_CEILING_BYTES)
        {
            failures.push(format!(
                "{} is {} bytes raw, over the ceiling of {CHUNK_RAW_CEILING_BYTES} bytes per chunk",
                chunk.name, chunk.raw
            ));
        }
        failures
    }

    /// One line per target missed (the issue's budgets, reported rather than enforced).
    pub fn targets_missed(&self) -> Vec<String> {
        let mut missed = self.over(WASM_RAW_MAX_BYTES, FIRST_VISIT_BROTLI_MAX_BYTES, "target");
        let all = self.all_wasm_raw();
        if all > ALL_WASM_RAW_MAX_BYTES {
            missed.push(format!(
                "all wasm together is {all} bytes raw, over the target of \
                 {ALL_WASM_RAW_MAX_BYTES} bytes (the unsplit wasm plus 10%)"
            ));
        }
        missed
    }

    fn over(&self, wasm_limit: u64, first_visit_limit: u64, kind: &str) -> Vec<String> {
        let mut failures = Vec::new();
        if self.wasm.raw > wasm_limit {
            failures.push(format!(
                "{} is {} bytes raw, over the {kind} of {wasm_limit} bytes",
                self.wasm.name, self.wasm.raw
            ));
        }
        let total = self.first_visit_brotli();
        if total > first_visit_limit {
            failures.push(format!(
                "the first visit is {total} bytes brotli ({}), over the {kind} of \
                 {first_visit_limit} bytes ({})",
                bytes(total as f64),
                bytes(first_visit_limit as f64)
            ));
        }
        failures
    }

    /// A Markdown table of the files and the two budgets.
    pub fn markdown(&self) -> String {
        let mut out = String::from("| file | raw | brotli |\n|---|--:|--:|\n");
        for file in &self.first_visit {
            out += &format!(
                "| {} | {} | {} |\n",
                file.name,
                bytes(file.raw as f64),
                bytes(file.brotli as f64)
            );
        }
        if !self.app_start.is_empty() {
            out += "\n| the app's start: prefetched on the landing page, fetched on any other | raw | brotli |\n|---|--:|--:|\n";
            for file in &self.app_start {
                out += &format!(
                    "| {} | {} | {} |\n",
                    file.name,
                    bytes(file.raw as f64),
                    bytes(file.brotli as f64)
                );
            }
            out += &format!(
                "| together | | {} |\n",
                bytes(self.app_start.iter().map(|f| f.brotli).sum::<u64>() as f64)
            );
        }
        let verdict = |ok: bool| if ok { "pass" } else { "**FAIL**" };
        let (wasm, first_visit) = (self.wasm.raw, self.first_visit_brotli());
        out += &format!(
            "\n| budget | size | target | verdict | CI ceiling | verdict |\n\
             |---|--:|--:|---|--:|---|\n\
             | wasm, raw | {wasm} bytes | {WASM_RAW_MAX_BYTES} bytes | {} | \
             {WASM_RAW_CEILING_BYTES} bytes | {} |\n\
             | first visit, brotli | {first_visit} bytes | {FIRST_VISIT_BROTLI_MAX_BYTES} bytes \
             | {} | {FIRST_VISIT_BROTLI_CEILING_BYTES} bytes | {} |\n",
            verdict(wasm <= WASM_RAW_MAX_BYTES),
            verdict(wasm <= WASM_RAW_CEILING_BYTES),
            verdict(first_visit <= FIRST_VISIT_BROTLI_MAX_BYTES),
            verdict(first_visit <= FIRST_VISIT_BROTLI_CEILING_BYTES),
        );
        if self.chunks.is_empty() {
            return out;
        }
        out += "\n| chunk | raw | brotli | CI ceiling (raw) | verdict |\n|---|--:|--:|--:|---|\n";
        for chunk in &self.chunks {
            out += &format!(
                "| {} | {} | {} | {CHUNK_RAW_CEILING_BYTES} bytes | {} |\n",
                chunk.name,
                bytes(chunk.raw as f64),
                bytes(chunk.brotli as f64),
                verdict(chunk.raw <= CHUNK_RAW_CEILING_BYTES),
            );
        }
        let all = self.all_wasm_raw();
        out += &format!(
            "| all wasm, main included | {all} bytes | | target {ALL_WASM_RAW_MAX_BYTES} bytes | {} |\n",
            verdict(all <= ALL_WASM_RAW_MAX_BYTES)
        );
        out += "\n| split point: fetched when first needed | files | raw | brotli |\n|---|---|--:|--:|\n";
        for route in &self.routes {
            out += &format!(
                "| {} | {} | {} | {} |\n",
                route.split,
                route.files.join(", "),
                bytes(route.raw as f64),
                bytes(route.brotli as f64)
            );
        }
        out
    }
}

/// Measures a built (or delivered) dist/ directory.
pub fn measure(dist: &Path) -> Result<Sizes> {
    let index = std::fs::read_to_string(dist.join("index.html"))
        .with_context(|| format!("reading {}/index.html: build the app first", dist.display()))?;
    let mut names: Vec<String> = std::fs::read_dir(dist)
        .with_context(|| format!("reading {}", dist.display()))?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let wasm_name = &match boot_file(&index, "data-wasm") {
        Some(named) => named,
        None => bail!(
            "{}/index.html names no main module (data-wasm): not a City Tasks build",
            dist.display()
        ),
    };
    let starter_wasm = boot_file(&index, "data-starter-wasm");
    let size = |name: &str| -> Result<FileSize> {
        let content = std::fs::read(dist.join(name)).with_context(|| format!("reading {name}"))?;
        Ok(FileSize {
            name: name.to_owned(),
            raw: content.len() as u64,
            brotli: local_stack::compress::brotli(&content).len() as u64,
        })
    };
    let first_visit = first_visit_files(&index, &names)
        .iter()
        .map(|name| size(name))
        .collect::<Result<Vec<_>>>()?;
    let wasm = size(wasm_name)?;
    let app_start = if starter_wasm.is_some() {
        ["data-glue", "data-loader", "data-wasm"]
            .iter()
            .filter_map(|attribute| boot_file(&index, attribute))
            .map(|name| size(&name))
            .collect::<Result<Vec<_>>>()?
    } else {
        Vec::new()
    };
    let chunks = names
        .iter()
        .filter(|n| n.ends_with(".wasm") && *n != wasm_name && Some(*n) != starter_wasm.as_ref())
        .map(|name| size(name))
        .collect::<Result<Vec<_>>>()?;
    let mut routes = Vec::new();
    if !chunks.is_empty() {
        let manifest = std::fs::read_to_string(dist.join(SPLIT_MANIFEST)).with_context(|| {
            format!(
                "the split build's {SPLIT_MANIFEST} is missing from {}",
                dist.display()
            )
        })?;
        for (split, files) in split_manifest(&manifest)? {
            let mut route = RouteSize {
                split,
                files,
                raw: 0,
                brotli: 0,
            };
            for file in &route.files {
                let chunk = chunks.iter().find(|c| &c.name == file).with_context(|| {
                    format!("{SPLIT_MANIFEST} names {file}, which is not in dist/")
                })?;
                route.raw += chunk.raw;
                route.brotli += chunk.brotli;
            }
            routes.push(route);
        }
    }
    routes.sort_by(|a, b| a.split.cmp(&b.split));
    Ok(Sizes {
        first_visit,
        wasm,
        app_start,
        chunks,
        routes,
    })
}

/// Reads the split build's manifest ([`SPLIT_MANIFEST`], written by `cargo xtask build`): `{"task_list": ["chunk_5-….wasm", …], …}`.
pub fn split_manifest(json: &str) -> Result<Vec<(String, Vec<String>)>> {
    let manifest: std::collections::BTreeMap<String, Vec<String>> =
        serde_json::from_str(json).with_context(|| format!("reading {SPLIT_MANIFEST}"))?;
    Ok(manifest
        .into_iter()
        .map(|(split, mut files)| {
            files.sort();
            (split, files)
        })
        .collect())
}

/// The file the boot tag's `attribute` (`data-wasm`) names, without its leading `/`.
pub fn boot_file(index_html: &str, attribute: &str) -> Option<String> {
    let value = index_html.split(&format!(" {attribute}=\"")).nth(1)?;
    let name = value.split('"').next()?.trim_start_matches('/');
    (!name.is_empty()).then(|| name.to_owned())
}

/// The files of a first visit: index.html, config.json, and every script, wasm and style sheet
/// index.html loads or hints (`src`, `href`). The boot tag's app files count only without a
/// sign-in starter (then the app shows the landing page); with one, they are `app_start`.
/// Icons and the web manifest are left out: browsers fetch them lazily, off the critical path,
/// and PNGs are not compressed anyway.
pub fn first_visit_files(index_html: &str, names: &[String]) -> Vec<String> {
    let app_starts_here = boot_file(index_html, "data-starter-wasm").is_none();
    let app_files: Vec<String> = ["data-glue", "data-loader", "data-wasm"]
        .iter()
        .filter_map(|attribute| boot_file(index_html, attribute))
        .collect();
    names
        .iter()
        .filter(|name| {
            let code = [".js", ".wasm", ".css"].iter().any(|e| name.ends_with(e));
            let linked = ["src", "href"]
                .iter()
                .any(|attribute| index_html.contains(&format!("{attribute}=\"/{name}\"")));
            *name == "index.html"
                || *name == "config.json"
                || (code && (linked || (app_starts_here && app_files.contains(name))))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_visit_is_the_page_its_code_and_config() {
        let index = r#"<link rel="icon" href="/icon.svg"><link rel="stylesheet" href="/main-1.css"/>
            <script type="module" src="/boot.js" data-glue="/app-1.js" data-wasm="/app-1_bg.wasm">"#;
        let names: Vec<String> = [
            "app-1.js",
            "app-1_bg.wasm",
            "boot.js",
            "config.json",
            "icon.svg",
            "index.html",
            "main-1.css",
            "old-0.js",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            first_visit_files(index, &names),
            [
                "app-1.js",
                "app-1_bg.wasm",
                "boot.js",
                "config.json",
                "index.html",
                "main-1.css"
            ]
        );
    }

    #[test]
    fn with_a_sign_in_starter_the_first_visit_is_the_starter_and_the_app_starts_apart() {
        let index = r#"<link rel="stylesheet" href="/main-1.css"/>
            <script type="module" src="/boot.js" data-glue="/app-1.js" data-glue-integrity="x"
             data-loader="/app-split-1.js" data-wasm="/app-1_bg.wasm"
             data-starter-glue="/s-2.js" data-starter-wasm="/s-2_bg.wasm"></script>
            <link rel="modulepreload" href="/s-2.js"><link rel="preload" href="/s-2_bg.wasm">"#;
        let names: Vec<String> = [
            "app-1.js",
            "app-1_bg.wasm",
            "app-split-1.js",
            "boot.js",
            "config.json",
            "index.html",
            "main-1.css",
            "s-2.js",
            "s-2_bg.wasm",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            first_visit_files(index, &names),
            [
                "boot.js",
                "config.json",
                "index.html",
                "main-1.css",
                "s-2.js",
                "s-2_bg.wasm"
            ]
        );
        assert_eq!(
            boot_file(index, "data-wasm").as_deref(),
            Some("app-1_bg.wasm")
        );
        assert_eq!(
            boot_file(index, "data-loader").as_deref(),
            Some("app-split-1.js")
        );
        assert_eq!(
            boot_file(index, "data-starter-wasm").as_deref(),
            Some("s-2_bg.wasm")
        );
        assert_eq!(boot_file(index, "data-nothing"), None);
    }

    #[test]
    fn budgets_fail_with_the_numbers() {
        let file = |name: &str, raw: u64, brotli: u64| FileSize {
            name: name.to_owned(),
            raw,
            brotli,
        };
        let small = Sizes {
            first_visit: vec![
                file("a_bg.wasm", 200_000, 60_000),
                file("index.html", 900, 400),
            ],
            wasm: file("a_bg.wasm", 200_000, 60_000),
            app_start: vec![],
            chunks: vec![],
            routes: vec![],
        };
        assert!(small.failures().is_empty());
        assert!(small.targets_missed().is_empty());
        let row = format!(
            "| wasm, raw | 200000 bytes | 300000 bytes | pass | {WASM_RAW_CEILING_BYTES} bytes | pass |"
        );
        assert!(small.markdown().contains(&row), "{}", small.markdown());
        // Today's shape: the starter on the first visit, the main module over its target.
        let today = Sizes {
            first_visit: vec![
                file("s_bg.wasm", 172_000, 64_000),
                file("index.html", 3_500, 1_200),
            ],
            wasm: file("a_bg.wasm", 604_000, 190_000),
            app_start: vec![file("a_bg.wasm", 604_000, 190_000)],
            chunks: vec![file("split_a-1.wasm", 90_000, 30_000)],
            routes: vec![],
        };
        assert!(today.failures().is_empty());
        assert_eq!(
            today.targets_missed().len(),
            1,
            "{:?}",
            today.targets_missed()
        );
        assert!(
            today.markdown().contains("| together | | 185.5 KiB |"),
            "{}",
            today.markdown()
        );
        let big = Sizes {
            first_visit: vec![file("a_bg.wasm", 900_000, 300_000)],
            wasm: file("a_bg.wasm", 900_000, 300_000),
            app_start: vec![],
            chunks: vec![file("split_a-1.wasm", CHUNK_RAW_CEILING_BYTES + 1, 60_000)],
            routes: vec![],
        };
        let failures = big.failures();
        assert_eq!(failures.len(), 3, "{failures:?}");
        assert!(failures[2].contains("split_a-1.wasm"), "{failures:?}");
        assert!(
            big.targets_missed()
                .iter()
                .any(|m| m.contains("all wasm together")),
            "{:?}",
            big.targets_missed()
        );
        assert!(
            failures[0].contains("900000 bytes raw, over the ceiling"),
            "{failures:?}"
        );
        assert!(failures[1].contains("300000 bytes brotli"), "{failures:?}");
    }

    #[test]
    fn reads_what_each_split_point_fetches_from_the_manifest() {
        let manifest = r#"{"task_list": ["split_task_list-3.wasm", "chunk_5-1.wasm"],
                           "task_form": ["chunk_5-1.wasm"]}"#;
        assert_eq!(
            split_manifest(manifest).unwrap(),
            [
                ("task_form".to_string(), vec!["chunk_5-1.wasm".to_string()]),
                (
                    "task_list".to_string(),
                    vec![
                        "chunk_5-1.wasm".to_string(),
                        "split_task_list-3.wasm".to_string()
                    ]
                ),
            ]
        );
        assert!(split_manifest("[1]").is_err());
    }
}
