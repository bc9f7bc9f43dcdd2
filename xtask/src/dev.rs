//! `cargo xtask dev`: the local stack (sign-in server and Tasks API) plus `trunk serve`, started
//! together and stopped together.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::Workspace;
use crate::cmd::{section, timed};
use crate::release;
use crate::signals;
use crate::tools::{self, Browser};
use crate::verify_deploy;

/// These match `public/config.json`, which the dev server hands to the app unchanged; changing
/// them means changing that file too, so there are no flags for them.
const APP_ADDR: &str = "127.0.0.1:8080";
const APP_URL: &str = "http://127.0.0.1:8080";
const SIGN_IN_URL: &str = "http://127.0.0.1:9000";
const API_URL: &str = "http://127.0.0.1:9001";
const DATA_DIR: &str = ".local-stack";
const DEMO_USER: &str = "demo";
const DEMO_PASSWORD: &str = "CityTasks-demo1";
/// The stack generates an RSA key at start; this is generous.
const READY_TIMEOUT: Duration = Duration::from_secs(120);
const POLL: Duration = Duration::from_millis(200);

pub fn run(ws: &Workspace) -> Result<()> {
    tools::setup(ws, Browser::Warn)?;
    // Not `--locked`: while developing, a new dependency may update Cargo.lock.
    timed("fetch crates", || release::fetch(ws, false)).0?;
    // Built in the foreground so compiling does not count against the READY timeout.
    timed("build local stack", || {
        ws.cargo(["build", "--package", "local-stack"]).run()
    })
    .0?;
    // Trunk exits at start when a `[watch] ignore` path does not exist yet.
    let data_dir = ws.root.join(DATA_DIR);
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("could not create {}", data_dir.display()))?;

    signals::catch_stop_signals();

    section("start local stack");
    // The same variable a deployment sets: try the app in the scheduler's zone of your city.
    let zone = std::env::var(SCHEDULE_ZONE_ENV)
        .ok()
        .map(|zone| zone.trim().to_string())
        .filter(|zone| !zone.is_empty());
    let zone_args = zone
        .iter()
        .flat_map(|zone| ["--schedule-time-zone", zone.as_str()]);
    let stack = ws
        .cargo(["run", "--quiet", "--package", "local-stack", "--"])
        .args(["--app-origin", APP_URL, "--data-dir", DATA_DIR])
        .args(zone_args)
        .spawn(Stdio::piped())?;
    let mut stack = Stopper::new("local stack", stack);
    wait_for_ready(&mut stack)?;
    println!("local stack ready");

    section("trunk serve");
    let mut serve = release::trunk(ws).args(["serve", "--address", "127.0.0.1", "--port", "8080"]);
    if !has_watch_table(&ws.root.join("Trunk.toml")) {
        // Without this every database write in .local-stack/ rebuilds and reloads the app.
        // A `[watch]` table in Trunk.toml takes over: `--ignore` would replace its list.
        serve = serve.args(["--ignore", DATA_DIR]);
    }
    let trunk = serve.spawn(Stdio::inherit())?;
    let mut trunk = Stopper::new("trunk serve", trunk);
    println!("waiting for {APP_URL} to answer (the first build takes a minute or two)...");

    supervise(&mut stack, &mut trunk)
}

/// Whether Trunk.toml configures `[watch]` itself (then it must list `.local-stack` in `ignore`).
fn has_watch_table(trunk_toml: &std::path::Path) -> bool {
    std::fs::read_to_string(trunk_toml)
        .is_ok_and(|text| text.lines().any(|line| line.trim() == "[watch]"))
}

/// Forwards the stack's stdout, prefixed, until and after its `READY ` line.
fn wait_for_ready(stack: &mut Stopper) -> Result<()> {
    let stdout = stack
        .child
        .stdout
        .take()
        .context("the local stack's stdout was not captured")?;
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut announced = false;
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            println!("[stack] {line}");
            if !announced && line.starts_with("READY ") {
                announced = true;
                // The receiver may have given up already; then nobody needs to know.
                let _ = tx.send(());
            }
        }
    });
    let deadline = Instant::now() + READY_TIMEOUT;
    loop {
        match rx.recv_timeout(POLL) {
            Ok(_) => return Ok(()),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = stack.child.wait()?;
                bail!("the local stack closed its output before printing READY ({status})");
            }
        }
        if let Some(status) = stack.child.try_wait()? {
            bail!("the local stack exited before printing READY ({status})");
        }
        if signals::stop_requested() {
            bail!("interrupted while waiting for the local stack");
        }
        if Instant::now() > deadline {
            bail!(
                "the local stack printed no READY line within {}s",
                READY_TIMEOUT.as_secs()
            );
        }
    }
}

/// Waits until Ctrl-C or until either child exits; the other is then stopped by its guard.
fn supervise(stack: &mut Stopper, trunk: &mut Stopper) -> Result<()> {
    let app: SocketAddr = APP_ADDR.parse().context("APP_ADDR is not an address")?;
    let mut announced = false;
    loop {
        if signals::stop_requested() {
            println!();
            println!("stopping trunk serve and the local stack...");
            return Ok(());
        }
        if let Some(status) = trunk.child.try_wait()? {
            return exited("trunk serve", status);
        }
        if let Some(status) = stack.child.try_wait()? {
            return exited("the local stack", status);
        }
        if !announced && TcpStream::connect_timeout(&app, POLL).is_ok() {
            announced = true;
            section("City Tasks is running");
            println!("  app:       {APP_URL}");
            println!("  sign in:   user `{DEMO_USER}`, password `{DEMO_PASSWORD}`");
            println!("  sign-in server {SIGN_IN_URL}, Tasks API {API_URL}, data in {DATA_DIR}/");
            println!("  Ctrl-C stops everything.");
        }
        thread::sleep(POLL);
    }
}

fn exited(what: &str, status: ExitStatus) -> Result<()> {
    if status.success() {
        println!("{what} exited; stopping the rest");
        Ok(())
    } else {
        bail!("{what} exited ({status}); stopped the rest")
    }
}

/// Stops its child when dropped: SIGTERM, a few seconds' grace, then SIGKILL.
struct Stopper {
    name: &'static str,
    child: Child,
}

impl Stopper {
    fn new(name: &'static str, child: Child) -> Self {
        Stopper { name, child }
    }
}

impl Drop for Stopper {
    fn drop(&mut self) {
        if !matches!(self.child.try_wait(), Ok(None)) {
            return;
        }
        signals::terminate(&mut self.child);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
        eprintln!("{} did not stop within 5s; killing it", self.name);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sets `cargo xtask dev`'s `scheduleTimeZone`, as it does a deployment's (the delivery's own
/// name for it).
const SCHEDULE_ZONE_ENV: &str = city_tasks_delivery::env_config::OPTIONAL_VARIABLES[0].1;

/// The origin `cargo xtask dev --config` serves on; the app client must list its callback and
/// sign-out URLs (Cognito accepts plain http only for localhost).
const REAL_POOL_ORIGIN: &str = "http://localhost:8080";

/// `--config <file>` among `dev`'s options, if given.
pub fn config_option(args: &[String]) -> Result<Option<std::path::PathBuf>> {
    match args {
        [] => Ok(None),
        [flag, file] if flag == "--config" => Ok(Some(file.into())),
        [flag] if flag == "--config" => {
            bail!("`--config` needs a file, e.g. `--config my-pool.json`")
        }
        [flag, _, extra, ..] if flag == "--config" => {
            bail!("unknown option `{extra}` for `dev` (see `cargo xtask help`)")
        }
        [other, ..] => bail!("unknown option `{other}` for `dev` (see `cargo xtask help`)"),
    }
}

/// Why a config.json cannot be used with the local server, or `Ok` (pure, unit-tested).
pub fn check_local_config(text: &str) -> Result<city_tasks_config::config::Config> {
    let config = city_tasks_config::config::parse_config(text)?;
    let callback = format!("{REAL_POOL_ORIGIN}/home");
    let sign_out = format!("{REAL_POOL_ORIGIN}/");
    if config.redirect_uri != callback || config.logout_uri != sign_out {
        bail!(
            "the local server answers on {REAL_POOL_ORIGIN}, so the file needs \
             \"redirectUri\": \"{callback}\" and \"logoutUri\": \"{sign_out}\" (it has {} and {}), \
             and the app client needs both in its Allowed callback URLs and Allowed sign-out URLs \
             (Applications -> App clients -> your client -> Login pages -> Edit)",
            config.redirect_uri,
            config.logout_uri
        );
    }
    Ok(config)
}

/// The app against a real user pool and API: a debug build finished for `config_path` and
/// served like the CDN on localhost:8080, after checking the pool and the API's CORS.
pub fn run_with_config(ws: &Workspace, config_path: &std::path::Path) -> Result<()> {
    let text = std::fs::read_to_string(config_path)
        .with_context(|| format!("could not read {}", config_path.display()))?;
    check_local_config(&text)
        .with_context(|| format!("{} is not usable", config_path.display()))?;
    tools::setup(ws, Browser::Warn)?;
    timed("fetch crates", || release::fetch(ws, false)).0?;
    let dist = ws.root.join("target/dev-config/dist");
    timed("trunk build (debug)", || {
        release::trunk(ws)
            .args(["build", "--dist"])
            .arg(&dist)
            .run()
    })
    .0?;
    section("serve against the real pool");
    verify_deploy::deploy_check(ws)
        .args(["dev-serve", "--port", "8080", "--config"])
        .arg(config_path)
        .arg("--dir")
        .arg(&dist)
        .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(redirect: &str, logout: &str) -> String {
        format!(
            r#"{{"issuer":"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc",
            "authDomain":"https://city.auth.eu-west-1.amazoncognito.com","clientId":"c",
            "redirectUri":"{redirect}","logoutUri":"{logout}","scopes":"openid",
            "apiBaseUrl":"https://api.example.com/api"}}"#
        )
    }

    #[test]
    fn local_config_needs_the_localhost_urls() {
        assert!(
            check_local_config(&config(
                "http://localhost:8080/home",
                "http://localhost:8080/"
            ))
            .is_ok()
        );
        let wrong = check_local_config(&config(
            "https://tasks.example.com/home",
            "https://tasks.example.com/",
        ))
        .unwrap_err()
        .to_string();
        assert!(wrong.contains("http://localhost:8080/home"), "{wrong}");
        // 127.0.0.1 is another origin to Cognito: the callback must be exactly localhost.
        assert!(
            check_local_config(&config(
                "http://127.0.0.1:8080/home",
                "http://127.0.0.1:8080/"
            ))
            .is_err()
        );
        let invalid = check_local_config("{}").unwrap_err().to_string();
        assert!(invalid.contains("issuer"), "{invalid}");
    }

    #[test]
    fn config_option_parsing() {
        let args = crate::args;
        assert_eq!(config_option(&args(&[])).unwrap(), None);
        assert_eq!(
            config_option(&args(&["--config", "pool.json"])).unwrap(),
            Some("pool.json".into())
        );
        assert!(config_option(&args(&["--config"])).is_err());
        let extra = config_option(&args(&["--config", "pool.json", "--fast"]))
            .unwrap_err()
            .to_string();
        assert!(extra.contains("`--fast`"), "{extra}");
        assert!(config_option(&args(&["--fast"])).is_err());
    }
}
