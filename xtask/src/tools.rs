//! The pinned build tools (wasm target, Trunk, wasm-bindgen-cli, wasm-opt), axe-core for the
//! e2e accessibility checks, and the browser: each is checked first and installed only when
//! missing or at the wrong version.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::Workspace;
use crate::cmd::timed;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// trunk 0.22 needs a newer rustc than 1.95 (see TOOLCHAIN.md).
pub const TRUNK_VERSION: &str = "0.21.14";
/// Must equal `[tools] wasm_opt` in Trunk.toml (`version_132`); `tools/package.json` pins it.
pub const WASM_OPT_VERSION: &str = "132";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const APT_HINT: &str = "apt-get update && apt-get install -y chromium chromium-driver";

/// What to do about a missing Chromium or chromedriver.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Browser {
    /// Tests need it: fail.
    Require,
    /// Only some workflows need it: say so and carry on.
    Warn,
    /// Not relevant (a release build).
    Skip,
}

pub fn setup(ws: &Workspace, browser: Browser) -> Result<()> {
    let (result, _) = timed("setup: pinned tools", || {
        ensure_wasm_target(ws)?;
        ensure_trunk(ws)?;
        ensure_wasm_bindgen(ws)?;
        ensure_node_tools(ws)?;
        check_browser(browser)
    });
    result
}

fn ensure_wasm_target(ws: &Workspace) -> Result<()> {
    let sysroot = ws
        .cmd("rustc")
        .args(["--print", "sysroot"])
        .probe()
        .context("`rustc --print sysroot` failed: is Rust installed?")?;
    let target_lib = Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(WASM_TARGET);
    if target_lib.is_dir() {
        println!("{WASM_TARGET}: installed");
        return Ok(());
    }
    ws.cmd("rustup")
        .args(["target", "add", WASM_TARGET])
        .run()
        .context("could not add the wasm target (needs rustup)")
}

fn ensure_trunk(ws: &Workspace) -> Result<()> {
    ensure_cargo_tool(
        ws,
        "trunk",
        TRUNK_VERSION,
        &[
            "install",
            "trunk",
            "--version",
            TRUNK_VERSION,
            "--locked",
            "--no-default-features",
        ],
    )
}

fn ensure_wasm_bindgen(ws: &Workspace) -> Result<()> {
    let lock_path = ws.root.join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path)
        .with_context(|| format!("could not read {}", lock_path.display()))?;
    let version = locked_version(&lock, "wasm-bindgen")?;
    // Not `--locked`: the crate's own lockfile names a webpki-roots release the registry lacks.
    ensure_cargo_tool(
        ws,
        "wasm-bindgen",
        &version,
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            &version,
            "--no-default-features",
        ],
    )?;
    // Same package, so the same version; checked because the test runner is what CI uses.
    match tool_version(ws, "wasm-bindgen-test-runner") {
        Some(v) if v == version => {
            println!("wasm-bindgen-test-runner {v}: ok");
            Ok(())
        }
        found => bail!(
            "wasm-bindgen-test-runner is {} but wasm-bindgen-cli {version} should provide it; \
             reinstall with `cargo install wasm-bindgen-cli --version {version} \
             --no-default-features --force`",
            found.as_deref().unwrap_or("missing")
        ),
    }
}

/// Checks `tool --version`; on a mismatch runs `cargo <install_args>` and checks again.
fn ensure_cargo_tool(ws: &Workspace, tool: &str, want: &str, install_args: &[&str]) -> Result<()> {
    match tool_version(ws, tool) {
        Some(found) if found == want => {
            println!("{tool} {found}: ok ({})", located(ws, tool));
            return Ok(());
        }
        Some(found) => println!(
            "{tool}: found {found} at {}, need {want}",
            located(ws, tool)
        ),
        None => println!("{tool}: not found, need {want}"),
    }
    let (result, _) = timed(&format!("install {tool} {want}"), || {
        ws.cargo(install_args).run()
    });
    result?;
    match tool_version(ws, tool) {
        Some(found) if found == want => {
            println!("{tool} {found}: ok ({})", located(ws, tool));
            Ok(())
        }
        found => bail!(
            "installed {tool} {want}, but `{tool}` on PATH is {} at {}: remove it or put {} \
             first on PATH",
            found.as_deref().unwrap_or("unusable"),
            located(ws, tool),
            ws.cargo_bin
                .as_deref()
                .map_or("cargo's bin directory".into(), |p| p.display().to_string()),
        ),
    }
}

/// wasm-opt, terser and axe-core, all from `npm ci` in tools/: one install serves them, so it
/// runs when any is missing or at another version than tools/package.json pins.
fn ensure_node_tools(ws: &Workspace) -> Result<()> {
    let tools = ws.root.join("tools");
    let wasm_opt = ws.tools_bin.join("wasm-opt");
    let wanted: Vec<(&str, String)> = NPM_PACKAGES
        .iter()
        .map(|package| Ok((*package, pinned_npm_version(&tools, package)?)))
        .collect::<Result<_>>()?;
    // What is not as pinned, as `name found (need wanted)`; empty when all is well.
    let mismatches = |ws: &Workspace| {
        let mut wrong = Vec::new();
        let found = wasm_opt_version(ws, &wasm_opt);
        if found.as_deref() != Some(WASM_OPT_VERSION) {
            wrong.push(format!(
                "wasm-opt {} (need {WASM_OPT_VERSION})",
                found.as_deref().unwrap_or("missing")
            ));
        }
        for (package, version) in &wanted {
            let found = installed_npm_version(&tools, package);
            if found.as_deref() != Some(version.as_str()) {
                wrong.push(format!(
                    "{package} {} (need {version})",
                    found.as_deref().unwrap_or("missing")
                ));
            }
        }
        wrong
    };
    let report_ok = || {
        println!("wasm-opt {WASM_OPT_VERSION}: ok ({})", wasm_opt.display());
        for (package, version) in &wanted {
            println!("{package} {version}: ok (tools/node_modules/{package})");
        }
    };
    let wrong = mismatches(ws);
    if wrong.is_empty() {
        report_ok();
        return Ok(());
    }
    println!("tools/node_modules: {}", wrong.join(", "));
    if ws.which("npm").is_none() {
        bail!(
            "npm not found: install Node.js 20 with npm, then rerun (it installs wasm-opt, \
             terser and {AXE_CORE})"
        );
    }
    ws.cmd("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&tools)
        .run()?;
    let wrong = mismatches(ws);
    if !wrong.is_empty() {
        bail!(
            "after `npm ci` in tools/: {}; check tools/package.json and tools/package-lock.json",
            wrong.join(", ")
        );
    }
    report_ok();
    Ok(())
}

/// The npm packages tools/package.json pins besides binaryen (checked through its wasm-opt).
const NPM_PACKAGES: [&str; 2] = [AXE_CORE, TERSER];

/// The minifier of the wasm-bindgen glue and the chunk loader (`split.rs`).
pub const TERSER: &str = "terser";

/// The npm package whose `axe.min.js` the e2e tests evaluate in each page.
const AXE_CORE: &str = "axe-core";

/// The exact version tools/package.json asks for (`"axe-core": "4.14.1"`).
pub fn pinned_npm_version(tools: &Path, package: &str) -> Result<String> {
    let path = tools.join("package.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("could not read {}", path.display()))?;
    json_string_field(&text, package)
        .with_context(|| format!("{} does not pin {package}", path.display()))
}

/// The version npm installed, from the package's own package.json; `None` when absent.
fn installed_npm_version(tools: &Path, package: &str) -> Option<String> {
    let path = tools
        .join("node_modules")
        .join(package)
        .join("package.json");
    json_string_field(&std::fs::read_to_string(path).ok()?, "version")
}

/// The first `"key": "value"` string in a JSON text. Enough for package.json files, and it
/// keeps serde_json out of the task runner's short dependency list.
fn json_string_field(text: &str, key: &str) -> Option<String> {
    let quoted = format!("\"{key}\"");
    let after_key = &text[text.find(&quoted)? + quoted.len()..];
    let value = after_key.trim_start().strip_prefix(':')?.trim_start();
    let value = value.strip_prefix('"')?;
    value.find('"').map(|end| value[..end].to_owned())
}

fn check_browser(browser: Browser) -> Result<()> {
    if browser == Browser::Skip {
        return Ok(());
    }
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|p| !Path::new(p).exists())
        .collect();
    if missing.is_empty() {
        println!("chromium, chromedriver: {CHROMIUM}, {CHROMEDRIVER}");
        return Ok(());
    }
    let message = format!(
        "{} missing; the browser tests need Debian's Chromium and its driver: {APT_HINT}",
        missing.join(" and ")
    );
    match browser {
        Browser::Require => bail!(message),
        _ => {
            println!("warning: {message}");
            Ok(())
        }
    }
}

/// `trunk 0.21.14` → `0.21.14`.
fn tool_version(ws: &Workspace, tool: &str) -> Option<String> {
    let out = ws.cmd(tool).arg("--version").probe()?;
    parse_version_line(&out, tool)
}

fn parse_version_line(out: &str, tool: &str) -> Option<String> {
    let mut words = out.lines().next()?.split_whitespace();
    (words.next()? == tool).then_some(())?;
    words.next().map(str::to_owned)
}

/// `wasm-opt version 132 (version_132)` → `132`.
fn wasm_opt_version(ws: &Workspace, wasm_opt: &Path) -> Option<String> {
    let out = ws.cmd(wasm_opt).arg("--version").probe()?;
    parse_wasm_opt_version(&out)
}

fn parse_wasm_opt_version(out: &str) -> Option<String> {
    let mut words = out.split_whitespace().skip_while(|w| *w != "version");
    words.next()?;
    words.next().map(str::to_owned)
}

fn located(ws: &Workspace, tool: &str) -> String {
    ws.which(tool)
        .map_or_else(|| "?".into(), |p| p.display().to_string())
}

/// The one version of `name` in a Cargo.lock; two versions would mean two wasm-bindgen
/// schemas, which no single CLI can serve.
pub fn locked_version(lock: &str, name: &str) -> Result<String> {
    let wanted_name = format!("name = \"{name}\"");
    let mut versions: Vec<String> = lock
        .split("[[package]]")
        .filter(|block| block.lines().any(|l| l.trim() == wanted_name))
        .filter_map(|block| {
            block.lines().find_map(|l| {
                l.trim()
                    .strip_prefix("version = \"")
                    .and_then(|v| v.strip_suffix('"'))
                    .map(str::to_owned)
            })
        })
        .collect();
    versions.sort();
    versions.dedup();
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("Cargo.lock has no `{name}` package; run `cargo generate-lockfile`"),
        many => bail!(
            "Cargo.lock has several `{name}` versions ({}); pin one in Cargo.toml",
            many.join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen-futures"
version = "0.4.53"
"#;

    #[test]
    fn finds_the_locked_version_by_exact_name() {
        assert_eq!(locked_version(LOCK, "wasm-bindgen").unwrap(), "0.2.130");
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen-futures").unwrap(),
            "0.4.53"
        );
    }

    #[test]
    fn missing_or_duplicated_packages_are_errors() {
        let missing = locked_version(LOCK, "trunk").unwrap_err().to_string();
        assert!(missing.contains("no `trunk`"), "{missing}");
        let twice = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.99\"\n");
        let err = locked_version(&twice, "wasm-bindgen")
            .unwrap_err()
            .to_string();
        assert!(err.contains("0.2.130, 0.2.99"), "{err}");
    }

    #[test]
    fn parses_tool_versions() {
        assert_eq!(
            parse_version_line("trunk 0.21.14\n", "trunk").as_deref(),
            Some("0.21.14")
        );
        assert_eq!(parse_version_line("something else 1.0", "trunk"), None);
        assert_eq!(
            parse_wasm_opt_version("wasm-opt version 132 (version_132)\n").as_deref(),
            Some("132")
        );
        assert_eq!(parse_wasm_opt_version("garbage"), None);
    }

    #[test]
    fn reads_npm_versions_from_package_json() {
        let manifest =
            r#"{ "name": "x", "dependencies": { "axe-core": "4.14.1", "binaryen" : "132.0.0" } }"#;
        assert_eq!(
            json_string_field(manifest, "axe-core").as_deref(),
            Some("4.14.1")
        );
        assert_eq!(
            json_string_field(manifest, "binaryen").as_deref(),
            Some("132.0.0")
        );
        assert_eq!(json_string_field(manifest, "trunk"), None);
        assert_eq!(json_string_field(r#"{"version": 4}"#, "version"), None);
    }
}
