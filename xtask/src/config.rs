//! `cargo xtask write-config`: the deployed app's `config.json`, from `CITY_TASKS_*` variables.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::Workspace;

/// Each field of config.json, the variable it comes from, and what a valid value looks like.
/// The rules mirror the app's own check in `src/config.rs`, so a deployment fails here, at build
/// time, rather than in the browser: keep the two in step.
const FIELDS: [(&str, &str, Kind); 7] = [
    ("issuer", "CITY_TASKS_ISSUER", Kind::Url),
    ("authDomain", "CITY_TASKS_AUTH_DOMAIN", Kind::Url),
    ("clientId", "CITY_TASKS_CLIENT_ID", Kind::Token),
    ("redirectUri", "CITY_TASKS_REDIRECT_URI", Kind::Callback),
    ("logoutUri", "CITY_TASKS_LOGOUT_URI", Kind::Url),
    ("scopes", "CITY_TASKS_SCOPES", Kind::Scopes),
    ("apiBaseUrl", "CITY_TASKS_API_BASE_URL", Kind::Url),
];
const DEFAULT_SCOPES: &str = "openid email profile";

#[derive(Clone, Copy)]
enum Kind {
    /// An absolute URL without query or fragment: https, or plain http for a loopback host.
    Url,
    /// A [`Kind::Url`] whose path is `/home`, the app's sign-in callback page.
    Callback,
    /// One word: no spaces, quotes or control characters.
    Token,
    /// Space-separated OAuth scopes including `openid` (the app signs in with OpenID Connect).
    Scopes,
}

/// Everything wrong with the variables at once, so one deploy attempt shows every fix needed.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub missing: Vec<&'static str>,
    pub invalid: Vec<(&'static str, String)>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the deployment configuration is incomplete:")?;
        for var in &self.missing {
            write!(f, "\n  {var} is not set")?;
        }
        for (var, why) in &self.invalid {
            write!(f, "\n  {var} {why}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// The validated values, in config.json's field order.
#[derive(Debug, PartialEq, Eq)]
pub struct AppConfig {
    fields: Vec<(&'static str, String)>,
}

impl AppConfig {
    /// Reads every variable through `lookup` (the process environment, or a map in tests).
    /// Blank counts as unset; surrounding whitespace is trimmed.
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut error = ConfigError {
            missing: Vec::new(),
            invalid: Vec::new(),
        };
        let mut fields = Vec::new();
        for (field, var, kind) in FIELDS {
            let value = lookup(var)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty());
            let value = match (value, kind) {
                (Some(v), _) => v,
                (None, Kind::Scopes) => DEFAULT_SCOPES.to_owned(),
                (None, _) => {
                    error.missing.push(var);
                    continue;
                }
            };
            match check(&value, kind) {
                Ok(value) => fields.push((field, value)),
                Err(why) => error.invalid.push((var, why)),
            }
        }
        if error.missing.is_empty() && error.invalid.is_empty() {
            Ok(AppConfig { fields })
        } else {
            Err(error)
        }
    }

    /// Pretty JSON with a trailing newline; every value is a string.
    pub fn to_json(&self) -> String {
        let body: Vec<String> = self
            .fields
            .iter()
            .map(|(field, value)| format!("  \"{field}\": {}", json_string(value)))
            .collect();
        format!("{{\n{}\n}}\n", body.join(",\n"))
    }
}

/// The value as it goes into config.json, or why it cannot.
fn check(value: &str, kind: Kind) -> Result<String, String> {
    // Whitespace is judged per kind below (scopes may be separated by tabs or newlines).
    if value.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return Err("contains a control character".into());
    }
    match kind {
        Kind::Url => check_url(value).map(|_| value.to_owned()),
        Kind::Callback => match check_url(value)? {
            "/home" => Ok(value.to_owned()),
            path => Err(format!(
                "must end in /home, the app's sign-in callback page, got path `{path}`"
            )),
        },
        Kind::Token => {
            if value.contains(|c: char| c.is_whitespace() || c == '"' || c == '\\') {
                return Err(format!("must be a single word, got `{value}`"));
            }
            Ok(value.to_owned())
        }
        Kind::Scopes => {
            let scopes: Vec<&str> = value.split_whitespace().collect();
            if !scopes.contains(&"openid") {
                return Err(format!("must include `openid`, got `{value}`"));
            }
            Ok(scopes.join(" "))
        }
    }
}

/// Checks an absolute URL the way the app does and returns its path (`""` when it has none).
fn check_url(value: &str) -> Result<&str, String> {
    let (scheme, rest) = value
        .split_once("://")
        .ok_or_else(|| format!("must be an absolute http(s) URL, got `{value}`"))?;
    if value.contains(char::is_whitespace) {
        return Err(format!("must not contain spaces, got `{value}`"));
    }
    if value.contains(['?', '#']) {
        return Err(format!("must not carry a query or fragment, got `{value}`"));
    }
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    if host.is_empty() {
        return Err(format!("has no host: `{value}`"));
    }
    let loopback = host == "localhost" || host == "::1" || host.starts_with("127.");
    match scheme {
        "https" => Ok(path),
        "http" if loopback => Ok(path),
        "http" => Err(format!(
            "must use https (plain http only for localhost), got `{value}`"
        )),
        _ => Err(format!("must be an absolute http(s) URL, got `{value}`")),
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn run(ws: &Workspace, args: &[String]) -> Result<()> {
    let mut out: Option<PathBuf> = None;
    let mut check_only = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check_only = true,
            "--out" => match args.next() {
                Some(path) => out = Some(PathBuf::from(path)),
                None => bail!("`--out` needs a file path"),
            },
            other => bail!("unknown option `{other}` for `write-config` (see `cargo xtask help`)"),
        }
    }
    let config = AppConfig::from_vars(|var| std::env::var(var).ok())?;
    if check_only {
        println!("config variables: ok");
        print!("{}", config.to_json());
        return Ok(());
    }
    let out = out.unwrap_or_else(|| ws.dist().join("config.json"));
    write_atomically(&out, &config.to_json())?;
    println!("wrote {}:", out.display());
    print!("{}", config.to_json());
    if out.starts_with(ws.dist()) && !ws.dist().join("index.html").is_file() {
        println!(
            "note: dist/ has no build yet, and `trunk build` replaces dist/: run write-config \
             after `cargo xtask build`"
        );
    }
    Ok(())
}

/// Writes through a temporary file so a half-written config.json is never deployed.
fn write_atomically(path: &Path, contents: &str) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    let tmp = dir.join(".config.json.tmp");
    std::fs::write(&tmp, contents).with_context(|| format!("could not write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("could not write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    const COMPLETE: [(&str, &str); 6] = [
        (
            "CITY_TASKS_ISSUER",
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123",
        ),
        (
            "CITY_TASKS_AUTH_DOMAIN",
            "https://city-tasks.auth.eu-west-1.amazoncognito.com",
        ),
        ("CITY_TASKS_CLIENT_ID", "3n4b5urk1ft4fl3mg5e62d9ado"),
        ("CITY_TASKS_REDIRECT_URI", "https://tasks.example.org/home"),
        ("CITY_TASKS_LOGOUT_URI", "https://tasks.example.org/"),
        ("CITY_TASKS_API_BASE_URL", " https://api.example.org/v1 "),
    ];

    #[test]
    fn writes_every_field_in_order_with_default_scopes() {
        let config = AppConfig::from_vars(vars(&COMPLETE)).unwrap();
        assert_eq!(
            config.to_json(),
            r#"{
  "issuer": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123",
  "authDomain": "https://city-tasks.auth.eu-west-1.amazoncognito.com",
  "clientId": "3n4b5urk1ft4fl3mg5e62d9ado",
  "redirectUri": "https://tasks.example.org/home",
  "logoutUri": "https://tasks.example.org/",
  "scopes": "openid email profile",
  "apiBaseUrl": "https://api.example.org/v1"
}
"#
        );
    }

    #[test]
    fn explicit_scopes_are_normalised() {
        let mut pairs = COMPLETE.to_vec();
        pairs.push(("CITY_TASKS_SCOPES", " openid   tasks/read\ttasks/write "));
        let json = AppConfig::from_vars(vars(&pairs)).unwrap().to_json();
        assert!(
            json.contains(r#""scopes": "openid tasks/read tasks/write""#),
            "{json}"
        );
    }

    #[test]
    fn reports_every_missing_variable_and_blank_counts_as_missing() {
        let err = AppConfig::from_vars(vars(&[("CITY_TASKS_CLIENT_ID", "  ")])).unwrap_err();
        assert_eq!(
            err.missing,
            [
                "CITY_TASKS_ISSUER",
                "CITY_TASKS_AUTH_DOMAIN",
                "CITY_TASKS_CLIENT_ID",
                "CITY_TASKS_REDIRECT_URI",
                "CITY_TASKS_LOGOUT_URI",
                "CITY_TASKS_API_BASE_URL",
            ]
        );
        assert!(err.invalid.is_empty());
        assert!(err.to_string().contains("\n  CITY_TASKS_ISSUER is not set"));
    }

    #[test]
    fn rejects_values_the_app_could_not_use() {
        let mut pairs = COMPLETE.to_vec();
        pairs.retain(|(k, _)| *k != "CITY_TASKS_ISSUER" && *k != "CITY_TASKS_CLIENT_ID");
        pairs.push(("CITY_TASKS_ISSUER", "cognito-idp.example/pool"));
        pairs.push(("CITY_TASKS_CLIENT_ID", "two words"));
        pairs.push(("CITY_TASKS_SCOPES", "email profile"));
        let err = AppConfig::from_vars(vars(&pairs)).unwrap_err();
        let vars: Vec<&str> = err.invalid.iter().map(|(v, _)| *v).collect();
        assert_eq!(
            vars,
            [
                "CITY_TASKS_ISSUER",
                "CITY_TASKS_CLIENT_ID",
                "CITY_TASKS_SCOPES"
            ]
        );
        assert!(err.missing.is_empty());
    }

    #[test]
    fn urls_follow_the_apps_rules() {
        assert!(check("https://", Kind::Url).is_err());
        assert!(check("https:///path", Kind::Url).is_err());
        assert!(check("ftp://files.example.org", Kind::Url).is_err());
        assert!(check("http://api.example.org", Kind::Url).is_err());
        assert!(check("https://api.example.org/?x=1", Kind::Url).is_err());
        assert!(check("http://127.0.0.1:9001/api", Kind::Url).is_ok());
        assert!(check("http://localhost:8080/", Kind::Url).is_ok());
        assert!(check("http://[::1]:9000", Kind::Url).is_ok());
        assert!(check("https://tasks.example.org/home", Kind::Callback).is_ok());
        let err = check("https://tasks.example.org/callback", Kind::Callback).unwrap_err();
        assert!(err.contains("/home"), "{err}");
        assert!(check("https://tasks.example.org", Kind::Callback).is_err());
    }

    #[test]
    fn control_characters_are_rejected() {
        assert!(check("abc\u{7}", Kind::Token).is_err());
        assert!(check("abc\tdef", Kind::Token).is_err());
        assert!(check("https://a.example/\u{0}", Kind::Url).is_err());
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(json_string("é/ü"), "\"é/ü\"");
    }

    #[test]
    fn write_replaces_the_file() {
        let dir = std::env::temp_dir().join(format!("xtask-config-{}", std::process::id()));
        let path = dir.join("dist/config.json");
        write_atomically(&path, "{}\n").unwrap();
        write_atomically(&path, "{\"a\": \"b\"}\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"a\": \"b\"}\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
