//! The S3 + CloudFront files in `deploy/aws/` (README, CloudFront) parse and say what the
//! deployment relies on: the SPA rewrite function behaves like the Rust rule (run under Node),
//! the response headers policy is exactly what `customHttp.yml` makes, and the deploy role may
//! do what `cargo xtask publish-s3` does and nothing more.

use city_tasks_delivery::cloudfront::response_headers_policy;
use city_tasks_delivery::custom_http::parse_custom_http;
use city_tasks_delivery::rewrite::{APP_EXTENSIONS, ASSET_EXTENSIONS, rewrites_to_index};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn repo_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(name)
}

fn repo_file(name: &str) -> String {
    let path = repo_path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn json_file(name: &str) -> Value {
    serde_json::from_str(&repo_file(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// The paths the Rust rule's own tests use, plus the awkward ones.
const PATHS: [&str; 19] = [
    "/",
    "/home",
    "/tasks",
    "/tasks/edit/3",
    "/error/404",
    "/v1.2/x",
    "/a.unknown",
    "/index.html",
    "/missing.js",
    "/app-1.wasm",
    "/main.css",
    "/config.json",
    "/manifest.webmanifest",
    "/icon.svg",
    "/icon-192.png",
    "/x.JS",
    "/.well-known/thing",
    "/city-tasks-840ae7d454cfd33b_bg.wasm",
    "/tasks/edit/3.",
];

#[test]
fn the_cloudfront_function_rewrites_exactly_the_app_routes() {
    let code = repo_file("deploy/aws/spa-rewrite.js");
    assert!(code.contains("function handler(event)"), "{code}");
    // CloudFront Functions have no modules; runtime 1.0 has no let/const either.
    for banned in ["export ", "import ", "require(", "let ", "const ", "=>"] {
        assert!(!code.contains(banned), "spa-rewrite.js uses `{banned}`");
    }
    let list = code
        .split_once(r"/\.(")
        .and_then(|(_, rest)| rest.split_once(")$/"))
        .map(|(list, _)| list)
        .expect("the function's extension regex");
    let mut in_function: Vec<&str> = list.split('|').collect();
    let mut in_rust: Vec<&str> = ASSET_EXTENSIONS
        .iter()
        .chain(APP_EXTENSIONS.iter())
        .copied()
        .collect();
    in_function.sort_unstable();
    in_rust.sort_unstable();
    assert_eq!(in_function, in_rust, "the function's extensions");
    let script = format!(
        "{code}\nvar paths = JSON.parse(process.argv[1]);\n\
         console.log(JSON.stringify(paths.map(function (uri) {{\n\
           var request = {{ uri: uri, querystring: {{ code: {{ value: 'x' }} }} }};\n\
           return handler({{ request: request }}).uri;\n\
         }})));"
    );
    let paths = serde_json::to_string(&PATHS).unwrap();
    let output = Command::new("node")
        .args(["-e", &script, &paths])
        .output()
        .expect("node (the README's Node 20) runs the CloudFront Function");
    assert!(
        output.status.success(),
        "node: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rewritten: Vec<String> = serde_json::from_slice(&output.stdout).expect("JSON from node");
    for (path, got) in PATHS.iter().zip(&rewritten) {
        let expected = if rewrites_to_index(path) {
            "/index.html"
        } else {
            path
        };
        assert_eq!(got, expected, "{path}");
    }
}

#[test]
fn the_response_headers_policy_file_is_what_custom_http_yml_makes() {
    let rules = parse_custom_http(&repo_file("customHttp.yml")).expect("customHttp.yml");
    let expected = response_headers_policy(&rules, "city-tasks-security-headers").expect("policy");
    let file = "deploy/aws/response-headers-policy.json";
    if std::env::var_os("CITY_TASKS_WRITE_DEPLOY_FILES").is_some() {
        let text = serde_json::to_string_pretty(&expected).unwrap() + "\n";
        std::fs::write(repo_path(file), text).expect("writing the policy");
    }
    assert_eq!(
        json_file(file),
        expected,
        "{file} differs from customHttp.yml: rerun this test with CITY_TASKS_WRITE_DEPLOY_FILES=1 \
         and update the policy in CloudFront"
    );
    let security = &expected["SecurityHeadersConfig"];
    for field in [
        "ContentSecurityPolicy",
        "ReferrerPolicy",
        "ContentTypeOptions",
        "FrameOptions",
        "StrictTransportSecurity",
    ] {
        assert_eq!(security[field]["Override"], true, "{field}");
    }
    // CloudFront refuses a Content-Security-Policy longer than 1783 characters.
    let csp = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
        .as_str()
        .unwrap();
    assert!(csp.len() <= 1783 && csp.contains("frame-ancestors 'none'"));
    let custom: Vec<&str> = expected["CustomHeadersConfig"]["Items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|item| item["Header"].as_str())
        .collect();
    assert_eq!(custom, ["Permissions-Policy", "Cross-Origin-Opener-Policy"]);
}

fn statements(policy: &Value) -> &Vec<Value> {
    assert_eq!(policy["Version"], "2012-10-17");
    policy["Statement"].as_array().expect("Statement list")
}

fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(one) => vec![one.as_str()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        _ => panic!("not a string or list: {value}"),
    }
}

#[test]
fn the_deploy_role_may_do_what_publish_s3_does_and_no_more() {
    let policy = json_file("deploy/aws/deploy-role-policy.json");
    let mut granted: Vec<(String, String)> = Vec::new();
    for statement in statements(&policy) {
        assert_eq!(statement["Effect"], "Allow");
        assert!(statement.get("NotAction").is_none() && statement.get("NotResource").is_none());
        for action in strings(&statement["Action"]) {
            for resource in strings(&statement["Resource"]) {
                granted.push((action.to_string(), resource.to_string()));
            }
        }
    }
    granted.sort();
    let expected = [
        (
            "cloudfront:CreateInvalidation",
            "arn:aws:cloudfront::ACCOUNT_ID:distribution/DISTRIBUTION_ID",
        ),
        ("s3:DeleteObject", "arn:aws:s3:::BUCKET_NAME/*"),
        ("s3:ListBucket", "arn:aws:s3:::BUCKET_NAME"),
        ("s3:PutObject", "arn:aws:s3:::BUCKET_NAME/*"),
    ]
    .map(|(a, r)| (a.to_string(), r.to_string()));
    assert_eq!(granted, expected);
}

#[test]
fn only_the_deploy_job_of_one_environment_may_assume_the_role() {
    let trust = json_file("deploy/aws/deploy-role-trust-policy.json");
    let [statement] = statements(&trust).as_slice() else {
        panic!("one statement")
    };
    assert_eq!(statement["Effect"], "Allow");
    assert_eq!(statement["Action"], "sts:AssumeRoleWithWebIdentity");
    assert_eq!(
        statement["Principal"]["Federated"],
        "arn:aws:iam::ACCOUNT_ID:oidc-provider/token.actions.githubusercontent.com"
    );
    let equals = &statement["Condition"]["StringEquals"];
    assert_eq!(
        equals["token.actions.githubusercontent.com:aud"],
        "sts.amazonaws.com"
    );
    // deploy.yml's job names an environment, so GitHub's subject is repo:...:environment:NAME.
    assert_eq!(
        equals["token.actions.githubusercontent.com:sub"],
        "repo:OWNER/REPOSITORY:environment:ENVIRONMENT"
    );
    assert!(statement["Condition"].get("StringLike").is_none());
}

/// README's CloudFront section names every file of `deploy/aws/` and the workflows, and shows no
/// copy of the function that could drift from the file.
#[test]
fn the_readme_cloudfront_section_goes_with_the_files() {
    let readme = repo_file("README.md");
    let section = readme
        .split_once("\n### CloudFront\n")
        .map(|(_, rest)| {
            rest.split_once("\n## ")
                .map_or(rest, |(section, _)| section)
        })
        .expect("README has a CloudFront section");
    let mut files: Vec<String> = std::fs::read_dir(repo_path("deploy/aws"))
        .expect("deploy/aws")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 4, "{files:?}");
    for file in &files {
        assert!(
            section.contains(&format!("deploy/aws/{file}")),
            "README does not name {file}"
        );
    }
    for named in [
        ".github/workflows/deploy.yml",
        ".github/workflows/ci.yml",
        "cargo xtask publish-s3 --bucket",
        "--dry-run",
        "application/wasm",
        "public, max-age=31536000, immutable",
        "cloudfront-js-2.0",
    ] {
        assert!(
            section.contains(named),
            "README's CloudFront section lacks {named}"
        );
    }
    assert!(
        !section.contains("function handler"),
        "the function lives in its file only"
    );
}
