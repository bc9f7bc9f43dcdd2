//! `cargo xtask verify-deploy <url>`: runs crates/deploy-check's checklist against a deployed
//! site. The HTTP client (with TLS) lives in that crate so the task runner stays quick to build.

use anyhow::{Result, bail};

use crate::Workspace;
use crate::cmd::Cmd;

pub fn run(ws: &Workspace, args: &[String]) -> Result<()> {
    let Some(site) = args.iter().find(|a| !a.starts_with("--")) else {
        bail!(
            "`verify-deploy` needs the site's address, e.g. `cargo xtask verify-deploy https://tasks.example.com`"
        );
    };
    if let Some(other) = args
        .iter()
        .find(|a| a.starts_with("--") && *a != "--require-hsts")
    {
        bail!("unknown option `{other}` for `verify-deploy` (see `cargo xtask help`)");
    }
    let mut cmd = deploy_check(ws).args(["verify", site.as_str()]);
    if args.iter().any(|a| a == "--require-hsts") {
        cmd = cmd.arg("--require-hsts");
    }
    cmd.run().map_err(|_| {
        anyhow::anyhow!("the deployment at {site} has failing checks (see the list above)")
    })
}

/// `cargo run -p city-tasks-deploy-check --bin deploy-check -- <args>`: the binary behind
/// `verify-deploy` and `dev --config`.
pub fn deploy_check(ws: &Workspace) -> Cmd {
    ws.cargo([
        "run",
        "--quiet",
        "-p",
        "city-tasks-deploy-check",
        "--bin",
        "deploy-check",
        "--",
    ])
}
