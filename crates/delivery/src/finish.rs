//! Finishing a built `dist/` for one environment: its `config.json`, and its CSP in `index.html`.

use super::csp::deployment_policy;
use city_tasks_config::config::Config;
use std::path::Path;

/// Marks the tag this module writes, so finishing twice replaces rather than duplicates it.
const CSP_MARKER: &str = "data-city-tasks-csp";

#[derive(Debug, thiserror::Error)]
pub enum FinishError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0} has no <head> to put the Content-Security-Policy in")]
    NoHead(String),
}

/// Writes `dist/config.json` and the deployment's CSP `<meta>` into `dist/index.html`.
pub fn finish_dist(dist: &Path, config: &Config) -> Result<(), FinishError> {
    let config_path = dist.join("config.json");
    let json = serde_json::to_string_pretty(&config.to_json()).unwrap_or_default();
    write(&config_path, &format!("{json}\n"))?;
    let index_path = dist.join("index.html");
    let html = std::fs::read_to_string(&index_path).map_err(|source| io(&index_path, source))?;
    let finished = with_csp_meta(&html, &deployment_policy(config))
        .ok_or_else(|| FinishError::NoHead(index_path.display().to_string()))?;
    write(&index_path, &finished)
}

/// `html` with exactly one CSP meta tag, first in `<head>` so it applies before any script.
pub fn with_csp_meta(html: &str, policy: &str) -> Option<String> {
    let without: String = html
        .lines()
        .filter(|line| !line.contains(CSP_MARKER))
        .map(|line| format!("{line}\n"))
        .collect();
    let head_end = without.find("<head>")? + "<head>".len();
    let tag = format!(
        "\n    <meta http-equiv=\"Content-Security-Policy\" {CSP_MARKER} content=\"{}\" />",
        policy.replace('"', "&quot;")
    );
    let mut out = without;
    out.insert_str(head_end, &tag);
    Some(out)
}

/// Copies the directory `from` (a built `dist/`) to `to`, subdirectories included, so a copy
/// can be finished for one environment without touching the build.
pub fn copy_dir(from: &Path, to: &Path) -> Result<(), FinishError> {
    std::fs::create_dir_all(to).map_err(|source| io(to, source))?;
    for entry in std::fs::read_dir(from).map_err(|source| io(from, source))? {
        let entry = entry.map_err(|source| io(from, source))?;
        let source_path = entry.path();
        let target = to.join(entry.file_name());
        let is_dir = entry
            .file_type()
            .map_err(|source| io(&source_path, source))?
            .is_dir();
        if is_dir {
            copy_dir(&source_path, &target)?;
        } else {
            std::fs::copy(&source_path, &target).map_err(|source| io(&source_path, source))?;
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), FinishError> {
    std::fs::write(path, text).map_err(|source| io(path, source))
}

fn io(path: &Path, source: std::io::Error) -> FinishError {
    FinishError::Io {
        path: path.display().to_string(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str =
        "<!doctype html>\n<html>\n  <head>\n    <title>x</title>\n  </head>\n</html>\n";

    #[test]
    fn inserts_the_policy_first_in_head() {
        let out = with_csp_meta(PAGE, "default-src 'self'").expect("has head");
        let meta = out.find("Content-Security-Policy").expect("inserted");
        assert!(meta < out.find("<title>").expect("title"));
        assert!(out.contains(r#"content="default-src 'self'""#));
    }

    #[test]
    fn finishing_twice_keeps_one_tag() {
        let once = with_csp_meta(PAGE, "a").expect("has head");
        let twice = with_csp_meta(&once, "b").expect("has head");
        assert_eq!(twice.matches(CSP_MARKER).count(), 1);
        assert!(twice.contains(r#"content="b""#));
    }

    #[test]
    fn refuses_a_page_without_head() {
        assert_eq!(with_csp_meta("<html></html>", "a"), None);
    }

    #[test]
    fn copies_a_directory_tree() {
        let from = std::env::temp_dir().join(format!("delivery-copy-from-{}", std::process::id()));
        let to = std::env::temp_dir().join(format!("delivery-copy-to-{}", std::process::id()));
        std::fs::create_dir_all(from.join("snippets/x")).expect("temp dir");
        std::fs::write(from.join("index.html"), "<head></head>").expect("write");
        std::fs::write(from.join("snippets/x/a.js"), "a").expect("write");
        let copied = copy_dir(&from, &to);
        let read = |path: &str| std::fs::read_to_string(to.join(path)).ok();
        let (index, script) = (read("index.html"), read("snippets/x/a.js"));
        let missing = copy_dir(&from.join("nothing"), &to.join("nothing"));
        let _ = (std::fs::remove_dir_all(&from), std::fs::remove_dir_all(&to));
        assert!(copied.is_ok(), "{copied:?}");
        assert_eq!(index.as_deref(), Some("<head></head>"));
        assert_eq!(script.as_deref(), Some("a"));
        assert!(
            matches!(&missing, Err(FinishError::Io { path, .. }) if path.ends_with("nothing")),
            "{missing:?}"
        );
    }
}
