//! Fetching the issuer's discovery document and signing keys, cached in sessionStorage and
//! fetched early (on the landing page) so the callback never waits on them.

use super::jwks::Jwks;
use crate::auth::browser::storage::{DISCOVERY_KEY, JWKS_KEY, load_cached, save_cached};
use crate::auth::protocol::discovery::{Discovery, DiscoveryError, discovery_url, parse_discovery};
use crate::config::Config;
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use gloo_net::http::Request;

/// Why the identity provider's public metadata is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetadataError {
    #[error("the sign-in service's keys could not be loaded")]
    Unreachable,
    #[error("{0}")]
    Discovery(#[from] DiscoveryError),
    #[error("the sign-in service's keys could not be read")]
    BadJwks,
}

/// A load of discovery and keys that several waiters can share.
pub type KeysLoad = Shared<LocalBoxFuture<'static, Result<Jwks, MetadataError>>>;

/// Starts loading discovery and keys in the background and returns the load, so whoever needs
/// them next (starting a sign-in) joins it instead of fetching both a second time. Errors
/// surface later, when the keys are needed.
pub fn prefetch(config: &Config) -> KeysLoad {
    let config = config.clone();
    let load = async move { signing_keys(&config, false).await.map(|(jwks, _)| jwks) }
        .boxed_local()
        .shared();
    let driven = load.clone();
    leptos::task::spawn_local(async move {
        let _ = driven.await;
    });
    load
}

/// Whether an earlier load may be joined: one still running or one that succeeded. A failed
/// one is not reused, so a later attempt asks the network again.
pub fn reusable(load: &KeysLoad) -> bool {
    !matches!(load.peek(), Some(Err(_)))
}

/// The discovery document, from cache when it is for this issuer.
pub async fn discovery(config: &Config) -> Result<Discovery, MetadataError> {
    if let Some(cached) = load_cached::<Discovery>(DISCOVERY_KEY)
        && cached.issuer == config.issuer
    {
        return Ok(cached);
    }
    let body = get_text(&discovery_url(&config.issuer)).await?;
    let discovery = parse_discovery(&body, &config.issuer)?;
    save_cached(DISCOVERY_KEY, &discovery);
    Ok(discovery)
}

/// Where a set of signing keys came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeysOrigin {
    /// This tab's sessionStorage: possibly stale (the pool rotated) or tampered with.
    Cache,
    /// The JWKS endpoint, just now.
    Network,
}

/// The signing keys and where they came from, so a failure with cached keys can look again;
/// `refetch` bypasses the cache (see `signature.rs` for when).
pub async fn signing_keys(
    config: &Config,
    refetch: bool,
) -> Result<(Jwks, KeysOrigin), MetadataError> {
    if !refetch && let Some(cached) = load_cached::<Jwks>(JWKS_KEY) {
        return Ok((cached, KeysOrigin::Cache));
    }
    let discovery = discovery(config).await?;
    let body = get_text(&discovery.jwks_uri).await?;
    let jwks: Jwks = serde_json::from_str(&body).map_err(|_| MetadataError::BadJwks)?;
    save_cached(JWKS_KEY, &jwks);
    Ok((jwks, KeysOrigin::Network))
}

async fn get_text(url: &str) -> Result<String, MetadataError> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|_| MetadataError::Unreachable)?;
    if !response.ok() {
        return Err(MetadataError::Unreachable);
    }
    response
        .text()
        .await
        .map_err(|_| MetadataError::Unreachable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::future::{pending, ready};

    #[test]
    fn running_and_successful_loads_are_joined_failed_ones_are_not() {
        let running: KeysLoad = pending().boxed_local().shared();
        assert!(reusable(&running));

        let done: KeysLoad = ready(Ok(Jwks { keys: Vec::new() })).boxed_local().shared();
        assert!(done.clone().now_or_never().is_some());
        assert!(reusable(&done));

        let failed: KeysLoad = ready(Err(MetadataError::Unreachable))
            .boxed_local()
            .shared();
        assert!(failed.clone().now_or_never().is_some());
        assert!(!reusable(&failed));
    }
}
