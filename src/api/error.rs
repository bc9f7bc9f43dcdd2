//! API failures as one typed error, mapped from HTTP status and either generation's error body.

use crate::i18n::t;
use crate::tasks::data::json::Problem;
use serde_json::Value;

/// What went wrong with a Tasks API call, with the server's message when it sent one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("{}", t().api_unreachable)]
    Unreachable,
    #[error("{}", t().api_session_expired)]
    Unauthorized,
    #[error("{}", .0.as_deref().unwrap_or(t().api_forbidden))]
    Forbidden(Option<String>),
    #[error("{}", .0.as_deref().unwrap_or(t().api_not_found))]
    NotFound(Option<String>),
    #[error("{}", .0.as_deref().unwrap_or(t().api_rejected))]
    Rejected(Option<String>),
    #[error("{}", .message.as_deref().unwrap_or(t().api_server))]
    Server {
        status: u16,
        message: Option<String>,
    },
    #[error("{}", t().api_unreadable)]
    Unreadable,
    /// The stored task itself cannot be shown (no name, hour 99...): retrying will not help.
    #[error("{}", (t().api_damaged_task)(.0.words()))]
    Damaged(Problem),
}

impl ApiError {
    /// Maps a non-success status and its body (possibly empty) to an error.
    pub fn from_response(status: u16, body: &str) -> Self {
        let message = server_message(body);
        match status {
            401 => Self::Unauthorized,
            403 => Self::Forbidden(message),
            404 => Self::NotFound(message),
            400..=499 => Self::Rejected(message),
            _ => Self::Server { status, message },
        }
    }
}

/// The human message from either error body generation:
/// 2022 `{"exceptionType","code","error"}`, 2023 `{"errorDate","requestedPath","errorMessage","errorCode"}`,
/// or API Gateway's `{"message"}` (`{"Message"}` on an authorizer's explicit deny). Empty and
/// non-JSON bodies have none.
pub fn server_message(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    ["errorMessage", "error", "message", "Message"]
        .into_iter()
        .filter_map(|key| value.get(key)?.as_str())
        .map(str::trim)
        .find(|text| !text.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_task_says_what_is_wrong_with_it() {
        assert_eq!(
            ApiError::Damaged(Problem::Hour).to_string(),
            "This task's stored data is incomplete or damaged (its hour is not 0 to 23); ask \
             whoever runs the Tasks service to check it."
        );
    }

    #[test]
    fn reads_both_body_generations() {
        let old =
            r#"{"exceptionType":"ValidationException","code":400,"error":"Name is too short"}"#;
        let new = r#"{"errorDate":"2023-05-01T10:00:00Z","requestedPath":"/api/v1/task","errorMessage":"Hour out of range","errorCode":"TASK-001"}"#;
        assert_eq!(server_message(old).as_deref(), Some("Name is too short"));
        assert_eq!(server_message(new).as_deref(), Some("Hour out of range"));
        assert_eq!(
            server_message(r#"{"message":"Limit Exceeded"}"#).as_deref(),
            Some("Limit Exceeded")
        );
    }

    #[test]
    fn empty_and_foreign_bodies_have_no_message() {
        assert_eq!(server_message(""), None);
        assert_eq!(server_message("<html>Bad gateway</html>"), None);
        assert_eq!(server_message(r#"{"error":"  "}"#), None);
        assert_eq!(server_message(r#"{"error":42}"#), None);
    }

    #[test]
    fn maps_statuses() {
        assert_eq!(ApiError::from_response(401, ""), ApiError::Unauthorized);
        assert_eq!(ApiError::from_response(403, ""), ApiError::Forbidden(None));
        assert_eq!(ApiError::from_response(404, ""), ApiError::NotFound(None));
        assert_eq!(
            ApiError::from_response(400, r#"{"error":"bad"}"#),
            ApiError::Rejected(Some("bad".into()))
        );
        assert_eq!(
            ApiError::from_response(503, ""),
            ApiError::Server {
                status: 503,
                message: None
            }
        );
    }

    #[test]
    fn authorizer_denials_keep_the_gateway_message() {
        assert_eq!(
            ApiError::from_response(429, r#"{"message":"Limit Exceeded"}"#),
            ApiError::Rejected(Some("Limit Exceeded".into()))
        );
        assert_eq!(
            ApiError::from_response(429, r#"{"message":"Daily call limit exceeded"}"#).to_string(),
            "Daily call limit exceeded"
        );
        assert_eq!(
            ApiError::from_response(429, "").to_string(),
            "The Tasks service did not accept the request."
        );
        let deny =
            r#"{"Message":"User is not authorized to access this resource with an explicit deny"}"#;
        assert_eq!(
            ApiError::from_response(403, deny),
            ApiError::Forbidden(Some(
                "User is not authorized to access this resource with an explicit deny".into()
            ))
        );
        assert_eq!(
            ApiError::from_response(403, r#"{"message":"Forbidden"}"#).to_string(),
            "Forbidden"
        );
    }

    #[test]
    fn messages_prefer_the_server_text() {
        assert_eq!(
            ApiError::from_response(400, r#"{"error":"Name is too short"}"#).to_string(),
            "Name is too short"
        );
        assert_eq!(
            ApiError::from_response(500, "").to_string(),
            "The Tasks service had a problem. Please try again later."
        );
    }
}
