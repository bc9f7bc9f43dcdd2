//! A local stack for City Tasks: a Cognito-compatible sign-in server, the Tasks API and a static
//! site host, so the app can be run and tested without an AWS account.

mod access_token;
mod api;
mod cdn;
mod clock;
pub mod compress;
mod cors;
mod encoded_cache;
mod hook_guard;
mod idp;
mod jwt;
mod keys;
mod options;
mod pkce;
mod random;
mod request_log;
mod respond;
mod site;
#[cfg(test)]
mod test_http;
mod urls;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use api::{ApiRequestRecord, Task};
pub use cdn::{Cdn, CdnOptions, Fallback, start_cdn, start_cdn_with};
pub use idp::{AuthorizeRecord, Behaviour, TokenRequestRecord};
pub use options::{
    ApiToken, FederatedProvider, Options, PutMode, User, demo_user, federated_demo_provider,
};
pub use request_log::HttpRequestRecord;
pub use urls::Urls;

/// How long shutdown waits for open connections before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A started stack. Call [`Running::shutdown`] to stop it; dropping it leaves the servers running
/// until the runtime ends.
pub struct Running {
    pub urls: Urls,
    data_dir: PathBuf,
    idp: Arc<idp::IdpState>,
    api: Arc<api::ApiState>,
    site_log: request_log::RequestLog,
    stop: watch::Sender<bool>,
    servers: Vec<JoinHandle<()>>,
    // Held only so the temporary data directory lives as long as the stack.
    temp_dir: Option<tempfile::TempDir>,
}

impl Running {
    /// The directory holding `tasks.sqlite`.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// Queues a token fault by name (as `POST /__test/faults` does), even without `test_hooks`.
    pub fn queue_token_fault(&self, name: &str) -> anyhow::Result<()> {
        let fault = name.parse::<idp::Fault>()?;
        self.idp.data().faults.push_back(fault);
        Ok(())
    }

    /// Every `/oauth2/token` request so far (as `GET /__test/token-requests` lists them).
    pub fn token_requests(&self) -> Vec<TokenRequestRecord> {
        self.idp.data().token_log.clone()
    }

    /// The parameters of the last `GET /oauth2/authorize` (as `GET /__test/last-authorize`
    /// shows them), `None` before the first.
    pub fn last_authorize(&self) -> Option<AuthorizeRecord> {
        self.idp.data().last_authorize.clone()
    }

    /// Every Tasks API request so far; recorded only when `test_hooks` is on.
    pub fn api_requests(&self) -> Vec<ApiRequestRecord> {
        self.api.recorded_requests()
    }

    /// Every request to the sign-in server so far (as its `GET /__test/requests` lists them);
    /// recorded only when `test_hooks` is on.
    pub fn idp_requests(&self) -> Vec<HttpRequestRecord> {
        self.idp.request_log.records()
    }

    /// Every request to the static site so far (as its `GET /__test/requests` lists them);
    /// recorded only when `test_hooks` is on.
    pub fn site_requests(&self) -> Vec<HttpRequestRecord> {
        self.site_log.records()
    }

    /// Sets the sign-in server's persistent test switches (as `PUT /__test/behaviour` does).
    pub fn set_behaviour(&self, behaviour: Behaviour) -> anyhow::Result<()> {
        behaviour.validate()?;
        self.idp.data().behaviour = behaviour;
        Ok(())
    }

    /// Sets how the Tasks API's PUT treats fields the body leaves out (as
    /// `POST /__test/put-mode` does), even without `test_hooks`.
    pub fn set_put_mode(&self, mode: PutMode) {
        self.api.set_put_mode(mode);
    }

    /// Stops every server (waiting briefly for open connections) and deletes a temporary data
    /// directory.
    pub async fn shutdown(self) {
        let Running {
            stop,
            servers,
            temp_dir,
            ..
        } = self;
        // An error only means every server already stopped.
        let _ = stop.send(true);
        for mut server in servers {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut server)
                .await
                .is_err()
            {
                server.abort();
            }
        }
        drop(temp_dir);
    }
}

/// Starts the stack on 127.0.0.1 and returns once every server is listening.
pub async fn start(options: Options) -> anyhow::Result<Running> {
    let api_prefix = normalise_prefix(&options.api_prefix)?;
    let idp_listener = bind(options.idp_port, "sign-in server").await?;
    let api_listener = bind(options.api_port, "Tasks API").await?;
    let site_listener = match options.site_dir {
        Some(_) => Some(bind(options.app_port, "app site").await?),
        None => None,
    };

    let idp_origin = origin(&idp_listener)?;
    let app = match &site_listener {
        Some(listener) => origin(listener)?,
        None => options.app_origin.trim_end_matches('/').to_owned(),
    };
    let urls = Urls {
        issuer: format!("{idp_origin}/{}", options.pool_id),
        auth_domain: idp_origin,
        api_base: format!("{}{api_prefix}", origin(&api_listener)?),
        app,
    };

    let keys = Arc::new(
        tokio::task::spawn_blocking(keys::KeyStore::generate)
            .await
            .context("key generation was interrupted")??,
    );

    let (temp_dir, data_dir) = match &options.data_dir {
        Some(dir) => (None, dir.clone()),
        None => {
            let temp = tempfile::Builder::new().prefix("local-stack-").tempdir()?;
            let path = temp.path().to_path_buf();
            (Some(temp), path)
        }
    };
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("creating data directory {}", data_dir.display()))?;
    let store = api::TasksStore::open(&data_dir.join("tasks.sqlite"), &api::iso_now())
        .context("opening tasks.sqlite")?;

    let other_origins: Vec<String> = options
        .other_app_origins
        .iter()
        .map(|origin| origin.trim_end_matches('/').to_owned())
        .collect();
    let mut cors_origins = vec![urls.app.clone()];
    cors_origins.extend(other_origins.iter().cloned());
    let idp_state = Arc::new(idp::IdpState::new(
        idp::IdpConfig {
            issuer: urls.issuer.clone(),
            auth_domain: urls.auth_domain.clone(),
            client_id: options.client_id.clone(),
            callback_url: urls.callback_url(),
            sign_out_url: urls.sign_out_url(),
            other_callback_urls: other_origins.iter().map(|o| format!("{o}/home")).collect(),
            other_sign_out_urls: other_origins.iter().map(|o| format!("{o}/")).collect(),
            access_ttl_secs: options.access_token_ttl.as_secs(),
            id_ttl_secs: options.id_token_ttl.as_secs(),
            refresh_ttl_secs: options.refresh_token_ttl.as_secs(),
            refresh_rotation: options.refresh_rotation,
            test_hooks: options.test_hooks,
        },
        keys,
        options.users.clone(),
        options.providers.clone(),
        &options.pool_id,
    ));
    let api_state = Arc::new(api::ApiState::new(
        store,
        idp_state.api_verifier(options.api_token),
        options.put_mode,
    ));

    let (stop, stopped) = watch::channel(false);
    let mut servers = vec![
        serve(
            idp_listener,
            idp::router(idp_state.clone()),
            stopped.clone(),
        ),
        serve(
            api_listener,
            api::router(
                api_state.clone(),
                &api_prefix,
                &cors_origins,
                options.test_hooks,
            ),
            stopped.clone(),
        ),
    ];
    let site_log = request_log::RequestLog::default();
    if let (Some(listener), Some(dir)) = (site_listener, options.site_dir.clone()) {
        let config = urls.config_json_for(&options);
        let mut site = site::router(dir, config);
        if options.test_hooks {
            site = request_log::logged(site, &site_log);
        }
        servers.push(serve(listener, site, stopped));
    }

    Ok(Running {
        urls,
        data_dir,
        idp: idp_state,
        api: api_state,
        site_log,
        stop,
        servers,
        temp_dir,
    })
}

async fn bind(port: u16, what: &str) -> anyhow::Result<TcpListener> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    TcpListener::bind(address)
        .await
        .with_context(|| format!("binding the {what} to {address} (is the port in use?)"))
}

fn origin(listener: &TcpListener) -> anyhow::Result<String> {
    Ok(format!(
        "http://127.0.0.1:{}",
        listener.local_addr()?.port()
    ))
}

/// "/api/", "api" and "/api" all mean "/api"; "" and "/" mean no prefix. Route syntax
/// characters are refused rather than silently creating odd routes.
fn normalise_prefix(prefix: &str) -> anyhow::Result<String> {
    let trimmed = prefix.trim().trim_matches('/');
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.');
    if !trimmed.chars().all(allowed) || trimmed.contains("//") {
        anyhow::bail!("api prefix {prefix:?} may only hold letters, digits, '/', '-', '_' and '.'");
    }
    Ok(if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    })
}

fn serve(
    listener: TcpListener,
    router: axum::Router,
    mut stopped: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let shutdown = async move {
            // An error means the sender is gone, which also means stop.
            let _ = stopped.wait_for(|stop| *stop).await;
        };
        if let Err(error) = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
        {
            eprintln!("local-stack: server stopped with an error: {error}");
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_normalise() {
        assert_eq!(normalise_prefix("/api").ok().as_deref(), Some("/api"));
        assert_eq!(normalise_prefix("api/v1/").ok().as_deref(), Some("/api/v1"));
        assert_eq!(normalise_prefix("/").ok().as_deref(), Some(""));
        assert!(normalise_prefix("/api/{id}").is_err());
    }
}
