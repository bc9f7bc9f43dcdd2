//! Running external commands: section headers, the echoed command line, timing, and errors that
//! name the command that failed.

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// A command about to run, remembered in a printable form for headers and errors.
pub struct Cmd {
    inner: Command,
    program: String,
    env: Vec<String>,
    args: Vec<String>,
    dir: Option<String>,
}

impl Cmd {
    /// A command with the given program. [`crate::Workspace::cmd`] is the usual way to make one:
    /// it also sets `PATH`, `RUST_BACKTRACE` and the working directory.
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let program = program.as_ref();
        Cmd {
            program: quote(program),
            inner: Command::new(program),
            env: Vec::new(),
            args: Vec::new(),
            dir: None,
        }
    }

    /// Shows the program under another name (`cargo` rather than the full path in `$CARGO`).
    pub fn shown_as(mut self, name: &str) -> Self {
        self.program = name.to_owned();
        self
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        let arg = arg.as_ref();
        self.args.push(quote(arg));
        self.inner.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for arg in args {
            self = self.arg(arg);
        }
        self
    }

    /// Sets an environment variable for the child; all but the ever-present `PATH` and
    /// `RUST_BACKTRACE` are shown in front of the command line, as a shell would take them.
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        let value = value.as_ref();
        if key != "PATH" && key != "RUST_BACKTRACE" {
            self.env.push(format!("{key}={}", quote(value)));
        }
        self.inner.env(key, value);
        self
    }

    /// Runs in `dir`, shown as `(cd dir && ...)`.
    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.dir = Some(quote(dir.as_os_str()));
        self.inner.current_dir(dir);
        self
    }

    /// Runs in the workspace root, which goes without saying in the echoed command.
    pub fn in_root(mut self, root: &Path) -> Self {
        self.dir = None;
        self.inner.current_dir(root);
        self
    }

    /// The command line as a shell user would type it.
    pub fn shown(&self) -> String {
        let line = self
            .env
            .iter()
            .chain(std::iter::once(&self.program))
            .chain(&self.args)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        match &self.dir {
            Some(dir) => format!("(cd {dir} && {line})"),
            None => line,
        }
    }

    /// Runs to completion with inherited stdio; a non-zero exit is an error naming the command.
    pub fn run(mut self) -> Result<()> {
        let shown = self.shown();
        println!("$ {shown}");
        let status = self
            .inner
            .status()
            .with_context(|| format!("could not start `{shown}`"))?;
        if !status.success() {
            bail!("`{shown}` failed ({status})");
        }
        Ok(())
    }

    /// Runs quietly and returns stdout, or `None` when the program is missing or fails: for
    /// probing tool versions, where "not there" is an expected answer.
    pub fn probe(mut self) -> Option<String> {
        let out = self
            .inner
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Starts the command in the background with the given stdout handling.
    pub fn spawn(mut self, stdout: Stdio) -> Result<Child> {
        let shown = self.shown();
        println!("$ {shown} &");
        self.inner
            .stdin(Stdio::null())
            .stdout(stdout)
            .spawn()
            .with_context(|| format!("could not start `{shown}`"))
    }
}

/// Prints a section header that stands out in a long CI log.
pub fn section(title: &str) {
    println!();
    println!("==> {title}");
}

/// Runs `body` under a section header and reports how long it took, whether it worked or not.
pub fn timed<T>(title: &str, body: impl FnOnce() -> Result<T>) -> (Result<T>, Duration) {
    section(title);
    let start = Instant::now();
    let result = body();
    let took = start.elapsed();
    let verdict = if result.is_ok() { "done" } else { "FAILED" };
    println!("<== {title}: {verdict} in {}", duration(took));
    (result, took)
}

/// `4.2s`, `3m 07s`: short enough for a summary table.
pub fn duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        let whole = d.as_secs();
        format!("{}m {:02}s", whole / 60, whole % 60)
    }
}

/// Quotes an argument only when a shell would need it, so echoed commands can be pasted.
fn quote(s: &OsStr) -> String {
    let s = s.to_string_lossy();
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,+@%".contains(c));
    if plain {
        return s.into_owned();
    }
    let mut out = String::from("'");
    for c in s.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// A `PATH` value with `dirs` in front of the current one.
pub fn path_with(dirs: &[&Path]) -> Result<OsString> {
    let current = std::env::var_os("PATH").unwrap_or_default();
    let all = dirs
        .iter()
        .map(|d| d.to_path_buf())
        .chain(std::env::split_paths(&current));
    std::env::join_paths(all).context("a directory to add to PATH contains ':'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(duration(Duration::from_millis(4_240)), "4.2s");
        assert_eq!(duration(Duration::from_secs(187)), "3m 07s");
    }

    #[test]
    fn quoting_only_when_needed() {
        assert_eq!(quote(OsStr::new("--release")), "--release");
        assert_eq!(quote(OsStr::new("a b")), "'a b'");
        assert_eq!(quote(OsStr::new("it's")), "'it'\\''s'");
        assert_eq!(quote(OsStr::new("")), "''");
    }

    #[test]
    fn echoed_command_shows_env_and_args() {
        let cmd = Cmd::new("cargo")
            .args(["test", "-p", "e2e"])
            .env("CITY_TASKS_DIST", "/w/dist")
            .env("PATH", "/x");
        assert_eq!(cmd.shown(), "CITY_TASKS_DIST=/w/dist cargo test -p e2e");
        let cmd = Cmd::new("/opt/rust/bin/cargo")
            .shown_as("cargo")
            .current_dir(Path::new("/w/my tools"))
            .arg("fetch");
        assert_eq!(cmd.shown(), "(cd '/w/my tools' && cargo fetch)");
    }
}
