//! `bench run` and `bench size`; see `cli::USAGE`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use bench::cli::{self, Command};
use bench::machine::Machine;
use bench::measure::search::typing;
use bench::peer;
use bench::report::{Report, markdown};
use bench::run::{Plan, Scale, run};
use bench::size;

/// Tasks added for the list and search measurements.
const TASKS: usize = 5000;
/// Tasks on the list for the scale measurement: a city's whole device park (issue 14).
const SCALE_TASKS: usize = 50_000;
/// Runs at that scale with `--quick`: one proves it works and gives a figure, and each run
/// loads 50,000 tasks twice (the sign-in, then the measured reload), so CI's quick stage
/// stays short.
const QUICK_SCALE_RUNS: usize = 1;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match start(&args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn start(args: &[String]) -> Result<ExitCode> {
    let command = cli::parse(args)?;
    match command {
        Command::Size { dist } => {
            let dist = locate(dist)?;
            let sizes = size::measure(&dist)?;
            println!("{}", sizes.markdown());
            for missed in sizes.targets_missed() {
                println!("size target not reached (reported, not enforced): {missed}");
            }
            let failures = sizes.failures();
            for failure in &failures {
                eprintln!("size ceiling exceeded: {failure}");
            }
            Ok(if failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Run {
            quick,
            runs,
            out,
            dist,
            peer,
        } => {
            let dist = locate(dist)?;
            let out = out.unwrap_or_else(default_out);
            let peer = peer::locate(peer.as_deref());
            let plan = Plan {
                runs,
                tasks: TASKS,
                scale: Ok(Scale {
                    tasks: SCALE_TASKS,
                    runs: if quick { QUICK_SCALE_RUNS } else { runs },
                }),
                // Generated names look like "Fountain 1234 north": a word of them, a digit, then
                // some corrections.
                search: if quick {
                    typing("pump", 2)
                } else {
                    typing("fountain 1", 5)
                },
            };
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .context("starting the async runtime")?;
            let report = runtime.block_on(measure(&dist, peer, &plan, quick))?;
            write(&report, &out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn measure(
    dist: &Path,
    peer: Result<PathBuf, String>,
    plan: &Plan,
    quick: bool,
) -> Result<Report> {
    eprintln!("bench: sizes of {} (brotli, quality 11)", dist.display());
    let sizes = size::measure(dist)?;
    let machine = Machine::describe(&workspace(), &e2e::harness::chromium_binary());
    if let Err(reason) = &peer {
        eprintln!("bench: {reason}: the React peer's numbers will be missing");
    }
    let samples = run(dist, peer, plan).await?;
    Ok(Report::new(machine, quick, sizes, samples))
}

/// Writes both files and prints the Markdown; over-budget metrics are reported, not failed:
/// timings are measurements, not tests (the size check is `bench size`).
fn write(report: &Report, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let json = serde_json::to_string_pretty(report).context("serialising the report")?;
    let json_path = out.join("bench-report.json");
    std::fs::write(&json_path, json).with_context(|| format!("writing {}", json_path.display()))?;
    let md = markdown::render(report);
    let md_path = out.join("bench-report.md");
    std::fs::write(&md_path, &md).with_context(|| format!("writing {}", md_path.display()))?;
    println!("{md}");
    let failed = report.failed();
    if !failed.is_empty() {
        eprintln!("bench: over budget (reported, not failed):");
        for metric in failed {
            eprintln!("  {}", metric.name);
        }
    }
    eprintln!(
        "bench: wrote {} and {}",
        json_path.display(),
        md_path.display()
    );
    Ok(())
}

fn locate(dist: Option<PathBuf>) -> Result<PathBuf> {
    match dist {
        Some(dist) => Ok(dist),
        None => e2e::dist::locate(),
    }
}

/// The workspace root (crates/bench/../..).
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// `$CARGO_TARGET_DIR/bench`, else `<workspace>/target/bench`.
fn default_out() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"))
        .join("bench")
}
