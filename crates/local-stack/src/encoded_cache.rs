//! The CDN emulation's compressed copies: each file is compressed once per content and encoding
//! (as a CDN edge caches them), so brotli's slow best quality never shows up in page timings.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;

use crate::compress::{self, Encoding};

/// Compressed bodies keyed by file and encoding, each with the bytes it was made from: a file
/// rewritten after the server started (config.json, the CSP in index.html) is compressed anew.
#[derive(Default)]
pub(crate) struct EncodedCache {
    entries: Mutex<HashMap<(PathBuf, Encoding), Entry>>,
}

#[derive(Clone)]
struct Entry {
    original: Bytes,
    /// `None` when the encoding would not make the body smaller.
    encoded: Option<Bytes>,
}

impl EncodedCache {
    /// `original` (the current content of `relative`) in `encoding`, from the cache when the
    /// content is unchanged; `None` when it is best sent as it is (identity requested, or the
    /// encoding does not make it smaller).
    pub(crate) async fn encoded(
        self: &Arc<Self>,
        relative: &Path,
        original: Bytes,
        encoding: Encoding,
    ) -> Option<Bytes> {
        if encoding == Encoding::Identity {
            return None;
        }
        let key = (relative.to_path_buf(), encoding);
        if let Some(entry) = self.lock().get(&key).filter(|e| e.original == original) {
            return entry.encoded.clone();
        }
        let source = original.clone();
        let encoded = tokio::task::spawn_blocking(move || compress::encode(&source, encoding))
            .await
            .ok()
            // A panicking compressor must not take the page down: serve it uncompressed.
            .filter(|encoded| encoded.len() < original.len())
            .map(Bytes::from);
        self.lock().insert(
            key,
            Entry {
                original,
                encoded: encoded.clone(),
            },
        );
        encoded
    }

    /// Compresses every compressible file under `dir` in both encodings now, so the first
    /// request for each is as fast as the later ones.
    pub(crate) async fn fill(self: &Arc<Self>, dir: &Path) -> anyhow::Result<()> {
        for relative in files_under(dir, Path::new(""))? {
            if !compress::is_compressible(&relative) {
                continue;
            }
            let bytes = Bytes::from(tokio::fs::read(dir.join(&relative)).await?);
            for encoding in [Encoding::Brotli, Encoding::Gzip] {
                self.encoded(&relative, bytes.clone(), encoding).await;
            }
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(PathBuf, Encoding), Entry>> {
        // The map holds finished entries only, so a panic elsewhere leaves it consistent.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether `relative` has a compressed body cached, e.g. to check `fill` ran.
    #[cfg(test)]
    fn holds(&self, relative: &Path, encoding: Encoding) -> bool {
        self.lock()
            .contains_key(&(relative.to_path_buf(), encoding))
    }
}

/// Paths of the files under `dir`, relative to the site root.
fn files_under(dir: &Path, prefix: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir.join(prefix))? {
        let entry = entry?;
        let relative = prefix.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            files.extend(files_under(dir, &relative)?);
        } else {
            files.push(relative);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn compresses_once_per_content() {
        let cache = Arc::new(EncodedCache::default());
        let text = Bytes::from("hello hello hello hello hello hello hello".repeat(20));
        let path = Path::new("index.html");
        let first = cache.encoded(path, text.clone(), Encoding::Brotli).await;
        assert!(first.as_ref().is_some_and(|b| b.len() < text.len()));
        let again = cache.encoded(path, text.clone(), Encoding::Brotli).await;
        assert_eq!(first, again);
        let changed = Bytes::from("changed ".repeat(100));
        let other = cache.encoded(path, changed, Encoding::Brotli).await;
        assert!(other.is_some() && other != first);
        assert_eq!(cache.encoded(path, text, Encoding::Identity).await, None);
    }

    #[tokio::test]
    async fn incompressible_bodies_are_served_as_they_are() {
        let cache = Arc::new(EncodedCache::default());
        let tiny = Bytes::from_static(b"{}");
        let out = cache
            .encoded(Path::new("config.json"), tiny, Encoding::Gzip)
            .await;
        assert_eq!(out, None);
    }

    #[tokio::test]
    async fn fill_compresses_the_compressible_files() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir(dir.path().join("sub"))?;
        std::fs::write(dir.path().join("sub/app.js"), "let a = 1;\n".repeat(100))?;
        std::fs::write(dir.path().join("icon.png"), [0_u8; 64])?;
        let cache = Arc::new(EncodedCache::default());
        cache.fill(dir.path()).await?;
        assert!(cache.holds(Path::new("sub/app.js"), Encoding::Brotli));
        assert!(cache.holds(Path::new("sub/app.js"), Encoding::Gzip));
        assert!(!cache.holds(Path::new("icon.png"), Encoding::Brotli));
        Ok(())
    }
}
