//! What the task list should show, computed from the API's own answer.

use anyhow::{Result, anyhow, bail};
use serde_json::Value;

/// The fields of a task the list page depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTask {
    pub name: String,
    pub hour: u32,
    pub minute: u32,
}

/// Reads a task list leniently: the API may send `hour`/`minute` as strings like `"08"`.
pub fn parse_tasks(body: &Value) -> Result<Vec<ApiTask>> {
    let items = body.as_array().ok_or_else(|| anyhow!("not a JSON array"))?;
    items
        .iter()
        .map(|item| {
            let name = item
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| anyhow!("task without a name: {item}"))?;
            Ok(ApiTask {
                name: name.to_owned(),
                hour: number_field(item, "hour")?,
                minute: number_field(item, "minute")?,
            })
        })
        .collect()
}

fn number_field(item: &Value, field: &str) -> Result<u32> {
    let value = item
        .get(field)
        .ok_or_else(|| anyhow!("task without {field}: {item}"))?;
    let number = match value {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    number.ok_or_else(|| anyhow!("task {field} is not a number: {item}"))
}

/// Tasks in the order the list shows them: by hour, then minute.
pub fn in_display_order(mut tasks: Vec<ApiTask>) -> Vec<ApiTask> {
    tasks.sort_by_key(|task| (task.hour, task.minute));
    tasks
}

/// Checks that the rows, top to bottom, show `tasks` in display order: one row per task, each
/// containing its task's name. Tasks due at the same minute may appear in either order.
pub fn check_rows_show_tasks(rows: &[String], tasks: &[ApiTask]) -> Result<()> {
    let expected = in_display_order(tasks.to_vec());
    let names: Vec<&str> = expected.iter().map(|t| t.name.as_str()).collect();
    if rows.len() != expected.len() {
        bail!(
            "the list shows {} rows but the API has {} tasks\nrows: {rows:?}\nexpected names in order: {names:?}",
            rows.len(),
            expected.len()
        );
    }
    for (index, (row, task)) in rows.iter().zip(&expected).enumerate() {
        let same_minute = expected
            .iter()
            .filter(|t| (t.hour, t.minute) == (task.hour, task.minute))
            .any(|t| row.contains(&t.name));
        if !same_minute {
            bail!(
                "row {} shows {row:?}, expected the task {:?} ({:02}:{:02})\nrows: {rows:?}\nexpected names in order: {names:?}",
                index + 1,
                task.name,
                task.hour,
                task.minute
            );
        }
    }
    Ok(())
}

/// Storage entries whose value holds a JWT: `eyJ` (the base64 of `{"`) opening two base64url
/// segments joined by dots. `eyJ` alone is not enough: a cached signing key's random modulus
/// contains it about once in 800 keys, which made a check fail by chance.
pub fn token_like(entries: &[(String, String)]) -> Vec<String> {
    entries
        .iter()
        .filter(|(_, value)| holds_jwt(value))
        .map(|(key, _)| key.clone())
        .collect()
}

fn holds_jwt(value: &str) -> bool {
    let base64url = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    value.match_indices("eyJ").any(|(start, _)| {
        let mut segments = value[start..].split('.');
        let header = segments.next().unwrap_or_default();
        let payload = segments.next().unwrap_or_default();
        header.chars().all(base64url)
            && !payload.is_empty()
            && payload.chars().all(base64url)
            && segments.next().is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn task(name: &str, hour: u32, minute: u32) -> ApiTask {
        ApiTask {
            name: name.into(),
            hour,
            minute,
        }
    }

    #[test]
    fn tasks_accept_numbers_and_zero_padded_strings() {
        let body = json!([
            {"id": 1, "name": "Late", "hour": 22, "minute": 5},
            {"id": 2, "name": "Early", "hour": "08", "minute": "30"}
        ]);
        let tasks = in_display_order(parse_tasks(&body).unwrap_or_default());
        let names: Vec<_> = tasks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Early", "Late"]);
    }

    #[test]
    fn rows_must_follow_hour_then_minute() {
        let tasks = [
            task("Lights off", 22, 0),
            task("Pump on", 6, 30),
            task("Gate", 6, 5),
        ];
        let good = [
            "Gate 06:05".to_owned(),
            "Pump on 06:30".into(),
            "Lights off 22:00".into(),
        ];
        assert!(check_rows_show_tasks(&good, &tasks).is_ok());
        let api_order = ["Lights off".to_owned(), "Pump on".into(), "Gate".into()];
        assert!(check_rows_show_tasks(&api_order, &tasks).is_err());
        assert!(check_rows_show_tasks(&good[..2], &tasks).is_err());
    }

    #[test]
    fn ties_may_come_in_either_order() {
        let tasks = [task("Alpha", 7, 0), task("Beta", 7, 0)];
        let rows = ["Beta".to_owned(), "Alpha".into()];
        assert!(check_rows_show_tasks(&rows, &tasks).is_ok());
    }

    #[test]
    fn jwt_values_are_spotted() {
        let entries = [
            ("theme".to_owned(), "dark".to_owned()),
            ("t".into(), "{\"a\":\"eyJhbGciOi.eyJzdWIi.c2ln\"}".into()),
            (
                "unsigned".into(),
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.".into(),
            ),
            (
                "jwks".into(),
                "{\"keys\":[{\"n\":\"q0eyJx-9_a\",\"e\":\"AQAB\"}]}".into(),
            ),
            ("dots".into(), "eyJ and. then.".into()),
        ];
        assert_eq!(token_like(&entries), ["t", "unsigned"]);
    }
}
