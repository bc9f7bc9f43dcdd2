//! `cargo xtask deliver`: what the CDN build runs (amplify.yml). The release build, then the
//! environment's `config.json` and Content-Security-Policy, from `CITY_TASKS_*` variables.

use anyhow::{Result, bail};
use city_tasks_delivery::env_config::{OPTIONAL_VARIABLES, VARIABLES, config_from_env};
use city_tasks_delivery::finish::finish_dist;

use crate::Workspace;
use crate::cmd::timed;
use crate::release;
use crate::tools::{self, Browser};

pub fn run(ws: &Workspace, args: &[String]) -> Result<()> {
    let check_only = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        [other, ..] => bail!("unknown option `{other}` for `deliver` (see `cargo xtask help`)"),
    };
    // Read the variables first: a deployment with a missing one fails before any compiling.
    let config = config_from_env(|name| std::env::var(name).ok())?;
    if check_only {
        println!("deployment variables: ok");
        for (field, variable, _) in VARIABLES {
            println!("  {variable:<26} -> {field}");
        }
        for (field, variable) in OPTIONAL_VARIABLES {
            println!("  {variable:<26} -> {field} (left out when unset)");
        }
        return Ok(());
    }
    tools::setup(ws, Browser::Skip)?;
    timed("fetch crates", || release::fetch(ws, true)).0?;
    timed("release build", || release::Build::Split.run(ws)).0?;
    let dist = ws.dist();
    finish_dist(&dist, &config)?;
    println!(
        "wrote {}/config.json and the CSP in index.html for {}",
        dist.display(),
        config.redirect_uri
    );
    Ok(())
}
