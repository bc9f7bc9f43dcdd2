//! Test switches that change how the sign-in server answers until they are cleared: what the
//! discovery document and the JWKS publish, and how the token endpoint responds.
//!
//! Unlike faults (one defect in the next token response), these persist, because an outage or
//! a misconfigured pool lasts: a client that re-fetches must see the same answer again.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The switches; the default is an honest, healthy server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Behaviour {
    /// The JWKS lists only the ID-token key (Cognito lists the access-token key too), so a
    /// token without `kid` has exactly one candidate key.
    pub jwks_only_id_key: bool,
    /// The JWKS answers `503 Service Unavailable`.
    pub jwks_unavailable: bool,
    /// The discovery document names this issuer instead of the real one.
    pub discovery_issuer: Option<String>,
    /// Every token request is refused with this HTTP status (5xx) and `server_error`, without
    /// touching the code or refresh token it carried.
    pub token_status: Option<u16>,
    /// The token endpoint's answers lose their CORS header, so the browser's `fetch` fails the
    /// way it does when the endpoint cannot be reached at all. The request is not processed.
    pub token_unreachable: bool,
    /// Every token response is held back this long.
    pub token_delay_ms: u64,
}

/// Why a set of switches was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BehaviourError {
    #[error("tokenStatus must be a server error (500-599), got {0}")]
    TokenStatus(u16),
    #[error("tokenDelayMs must be at most {MAX_DELAY_MS}")]
    TokenDelay,
}

/// Longer delays would only make a test time out in confusing ways.
const MAX_DELAY_MS: u64 = 30_000;

impl Behaviour {
    /// Checks the switches make sense together.
    pub fn validate(&self) -> Result<(), BehaviourError> {
        if let Some(status) = self.token_status
            && !(500..=599).contains(&status)
        {
            return Err(BehaviourError::TokenStatus(status));
        }
        if self.token_delay_ms > MAX_DELAY_MS {
            return Err(BehaviourError::TokenDelay);
        }
        Ok(())
    }

    /// How long to hold a token response back, if at all.
    pub fn token_delay(&self) -> Option<Duration> {
        (self.token_delay_ms > 0).then(|| Duration::from_millis(self.token_delay_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_json_leaves_the_rest_healthy() {
        let parsed: Behaviour =
            serde_json::from_str(r#"{"jwksUnavailable":true}"#).expect("parses");
        assert!(parsed.jwks_unavailable);
        assert_eq!(
            Behaviour {
                jwks_unavailable: false,
                ..parsed
            },
            Behaviour::default()
        );
        assert!(serde_json::from_str::<Behaviour>(r#"{"jwksGone":true}"#).is_err());
    }

    #[test]
    fn validation() {
        assert_eq!(Behaviour::default().validate(), Ok(()));
        let teapot = Behaviour {
            token_status: Some(418),
            ..Behaviour::default()
        };
        assert_eq!(teapot.validate(), Err(BehaviourError::TokenStatus(418)));
        let slow = Behaviour {
            token_delay_ms: 2500,
            ..Behaviour::default()
        };
        assert_eq!(slow.validate(), Ok(()));
        assert_eq!(slow.token_delay(), Some(Duration::from_millis(2500)));
        assert_eq!(Behaviour::default().token_delay(), None);
        let endless = Behaviour {
            token_delay_ms: 3_600_000,
            ..Behaviour::default()
        };
        assert_eq!(endless.validate(), Err(BehaviourError::TokenDelay));
    }
}
