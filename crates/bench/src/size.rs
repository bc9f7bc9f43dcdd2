//! The size budget check CI runs on dist/: the raw `*_bg.wasm`, and the first visit's files
//! compressed with the CDN emulation's own brotli.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::budgets::{
    FIRST_VISIT_BROTLI_CEILING_BYTES, FIRST_VISIT_BROTLI_MAX_BYTES, WASM_RAW_CEILING_BYTES,
    WASM_RAW_MAX_BYTES,
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
    pub wasm: FileSize,
}

impl Sizes {
    pub fn first_visit_brotli(&self) -> u64 {
        self.first_visit.iter().map(|f| f.brotli).sum()
    }

    /// One line per ceiling exceeded (what CI enforces); empty when within them.
    pub fn failures(&self) -> Vec<String> {
        self.over(
            WASM_RAW_CEILING_BYTES,
            FIRST_VISIT_BROTLI_CEILING_BYTES,
            "ceiling",
        )
    }

    /// One line per target missed (the issue's budgets, reported rather than enforced).
    pub fn targets_missed(&self) -> Vec<String> {
        self.over(WASM_RAW_MAX_BYTES, FIRST_VISIT_BROTLI_MAX_BYTES, "target")
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
    let wasm_names: Vec<&String> = names.iter().filter(|n| n.ends_with("_bg.wasm")).collect();
    let [wasm_name] = wasm_names.as_slice() else {
        bail!(
            "expected one *_bg.wasm in {}, found {wasm_names:?}",
            dist.display()
        );
    };
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
    let wasm = match first_visit.iter().find(|f| &f.name == *wasm_name) {
        Some(found) => found.clone(),
        None => size(wasm_name)?,
    };
    Ok(Sizes { first_visit, wasm })
}

/// The files of a first visit: index.html, config.json, and every script, wasm and style sheet
/// index.html names. Icons and the web manifest are left out: browsers fetch them lazily, off
/// the critical path, and PNGs are not compressed anyway.
pub fn first_visit_files(index_html: &str, names: &[String]) -> Vec<String> {
    names
        .iter()
        .filter(|name| {
            let code = [".js", ".wasm", ".css"].iter().any(|e| name.ends_with(e));
            *name == "index.html"
                || *name == "config.json"
                || (code && index_html.contains(&format!("/{name}\"")))
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
        };
        assert!(small.failures().is_empty());
        assert!(small.targets_missed().is_empty());
        let row = format!(
            "| wasm, raw | 200000 bytes | 300000 bytes | pass | {WASM_RAW_CEILING_BYTES} bytes | pass |"
        );
        assert!(small.markdown().contains(&row), "{}", small.markdown());
        let today = Sizes {
            first_visit: vec![file("a_bg.wasm", 824_474, 274_000)],
            wasm: file("a_bg.wasm", 824_474, 274_000),
        };
        assert!(today.failures().is_empty());
        assert_eq!(today.targets_missed().len(), 2);
        let big = Sizes {
            first_visit: vec![file("a_bg.wasm", 900_000, 300_000)],
            wasm: file("a_bg.wasm", 900_000, 300_000),
        };
        let failures = big.failures();
        assert_eq!(failures.len(), 2, "{failures:?}");
        assert!(
            failures[0].contains("900000 bytes raw, over the ceiling"),
            "{failures:?}"
        );
        assert!(failures[1].contains("300000 bytes brotli"), "{failures:?}");
    }
}
