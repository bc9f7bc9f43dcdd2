//! Finds the built app (Trunk's `dist/`) that the static host serves.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// Environment variable naming the built app directory.
pub const DIST_ENV: &str = "CITY_TASKS_DIST";

/// The built app: `$CITY_TASKS_DIST`, else `<workspace>/dist`. Fails, never skips, when it is
/// missing: a journey that silently passes without an app proves nothing.
pub fn locate() -> Result<PathBuf> {
    let dir = match std::env::var_os(DIST_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        // crates/e2e -> the workspace root.
        _ => Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .unwrap_or(Path::new("."))
            .join("dist"),
    };
    let index = dir.join("index.html");
    if !index.is_file() {
        bail!(
            "the built app is missing: {} does not exist. Run `cargo xtask test` (it builds the app \
             with Trunk and then runs these tests), or point {DIST_ENV} at a built dist directory.",
            index.display()
        );
    }
    // Canonical paths make the static host's error messages unambiguous.
    Ok(dir.canonicalize().unwrap_or(dir))
}

/// The one file in `dir` named `<prefix><hash><suffix>` (a chunk, the main module): what a
/// test deletes to play a deploy that removed it. Fails on a build without exactly one, such
/// as the unsplit build for a chunk.
pub fn only_file(dir: &Path, prefix: &str, suffix: &str) -> Result<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(suffix))
        })
        .collect();
    match found.len() {
        1 => Ok(found.remove(0)),
        n => bail!(
            "{} has {n} files named {prefix}*{suffix}, expected one: is it the split build \
             (`cargo xtask build`, not `--unsplit`)?",
            dir.display()
        ),
    }
}
