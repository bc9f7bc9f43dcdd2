//! The Task resource: its JSON shape and the validation the Tasks API applies to input.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::options::PutMode;

/// A stored task as the API returns it (camelCase, as the original service).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    pub hour: u8,
    pub minute: u8,
    pub execution_days: String,
    pub execution_command: String,
    pub execute_until: Option<String>,
    pub job_id: String,
    pub created_at: String,
    pub updated_at: String,
    /// Every field the API does not model (`deviceId`, `status`, ...), exactly as the client
    /// sent it, flattened into the task object.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The fields the API models; any other field of a task body is kept as given in `extra`.
pub const KNOWN_FIELDS: [&str; 11] = [
    "id",
    "name",
    "description",
    "hour",
    "minute",
    "executionDays",
    "executionCommand",
    "executeUntil",
    "jobId",
    "createdAt",
    "updatedAt",
];

/// The fields of `object` the API does not model, as given (nulls and nested values included).
pub fn unknown_fields(object: &Map<String, Value>) -> Map<String, Value> {
    object
        .iter()
        .filter(|(key, _)| !KNOWN_FIELDS.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// The client-controlled part of a task, validated and normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskInput {
    pub name: String,
    pub description: Option<String>,
    pub hour: u8,
    pub minute: u8,
    pub execution_days: String,
    pub execution_command: String,
    pub execute_until: Option<String>,
    /// The fields the API does not model, as given.
    pub extra: Map<String, Value>,
}

/// What the request is for: creating may not carry an id; updating may only repeat its own.
/// How an update treats a missing `executionCommand` depends on the PUT mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Create,
    Update { id: i64, mode: PutMode },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("the request body is not valid JSON: {0}")]
    Json(String),
    #[error("{0}")]
    Invalid(String),
}

/// The app never asks users for a command, so the server supplies one.
pub const DEFAULT_COMMAND: &str = "city-tasks:run";

pub const DAYS: [&str; 7] = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];

pub fn parse_input(body: &[u8], intent: Intent) -> Result<TaskInput, InputError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| InputError::Json(e.to_string()))?;
    let Value::Object(object) = value else {
        return Err(invalid("the request body must be a JSON object"));
    };
    validate(&object, intent)
}

pub fn validate(object: &Map<String, Value>, intent: Intent) -> Result<TaskInput, InputError> {
    let field = |name: &str| object.get(name).filter(|v| !v.is_null());
    match (intent, field("id")) {
        (Intent::Create, Some(_)) => {
            return Err(invalid("id must not be set when creating a task"));
        }
        (Intent::Update { id, .. }, Some(body_id)) if body_id.as_i64() != Some(id) => {
            return Err(invalid(
                "id in the body does not match the task id in the path",
            ));
        }
        _ => {}
    }
    Ok(TaskInput {
        name: name(field("name"))?,
        description: description(field("description"))?,
        hour: bounded_int(field("hour"), "hour", 23)?,
        minute: bounded_int(field("minute"), "minute", 59)?,
        execution_days: execution_days(field("executionDays"))?,
        execution_command: match (intent, field("executionCommand")) {
            // The Spring/JPA service copies the body's null onto a NOT NULL column: refused.
            (
                Intent::Update {
                    mode: PutMode::Replace,
                    ..
                },
                None,
            ) => return Err(invalid("executionCommand is required")),
            (_, value) => execution_command(value)?,
        },
        execute_until: execute_until(field("executeUntil"))?,
        extra: unknown_fields(object),
    })
}

fn invalid(message: &str) -> InputError {
    InputError::Invalid(message.to_owned())
}

fn name(value: Option<&Value>) -> Result<String, InputError> {
    let text = value
        .and_then(Value::as_str)
        .map(str::trim)
        .ok_or_else(|| invalid("name is required"))?;
    if !(5..=25).contains(&text.chars().count()) {
        return Err(invalid("name must be between 5 and 25 characters"));
    }
    Ok(text.to_owned())
}

fn description(value: Option<&Value>) -> Result<Option<String>, InputError> {
    let Some(value) = value else { return Ok(None) };
    let text = value
        .as_str()
        .map(str::trim)
        .ok_or_else(|| invalid("description must be a string"))?;
    // A blank description is the same as none: forms send "" for an empty field.
    if text.is_empty() {
        return Ok(None);
    }
    if !(10..=150).contains(&text.chars().count()) {
        return Err(invalid("description must be between 10 and 150 characters"));
    }
    Ok(Some(text.to_owned()))
}

/// Accepts numbers and numeric strings ("08"): the original UI sent both.
fn bounded_int(value: Option<&Value>, field: &str, max: u8) -> Result<u8, InputError> {
    let message = || InputError::Invalid(format!("{field} must be a whole number from 0 to {max}"));
    let number = match value {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        None => return Err(InputError::Invalid(format!("{field} is required"))),
        _ => None,
    };
    number
        .and_then(|n| u8::try_from(n).ok())
        .filter(|n| *n <= max)
        .ok_or_else(message)
}

/// Normalises to upper case, week order, no repeats.
fn execution_days(value: Option<&Value>) -> Result<String, InputError> {
    let text = value
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("executionDays is required (e.g. \"MON,WED\")"))?;
    let mut chosen = [false; 7];
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let upper = part.to_ascii_uppercase();
        let index = DAYS.iter().position(|d| *d == upper).ok_or_else(|| {
            InputError::Invalid(format!(
                "executionDays contains an unknown day {part:?}; use MON,TUE,WED,THU,FRI,SAT,SUN"
            ))
        })?;
        chosen[index] = true;
    }
    let days: Vec<&str> = DAYS
        .iter()
        .zip(chosen)
        .filter_map(|(day, on)| on.then_some(*day))
        .collect();
    if days.is_empty() {
        return Err(invalid("executionDays must name at least one day"));
    }
    Ok(days.join(","))
}

fn execution_command(value: Option<&Value>) -> Result<String, InputError> {
    let Some(value) = value else {
        return Ok(DEFAULT_COMMAND.to_owned());
    };
    let text = value
        .as_str()
        .map(str::trim)
        .ok_or_else(|| invalid("executionCommand must be a string"))?;
    if text.is_empty() {
        return Ok(DEFAULT_COMMAND.to_owned());
    }
    if text.chars().count() > 255 {
        return Err(invalid("executionCommand must be at most 255 characters"));
    }
    Ok(text.to_owned())
}

/// ISO-8601 with an offset, or epoch milliseconds (the 2023 service): both are accepted and
/// stored as RFC 3339.
fn execute_until(value: Option<&Value>) -> Result<Option<String>, InputError> {
    let message = "executeUntil must be an ISO-8601 date-time with offset (e.g. 2030-01-31T18:00:00+01:00) or epoch milliseconds";
    match value {
        None => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => OffsetDateTime::parse(s.trim(), &Rfc3339)
            .ok()
            .and_then(|t| t.format(&Rfc3339).ok())
            .map(Some)
            .ok_or_else(|| invalid(message)),
        Some(Value::Number(n)) => n
            .as_i64()
            .and_then(|ms| {
                OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
            })
            .and_then(|t| t.format(&Rfc3339).ok())
            .map(Some)
            .ok_or_else(|| invalid(message)),
        Some(_) => Err(invalid(message)),
    }
}

/// An instant as ISO-8601 UTC with whole seconds, e.g. `2026-11-03T10:15:00Z`.
pub fn iso_utc(now_ms: u64) -> String {
    let secs = i64::try_from(now_ms / 1000).unwrap_or(0);
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: Value, intent: Intent) -> Result<TaskInput, InputError> {
        parse_input(value.to_string().as_bytes(), intent)
    }

    fn good() -> Value {
        json!({ "name": "Water the garden", "hour": 6, "minute": 30, "executionDays": "MON,WED,FRI" })
    }

    fn error_text(value: Value, intent: Intent) -> String {
        match parse(value, intent) {
            Err(InputError::Invalid(message)) => message,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn minimal_task_gets_defaults() {
        let input = parse(good(), Intent::Create).expect("valid");
        assert_eq!(input.execution_command, DEFAULT_COMMAND);
        assert_eq!(input.description, None);
        assert_eq!(input.execute_until, None);
    }

    #[test]
    fn string_hours_and_messy_days_are_normalised() {
        let mut value = good();
        value["hour"] = json!("08");
        value["executionDays"] = json!("fri, mon,FRI");
        let input = parse(value, Intent::Create).expect("valid");
        assert_eq!(input.hour, 8);
        assert_eq!(input.execution_days, "MON,FRI");
    }

    #[test]
    fn id_rules_depend_on_intent() {
        let mut value = good();
        value["id"] = json!(3);
        assert!(error_text(value.clone(), Intent::Create).contains("id"));
        assert!(
            parse(
                value.clone(),
                Intent::Update {
                    id: 3,
                    mode: PutMode::Lenient
                }
            )
            .is_ok()
        );
        assert!(
            error_text(
                value,
                Intent::Update {
                    id: 4,
                    mode: PutMode::Lenient
                }
            )
            .contains("id")
        );
    }

    #[test]
    fn each_field_is_checked_with_a_message_naming_it() {
        let cases = [
            ("name", json!("abc"), "name"),
            ("name", json!("x".repeat(26)), "name"),
            ("description", json!("short"), "description"),
            ("hour", json!(24), "hour"),
            ("hour", json!(-1), "hour"),
            ("minute", json!(60), "minute"),
            ("minute", json!("ten"), "minute"),
            ("executionDays", json!(""), "executionDays"),
            ("executionDays", json!("MON,FUNDAY"), "executionDays"),
            ("executeUntil", json!("2030-01-01T10:00:00"), "executeUntil"),
            ("executionCommand", json!(5), "executionCommand"),
        ];
        for (field, bad, named) in cases {
            let mut value = good();
            value[field] = bad.clone();
            let message = error_text(value, Intent::Create);
            assert!(message.contains(named), "{field}={bad}: {message}");
        }
    }

    #[test]
    fn execute_until_accepts_iso_and_epoch_ms() {
        let mut value = good();
        value["executeUntil"] = json!("2030-01-31T18:00:00+01:00");
        let input = parse(value.clone(), Intent::Create).expect("valid");
        assert_eq!(
            input.execute_until.as_deref(),
            Some("2030-01-31T18:00:00+01:00")
        );
        value["executeUntil"] = json!(0);
        let input = parse(value, Intent::Create).expect("valid");
        assert_eq!(input.execute_until.as_deref(), Some("1970-01-01T00:00:00Z"));
    }

    #[test]
    fn unknown_fields_are_kept_as_given_and_known_ones_are_not() {
        let mut value = good();
        value["deviceId"] = json!("pump-7");
        value["deviceOperation"] = json!("ACTIVATE");
        value["status"] = json!(null);
        value["meta"] = json!({ "zone": [1, { "a": null }] });
        value["jobId"] = json!("job-from-client");
        value["createdAt"] = json!(0);
        let input = parse(value, Intent::Create).expect("valid");
        assert_eq!(
            Value::Object(input.extra),
            json!({ "deviceId": "pump-7", "deviceOperation": "ACTIVATE", "status": null,
                    "meta": { "zone": [1, { "a": null }] } })
        );
    }

    #[test]
    fn replace_mode_requires_the_command_and_lenient_mode_defaults_it() {
        let lenient = Intent::Update {
            id: 3,
            mode: PutMode::Lenient,
        };
        let replace = Intent::Update {
            id: 3,
            mode: PutMode::Replace,
        };
        let input = parse(good(), lenient).expect("valid");
        assert_eq!(input.execution_command, DEFAULT_COMMAND);
        assert!(error_text(good(), replace).contains("executionCommand"));
        let mut null_command = good();
        null_command["executionCommand"] = Value::Null;
        assert!(error_text(null_command, replace).contains("executionCommand"));
        assert!(parse(good(), Intent::Create).is_ok());
        let mut with_command = good();
        with_command["executionCommand"] = json!("pump:on");
        let input = parse(with_command, replace).expect("valid");
        assert_eq!(input.execution_command, "pump:on");
        assert_eq!(input.description, None);
    }

    #[test]
    fn bad_json_and_non_objects() {
        assert!(matches!(
            parse_input(b"{", Intent::Create),
            Err(InputError::Json(_))
        ));
        assert!(matches!(
            parse_input(b"[]", Intent::Create),
            Err(InputError::Invalid(_))
        ));
    }

    #[test]
    fn iso_utc_formats_whole_seconds() {
        assert_eq!(iso_utc(1_700_000_000_123), "2023-11-14T22:13:20Z");
    }
}
