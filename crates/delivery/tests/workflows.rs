//! The GitHub Actions workflows in `.github/workflows/` parse and say what README promises: CI
//! runs exactly `.ci/run` in Debian with a cache keyed on the lockfile and the pinned tools; the
//! deployment builds with `cargo xtask deliver` from the Amplify variables and publishes with
//! `cargo xtask publish-s3` under an OIDC role; every action is pinned by commit; permissions
//! are the least each job needs. (zizmor lints the same files in .ci/run.)

use city_tasks_delivery::env_config::{OPTIONAL_VARIABLES, VARIABLES};
use serde_norway::{Mapping, Value};
use std::path::PathBuf;

fn repo_file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn workflow(name: &str) -> (String, Value) {
    let text = repo_file(&format!(".github/workflows/{name}"));
    let parsed = serde_norway::from_str(&text).unwrap_or_else(|error| panic!("{name}: {error}"));
    (text, parsed)
}

/// The `on:` map (a YAML 1.1 reader would see the key `on` as `true`).
fn triggers(workflow: &Value) -> &Mapping {
    workflow
        .get("on")
        .or_else(|| workflow.get(Value::Bool(true)))
        .and_then(Value::as_mapping)
        .expect("an `on:` map of triggers")
}

fn keys(map: &Mapping) -> Vec<&str> {
    map.keys().filter_map(Value::as_str).collect()
}

fn only_job(workflow: &Value) -> &Value {
    let jobs = workflow["jobs"].as_mapping().expect("jobs");
    assert_eq!(jobs.len(), 1, "one job");
    jobs.values().next().unwrap()
}

fn steps(job: &Value) -> &Vec<Value> {
    job["steps"].as_sequence().expect("steps")
}

fn run_of(step: &Value) -> &str {
    step["run"].as_str().unwrap_or_default()
}

fn uses_of(step: &Value) -> &str {
    step["uses"].as_str().unwrap_or_default()
}

fn position(steps: &[Value], what: impl Fn(&Value) -> bool) -> usize {
    steps.iter().position(what).expect("the step is there")
}

/// Every `uses:` is `owner/repo@<40 hex digits>` with the release in a comment beside it, and
/// no `run:` script expands `${{ }}` (template injection: values go in through `env:`).
fn check_pinned_and_injection_free(name: &str, text: &str, parsed: &Value) {
    let mut uses = 0;
    for line in text.lines().map(str::trim) {
        let Some(reference) = line
            .strip_prefix("uses: ")
            .or(line.strip_prefix("- uses: "))
        else {
            continue;
        };
        uses += 1;
        let (action, comment) = reference.split_once(" # v").expect("a `# vX.Y.Z` comment");
        let (repo, sha) = action.split_once('@').expect("owner/repo@sha");
        assert!(repo.contains('/'), "{name}: {line}");
        assert!(
            sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
            "{name}: {line} is not pinned to a commit"
        );
        assert!(comment.chars().next().is_some_and(|c| c.is_ascii_digit()));
    }
    assert!(uses > 0, "{name} uses no action?");
    for step in steps(only_job(parsed)) {
        assert!(
            !run_of(step).contains("${{"),
            "{name}: expression inside a run script: {}",
            run_of(step)
        );
        if uses_of(step).starts_with("actions/checkout@") {
            assert_eq!(
                step["with"]["persist-credentials"],
                Value::Bool(false),
                "{name}: the checkout leaves no token in .git/config"
            );
        }
    }
}

#[test]
fn ci_runs_exactly_the_test_command_in_debian_with_a_keyed_cache() {
    let (text, ci) = workflow("ci.yml");
    check_pinned_and_injection_free("ci.yml", &text, &ci);
    let on = triggers(&ci);
    assert!(keys(on).contains(&"pull_request"), "{:?}", keys(on));
    assert!(keys(on).contains(&"push"), "{:?}", keys(on));
    assert!(!keys(on).contains(&"pull_request_target"));

    let read_only = serde_norway::from_str::<Value>("contents: read").unwrap();
    assert_eq!(ci["permissions"], read_only, "workflow permissions");
    let job = only_job(&ci);
    assert!(
        job.get("permissions").is_none(),
        "the job asks for nothing more"
    );
    assert_eq!(job["runs-on"], Value::from("ubuntu-latest"));
    // Debian's Chromium and chromedriver (Ubuntu's apt only has snap stubs).
    let image = job["container"]["image"].as_str().expect("a container");
    assert!(
        image.ends_with("-bookworm") || image.starts_with("debian:12"),
        "{image}"
    );
    let timeout = job["timeout-minutes"].as_u64().expect("timeout-minutes");
    assert!(timeout <= 90, "{timeout}");

    let steps = steps(job);
    let runs: Vec<&str> = steps.iter().map(run_of).filter(|r| !r.is_empty()).collect();
    assert_eq!(runs.last(), Some(&"bash .ci/run"), "{runs:?}");
    assert_eq!(runs.iter().filter(|r| r.contains(".ci/run")).count(), 1);
    assert!(
        !runs.iter().any(|r| r.contains("cargo ")),
        "CI runs .ci/run, not its own cargo commands: {runs:?}"
    );

    let cache = &steps[position(steps, |s| uses_of(s).starts_with("actions/cache@"))];
    let paths = cache["with"]["path"].as_str().expect("cache paths");
    for path in ["~/.cargo/bin", "~/.cargo/registry", "target"] {
        assert!(paths.contains(path), "{path} not cached: {paths}");
    }
    let key = cache["with"]["key"].as_str().expect("cache key");
    for input in [
        "Cargo.lock",
        "xtask/src/tools.rs",
        "Trunk.toml",
        "tools/package-lock.json",
        ".ci/run",
        "RUST_TOOLCHAIN",
    ] {
        assert!(key.contains(input), "the cache key ignores {input}: {key}");
    }
    // The pinned versions the key stands for live in those files.
    assert!(repo_file("xtask/src/tools.rs").contains("TRUNK_VERSION"));
    assert!(repo_file(".ci/run").contains("ZIZMOR_VERSION="));
    let rust = position(steps, |s| run_of(s).contains("rustup toolchain install"));
    assert!(rust < position(steps, |s| run_of(s) == "bash .ci/run"));
    assert!(run_of(&steps[rust]).contains("wasm32-unknown-unknown"));
}

#[test]
fn deploy_builds_from_the_amplify_variables_and_publishes_under_an_oidc_role() {
    let (text, deploy) = workflow("deploy.yml");
    check_pinned_and_injection_free("deploy.yml", &text, &deploy);
    let on = triggers(&deploy);
    assert_eq!(
        on[&Value::from("push")]["branches"],
        serde_norway::from_str::<Value>("[main]").unwrap()
    );
    let input = &on[&Value::from("workflow_dispatch")]["inputs"]["environment"];
    assert_eq!(
        input["type"],
        Value::from("environment"),
        "pick an environment by hand"
    );
    assert!(!keys(on).contains(&"pull_request") && !keys(on).contains(&"pull_request_target"));

    assert_eq!(
        deploy["permissions"],
        Value::Mapping(Mapping::new()),
        "nothing by default"
    );
    let job = only_job(&deploy);
    let permissions = job["permissions"].as_mapping().expect("job permissions");
    let mut granted: Vec<(&str, &str)> = permissions
        .iter()
        .map(|(k, v)| (k.as_str().unwrap(), v.as_str().unwrap()))
        .collect();
    granted.sort();
    assert_eq!(granted, [("contents", "read"), ("id-token", "write")]);
    let environment = job["environment"].as_str().expect("an environment");
    assert!(environment.contains("inputs.environment"), "{environment}");
    assert_eq!(
        deploy["concurrency"]["cancel-in-progress"],
        Value::Bool(false)
    );

    // The same variable names as Amplify, every one, from the environment's variables.
    let env = job["env"].as_mapping().expect("job env");
    let variables = VARIABLES.iter().map(|(_, variable, _)| *variable);
    for variable in variables.chain(OPTIONAL_VARIABLES.map(|(_, variable)| variable)) {
        assert_eq!(
            env.get(variable).and_then(Value::as_str),
            Some(format!("${{{{ vars.{variable} }}}}").as_str()),
            "{variable}"
        );
    }
    assert!(
        !text.contains("secrets."),
        "no stored secrets: the role comes from OIDC"
    );

    let steps = steps(job);
    let check = position(steps, |s| run_of(s) == "cargo xtask deliver --check");
    let deliver = position(steps, |s| run_of(s) == "cargo xtask deliver");
    let credentials = position(steps, |s| {
        uses_of(s).starts_with("aws-actions/configure-aws-credentials@")
    });
    let publish = position(steps, |s| run_of(s).starts_with("cargo xtask publish-s3 "));
    assert!(check < deliver && deliver < credentials && credentials < publish);
    assert_eq!(publish, steps.len() - 1, "publishing is the last step");
    let with = steps[credentials]["with"]
        .as_mapping()
        .expect("credentials inputs");
    assert_eq!(
        with.get("role-to-assume").and_then(Value::as_str),
        Some("${{ vars.AWS_DEPLOY_ROLE_ARN }}")
    );
    assert!(with.get("aws-region").is_some());
    assert!(
        !keys(with)
            .iter()
            .any(|k| k.starts_with("aws-access-key") || k.starts_with("aws-secret")),
        "no long-lived keys"
    );
    let command = run_of(&steps[publish]);
    assert_eq!(
        command,
        "cargo xtask publish-s3 --bucket \"$SITE_BUCKET\" --distribution \"$CLOUDFRONT_DISTRIBUTION_ID\""
    );
    assert!(env.contains_key("SITE_BUCKET") && env.contains_key("CLOUDFRONT_DISTRIBUTION_ID"));
}
