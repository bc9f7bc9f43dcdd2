//! The retry policy, written down where it is enforced: idempotent reads that hit a network
//! failure or a 5xx are tried again with growing pauses; writes never are, silently.

use super::error::ApiError;
use std::time::Duration;

/// Pauses before the second and third attempt of a read.
const READ_RETRY_DELAYS: [Duration; 2] = [Duration::from_millis(400), Duration::from_millis(1200)];

/// The pause before retrying after `error` on attempt number `attempt` (0-based), or `None`
/// when the error stands.
pub fn retry_delay(idempotent: bool, error: &ApiError, attempt: usize) -> Option<Duration> {
    let transient = match error {
        ApiError::Unreachable => true,
        ApiError::Server { status, .. } => *status >= 500,
        _ => false,
    };
    if !idempotent || !transient {
        return None;
    }
    READ_RETRY_DELAYS.get(attempt).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(status: u16) -> ApiError {
        ApiError::Server {
            status,
            message: None,
        }
    }

    #[test]
    fn reads_retry_twice_with_growing_pauses() {
        assert_eq!(
            retry_delay(true, &ApiError::Unreachable, 0),
            Some(Duration::from_millis(400))
        );
        assert_eq!(
            retry_delay(true, &server(503), 1),
            Some(Duration::from_millis(1200))
        );
        assert_eq!(retry_delay(true, &server(500), 2), None);
    }

    #[test]
    fn writes_are_never_retried() {
        assert_eq!(retry_delay(false, &ApiError::Unreachable, 0), None);
        assert_eq!(retry_delay(false, &server(503), 0), None);
    }

    #[test]
    fn client_errors_are_final() {
        for error in [
            ApiError::Unauthorized,
            ApiError::Forbidden(None),
            ApiError::NotFound(None),
            ApiError::Rejected(None),
            ApiError::Unreadable,
            ApiError::Damaged(crate::tasks::data::json::Problem::Name),
            server(429),
        ] {
            assert_eq!(retry_delay(true, &error, 0), None, "{error:?}");
        }
    }

    #[test]
    fn quota_and_authorizer_denials_are_never_retried() {
        // Retrying a 429 would only spend more of the quota the server says is used up.
        for (status, body) in [
            (429, r#"{"message":"Limit Exceeded"}"#),
            (429, ""),
            (403, r#"{"message":"Forbidden"}"#),
        ] {
            let error = ApiError::from_response(status, body);
            for idempotent in [true, false] {
                for attempt in 0..3 {
                    assert_eq!(
                        retry_delay(idempotent, &error, attempt),
                        None,
                        "{status} {body} idempotent={idempotent} attempt={attempt}"
                    );
                }
            }
        }
    }
}
