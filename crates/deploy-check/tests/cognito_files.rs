//! deploy/cognito: the AWS CLI script and the CloudFormation template that create the app
//! client parse, use only options and properties the AWS references list, and say the same
//! thing (code grant, no secret, the scopes, callback `/home`, sign-out `/`), so a typo fails
//! CI rather than a deployer's first sign-in.

use std::path::PathBuf;
use std::process::Command;

use serde_norway::Value;

fn file(name: &str) -> (PathBuf, String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../deploy/cognito")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (path, text)
}

/// Options of `aws cognito-idp <subcommand>` (AWS CLI v2 reference synopsis), plus the global
/// options the script uses.
fn known_options(subcommand: &str) -> &'static [&'static str] {
    match subcommand {
        "create-user-pool-domain" => &[
            "--domain",
            "--user-pool-id",
            "--managed-login-version",
            "--custom-domain-config",
        ],
        "create-user-pool-client" => &[
            "--user-pool-id",
            "--client-name",
            "--generate-secret",
            "--no-generate-secret",
            "--refresh-token-validity",
            "--access-token-validity",
            "--id-token-validity",
            "--token-validity-units",
            "--read-attributes",
            "--write-attributes",
            "--explicit-auth-flows",
            "--supported-identity-providers",
            "--callback-urls",
            "--logout-urls",
            "--default-redirect-uri",
            "--allowed-o-auth-flows",
            "--allowed-o-auth-scopes",
            "--allowed-o-auth-flows-user-pool-client",
            "--no-allowed-o-auth-flows-user-pool-client",
            "--analytics-configuration",
            "--prevent-user-existence-errors",
            "--enable-token-revocation",
            "--no-enable-token-revocation",
            "--enable-propagate-additional-user-context-data",
            "--no-enable-propagate-additional-user-context-data",
            "--auth-session-validity",
            "--refresh-token-rotation",
        ],
        "create-managed-login-branding" => &[
            "--user-pool-id",
            "--client-id",
            "--use-cognito-provided-values",
            "--no-use-cognito-provided-values",
            "--settings",
            "--assets",
        ],
        other => panic!("the script runs an unexpected subcommand {other}"),
    }
}
const GLOBAL_OPTIONS: [&str; 4] = ["--query", "--output", "--region", "--profile"];

/// Shell words of one command line: quotes removed, `$VAR` kept as written.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if any {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            (_, c) => {
                word.push(c);
                any = true;
            }
        }
    }
    assert!(quote.is_none(), "unclosed quote in {line}");
    if any {
        out.push(word);
    }
    out
}

/// Each `aws ...` command of the script with its options and their values.
/// An option and the values after it.
type CliOptions = Vec<(String, Vec<String>)>;

fn aws_commands(script: &str) -> Vec<(String, CliOptions)> {
    let joined = script.replace("\\\n", " ");
    let mut commands = Vec::new();
    for line in joined
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
    {
        let Some(at) = line.find("aws cognito-idp ") else {
            continue;
        };
        let command = line[at..].trim_end_matches(')');
        let mut tokens = words(command).into_iter().skip(2);
        let subcommand = tokens.next().expect("subcommand");
        let mut options: CliOptions = Vec::new();
        for token in tokens {
            if token.starts_with("--") {
                options.push((token, Vec::new()));
            } else {
                options
                    .last_mut()
                    .expect("a value after an option")
                    .1
                    .push(token);
            }
        }
        commands.push((subcommand, options));
    }
    commands
}

fn option<'a>(options: &'a [(String, Vec<String>)], name: &str) -> Option<&'a [String]> {
    options
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_slice())
}

#[test]
fn cli_script_is_valid_bash_with_documented_options() {
    let (path, script) = file("user-pool-client.sh");
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&path)
        .status()
        .expect("bash runs");
    assert!(syntax.success(), "bash -n {}", path.display());
    let commands = aws_commands(&script);
    let names: Vec<&str> = commands.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        names,
        [
            "create-user-pool-domain",
            "create-user-pool-client",
            "create-managed-login-branding"
        ]
    );
    for (subcommand, options) in &commands {
        for (name, _) in options {
            assert!(
                known_options(subcommand).contains(&name.as_str())
                    || GLOBAL_OPTIONS.contains(&name.as_str()),
                "aws cognito-idp {subcommand} has no option {name}"
            );
        }
    }
    let (_, domain) = &commands[0];
    assert_eq!(
        option(domain, "--managed-login-version"),
        Some(&["2".to_string()][..])
    );
    let (_, client) = &commands[1];
    assert!(option(client, "--no-generate-secret").is_some());
    assert!(
        option(client, "--generate-secret").is_none(),
        "a browser app cannot keep a secret"
    );
    assert_eq!(
        option(client, "--allowed-o-auth-flows"),
        Some(&["code".to_string()][..])
    );
    assert!(option(client, "--allowed-o-auth-flows-user-pool-client").is_some());
    let scopes = option(client, "--allowed-o-auth-scopes").expect("scopes");
    assert!(scopes.iter().any(|s| s == "openid"), "{scopes:?}");
    let callbacks = option(client, "--callback-urls").expect("callbacks");
    assert!(
        callbacks.iter().all(|u| u.ends_with("/home")),
        "{callbacks:?}"
    );
    assert!(
        callbacks.contains(&"http://localhost:8080/home".to_string()),
        "for `dev --config`"
    );
    let logouts = option(client, "--logout-urls").expect("sign-out URLs");
    assert!(
        logouts
            .iter()
            .all(|u| u.ends_with('/') && !u.ends_with("//")),
        "{logouts:?}"
    );
}

/// A scalar, or a `!Sub` / `!Ref` short-form tag as text (`!Ref X` -> `${X}`); `None` for
/// lists, maps and other tags.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Tagged(tagged) => match (tagged.tag.to_string().as_str(), &tagged.value) {
            ("!Sub", Value::String(s)) => Some(s.clone()),
            ("!Ref", Value::String(s)) => Some(format!("${{{s}}}")),
            _ => None,
        },
        _ => None,
    }
}

fn text(value: &Value) -> String {
    scalar(value).unwrap_or_else(|| panic!("not a scalar: {value:?}"))
}

fn list(value: &Value) -> Vec<String> {
    value
        .as_sequence()
        .expect("a list")
        .iter()
        .map(text)
        .collect()
}

/// Properties of each resource type (CloudFormation template reference).
fn known_properties(kind: &str) -> &'static [&'static str] {
    match kind {
        "AWS::Cognito::UserPoolDomain" => &[
            "CustomDomainConfig",
            "Domain",
            "ManagedLoginVersion",
            "UserPoolId",
        ],
        "AWS::Cognito::UserPoolClient" => &[
            "AccessTokenValidity",
            "AllowedOAuthFlows",
            "AllowedOAuthFlowsUserPoolClient",
            "AllowedOAuthScopes",
            "AnalyticsConfiguration",
            "AuthSessionValidity",
            "CallbackURLs",
            "ClientName",
            "DefaultRedirectURI",
            "EnablePropagateAdditionalUserContextData",
            "EnableTokenRevocation",
            "ExplicitAuthFlows",
            "GenerateSecret",
            "IdTokenValidity",
            "LogoutURLs",
            "PreventUserExistenceErrors",
            "ReadAttributes",
            "RefreshTokenRotation",
            "RefreshTokenValidity",
            "SupportedIdentityProviders",
            "TokenValidityUnits",
            "UserPoolId",
            "WriteAttributes",
        ],
        "AWS::Cognito::ManagedLoginBranding" => &[
            "Assets",
            "ClientId",
            "ReturnMergedResources",
            "Settings",
            "UseCognitoProvidedValues",
            "UserPoolId",
        ],
        other => panic!("unexpected resource type {other}"),
    }
}

#[test]
fn cloudformation_template_uses_documented_properties_and_matches_the_script() {
    let (_, yaml) = file("user-pool-client.yaml");
    let template: Value =
        serde_norway::from_str(&yaml).expect("the template parses, short-form tags included");
    assert_eq!(text(&template["AWSTemplateFormatVersion"]), "2010-09-09");
    let parameters: Vec<String> = template["Parameters"]
        .as_mapping()
        .expect("parameters")
        .keys()
        .map(text)
        .collect();
    let resources = template["Resources"].as_mapping().expect("resources");
    let names: Vec<String> = resources.keys().map(text).collect();
    for (name, resource) in resources {
        let kind = text(&resource["Type"]);
        let properties = resource["Properties"].as_mapping().expect("properties");
        for (key, value) in properties {
            let key = text(key);
            assert!(
                known_properties(&kind).contains(&key.as_str()),
                "{kind} has no property {key}"
            );
            // Every ${Name} refers to a parameter, a resource or a pseudo parameter.
            let texts: Vec<String> = match value.as_sequence() {
                Some(items) => items.iter().filter_map(scalar).collect(),
                None => scalar(value).into_iter().collect(),
            };
            for s in texts {
                for reference in s.split("${").skip(1).filter_map(|r| r.split('}').next()) {
                    assert!(
                        parameters.iter().any(|p| p == reference)
                            || names.iter().any(|n| n == reference)
                            || reference.starts_with("AWS::"),
                        "{}.{key} refers to unknown {reference}",
                        text(name)
                    );
                }
            }
        }
    }
    let client = &template["Resources"]["Client"]["Properties"];
    assert_eq!(client["GenerateSecret"], Value::Bool(false));
    assert_eq!(client["AllowedOAuthFlowsUserPoolClient"], Value::Bool(true));
    // The same settings as the CLI script.
    let (_, script) = file("user-pool-client.sh");
    let commands = aws_commands(&script);
    let cli = &commands[1].1;
    let same = |property: &str, cli_option: &str| {
        let template_values: Vec<String> = list(&client[property])
            .iter()
            .map(|v| v.replace("${SiteUrl}", "$SITE"))
            .collect();
        let cli_values = option(cli, cli_option).expect(cli_option).to_vec();
        assert_eq!(template_values, cli_values, "{property} vs {cli_option}");
    };
    same("AllowedOAuthFlows", "--allowed-o-auth-flows");
    same("AllowedOAuthScopes", "--allowed-o-auth-scopes");
    same(
        "SupportedIdentityProviders",
        "--supported-identity-providers",
    );
    same("CallbackURLs", "--callback-urls");
    same("LogoutURLs", "--logout-urls");
    same("ExplicitAuthFlows", "--explicit-auth-flows");
    assert_eq!(
        text(&template["Resources"]["Domain"]["Properties"]["ManagedLoginVersion"]),
        "2"
    );
    assert_eq!(
        text(&template["Outputs"]["RedirectUri"]["Value"]),
        "${SiteUrl}/home"
    );
}
