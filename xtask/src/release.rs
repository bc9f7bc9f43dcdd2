//! The release build: `cargo fetch --locked`, then the split build (`crate::split`) or
//! `trunk build --release` into dist/, offline.

use std::path::Path;

use anyhow::{Context, Result};

use crate::Workspace;
use crate::cmd::Cmd;

/// Downloads every crate the lockfile names, so the offline steps after it cannot need the
/// network. `locked` refuses a Cargo.lock that is out of date (CI); `dev` lets it update.
pub fn fetch(ws: &Workspace, locked: bool) -> Result<()> {
    let args: &[&str] = if locked {
        &["fetch", "--locked"]
    } else {
        &["fetch"]
    };
    ws.cargo(args).run()
}

/// Trunk with the environment it needs here: wasm-opt from tools/ first on PATH (Workspace does
/// that) and cargo offline, because Trunk runs `cargo metadata` without `--offline`.
pub fn trunk(ws: &Workspace) -> Cmd {
    ws.cmd("trunk").env("CARGO_NET_OFFLINE", "true")
}

/// The two release builds: the split one (`crate::split`, what CI tests and deploys), or
/// Trunk's single wasm (`cargo xtask build --unsplit`, to compare or to bisect a split bug).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Build {
    Unsplit,
    Split,
}

impl Build {
    pub fn run(self, ws: &Workspace) -> Result<()> {
        match self {
            Build::Unsplit => trunk_build(ws),
            Build::Split => crate::split::build(ws),
        }
    }
}

fn trunk_build(ws: &Workspace) -> Result<()> {
    trunk(ws).args(["build", "--release"]).run()?;
    report_sizes(&ws.dist())
}

/// Prints the size of each .wasm and .js file in dist/, the numbers worth watching per change.
pub fn report_sizes(dist: &Path) -> Result<()> {
    let mut files: Vec<(String, u64)> = std::fs::read_dir(dist)
        .with_context(|| format!("trunk finished but {} is unreadable", dist.display()))?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let wanted = name.ends_with(".wasm") || name.ends_with(".js");
            let size = entry.metadata().ok().filter(|m| m.is_file())?.len();
            wanted.then_some((name, size))
        })
        .collect();
    files.sort();
    println!("dist/ sizes (uncompressed):");
    for (name, size) in &files {
        println!("  {:>9}  {name}", kib(*size));
    }
    if files.is_empty() {
        println!("  (no .wasm or .js files)");
    }
    Ok(())
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::kib;

    #[test]
    fn sizes_in_kib() {
        assert_eq!(kib(288_768), "282.0 KiB");
        assert_eq!(kib(0), "0.0 KiB");
    }
}
