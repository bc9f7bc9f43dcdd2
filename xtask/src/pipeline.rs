//! `cargo xtask test`: every check CI runs, in a fixed order, failing fast, with a summary table.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::Workspace;
use crate::bench;
use crate::cmd::{duration, timed};
use crate::publish;
use crate::release;
use crate::tools::{self, Browser, CHROMEDRIVER, WASM_TARGET};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Stage {
    Fmt,
    Clippy,
    ClippyWasm,
    Test,
    TestWasm,
    Build,
    E2e,
    Bench,
    Size,
}

impl Stage {
    /// `size` checks the build against the CI size ceilings; `bench` proves the benchmark runs.
    pub const ALL: [Stage; 9] = [
        Stage::Fmt,
        Stage::Clippy,
        Stage::ClippyWasm,
        Stage::Test,
        Stage::TestWasm,
        Stage::Build,
        Stage::Size,
        Stage::E2e,
        Stage::Bench,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Fmt => "fmt",
            Stage::Clippy => "clippy",
            Stage::ClippyWasm => "clippy-wasm",
            Stage::Test => "test",
            Stage::TestWasm => "test-wasm",
            Stage::Build => "build",
            Stage::E2e => "e2e",
            Stage::Bench => "bench",
            Stage::Size => "size",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Stage::Fmt => "fmt: cargo fmt --check",
            Stage::Clippy => "clippy: workspace, native",
            Stage::ClippyWasm => "clippy-wasm: city-tasks, wasm32",
            Stage::Test => "test: native unit and integration tests",
            Stage::TestWasm => "test-wasm: wasm-bindgen tests in headless Chromium",
            Stage::Build => "build: the split release build, then the publish-s3 dry run, checked",
            Stage::E2e => "e2e: end-to-end journeys in Chromium",
            Stage::Bench => "bench: the quick benchmark (timings are reported, not judged)",
            Stage::Size => "size: wasm and first-visit size budgets",
        }
    }

    fn is_lint(self) -> bool {
        matches!(self, Stage::Fmt | Stage::Clippy | Stage::ClippyWasm)
    }

    fn needs_browser(self) -> bool {
        matches!(self, Stage::TestWasm | Stage::E2e | Stage::Bench)
    }

    fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.name() == name)
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    no_lint: bool,
    /// Empty means every stage.
    only: Vec<Stage>,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut options = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let only = match arg.as_str() {
                "--no-lint" => {
                    options.no_lint = true;
                    continue;
                }
                "--only" => match args.next() {
                    Some(value) => value.as_str(),
                    None => bail!("`--only` needs a stage name; stages: {}", stage_names()),
                },
                other => match other.strip_prefix("--only=") {
                    Some(value) => value,
                    None => bail!("unknown option `{other}` for `test` (see `cargo xtask help`)"),
                },
            };
            for name in only.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                match Stage::from_name(name) {
                    Some(stage) if !options.only.contains(&stage) => options.only.push(stage),
                    Some(_) => {}
                    None => bail!("unknown stage `{name}`; stages: {}", stage_names()),
                }
            }
        }
        Ok(options)
    }

    /// The stages to run, always in pipeline order whatever order `--only` named them in.
    pub fn selected(&self) -> Vec<Stage> {
        Stage::ALL
            .into_iter()
            .filter(|s| self.only.is_empty() || self.only.contains(s))
            .filter(|s| !(self.no_lint && s.is_lint()))
            .collect()
    }
}

fn stage_names() -> String {
    Stage::ALL.map(Stage::name).join(", ")
}

enum Outcome {
    Passed(Duration),
    Failed(Duration),
    Skipped,
}

pub fn run(ws: &Workspace, options: &Options) -> Result<()> {
    let stages = options.selected();
    if stages.is_empty() {
        bail!("no stages selected (`--no-lint` removed every stage named by `--only`)");
    }
    let browser = if stages.iter().any(|s| s.needs_browser()) {
        Browser::Require
    } else {
        Browser::Warn
    };
    let mut report = Report::new();
    report.step("setup", || tools::setup(ws, browser))?;
    // Checks that Cargo.lock is current and downloads every crate, so Trunk can run offline.
    report.step("fetch", || {
        timed("fetch: cargo fetch --locked", || release::fetch(ws, true)).0
    })?;
    for stage in Stage::ALL {
        if stages.contains(&stage) {
            report.step(stage.name(), || {
                timed(stage.title(), || run_stage(ws, stage)).0
            })?;
        } else {
            report.rows.push((stage.name(), Outcome::Skipped));
        }
    }
    report.print();
    Ok(())
}

/// The rows of the summary table, printed at the end or at the first failure.
struct Report {
    rows: Vec<(&'static str, Outcome)>,
    started: Instant,
}

impl Report {
    fn new() -> Self {
        Report {
            rows: Vec::new(),
            started: Instant::now(),
        }
    }

    fn step(&mut self, name: &'static str, body: impl FnOnce() -> Result<()>) -> Result<()> {
        let start = Instant::now();
        let result = body();
        let took = start.elapsed();
        match result {
            Ok(()) => {
                self.rows.push((name, Outcome::Passed(took)));
                Ok(())
            }
            Err(err) => {
                self.rows.push((name, Outcome::Failed(took)));
                self.print();
                Err(err.context(format!("stage `{name}` failed")))
            }
        }
    }

    fn print(&self) {
        println!();
        println!("==> Summary");
        println!("  {:<12} {:<8} {:>8}", "stage", "result", "time");
        for (name, outcome) in &self.rows {
            let (result, took) = match outcome {
                Outcome::Passed(d) => ("ok", duration(*d)),
                Outcome::Failed(d) => ("FAILED", duration(*d)),
                Outcome::Skipped => ("skipped", String::new()),
            };
            println!("  {name:<12} {result:<8} {took:>8}");
        }
        println!(
            "  {:<12} {:<8} {:>8}",
            "total",
            "",
            duration(self.started.elapsed())
        );
    }
}

fn run_stage(ws: &Workspace, stage: Stage) -> Result<()> {
    let webdriver_json = ws.root.join("webdriver.json");
    match stage {
        Stage::Fmt => ws.cargo(["fmt", "--all", "--", "--check"]).run(),
        // Lint levels live in the root Cargo.toml's [workspace.lints]: no flags here.
        Stage::Clippy => ws.cargo(["clippy", "--workspace", "--all-targets"]).run(),
        Stage::ClippyWasm => {
            ws.cargo([
                "clippy",
                "-p",
                "city-tasks",
                "--target",
                WASM_TARGET,
                "--all-targets",
            ])
            // The tests/ browser tests need `internals`; without it they are skipped unlinted.
            .args(["--features", "internals"])
            .run()?;
            // The split points' code (the release build's), which the run above leaves out.
            ws.cargo(["clippy", "-p", "city-tasks", "--target", WASM_TARGET])
                .args(["--features", "split"])
                .run()
        }
        Stage::Test => ws.cargo(["test", "--workspace", "--exclude", "e2e"]).run(),
        Stage::TestWasm => {
            if !webdriver_json.is_file() {
                bail!("{} is missing", webdriver_json.display());
            }
            // `internals` exports what the tests/ browser tests reach inside the crate.
            ws.cargo(["test", "-p", "city-tasks", "--target", WASM_TARGET])
                .args(["--features", "internals"])
                .env("CHROMEDRIVER", CHROMEDRIVER)
                .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json)
                .run()
        }
        Stage::Build => {
            release::Build::Split.run(ws)?;
            // Milliseconds: the plan for the delivered build, checked (every file once, types,
            // cache headers, index.html last, invalidations).
            publish::check_delivered(ws)
        }
        Stage::E2e => {
            let dist = ws.dist();
            if !dist.join("index.html").is_file() {
                bail!(
                    "{} has no index.html: the e2e tests serve the release build, so run the \
                     `build` stage first (`cargo xtask build`)",
                    dist.display()
                );
            }
            ws.cargo(["test", "-p", "e2e"])
                .env("CITY_TASKS_DIST", &dist)
                .env("CHROMEDRIVER", CHROMEDRIVER)
                .run()
        }
        Stage::Bench => bench::quick(ws),
        Stage::Size => bench::size_check(ws),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options> {
        Options::parse(&crate::args(args))
    }

    #[test]
    fn everything_by_default_in_pipeline_order() {
        assert_eq!(parse(&[]).unwrap().selected(), Stage::ALL.to_vec());
    }

    #[test]
    fn no_lint_drops_fmt_and_clippy() {
        let selected = parse(&["--no-lint"]).unwrap().selected();
        assert_eq!(
            selected,
            [
                Stage::Test,
                Stage::TestWasm,
                Stage::Build,
                Stage::Size,
                Stage::E2e,
                Stage::Bench
            ]
        );
    }

    #[test]
    fn only_accepts_lists_repeats_and_equals_and_keeps_pipeline_order() {
        let options = parse(&["--only", "e2e,build", "--only=fmt"]).unwrap();
        assert_eq!(options.selected(), [Stage::Fmt, Stage::Build, Stage::E2e]);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let unknown = parse(&["--only", "lint"]).unwrap_err().to_string();
        assert!(unknown.contains("unknown stage `lint`"), "{unknown}");
        assert!(unknown.contains("clippy-wasm"), "{unknown}");
        assert!(parse(&["--only"]).is_err());
        assert!(parse(&["--fast"]).is_err());
    }

    #[test]
    fn stage_names_round_trip() {
        for stage in Stage::ALL {
            assert_eq!(Stage::from_name(stage.name()), Some(stage));
        }
    }
}
