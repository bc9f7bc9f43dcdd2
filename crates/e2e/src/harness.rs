//! One test's world: the local stack serving the built app, chromedriver, and a fresh Chromium
//! session; started together, stopped together (also when the test fails or panics).

use std::path::PathBuf;
use std::sync::LazyLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, anyhow, bail};
use local_stack::{Options, Running};
use reqwest::Url;
use serde_json::Value;
use tempfile::TempDir;
use thirtyfour::prelude::*;
use thirtyfour::{ChromeCapabilities, LoggingPrefsLogLevel};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::browser;
use crate::chromedriver::Chromedriver;
use crate::hooks::{ApiRequest, AuthorizeRequest, Hooks, HttpRequest, TokenRequest, origin_of};
use crate::wait;
use crate::{dist, keys};

/// Environment variable overriding the Chromium binary.
pub const CHROMIUM_ENV: &str = "CHROMIUM";
/// Debian's Chromium; nothing is ever downloaded.
pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";
/// Environment variable: seconds a wait may take before it fails (default 20).
pub const TIMEOUT_ENV: &str = "E2E_TIMEOUT_SECS";
/// Environment variable: how many browsers may run at once in one test binary (default: the
/// number of cores, at least 2). The machine is small; too many Chromiums make every wait flaky.
pub const MAX_BROWSERS_ENV: &str = "E2E_MAX_BROWSERS";
/// Environment variable: where failure screenshots go (default: the temp directory).
pub const ARTIFACTS_ENV: &str = "E2E_ARTIFACTS";
/// Environment variable: a directory to save the README's screenshots in (`docs/screenshots`).
pub const README_SCREENSHOTS_ENV: &str = "E2E_README_SCREENSHOTS";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
/// The browser's language unless a test picks another: British English, so times read on a
/// 24-hour clock (`07:30`) as the tests write them. The app formats dates with `Intl` in the
/// browser's locale; `en-US` would show `7:30 AM`.
pub const DEFAULT_LANGUAGE: &str = "en-GB";

/// Who the browser is: its time zone (`None`: the machine's) and its languages, most
/// preferred first.
#[derive(Clone, Copy)]
struct Browser<'a> {
    zone: Option<&'a str>,
    languages: &'a [&'a str],
}

impl Browser<'_> {
    const DEFAULT: Browser<'static> = Browser {
        zone: None,
        languages: &[DEFAULT_LANGUAGE],
    };
}

static BROWSER_SLOTS: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(2);
    let slots = std::env::var(MAX_BROWSERS_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cores.max(2));
    Semaphore::new(slots.max(1))
});

/// Where the stack lives, as seen by the browser.
#[derive(Debug, Clone)]
pub struct AppUrls {
    /// The app's origin, e.g. `http://127.0.0.1:41234`.
    pub app: String,
    /// The Hosted UI domain (authorize, token, logout, test hooks).
    pub auth_domain: String,
    /// The token issuer.
    pub issuer: String,
    /// The Tasks API base, e.g. `http://127.0.0.1:41235/api`.
    pub api_base: String,
}

/// Who serves the app in a test.
enum Serving {
    /// The local stack's site host, with a generated config.json.
    Stack,
    /// The CDN emulation serving a delivered copy of the build.
    Cdn,
}

/// One test's browser, driver and stack. [`Harness::finish`] stops them gracefully. If it is
/// not reached (a failed `?`, a panic), `Drop` kills chromedriver's process group, Chromium
/// included, and marks the session as gone, then the stack is dropped and the profile removed.
/// (thirtyfour's own synchronous session cleanup is skipped on purpose: it reuses a pooled
/// connection from the test's runtime, and on a current-thread runtime, which is blocked while
/// dropping, it hangs for its full 120 s request timeout.)
pub struct Harness {
    driver: WebDriver,
    chromedriver: Chromedriver,
    cdn: Option<local_stack::Cdn>,
    stack: Option<Running>,
    hooks: Hooks,
    urls: AppUrls,
    client_id: String,
    timeout: Duration,
    name: String,
    _workdir: TempDir,
    _slot: SemaphorePermit<'static>,
}

impl Harness {
    /// Starts the stack (serving the built app, test hooks on, the demo user, ephemeral ports),
    /// chromedriver and a Chromium session. `tweak` adjusts the stack's options (token lifetimes,
    /// refresh rotation, users...). `name` labels failure screenshots.
    pub async fn start(name: &str, tweak: impl FnOnce(&mut Options)) -> Result<Self> {
        Self::start_serving(name, tweak, Serving::Stack, Browser::DEFAULT).await
    }

    /// Like [`Harness::start`], with a browser whose languages are `languages` (BCP 47 tags,
    /// most preferred first, e.g. `["es-ES", "es"]`): its `navigator.languages`.
    pub async fn start_in_languages(
        name: &str,
        languages: &[&str],
        tweak: impl FnOnce(&mut Options),
    ) -> Result<Self> {
        let browser = Browser {
            zone: None,
            languages,
        };
        Self::start_serving(name, tweak, Serving::Stack, browser).await
    }

    /// Like [`Harness::start`], with the browser in time zone `zone` (an IANA name such as
    /// `Asia/Kolkata`): what the page's `Date` and `Intl` take as the user's zone.
    pub async fn start_in_zone(
        name: &str,
        zone: &str,
        tweak: impl FnOnce(&mut Options),
    ) -> Result<Self> {
        let browser = Browser {
            zone: Some(zone),
            ..Browser::DEFAULT
        };
        Self::start_serving(name, tweak, Serving::Stack, browser).await
    }

    /// Like [`Harness::start`], but the app is delivered the way the CDN serves it: a copy of
    /// the build finished by the delivery code (`cargo xtask deliver`'s config.json and CSP),
    /// served by the CDN emulation with `customHttp.yml`'s headers and the SPA rewrite rule.
    pub async fn start_delivered(name: &str) -> Result<Self> {
        Self::start_serving(name, |_| {}, Serving::Cdn, Browser::DEFAULT).await
    }

    async fn start_serving(
        name: &str,
        tweak: impl FnOnce(&mut Options),
        serving: Serving,
        browser: Browser<'_>,
    ) -> Result<Self> {
        let site = dist::locate()?;
        let slot = BROWSER_SLOTS
            .acquire()
            .await
            .context("browser slots closed")?;
        let workdir = tempfile::Builder::new()
            .prefix("city-tasks-e2e-")
            .tempdir()
            .context("creating a temporary directory for the browser profile")?;

        let mut options = Options {
            idp_port: 0,
            api_port: 0,
            app_port: 0,
            site_dir: Some(site.clone()),
            test_hooks: true,
            users: vec![local_stack::demo_user()],
            ..Options::default()
        };
        tweak(&mut options);
        let cdn = match serving {
            Serving::Stack => None,
            Serving::Cdn => {
                let delivered = workdir.path().join("site");
                let cdn = crate::delivery::start_cdn_copy(&site, &delivered).await?;
                options.site_dir = None;
                options.app_origin = cdn.url.clone();
                Some((cdn, delivered))
            }
        };
        let client_id = options.client_id.clone();

        // Compressing the build (brotli at quality 11 takes seconds) overlaps the start-up, so
        // no page load waits for it; files finished afterwards are compressed again on demand.
        let precompress = async {
            match &cdn {
                Some((cdn, _)) => cdn.precompress().await,
                None => Ok(()),
            }
        };
        let (stack, chromedriver, precompressed) = tokio::join!(
            local_stack::start(options),
            Chromedriver::start(workdir.path(), browser.zone),
            precompress
        );
        let stack = stack.context("starting the local stack")?;
        let chromedriver = chromedriver?;
        precompressed.context("compressing the delivered site")?;
        if let Some((_, delivered)) = &cdn {
            crate::delivery::finish_for(delivered, &stack.urls, &client_id)?;
        }
        let urls = AppUrls {
            app: stack.urls.app.trim_end_matches('/').to_owned(),
            auth_domain: stack.urls.auth_domain.trim_end_matches('/').to_owned(),
            issuer: stack.urls.issuer.clone(),
            api_base: stack.urls.api_base.trim_end_matches('/').to_owned(),
        };
        let hooks = Hooks::new(&urls.auth_domain, &urls.api_base)?.with_site(&urls.app)?;

        let profile = workdir.path().join("profile");
        let driver = WebDriver::new(
            chromedriver.url(),
            chromium_capabilities(&profile, browser.languages, &[])?,
        )
        .await
        .context("opening a Chromium session through chromedriver")?;
        let timeout = std::env::var(TIMEOUT_ENV)
            .ok()
            .and_then(|v| v.parse().ok())
            .map(Duration::from_secs)
            .unwrap_or(DEFAULT_TIMEOUT);

        let harness = Harness {
            driver,
            chromedriver,
            cdn: cdn.map(|(cdn, _)| cdn),
            stack: Some(stack),
            hooks,
            urls,
            client_id,
            timeout,
            name: name.to_owned(),
            _workdir: workdir,
            _slot: slot,
        };
        harness
            .driver
            .set_page_load_timeout(Duration::from_secs(30))
            .await
            .context("setting the page load timeout")?;
        Ok(harness)
    }

    /// Quits the browser session, stops chromedriver and shuts the stack down.
    pub async fn finish(mut self) -> Result<()> {
        let quit = self.driver.clone().quit().await;
        self.chromedriver.stop();
        if let Some(stack) = self.stack.take() {
            stack.shutdown().await;
        }
        if let Some(cdn) = self.cdn.take() {
            cdn.stop().await;
        }
        quit.context("closing the browser session")
    }

    /// Ends a test: on failure, saves a screenshot and notes the address bar, the page text and
    /// the browser console before stopping everything, so the report says what was on screen.
    pub async fn finish_with(self, outcome: Result<()>) -> Result<()> {
        let outcome = match outcome {
            Ok(()) => Ok(()),
            Err(error) => Err(error.context(self.describe_failure().await)),
        };
        let finished = self.finish().await;
        outcome.and(finished)
    }

    /// What the browser shows right now, for failure messages.
    pub async fn describe_failure(&self) -> String {
        let screenshot = match self.screenshot("failure").await {
            Ok(path) => path.display().to_string(),
            Err(error) => format!("(no screenshot: {error:#})"),
        };
        let url = browser::current_url(&self.driver)
            .await
            .unwrap_or_else(|e| format!("({e:#})"));
        let mut text = browser::page_text(&self.driver)
            .await
            .unwrap_or_else(|e| format!("({e:#})"));
        if text.chars().count() > 1500 {
            text = text.chars().take(1500).collect::<String>() + "…";
        }
        let console = match self.driver.get_log("browser").await {
            Ok(entries) => entries
                .iter()
                .rev()
                .take(15)
                .rev()
                .map(|e| format!("  [{}] {}", e.level, e.message))
                .collect::<Vec<_>>()
                .join("\n"),
            Err(error) => format!("  (unavailable: {error})"),
        };
        format!(
            "test `{}` failed; screenshot: {screenshot}\naddress bar: {url}\npage text:\n{text}\n\
             browser console (last entries):\n{console}",
            self.name
        )
    }

    /// The browser console entries logged since the last call, as `(level, message)`.
    pub async fn console_entries(&self) -> Result<Vec<(String, String)>> {
        let entries = self
            .driver
            .get_log("browser")
            .await
            .context("reading the browser console")?;
        Ok(entries
            .into_iter()
            .map(|entry| (entry.level.to_string(), entry.message))
            .collect())
    }

    /// Saves a PNG of the window for the README: as `<name>.png` in `$E2E_README_SCREENSHOTS`
    /// (relative to the workspace root, e.g. `docs/screenshots`) when that is set, else like
    /// any other screenshot.
    pub async fn readme_screenshot(&self, name: &str) -> Result<()> {
        match std::env::var_os(README_SCREENSHOTS_ENV) {
            Some(dir) if !dir.is_empty() => {
                // Relative to the workspace root: tests run in crates/e2e.
                let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
                let path = root.join(dir).join(format!("{name}.png"));
                self.driver
                    .screenshot(&path)
                    .await
                    .with_context(|| format!("saving {}", path.display()))
            }
            _ => self.screenshot(name).await.map(drop),
        }
    }

    /// Saves a PNG of the window to `$E2E_ARTIFACTS` (default: the temp directory).
    pub async fn screenshot(&self, label: &str) -> Result<PathBuf> {
        let dir = std::env::var_os(ARTIFACTS_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(std::env::temp_dir);
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        let path = dir.join(format!("e2e-{}-{label}-{stamp}.png", self.name));
        self.driver
            .screenshot(&path)
            .await
            .with_context(|| format!("saving {}", path.display()))?;
        Ok(path)
    }

    pub fn driver(&self) -> &WebDriver {
        &self.driver
    }

    pub fn urls(&self) -> &AppUrls {
        &self.urls
    }

    pub fn hooks(&self) -> &Hooks {
        &self.hooks
    }

    /// How long a wait may take.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// An absolute URL on the app, e.g. `app_url("/tasks")`.
    pub fn app_url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.urls.app)
    }

    /// Navigates to a path on the app.
    pub async fn open(&self, path_and_query: &str) -> Result<()> {
        let url = self.app_url(path_and_query);
        self.driver
            .goto(&url)
            .await
            .with_context(|| format!("opening {url}"))
    }

    /// Reloads the current page.
    pub async fn reload(&self) -> Result<()> {
        self.driver.refresh().await.context("reloading the page")
    }

    pub async fn current_url(&self) -> Result<String> {
        browser::current_url(&self.driver).await
    }

    /// The path (with query) when the browser is on the app's origin, `None` elsewhere.
    pub async fn app_location(&self) -> Result<Option<(String, Option<String>)>> {
        let url = Url::parse(&self.current_url().await?).context("parsing the address bar")?;
        if url.origin().ascii_serialization() != origin_of(&self.urls.app)? {
            return Ok(None);
        }
        Ok(Some((
            url.path().to_owned(),
            url.query().map(str::to_owned),
        )))
    }

    /// Whether the browser is on the app at exactly `path`.
    pub async fn is_at(&self, path: &str) -> Result<bool> {
        Ok(matches!(self.app_location().await?, Some((p, _)) if p == path))
    }

    /// Whether the browser is on the Hosted UI domain.
    pub async fn is_on_auth_domain(&self) -> Result<bool> {
        Ok(origin_of(&self.current_url().await?)? == origin_of(&self.urls.auth_domain)?)
    }

    /// [`wait::wait_for`] with this harness' timeout; a timeout also reports the address bar.
    pub async fn wait_for<T>(
        &self,
        what: &str,
        condition: impl AsyncFnMut() -> Result<Option<T>>,
    ) -> Result<T> {
        match wait::wait_for(what, self.timeout, condition).await {
            Ok(value) => Ok(value),
            Err(error) => {
                let url = self
                    .current_url()
                    .await
                    .unwrap_or_else(|e| format!("({e:#})"));
                Err(error.context(format!("address bar: {url}")))
            }
        }
    }

    /// [`Harness::wait_for`] for a yes/no condition.
    pub async fn wait_until(
        &self,
        what: &str,
        mut condition: impl AsyncFnMut() -> Result<bool>,
    ) -> Result<()> {
        self.wait_for(what, async || Ok(condition().await?.then_some(())))
            .await
    }

    /// Fails unless the browser is on the app's origin: storage is per origin, and reading the
    /// Hosted UI's storage by mistake would make every "no tokens" check pass vacuously.
    async fn ensure_on_app(&self, reading: &str) -> Result<()> {
        if self.app_location().await?.is_none() {
            bail!(
                "cannot read {reading}: the browser is not on the app ({})",
                self.current_url().await?
            );
        }
        Ok(())
    }

    /// Runs `script` in the page (`return …;` for a value) and gives its result as JSON.
    pub async fn eval(&self, script: &str) -> Result<Value> {
        Ok(self
            .driver
            .execute(script, Vec::new())
            .await
            .with_context(|| format!("running {script}"))?
            .json()
            .clone())
    }

    /// `sessionStorage.getItem(key)` on the app's origin.
    pub async fn session_storage(&self, key: &str) -> Result<Option<String>> {
        self.ensure_on_app("sessionStorage").await?;
        browser::session_storage(&self.driver, key).await
    }

    /// Every sessionStorage entry on the app's origin.
    pub async fn session_storage_entries(&self) -> Result<Vec<(String, String)>> {
        self.ensure_on_app("sessionStorage").await?;
        browser::session_storage_entries(&self.driver).await
    }

    /// Every localStorage entry on the app's origin.
    pub async fn local_storage_entries(&self) -> Result<Vec<(String, String)>> {
        self.ensure_on_app("localStorage").await?;
        browser::local_storage_entries(&self.driver).await
    }

    /// The number of localStorage entries on the app's origin.
    pub async fn local_storage_len(&self) -> Result<usize> {
        Ok(self.local_storage_entries().await?.len())
    }

    /// The stored token set (`city-tasks.session`) parsed as JSON, if signed in.
    pub async fn stored_session(&self) -> Result<Option<Value>> {
        match self.session_storage(keys::SESSION).await? {
            None => Ok(None),
            Some(raw) => serde_json::from_str(&raw)
                .map(Some)
                .with_context(|| format!("{} is not JSON: {raw}", keys::SESSION)),
        }
    }

    /// The access token from the stored session.
    pub async fn access_token(&self) -> Result<String> {
        self.stored_token("accessToken").await
    }

    /// The ID token from the stored session.
    pub async fn id_token(&self) -> Result<String> {
        self.stored_token("idToken").await
    }

    async fn stored_token(&self, field: &str) -> Result<String> {
        let session = self
            .stored_session()
            .await?
            .ok_or_else(|| anyhow!("no {} in sessionStorage: not signed in", keys::SESSION))?;
        session
            .get(field)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("{} has no {field}: {session}", keys::SESSION))
    }

    /// The browser's `navigator.language`, e.g. `en-US`.
    pub async fn browser_language(&self) -> Result<String> {
        let value = self
            .driver
            .execute("return navigator.language;", Vec::new())
            .await
            .context("reading navigator.language")?;
        value
            .json()
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("navigator.language is not a string: {:?}", value.json()))
    }

    pub async fn api_requests(&self) -> Result<Vec<ApiRequest>> {
        self.hooks.api_requests().await
    }

    pub async fn token_requests(&self) -> Result<Vec<TokenRequest>> {
        self.hooks.token_requests().await
    }

    /// The parameters of the last `GET /oauth2/authorize`.
    pub async fn last_authorize(&self) -> Result<Option<AuthorizeRequest>> {
        self.hooks.last_authorize().await
    }

    pub async fn inject_fault(&self, fault: &str) -> Result<()> {
        self.hooks.inject_fault(fault).await
    }

    pub async fn idp_requests(&self) -> Result<Vec<HttpRequest>> {
        self.hooks.idp_requests().await
    }

    pub async fn site_requests(&self) -> Result<Vec<HttpRequest>> {
        self.hooks.site_requests().await
    }

    /// The app client id the stack was started with (for direct calls such as revoke).
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.chromedriver.stop();
        // Already quit by `finish` when it returns an error here; nothing else to do then.
        let _ = self.driver.clone().leak();
    }
}

/// Headless Chromium with a fresh profile in `profile` (nothing shared between sessions),
/// speaking `languages` (most preferred first), and every console entry logged; `extra_args`
/// adds flags (e.g. `--enable-precise-memory-info`).
pub fn chromium_capabilities(
    profile: &std::path::Path,
    languages: &[&str],
    extra_args: &[&str],
) -> Result<ChromeCapabilities> {
    let binary = chromium_binary();
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary(&binary)?;
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
    ]
    .iter()
    .chain(extra_args)
    {
        caps.add_arg(arg)?;
    }
    caps.add_arg(&format!("--user-data-dir={}", profile.display()))?;
    // `--lang` sets the browser's own locale, the preference its `navigator.languages` lists.
    if let Some(first) = languages.first() {
        caps.add_arg(&format!("--lang={first}"))?;
    }
    caps.add_experimental_option(
        "prefs",
        serde_json::json!({ "intl": { "accept_languages": languages.join(",") } }),
    )?;
    caps.set_browser_log_level(LoggingPrefsLogLevel::All)?;
    Ok(caps)
}

/// The Chromium binary: `$CHROMIUM`, else Debian's.
pub fn chromium_binary() -> String {
    std::env::var(CHROMIUM_ENV).unwrap_or_else(|_| DEFAULT_CHROMIUM.to_owned())
}
