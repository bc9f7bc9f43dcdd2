//! `cargo xtask publish-s3`: uploads a delivered `dist/` to S3 and invalidates CloudFront, with
//! the `aws` CLI, following the plan of `city_tasks_delivery::publish`; and the CI check of that
//! plan for a delivered copy of the release build (run by the `build` stage).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use city_tasks_delivery::custom_http::{CustomHttp, parse_custom_http};
use city_tasks_delivery::env_config::config_from_env;
use city_tasks_delivery::finish::{copy_dir, finish_dist};
use city_tasks_delivery::publish::{
    PublishPlan, Step, Target, aws_args, check_plan, invalidation_paths, list_args,
    parse_key_listing, plan, stale_keys,
};

use crate::Workspace;
use crate::cmd::section;

#[derive(Debug, PartialEq, Eq)]
pub struct Options {
    bucket: String,
    distribution: String,
    dist: Option<PathBuf>,
    dry_run: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self> {
        let (mut bucket, mut distribution, mut dist, mut dry_run) = (None, None, None, false);
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) => (name, Some(value.to_string())),
                None => (arg.as_str(), None),
            };
            if name == "--dry-run" && inline.is_none() {
                dry_run = true;
                continue;
            }
            let slot = match name {
                "--bucket" => &mut bucket,
                "--distribution" => &mut distribution,
                "--dist" => &mut dist,
                _ => bail!("unknown option `{arg}` for `publish-s3` (see `cargo xtask help`)"),
            };
            let value = match inline.or_else(|| args.next().cloned()) {
                Some(value) if !value.is_empty() => value,
                _ => bail!("`{name}` needs a value"),
            };
            *slot = Some(value);
        }
        let Some(bucket) = bucket else {
            bail!("`publish-s3` needs `--bucket <name>`")
        };
        let Some(distribution) = distribution else {
            bail!("`publish-s3` needs `--distribution <CloudFront distribution id>`")
        };
        let bucket_ok = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
        if !bucket_ok {
            bail!("`{bucket}` is not an S3 bucket name (3-63 of a-z 0-9 . -, no s3:// prefix)");
        }
        if !distribution
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            bail!("`{distribution}` is not a CloudFront distribution id (such as E2QWRUHEXAMPLE)");
        }
        Ok(Options {
            bucket,
            distribution,
            dist: dist.map(PathBuf::from),
            dry_run,
        })
    }
}

pub fn run(ws: &Workspace, options: &Options) -> Result<()> {
    let dist = options.dist.clone().unwrap_or_else(|| ws.dist());
    let rules = custom_http(ws)?;
    let files = list_files(&dist)?;
    let plan = plan(&files, &rules).with_context(|| format!("planning {}", dist.display()))?;
    let target = Target {
        bucket: options.bucket.clone(),
        distribution: options.distribution.clone(),
        dist: dist.display().to_string(),
    };
    print_plan(&plan, &target);
    if options.dry_run {
        println!("\ndry run: nothing was sent");
        return Ok(());
    }
    execute(ws, &plan, &target, &rules)
}

/// The `build` stage's check: a copy of `dist/` finished for an example environment, exactly
/// as `cargo xtask deliver` finishes it, then the dry run's plan checked and printed.
pub fn check_delivered(ws: &Workspace) -> Result<()> {
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| ws.root.join("target"));
    let delivered = target_dir.join("publish-check").join("dist");
    if delivered.exists() {
        std::fs::remove_dir_all(&delivered)
            .with_context(|| format!("clearing {}", delivered.display()))?;
    }
    copy_dir(&ws.dist(), &delivered)?;
    let example = HashMap::from(EXAMPLE_ENVIRONMENT);
    let config = config_from_env(|name| example.get(name).map(|v| v.to_string()))?;
    finish_dist(&delivered, &config)?;

    let files = list_files(&delivered)?;
    let plan = plan(&files, &custom_http(ws)?)?;
    let target = Target {
        bucket: "city-tasks-example".into(),
        distribution: "E2EXAMPLE".into(),
        dist: delivered.display().to_string(),
    };
    section("publish-s3 --dry-run for a delivered copy of the build");
    print_plan(&plan, &target);
    let problems = check_plan(&plan, &files);
    if !problems.is_empty() {
        bail!("the S3 publish plan is wrong:\n  {}", problems.join("\n  "));
    }
    println!(
        "\npublish plan ok: {} files each uploaded once, index.html last, {} paths invalidated",
        plan.uploads.len(),
        plan.invalidations.len()
    );
    Ok(())
}

/// The README's example deployment: only the file set and names matter to the plan.
const EXAMPLE_ENVIRONMENT: [(&str, &str); 6] = [
    (
        "CITY_TASKS_ISSUER",
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123",
    ),
    (
        "CITY_TASKS_AUTH_DOMAIN",
        "https://city-tasks.auth.eu-west-1.amazoncognito.com",
    ),
    ("CITY_TASKS_CLIENT_ID", "1abc2def3ghi4jkl5mno6pqr7"),
    ("CITY_TASKS_REDIRECT_URI", "https://tasks.example.com/home"),
    ("CITY_TASKS_LOGOUT_URI", "https://tasks.example.com/"),
    ("CITY_TASKS_API_BASE_URL", "https://api.example.com/api"),
];

fn custom_http(ws: &Workspace) -> Result<CustomHttp> {
    let path = ws.root.join("customHttp.yml");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(parse_custom_http(&text)?)
}

fn print_plan(plan: &PublishPlan, target: &Target) {
    println!(
        "{} -> s3://{} (CloudFront {})",
        target.dist, target.bucket, target.distribution
    );
    println!("uploads, in this order ({}):", plan.uploads.len());
    let width = plan.uploads.iter().map(|o| o.key.len()).max().unwrap_or(0);
    for (n, object) in plan.uploads.iter().enumerate() {
        println!(
            "  {:>2}  {:<width$}  Content-Type: {:<30}  Cache-Control: {}",
            n + 1,
            object.key,
            object.content_type,
            object.cache_control
        );
    }
    println!(
        "then: every key of s3://{} the build no longer has is deleted (`aws {}`, then `aws s3 rm` each)",
        target.bucket,
        list_args(target).join(" ")
    );
    println!(
        "then: CloudFront invalidation of {} paths: {} (plus any deleted file that is not immutable)",
        plan.invalidations.len(),
        plan.invalidations.join(" ")
    );
}

fn execute(ws: &Workspace, plan: &PublishPlan, target: &Target, rules: &CustomHttp) -> Result<()> {
    if ws.cmd("aws").arg("--version").probe().is_none() {
        bail!(
            "the `aws` CLI is not on PATH (GitHub's ubuntu-latest has it; elsewhere install AWS CLI v2)"
        );
    }
    section(&format!(
        "uploading {} files to s3://{}",
        plan.uploads.len(),
        target.bucket
    ));
    for object in &plan.uploads {
        ws.cmd("aws")
            .args(aws_args(&Step::Upload(object), target))
            .run()?;
    }

    section("deleting what the new build no longer has");
    let listing = Command::new("aws")
        .args(list_args(target))
        .output()
        .context("could not start `aws s3api list-objects-v2`")?;
    if !listing.status.success() {
        bail!(
            "listing s3://{} failed ({}): {}",
            target.bucket,
            listing.status,
            String::from_utf8_lossy(&listing.stderr).trim()
        );
    }
    let keys = parse_key_listing(&String::from_utf8_lossy(&listing.stdout))
        .context("reading the bucket listing")?;
    let stale = stale_keys(plan, &keys);
    if stale.is_empty() {
        println!("nothing to delete");
    }
    for key in &stale {
        ws.cmd("aws")
            .args(aws_args(&Step::Delete(key), target))
            .run()?;
    }

    let paths = invalidation_paths(&plan.uploads, &stale, rules);
    section(&format!("invalidating {} paths on CloudFront", paths.len()));
    ws.cmd("aws")
        .args(aws_args(&Step::Invalidate(&paths), target))
        .run()
}

/// Every file under `dist`, as bucket keys (`/`-separated, relative), sorted.
fn list_files(dist: &Path) -> Result<Vec<String>> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<()> {
        for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let entry = entry?;
            let name = entry.file_name().into_string().map_err(|name| {
                anyhow::anyhow!("{}: the name {name:?} is not UTF-8", dir.display())
            })?;
            let key = format!("{prefix}{name}");
            if entry.file_type()?.is_dir() {
                walk(&entry.path(), &format!("{key}/"), out)?;
            } else {
                out.push(key);
            }
        }
        Ok(())
    }
    if !dist.join("index.html").is_file() {
        bail!(
            "{} has no index.html: run `cargo xtask deliver` first",
            dist.display()
        );
    }
    let mut files = Vec::new();
    walk(dist, "", &mut files)?;
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options> {
        Options::parse(&crate::args(args))
    }

    #[test]
    fn options() {
        let options = parse(&[
            "--bucket",
            "city-tasks-prod",
            "--distribution=E2QWRUHEXAMPLE",
            "--dry-run",
        ])
        .unwrap();
        assert_eq!(
            options,
            Options {
                bucket: "city-tasks-prod".into(),
                distribution: "E2QWRUHEXAMPLE".into(),
                dist: None,
                dry_run: true,
            }
        );
        assert!(parse(&["--bucket", "b1b"]).is_err(), "no distribution");
        assert!(parse(&["--bucket", "s3://x", "--distribution", "E1"]).is_err());
        assert!(parse(&["--bucket", "abc", "--distribution", "e1;rm"]).is_err());
        assert!(parse(&["--bucket"]).is_err());
        assert!(parse(&["--dry-run=yes", "--bucket", "abc", "--distribution", "E1"]).is_err());
        assert!(parse(&["--force"]).is_err());
    }

    #[test]
    fn lists_nested_files_as_keys() {
        let dir = std::env::temp_dir().join(format!("xtask-publish-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("snippets/x")).unwrap();
        std::fs::write(dir.join("index.html"), "<head></head>").unwrap();
        std::fs::write(dir.join("snippets/x/a.js"), "").unwrap();
        let files = list_files(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(files.unwrap(), ["index.html", "snippets/x/a.js"]);
    }
}
