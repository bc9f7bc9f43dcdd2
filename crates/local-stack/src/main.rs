//! `local-stack`: runs the local sign-in server, Tasks API and (optionally) the built app.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use local_stack::{ApiToken, Options, PutMode, Running, federated_demo_provider, start};

/// Local stand-ins for Amazon Cognito's Hosted UI and the Tasks API, for City Tasks.
#[derive(Debug, Parser)]
#[command(name = "local-stack", version)]
struct Args {
    /// Port of the sign-in server (0 = any free port).
    #[arg(long, default_value_t = 9000)]
    idp_port: u16,
    /// Port of the Tasks API (0 = any free port).
    #[arg(long, default_value_t = 9001)]
    api_port: u16,
    /// Port of the app site; used only with --site-dir (0 = any free port).
    #[arg(long, default_value_t = 8080)]
    app_port: u16,
    /// Serve this built app directory (e.g. dist/) with an SPA rewrite and a generated
    /// /config.json.
    #[arg(long)]
    site_dir: Option<PathBuf>,
    /// Origin of the app when it is served elsewhere (e.g. by `trunk serve`).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    app_origin: String,
    /// Where tasks.sqlite lives (default: a temporary directory deleted on exit).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Access token lifetime in seconds.
    #[arg(long, default_value_t = 3600)]
    access_token_ttl: u64,
    /// ID token lifetime in seconds.
    #[arg(long, default_value_t = 3600)]
    id_token_ttl: u64,
    /// Refresh token lifetime in seconds.
    #[arg(long, default_value_t = 30 * 24 * 3600)]
    refresh_token_ttl: u64,
    /// Return a new refresh token on every refresh; the old one stops working shortly after.
    #[arg(long)]
    refresh_rotation: bool,
    /// Enable the /__test endpoints (token faults, behaviour switches, request logs).
    #[arg(long)]
    test_hooks: bool,
    /// Path prefix of the Tasks API ("/api", or "/api/v1" like the 2023 service).
    #[arg(long, default_value = "/api")]
    api_prefix: String,
    /// App client id.
    #[arg(long, default_value = "city-tasks-local")]
    client_id: String,
    /// User pool id (the last part of the issuer URL).
    #[arg(long, default_value = "local_CityTasks")]
    pool_id: String,
    /// Add a federated identity provider with this name (as `identity_provider` names it) and
    /// its own demo user `<name in lower case>-user` / `CityTasks-demo1`; repeatable. The
    /// generated config.json gets a sign-in button for it. E.g. `--provider Okta`.
    #[arg(long = "provider", value_name = "NAME")]
    providers: Vec<String>,
    /// The token the Tasks API accepts: `access` (like the Tasks service) or `id` (like an
    /// API Gateway Cognito authorizer without OAuth scopes).
    #[arg(long, value_enum, default_value_t = ApiTokenArg::Access)]
    api_token: ApiTokenArg,
    /// How PUT treats fields the body leaves out: `lenient` (known nullable fields become null,
    /// a missing executionCommand gets the default, unmodelled fields such as deviceId are kept
    /// as stored) or `replace` (like the Spring/JPA service: every mutable field comes from the
    /// body, one left out becomes null or is removed, executionCommand is required).
    #[arg(long, value_enum, default_value_t = PutModeArg::Lenient)]
    put_mode: PutModeArg,
    /// The generated config.json's `scheduleTimeZone`: the zone the app shows and enters times
    /// in (`-05:00`, `America/Guayaquil`). Unset, the browser's zone.
    #[arg(long, value_name = "ZONE_ID")]
    schedule_time_zone: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PutModeArg {
    Lenient,
    Replace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ApiTokenArg {
    Access,
    Id,
}

impl Args {
    fn into_options(self) -> Options {
        let mut app_config = serde_json::Map::new();
        if let Some(zone) = self.schedule_time_zone {
            app_config.insert("scheduleTimeZone".into(), zone.into());
        }
        Options {
            app_config,
            idp_port: self.idp_port,
            api_port: self.api_port,
            site_dir: self.site_dir,
            app_port: self.app_port,
            app_origin: self.app_origin,
            client_id: self.client_id,
            pool_id: self.pool_id,
            api_prefix: self.api_prefix,
            data_dir: self.data_dir,
            access_token_ttl: Duration::from_secs(self.access_token_ttl),
            id_token_ttl: Duration::from_secs(self.id_token_ttl),
            refresh_token_ttl: Duration::from_secs(self.refresh_token_ttl),
            refresh_rotation: self.refresh_rotation,
            test_hooks: self.test_hooks,
            providers: self
                .providers
                .iter()
                .map(|name| federated_demo_provider(name))
                .collect(),
            api_token: match self.api_token {
                ApiTokenArg::Access => ApiToken::Access,
                ApiTokenArg::Id => ApiToken::Id,
            },
            put_mode: match self.put_mode {
                PutModeArg::Lenient => PutMode::Lenient,
                PutModeArg::Replace => PutMode::Replace,
            },
            ..Options::default()
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let Some(bad) = args
        .providers
        .iter()
        .find(|name| name.is_empty() || name.chars().any(|c| c.is_whitespace() || c.is_control()))
    {
        anyhow::bail!("--provider {bad:?}: a provider name needs no spaces or control characters");
    }
    let options = args.into_options();
    let summary = options.clone();
    let running = start(options).await?;
    // One machine-readable line first: scripts wait for it and parse the JSON.
    println!("READY {}", serde_json::to_string(&running.urls)?);
    print_summary(&running, &summary);
    wait_for_stop_signal().await?;
    eprintln!("local-stack: stopping");
    running.shutdown().await;
    Ok(())
}

fn print_summary(running: &Running, options: &Options) {
    let urls = &running.urls;
    println!();
    println!("City Tasks local stack");
    println!("  app:          {}", urls.app);
    println!("  issuer:       {}", urls.issuer);
    println!("  sign-in:      {}/oauth2/authorize", urls.auth_domain);
    println!("  Tasks API:    {}", urls.api_base);
    println!("  client id:    {}", options.client_id);
    if options.api_token == ApiToken::Id {
        println!("  API accepts:  ID tokens (like an API Gateway Cognito authorizer)");
    }
    println!(
        "  data:         {}",
        running.data_dir().join("tasks.sqlite").display()
    );
    if options.put_mode == PutMode::Replace {
        println!("  PUT:          replaces the whole task (fields left out become null)");
    }
    if options.test_hooks {
        println!("  test hooks:   enabled (/__test/...)");
    }
    for user in &options.users {
        println!("  sign in as:   {} / {}", user.username, user.password);
    }
    for provider in &options.providers {
        for user in &provider.users {
            println!(
                "  sign in as:   {} / {} (through {})",
                user.username, user.password, provider.name
            );
        }
    }
    println!("  config.json:  {}", urls.config_json_for(options));
    println!("Press Ctrl-C to stop.");
}

async fn wait_for_stop_signal() -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result?,
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_mode_flag_defaults_to_lenient_and_takes_replace() {
        let default = Args::try_parse_from(["local-stack"]).map(Args::into_options);
        assert_eq!(default.map(|o| o.put_mode).ok(), Some(PutMode::Lenient));
        let replace =
            Args::try_parse_from(["local-stack", "--put-mode", "replace"]).map(Args::into_options);
        assert_eq!(replace.map(|o| o.put_mode).ok(), Some(PutMode::Replace));
        assert!(Args::try_parse_from(["local-stack", "--put-mode", "merge"]).is_err());
    }
}
