//! `deploy-check`: the binary behind `cargo xtask verify-deploy` and `cargo xtask dev --config`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use city_tasks_config::config::parse_config;
use city_tasks_delivery::custom_http::parse_custom_http;
use city_tasks_delivery::finish::finish_dist;
use city_tasks_deploy_check::checks::{self, Options};
use city_tasks_deploy_check::fetch::{self, Client};
use city_tasks_deploy_check::report;

const USAGE: &str = "\
Usage:
  deploy-check verify <https://site> [--require-hsts]
      Fetch the site, its config.json, its user pool and API the way a browser will, and print
      the checklist. Exit status 1 when a check fails.
  deploy-check dev-serve --config <config.json> --dir <built dist> [--port 8080]
      Finish <dir> for <config.json> (config.json and its CSP), check the pool and the API
      for the local origin, then serve <dir> like the CDN until Ctrl-C.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode> {
    match args.first().map(String::as_str) {
        Some("verify") => verify(&args[1..]),
        Some("dev-serve") => dev_serve(&args[1..]),
        _ => {
            print!("{USAGE}");
            Ok(ExitCode::from(2))
        }
    }
}

fn verify(args: &[String]) -> Result<ExitCode> {
    let mut site = None;
    let mut options = Options::default();
    for arg in args {
        match arg.as_str() {
            "--require-hsts" => options.require_hsts = true,
            other if other.starts_with("--") => bail!("unknown option {other}\n\n{USAGE}"),
            other if site.is_none() => site = Some(other.to_string()),
            other => bail!("unexpected argument {other}\n\n{USAGE}"),
        }
    }
    let site = site.context("verify needs the site's URL, e.g. https://tasks.example.com")?;
    let origin = fetch::site_origin(&site).map_err(anyhow::Error::msg)?;
    let observed = fetch::observe(&Client::new(), &origin);
    let list = checks::evaluate(&observed, options);
    print!("{}", report::render(&origin, &list));
    Ok(if checks::all_passed(&list) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn dev_serve(args: &[String]) -> Result<ExitCode> {
    let mut config_path = None;
    let mut dir = None;
    let mut port: u16 = 8080;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--config" => config_path = Some(PathBuf::from(value()?)),
            "--dir" => dir = Some(PathBuf::from(value()?)),
            "--port" => port = value()?.parse().context("--port needs a number")?,
            other => bail!("unknown argument {other}\n\n{USAGE}"),
        }
    }
    let config_path = config_path.context("dev-serve needs --config")?;
    let dir = dir.context("dev-serve needs --dir")?;
    let text = std::fs::read_to_string(&config_path)
        .with_context(|| format!("reading {}", config_path.display()))?;
    let config = parse_config(&text).with_context(|| format!("{}", config_path.display()))?;
    finish_dist(&dir, &config)?;

    let origin = fetch::site_origin(&config.redirect_uri).map_err(anyhow::Error::msg)?;
    println!("checking the user pool and the API for {origin} ...");
    let remote = fetch::observe_remote(&Client::new(), &config, &origin);
    let list = checks::remote_checks(&remote, &config, &origin);
    for check in &list {
        println!(
            "{} {}: {}",
            report::mark(check.status),
            check.title,
            check.detail
        );
        if let Some(fix) = &check.fix {
            println!("       fix: {fix}");
        }
    }
    if !checks::all_passed(&list) {
        println!(
            "The app is served anyway; sign-in or the task list will fail until the above is fixed."
        );
    }

    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../customHttp.yml");
    let headers = parse_custom_http(&std::fs::read_to_string(&root)?)?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let cdn = local_stack::start_cdn_with(
            dir.clone(),
            headers,
            local_stack::CdnOptions {
                port,
                ..Default::default()
            },
        )
        .await?;
        println!("READY {origin}");
        println!("  open {origin}/ (the callback is {})", config.redirect_uri);
        println!(
            "  If Cognito shows \"redirect_mismatch\", the app client lacks {} in its Allowed callback URLs.",
            config.redirect_uri
        );
        tokio::signal::ctrl_c().await?;
        cdn.stop().await;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
