//! What the numbers were measured on: the commit, the cores, the CPU and the Chromium version.

use std::path::Path;
use std::process::Command;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Machine {
    pub cores: usize,
    pub cpu: String,
    pub chromium: String,
    /// `git rev-parse HEAD`, with `-dirty` when the working tree has changes.
    pub commit: String,
}

impl Machine {
    /// Reads it all; a part that cannot be read says so instead of failing the benchmark.
    pub fn describe(workspace: &Path, chromium: &str) -> Self {
        let cores = std::thread::available_parallelism()
            .map(usize::from)
            .unwrap_or(0);
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| {
                text.lines()
                    .find_map(|l| l.strip_prefix("model name"))
                    .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
            })
            .unwrap_or_else(|| "unknown".to_owned());
        let chromium = output(Command::new(chromium).arg("--version"))
            .unwrap_or_else(|| format!("unknown ({chromium} --version failed)"));
        let commit = match output(
            Command::new("git")
                .current_dir(workspace)
                .args(["rev-parse", "HEAD"]),
        ) {
            Some(head) => {
                let dirty = output(Command::new("git").current_dir(workspace).args([
                    "status",
                    "--porcelain",
                    "--untracked-files=no",
                ]))
                .is_some_and(|status| !status.is_empty());
                if dirty { format!("{head}-dirty") } else { head }
            }
            None => "unknown (not a git checkout)".to_owned(),
        };
        Machine {
            cores,
            cpu,
            chromium,
            commit,
        }
    }
}

/// A command's trimmed stdout when it succeeds.
fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok().filter(|o| o.status.success())?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}
