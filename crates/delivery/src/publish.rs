//! Publishing a delivered `dist/` to S3 behind CloudFront, as a plan: which object gets which
//! Content-Type and Cache-Control (from `customHttp.yml`), in which order, what is deleted
//! afterwards and which paths are invalidated. Pure: `cargo xtask publish-s3` lists the files,
//! runs the `aws` commands this module spells out, and prints the plan for `--dry-run`.

use crate::custom_http::CustomHttp;

/// The page that names every hashed file: uploaded last, so it never points at a file that is
/// not there yet.
pub const INDEX: &str = "index.html";

/// One file of the build as it will be stored in the bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Object {
    /// The key in the bucket, which is the path under `dist/` with `/` separators.
    pub key: String,
    pub content_type: &'static str,
    pub cache_control: String,
}

impl S3Object {
    /// Cached for good by browsers and CloudFront, so never invalidated: only files whose name
    /// changes with their content may be (see [`check_plan`]).
    pub fn is_immutable(&self) -> bool {
        is_immutable(&self.cache_control)
    }

    /// The path a browser asks CloudFront for.
    pub fn path(&self) -> String {
        format!("/{}", self.key)
    }
}

/// What a deployment does, in order: every upload, then (against the bucket's listing, see
/// [`stale_keys`]) the deletions, then one invalidation of `invalidations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishPlan {
    /// Hashed files first, then the other files, `index.html` last.
    pub uploads: Vec<S3Object>,
    /// The paths of every upload that is not immutable.
    pub invalidations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("{0}: no Content-Type is known for this extension; add it to publish::content_type")]
    UnknownType(String),
    #[error("{0}: customHttp.yml gives it no Cache-Control")]
    NoCacheControl(String),
    #[error(
        "{0}: only letters, digits and `._-/` are published (the key is also a CloudFront path)"
    )]
    UnsafeKey(String),
    #[error("the build has no {INDEX}")]
    NoIndex,
}

/// The Content-Type S3 stores and CloudFront serves for a key, by extension. `None` for an
/// extension the site does not use, so nothing is uploaded under a guessed type.
pub fn content_type(key: &str) -> Option<&'static str> {
    let extension = key.rsplit_once('.')?.1;
    Some(match extension {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        _ => return None,
    })
}

pub fn is_immutable(cache_control: &str) -> bool {
    cache_control
        .split(',')
        .any(|directive| directive.trim().eq_ignore_ascii_case("immutable"))
}

/// Trunk's content hash: a part of the key that is a 64-bit hash in hex
/// (`main-ce3b3e5232ce52d2.css`, `city-tasks-840ae7d454cfd33b_bg.wasm`,
/// `snippets/city-tasks-840ae7d454cfd33b/inline0.js`).
pub fn has_content_hash(key: &str) -> bool {
    key.split(['/', '-', '_', '.']).any(is_content_hash)
}

/// Whether one part of a file name is Trunk's content hash. Trunk writes the 64-bit hash with
/// `{:x}`, without leading zeros, so one build in sixteen has 15 digits
/// (`city-tasks-4ecfe044c6d0325.js`); fewer than 12 happens once in 65,536 builds and is
/// refused, so short hex words in names are not taken for hashes.
pub fn is_content_hash(part: &str) -> bool {
    (12..=16).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The plan for the files of a build (`files`: keys relative to `dist/`, in any order).
pub fn plan(files: &[String], rules: &CustomHttp) -> Result<PublishPlan, PlanError> {
    let mut objects = Vec::with_capacity(files.len());
    for key in files {
        if key.is_empty()
            || key.starts_with('/')
            || key.split('/').any(|part| part.is_empty() || part == "..")
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b))
        {
            return Err(PlanError::UnsafeKey(key.clone()));
        }
        let content_type = content_type(key).ok_or_else(|| PlanError::UnknownType(key.clone()))?;
        let cache_control = cache_control(rules, key)?;
        objects.push(S3Object {
            key: key.clone(),
            content_type,
            cache_control,
        });
    }
    if !objects.iter().any(|o| o.key == INDEX) {
        return Err(PlanError::NoIndex);
    }
    // Hashed files first (a new index.html may need them), then the rest, index.html last.
    objects.sort_by(|a, b| {
        let rank = |o: &S3Object| (o.key == INDEX, !o.is_immutable());
        rank(a).cmp(&rank(b)).then_with(|| a.key.cmp(&b.key))
    });
    objects.dedup_by(|a, b| a.key == b.key);
    let invalidations = invalidation_paths(&objects, &[], rules);
    Ok(PublishPlan {
        uploads: objects,
        invalidations,
    })
}

fn cache_control(rules: &CustomHttp, key: &str) -> Result<String, PlanError> {
    rules
        .headers_for(&format!("/{key}"))
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("Cache-Control"))
        .map(|(_, value)| value)
        .ok_or_else(|| PlanError::NoCacheControl(key.to_string()))
}

/// The keys in the bucket that the new build no longer has: deleted after every upload, so a
/// page loaded before the deployment finishes still finds its files while it loads.
pub fn stale_keys(plan: &PublishPlan, bucket_keys: &[String]) -> Vec<String> {
    let mut stale: Vec<String> = bucket_keys
        .iter()
        .filter(|key| !plan.uploads.iter().any(|o| &o.key == *key))
        .cloned()
        .collect();
    stale.sort();
    stale.dedup();
    stale
}

/// The CloudFront paths to invalidate: every uploaded or deleted file that is not cached for
/// good. Hashed files get new names instead, and the SPA rewrite runs before the cache, so
/// `/index.html` covers every app route (`/`, `/tasks/edit/3`).
pub fn invalidation_paths(
    uploads: &[S3Object],
    deleted: &[String],
    rules: &CustomHttp,
) -> Vec<String> {
    let deleted_mutable = deleted
        .iter()
        .filter(|key| !cache_control(rules, key).is_ok_and(|value| is_immutable(&value)))
        .map(|key| format!("/{key}"));
    let mut paths: Vec<String> = uploads
        .iter()
        .filter(|o| !o.is_immutable())
        .map(S3Object::path)
        .chain(deleted_mutable)
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// `aws s3api list-objects-v2 --query 'Contents[].Key' --output json` read back: a JSON list
/// of keys, or `null` for an empty bucket.
pub fn parse_key_listing(json: &str) -> Result<Vec<String>, serde_json::Error> {
    Ok(serde_json::from_str::<Option<Vec<String>>>(json)?.unwrap_or_default())
}

/// One `aws` command of a deployment, in the order they run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<'a> {
    Upload(&'a S3Object),
    Delete(&'a str),
    Invalidate(&'a [String]),
}

/// Where a deployment goes: the bucket and the distribution in front of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub bucket: String,
    pub distribution: String,
    /// The local `dist/` directory, as the `aws` CLI should read it.
    pub dist: String,
}

/// The arguments to `aws` for one step.
pub fn aws_args(step: &Step<'_>, target: &Target) -> Vec<String> {
    let strings = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    match step {
        Step::Upload(object) => strings(&[
            "s3",
            "cp",
            &format!("{}/{}", target.dist.trim_end_matches('/'), object.key),
            &format!("s3://{}/{}", target.bucket, object.key),
            "--content-type",
            object.content_type,
            "--cache-control",
            &object.cache_control,
            "--only-show-errors",
        ]),
        Step::Delete(key) => strings(&[
            "s3",
            "rm",
            &format!("s3://{}/{key}", target.bucket),
            "--only-show-errors",
        ]),
        Step::Invalidate(paths) => {
            let mut args = strings(&[
                "cloudfront",
                "create-invalidation",
                "--distribution-id",
                &target.distribution,
                "--paths",
            ]);
            args.extend(paths.iter().cloned());
            args
        }
    }
}

/// The bucket listing command whose output [`parse_key_listing`] reads (the CLI pages through
/// every key itself).
pub fn list_args(target: &Target) -> Vec<String> {
    [
        "s3api",
        "list-objects-v2",
        "--bucket",
        &target.bucket,
        "--query",
        "Contents[].Key",
        "--output",
        "json",
    ]
    .iter()
    .map(|a| a.to_string())
    .collect()
}

/// What CI checks in a plan for a delivered build; each problem is one line for the log.
pub fn check_plan(plan: &PublishPlan, files: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    for file in files {
        let count = plan.uploads.iter().filter(|o| &o.key == file).count();
        if count != 1 {
            problems.push(format!("{file} is uploaded {count} times, not once"));
        }
    }
    for object in &plan.uploads {
        if !files.contains(&object.key) {
            problems.push(format!(
                "{} is uploaded but is not in the build",
                object.key
            ));
        }
    }
    if plan.uploads.last().map(|o| o.key.as_str()) != Some(INDEX) {
        problems.push(format!("{INDEX} is not the last upload"));
    }
    let mut wasm = 0;
    for object in &plan.uploads {
        let key = &object.key;
        if key.ends_with(".wasm") {
            wasm += 1;
            if object.content_type != "application/wasm" {
                problems.push(format!("{key}: Content-Type {}", object.content_type));
            }
        }
        match (object.is_immutable(), has_content_hash(key)) {
            (true, false) => problems.push(format!(
                "{key} is cached as immutable but its name has no content hash"
            )),
            (false, true) => problems.push(format!(
                "{key} has a content hash but is not immutable ({})",
                object.cache_control
            )),
            _ => {}
        }
        let must_revalidate = [INDEX, "config.json", "boot.js"].contains(&key.as_str());
        if must_revalidate && object.cache_control != "no-cache" {
            problems.push(format!(
                "{key}: Cache-Control {} instead of no-cache",
                object.cache_control
            ));
        }
        let in_invalidations = plan.invalidations.contains(&object.path());
        if in_invalidations == object.is_immutable() {
            problems.push(format!(
                "{key}: {} in the invalidation although {}",
                if in_invalidations { "is" } else { "is not" },
                if object.is_immutable() {
                    "it is immutable"
                } else {
                    "CloudFront may cache it"
                }
            ));
        }
    }
    if wasm == 0 {
        problems.push("the build has no .wasm".to_string());
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::custom_http::parse_custom_http;

    const IMMUTABLE: &str = "public, max-age=31536000, immutable";
    const DAY: &str = "public, max-age=86400";

    fn rules() -> CustomHttp {
        parse_custom_http(&format!(
            "customHeaders:
  - pattern: '**/*'
    headers:
      - key: X-Content-Type-Options
        value: nosniff
      - key: Cache-Control
        value: no-cache
  - pattern: '**/*.wasm'
    headers:
      - key: Cache-Control
        value: {IMMUTABLE}
  - pattern: '/city-tasks-*.js'
    headers:
      - key: Cache-Control
        value: {IMMUTABLE}
  - pattern: '/main-*.css'
    headers:
      - key: Cache-Control
        value: {IMMUTABLE}
  - pattern: '/icon*'
    headers:
      - key: Cache-Control
        value: {DAY}
"
        ))
        .expect("valid rules")
    }

    fn build() -> Vec<String> {
        [
            "index.html",
            "boot.js",
            "city-tasks-840ae7d454cfd33b.js",
            "city-tasks-840ae7d454cfd33b_bg.wasm",
            "config.json",
            "icon-192.png",
            "icon.svg",
            "main-ce3b3e5232ce52d2.css",
        ]
        .map(String::from)
        .to_vec()
    }

    fn keys(plan: &PublishPlan) -> Vec<&str> {
        plan.uploads.iter().map(|o| o.key.as_str()).collect()
    }

    #[test]
    fn hashed_files_first_index_last_each_with_its_headers() {
        let plan = plan(&build(), &rules()).expect("plan");
        assert_eq!(
            keys(&plan),
            [
                "city-tasks-840ae7d454cfd33b.js",
                "city-tasks-840ae7d454cfd33b_bg.wasm",
                "main-ce3b3e5232ce52d2.css",
                "boot.js",
                "config.json",
                "icon-192.png",
                "icon.svg",
                "index.html",
            ]
        );
        let object = |key: &str| plan.uploads.iter().find(|o| o.key == key).unwrap();
        let wasm = object("city-tasks-840ae7d454cfd33b_bg.wasm");
        assert_eq!(wasm.content_type, "application/wasm");
        assert_eq!(wasm.cache_control, IMMUTABLE);
        assert_eq!(
            object("index.html").content_type,
            "text/html; charset=utf-8"
        );
        assert_eq!(object("index.html").cache_control, "no-cache");
        assert_eq!(object("config.json").content_type, "application/json");
        assert_eq!(object("icon.svg").content_type, "image/svg+xml");
        assert_eq!(object("icon.svg").cache_control, DAY);
        assert_eq!(
            object("boot.js").content_type,
            "text/javascript; charset=utf-8"
        );
        assert!(check_plan(&plan, &build()).is_empty());
    }

    #[test]
    fn only_what_caches_can_hold_stale_is_invalidated() {
        let plan = plan(&build(), &rules()).expect("plan");
        assert_eq!(
            plan.invalidations,
            [
                "/boot.js",
                "/config.json",
                "/icon-192.png",
                "/icon.svg",
                "/index.html"
            ]
        );
        let deleted = [
            "city-tasks-0000000000000000_bg.wasm".to_string(),
            "icon-old.png".to_string(),
        ];
        let paths = invalidation_paths(&plan.uploads, &deleted, &rules());
        assert!(paths.contains(&"/icon-old.png".to_string()), "{paths:?}");
        assert!(!paths.iter().any(|p| p.contains("0000")), "{paths:?}");
    }

    #[test]
    fn stale_keys_are_what_the_bucket_has_beyond_the_build() {
        let plan = plan(&build(), &rules()).expect("plan");
        let bucket = [
            "index.html",
            "city-tasks-1111111111111111_bg.wasm",
            "config.json",
            "old/notes.txt",
        ]
        .map(String::from);
        assert_eq!(
            stale_keys(&plan, &bucket),
            ["city-tasks-1111111111111111_bg.wasm", "old/notes.txt"]
        );
        assert!(stale_keys(&plan, &[]).is_empty());
    }

    #[test]
    fn refuses_what_it_cannot_serve_right() {
        let mut files = build();
        files.push("notes.docx".into());
        assert_eq!(
            plan(&files, &rules()),
            Err(PlanError::UnknownType("notes.docx".into()))
        );
        for key in ["a b.js", "../x.js", "/x.js", "a//b.js", "x?.js", "é.js"] {
            let mut files = build();
            files.push(key.into());
            assert_eq!(
                plan(&files, &rules()),
                Err(PlanError::UnsafeKey(key.into())),
                "{key}"
            );
        }
        assert_eq!(
            plan(&["boot.js".to_string()], &rules()),
            Err(PlanError::NoIndex)
        );
        let no_cache_rule = parse_custom_http(
            "customHeaders:\n  - pattern: '**/*.js'\n    headers:\n      - key: X-A\n        value: b\n",
        )
        .unwrap();
        assert_eq!(
            plan(&["index.html".to_string()], &no_cache_rule),
            Err(PlanError::NoCacheControl("index.html".into()))
        );
    }

    #[test]
    fn the_check_names_each_mistake() {
        let files = build();
        let good = plan(&files, &rules()).expect("plan");
        let mut moved = good.clone();
        let index = moved.uploads.pop().unwrap();
        moved.uploads.insert(0, index);
        assert!(
            check_plan(&moved, &files)
                .iter()
                .any(|p| p.contains("not the last"))
        );

        let mut twice = good.clone();
        twice.uploads.insert(0, twice.uploads[0].clone());
        assert!(
            check_plan(&twice, &files)
                .iter()
                .any(|p| p.contains("2 times"))
        );

        let mut missing = good.clone();
        missing.uploads.retain(|o| o.key != "icon.svg");
        assert!(
            check_plan(&missing, &files)
                .iter()
                .any(|p| p.contains("icon.svg is uploaded 0 times"))
        );

        let mut wrong_type = good.clone();
        wrong_type.uploads[1].content_type = "application/octet-stream";
        assert!(
            check_plan(&wrong_type, &files)
                .iter()
                .any(|p| p.contains("_bg.wasm: Content-Type"))
        );

        let mut cached_index = good.clone();
        cached_index.uploads.last_mut().unwrap().cache_control = DAY.into();
        assert!(
            check_plan(&cached_index, &files)
                .iter()
                .any(|p| p.contains("index.html: Cache-Control"))
        );

        let mut immutable_boot = good.clone();
        immutable_boot
            .uploads
            .iter_mut()
            .find(|o| o.key == "boot.js")
            .unwrap()
            .cache_control = IMMUTABLE.into();
        let problems = check_plan(&immutable_boot, &files);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("boot.js is cached as immutable")),
            "{problems:?}"
        );

        let mut uninvalidated = good;
        uninvalidated.invalidations.retain(|p| p != "/config.json");
        assert!(
            check_plan(&uninvalidated, &files)
                .iter()
                .any(|p| p.contains("config.json: is not in the invalidation"))
        );
    }

    #[test]
    fn content_hashes_are_trunks() {
        assert!(has_content_hash("city-tasks-840ae7d454cfd33b_bg.wasm"));
        assert!(has_content_hash("main-ce3b3e5232ce52d2.css"));
        assert!(has_content_hash(
            "snippets/city-tasks-840ae7d454cfd33b/inline0.js"
        ));
        assert!(!has_content_hash("boot.js"));
        assert!(!has_content_hash("icon-192.png"));
        assert!(!has_content_hash("city-tasks-840ae7d4.js"));
        // Trunk drops leading zeros: a 15-digit hash from a real CI build.
        assert!(has_content_hash("city-tasks-4ecfe044c6d0325_bg.wasm"));
        assert!(!has_content_hash("city-tasks-840ae7d454cfd33b0.js"));
    }

    #[test]
    fn aws_commands_carry_the_headers() {
        let plan = plan(&build(), &rules()).expect("plan");
        let target = Target {
            bucket: "site-bucket".into(),
            distribution: "E2ABCDEF".into(),
            dist: "dist/".into(),
        };
        let wasm = plan
            .uploads
            .iter()
            .find(|o| o.key.ends_with(".wasm"))
            .unwrap();
        assert_eq!(
            aws_args(&Step::Upload(wasm), &target),
            [
                "s3",
                "cp",
                "dist/city-tasks-840ae7d454cfd33b_bg.wasm",
                "s3://site-bucket/city-tasks-840ae7d454cfd33b_bg.wasm",
                "--content-type",
                "application/wasm",
                "--cache-control",
                IMMUTABLE,
                "--only-show-errors",
            ]
        );
        assert_eq!(
            aws_args(&Step::Delete("old.js"), &target),
            ["s3", "rm", "s3://site-bucket/old.js", "--only-show-errors"]
        );
        let paths = ["/index.html".to_string(), "/config.json".to_string()];
        assert_eq!(
            aws_args(&Step::Invalidate(&paths), &target),
            [
                "cloudfront",
                "create-invalidation",
                "--distribution-id",
                "E2ABCDEF",
                "--paths",
                "/index.html",
                "/config.json"
            ]
        );
        assert_eq!(
            list_args(&target)[..4],
            ["s3api", "list-objects-v2", "--bucket", "site-bucket"]
        );
    }

    #[test]
    fn bucket_listings_read_back() {
        assert_eq!(
            parse_key_listing("[\"index.html\", \"a/b.js\"]\n").unwrap(),
            ["index.html", "a/b.js"]
        );
        assert!(parse_key_listing("null\n").unwrap().is_empty());
        assert!(parse_key_listing("{\"Contents\": []}").is_err());
    }
}
