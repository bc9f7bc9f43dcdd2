//! Waiting for conditions instead of sleeping: poll every ~50 ms until a deadline, and say what
//! was awaited when it never happened.

use std::time::Duration;

use anyhow::{Result, anyhow};
use tokio::time::{Instant, sleep};

/// How often conditions are polled.
pub const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// Polls `condition` until it yields `Some(value)` and returns the value. An `Err` from the
/// condition counts as "not yet" (elements come and go while a page renders); the last one is
/// reported if the deadline passes.
pub async fn wait_for<T>(
    what: &str,
    timeout: Duration,
    mut condition: impl AsyncFnMut() -> Result<Option<T>>,
) -> Result<T> {
    let deadline = Instant::now() + timeout;
    let mut last_error = None;
    loop {
        match condition().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(error) => last_error = Some(error),
        }
        if Instant::now() >= deadline {
            return Err(match last_error {
                Some(error) => anyhow!(
                    "timed out after {:.1} s waiting for {what} (last error: {error:#})",
                    timeout.as_secs_f64()
                ),
                None => anyhow!(
                    "timed out after {:.1} s waiting for {what}",
                    timeout.as_secs_f64()
                ),
            });
        }
        sleep(POLL_INTERVAL).await;
    }
}

/// [`wait_for`] for a yes/no condition.
pub async fn wait_until(
    what: &str,
    timeout: Duration,
    mut condition: impl AsyncFnMut() -> Result<bool>,
) -> Result<()> {
    wait_for(what, timeout, async || Ok(condition().await?.then_some(()))).await
}

/// Checks that `invariant` holds at every poll for the whole `period` (for "nothing happens"
/// assertions such as "the page does not redirect"). Fails at the first poll where it does not
/// hold or errors.
pub async fn holds_for(
    what: &str,
    period: Duration,
    mut invariant: impl AsyncFnMut() -> Result<bool>,
) -> Result<()> {
    let start = Instant::now();
    let end = start + period;
    loop {
        let held = invariant()
            .await
            .map_err(|error| anyhow!("could not check that {what}: {error:#}"))?;
        if !held {
            return Err(anyhow!(
                "expected {what} for {:.1} s, but it stopped holding after {:.2} s",
                period.as_secs_f64(),
                start.elapsed().as_secs_f64()
            ));
        }
        if Instant::now() >= end {
            return Ok(());
        }
        sleep(POLL_INTERVAL).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn wait_for_returns_the_value_once_ready() {
        let mut calls = 0;
        let value = wait_for("the third call", Duration::from_secs(2), async || {
            calls += 1;
            Ok((calls >= 3).then_some(calls))
        })
        .await;
        assert_eq!(value.ok(), Some(3));
    }

    #[tokio::test]
    async fn wait_for_names_what_was_awaited_and_the_last_error() {
        let error = wait_for::<()>("the moon", Duration::from_millis(120), async || {
            Err(anyhow!("no moon yet"))
        })
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(error.contains("waiting for the moon"), "{error}");
        assert!(error.contains("no moon yet"), "{error}");
    }

    #[tokio::test]
    async fn holds_for_fails_when_the_invariant_breaks() {
        let mut calls = 0;
        let outcome = holds_for("calls stay below 2", Duration::from_secs(2), async || {
            calls += 1;
            Ok(calls < 2)
        })
        .await;
        assert!(outcome.is_err());
    }
}
