//! `cargo xtask bench`: the release build, then the benchmark crate on it (`cargo run -p bench`),
//! which writes `bench-report.json` and `bench-report.md`; also the size budget check CI runs.
//! The measuring lives in crates/bench so this task runner stays quick to compile.

use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::Workspace;
use crate::cmd::{Cmd, timed};
use crate::release;
use crate::tools::{self, Browser, CHROMEDRIVER};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    quick: bool,
    runs: Option<String>,
    out: Option<PathBuf>,
    /// The React peer's build to measure beside the app (the bench's default when not given).
    peer: Option<PathBuf>,
    no_build: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut options = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--quick" => options.quick = true,
                "--no-build" => options.no_build = true,
                "--runs" => match args.next() {
                    Some(n) if n.parse::<usize>().is_ok_and(|n| n >= 1) => {
                        options.runs = Some(n.clone());
                    }
                    other => bail!(
                        "`--runs` takes a whole number of at least 1, got {}",
                        other.map_or("nothing".to_owned(), |v| format!("`{v}`"))
                    ),
                },
                "--out" => match args.next() {
                    Some(dir) => options.out = Some(PathBuf::from(dir)),
                    None => bail!("`--out` needs a directory"),
                },
                "--peer" => match args.next() {
                    Some(dir) => options.peer = Some(PathBuf::from(dir)),
                    None => bail!("`--peer` needs the React peer's build directory"),
                },
                other => bail!("unknown option `{other}` for `bench` (see `cargo xtask help`)"),
            }
        }
        Ok(options)
    }
}

pub fn run(ws: &Workspace, options: &Options) -> Result<()> {
    tools::setup(ws, Browser::Require)?;
    if options.no_build {
        ensure_built(ws)?;
    } else {
        timed("fetch crates", || release::fetch(ws, true)).0?;
        timed("release build", || release::Build::Split.run(ws)).0?;
    }
    timed("benchmark", || measure(ws, options)).0
}

/// Runs the benchmark on dist/. Over-budget timings are reported, not failed: only a benchmark
/// that cannot run fails.
pub fn measure(ws: &Workspace, options: &Options) -> Result<()> {
    let mut cmd = bench(ws, "run");
    if options.quick {
        cmd = cmd.arg("--quick");
    }
    if let Some(runs) = &options.runs {
        cmd = cmd.args(["--runs", runs]);
    }
    if let Some(out) = &options.out {
        cmd = cmd.arg("--out").arg(out);
    }
    if let Some(peer) = &options.peer {
        cmd = cmd.arg("--peer").arg(peer);
    }
    cmd.run()
}

/// The quick benchmark, as the test pipeline's `bench` stage runs it.
pub fn quick(ws: &Workspace) -> Result<()> {
    ensure_built(ws)?;
    measure(
        ws,
        &Options {
            quick: true,
            ..Options::default()
        },
    )
}

/// Fails when dist/'s wasm or first visit is over the size budgets (crates/bench/src/budgets.rs).
pub fn size_check(ws: &Workspace) -> Result<()> {
    ensure_built(ws)?;
    bench(ws, "size").run()
}

/// `cargo run -p bench -- <command> --dist dist/`.
fn bench(ws: &Workspace, command: &str) -> Cmd {
    ws.cargo([
        "run",
        "--quiet",
        "--package",
        "bench",
        "--",
        command,
        "--dist",
    ])
    .arg(ws.dist())
    .env("CHROMEDRIVER", CHROMEDRIVER)
}

fn ensure_built(ws: &Workspace) -> Result<()> {
    let dist = ws.dist();
    if !dist.join("index.html").is_file() {
        bail!(
            "{} has no index.html: build the app first (`cargo xtask build`)",
            dist.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options> {
        Options::parse(&crate::args(args))
    }

    #[test]
    fn options() {
        assert_eq!(parse(&[]).unwrap(), Options::default());
        let all = parse(&[
            "--quick",
            "--runs",
            "3",
            "--out",
            "o",
            "--peer",
            "p",
            "--no-build",
        ])
        .unwrap();
        assert_eq!(
            all,
            Options {
                quick: true,
                runs: Some("3".into()),
                out: Some("o".into()),
                peer: Some("p".into()),
                no_build: true
            }
        );
        assert!(parse(&["--peer"]).is_err());
        assert!(parse(&["--runs", "0"]).is_err());
        assert!(parse(&["--runs"]).is_err());
        assert!(parse(&["--out"]).is_err());
        assert!(parse(&["--fast"]).is_err());
    }
}
