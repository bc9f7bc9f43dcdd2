//! `cargo xtask`: the one entry point for setting up, building, serving and testing City Tasks.

mod bench;
mod cmd;
mod deliver;
mod dev;
mod pipeline;
mod publish;
mod release;
#[allow(unsafe_code, reason = "libc signal() and kill(); see the SAFETY notes")]
mod signals;
mod split;
mod tools;
mod verify_deploy;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cmd::{Cmd, timed};
use crate::tools::Browser;

const USAGE: &str = "\
Usage: cargo xtask <command> [options]

Commands:
  setup                 Install or check the pinned tools: wasm32 target, trunk, wasm-bindgen-cli
                        (the version in Cargo.lock), wasm-opt and axe-core (npm ci in tools/);
                        checks Chromium.
  build                 setup, `cargo fetch --locked`, the split release build into dist/: cargo
                        (wasm32, --features split, --emit-relocs), wasm_split_cli_support,
                        wasm-bindgen on the main module, wasm-opt on it and every chunk, hashed
                        names; Trunk builds the page shell (style sheet, public/).
      --unsplit         Instead: `trunk build --release`, one wasm (not what CI tests).
  dev                   setup, start the local stack (sign-in :9000, API :9001), `trunk serve` on
                        http://127.0.0.1:8080. Ctrl-C stops both.
      --config <file>   Instead: the app against a real user pool and API, no local stack. <file>
                        is a config.json whose redirectUri is http://localhost:8080/home and
                        logoutUri http://localhost:8080/ (register both on the app client).
                        Builds, checks the pool and the API's CORS for http://localhost:8080,
                        then serves the build there like the CDN (customHttp.yml headers).
  verify-deploy <url>   Check a deployed site the way a browser uses it and print a checklist
                        with a fix for each failure (caching, CSP, rewrite, config.json, the
                        pool's discovery and URLs, the API's CORS, security headers).
      --require-hsts    judge HSTS on a plain-http loopback site too (it is n/a there otherwise)
  test [options]        setup, then every check CI runs, in order, failing fast:
                          fmt, clippy, clippy-wasm, test, test-wasm, build, size, e2e, bench
                        (build: then the publish-s3 dry run of a delivered copy, checked;
                        size: the wasm and first-visit size ceilings of
                        crates/bench/src/budgets.rs; bench: the quick benchmark, fails only if
                        it cannot run)
      --no-lint         skip fmt, clippy and clippy-wasm
      --only <stages>   run only these stages (comma-separated or repeated), e.g. --only test,e2e
  bench [options]       setup, `build`, then measure the release build in headless Chromium, served
                        like the CDN (brotli): first-visit bytes, cold load, sign-in round trip
                        (local and slow 4G, beside the React peer), /tasks and search with 5,000
                        and 50,000 tasks, memory. Writes bench-report.json and bench-report.md
                        (printed too) to target/bench/. Over-budget numbers are reported, not
                        failed.
      --quick           2 runs, a shorter search and 1 run at 50,000 tasks (default: 5 runs)
      --runs <n>        runs per measurement, each in a fresh browser profile
      --out <dir>       where the reports go (default: $CARGO_TARGET_DIR/bench or target/bench)
      --peer <dir>      the React peer's build (default: $CITY_TASKS_PEER_SITE, else
                        /work/shared/peer-react/site; its numbers are reported missing without it)
      --no-build        measure the existing dist/
  deliver [--check]     What the CDN build runs: check the deployment variables (CITY_TASKS_ISSUER,
                        CITY_TASKS_AUTH_DOMAIN, CITY_TASKS_CLIENT_ID, CITY_TASKS_REDIRECT_URI,
                        CITY_TASKS_LOGOUT_URI, CITY_TASKS_API_BASE_URL; optional CITY_TASKS_SCOPES,
                        CITY_TASKS_LOGOUT_MODE), `build`, then write dist/config.json and the
                        environment's Content-Security-Policy into dist/index.html.
      --check           only validate the variables
  publish-s3 [options]  Upload a delivered dist/ to S3 with each file's Content-Type and
                        Cache-Control (customHttp.yml), hashed files first and index.html last,
                        then delete what the build no longer has and invalidate the non-hashed
                        paths on CloudFront; with the `aws` CLI (see README, CloudFront).
      --bucket <name>   the S3 bucket
      --distribution <id>  the CloudFront distribution id
      --dist <dir>      what to upload (default: dist/)
      --dry-run         print every object, its headers and the invalidation paths; send nothing
  help                  Show this text.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!();
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<()> {
    let Some((command, rest)) = args.split_first() else {
        print!("{USAGE}");
        return Ok(());
    };
    if rest.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return Ok(());
    }
    let ws = Workspace::locate()?;
    match command.as_str() {
        "setup" => {
            no_options(command, rest)?;
            tools::setup(&ws, Browser::Warn)
        }
        "build" => {
            let build = match rest {
                [] => release::Build::Split,
                [flag] if flag == "--unsplit" => release::Build::Unsplit,
                _ => no_options(command, rest).map(|()| release::Build::Split)?,
            };
            tools::setup(&ws, Browser::Skip)?;
            timed("fetch crates", || release::fetch(&ws, true)).0?;
            timed("release build", || build.run(&ws)).0
        }
        "dev" => match dev::config_option(rest)? {
            None => dev::run(&ws),
            Some(config) => dev::run_with_config(&ws, &config),
        },
        "verify-deploy" => verify_deploy::run(&ws, rest),
        "test" => pipeline::run(&ws, &pipeline::Options::parse(rest)?),
        "bench" => bench::run(&ws, &bench::Options::parse(rest)?),
        "deliver" => deliver::run(&ws, rest),
        "publish-s3" => publish::run(&ws, &publish::Options::parse(rest)?),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}

/// A command line as `run` gets it, for the option parsers' tests.
#[cfg(test)]
fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn no_options(command: &str, rest: &[String]) -> Result<()> {
    match rest.first() {
        None => Ok(()),
        Some(extra) => {
            bail!("`{command}` takes no options, got `{extra}` (see `cargo xtask help`)")
        }
    }
}

/// Where things are, and the environment every child command gets.
pub struct Workspace {
    pub root: PathBuf,
    /// The cargo that started us (`$CARGO`), so nested commands use the same toolchain.
    pub cargo: OsString,
    /// `tools/node_modules/.bin` (wasm-opt): first on PATH whenever Trunk runs.
    pub tools_bin: PathBuf,
    /// Where `cargo install` puts binaries; on PATH even when the caller's shell lacks it.
    pub cargo_bin: Option<PathBuf>,
    path: OsString,
}

impl Workspace {
    fn locate() -> Result<Self> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask/ has no parent directory")?
            .to_path_buf();
        let tools_bin = root.join("tools/node_modules/.bin");
        let cargo_bin = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
            .map(|home| home.join("bin"));
        let mut front = vec![tools_bin.as_path()];
        front.extend(cargo_bin.as_deref());
        let path = cmd::path_with(&front)?;
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Ok(Workspace {
            root,
            cargo,
            tools_bin,
            cargo_bin,
            path,
        })
    }

    /// A command run from the workspace root with our PATH and `RUST_BACKTRACE=1`.
    pub fn cmd(&self, program: impl AsRef<std::ffi::OsStr>) -> Cmd {
        Cmd::new(program)
            .env("PATH", &self.path)
            .env("RUST_BACKTRACE", "1")
            .in_root(&self.root)
    }

    /// `cargo <args>` with the cargo that started us.
    pub fn cargo<I, S>(&self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        // Shown as `cargo`, run as `$CARGO`.
        self.cmd(&self.cargo).shown_as("cargo").args(args)
    }

    /// The first `name` on our PATH, for messages that say which binary was used.
    pub fn which(&self, name: &str) -> Option<PathBuf> {
        std::env::split_paths(&self.path)
            .map(|dir| dir.join(name))
            .find(|candidate| is_executable(candidate))
    }

    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}
