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
