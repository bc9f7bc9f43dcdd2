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
    let stack = ws
        .cargo(["run", "--quiet", "--package", "local-stack", "--"])
        .args(["--app-origin", APP_URL, "--data-dir", DATA_DIR])
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
