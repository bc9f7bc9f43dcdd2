//! The timer task as the Tasks API sends it, read leniently across both API generations
//! (numbers or numeric strings, ISO-8601 or epoch-millisecond dates) and written back faithfully.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// One scheduled task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(deserialize_with = "lenient_u8")]
    pub hour: u8,
    #[serde(deserialize_with = "lenient_u8")]
    pub minute: u8,
    /// Comma-separated day codes (`MON,WED`), kept as sent so an edit echoes it unchanged.
    #[serde(default)]
    pub execution_days: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_command: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execute_until: Option<Instant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Instant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Instant>,
}

/// A point in time as the API wrote it: kept in its own form so it round-trips unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Instant {
    EpochMillis(i64),
    Iso(String),
}

/// A day of the week, in the API's three-letter codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Self::Mon,
        Self::Tue,
        Self::Wed,
        Self::Thu,
        Self::Fri,
        Self::Sat,
        Self::Sun,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Mon => "MON",
            Self::Tue => "TUE",
            Self::Wed => "WED",
            Self::Thu => "THU",
            Self::Fri => "FRI",
            Self::Sat => "SAT",
            Self::Sun => "SUN",
        }
    }

    /// The short label people read: `Mon`, `Tue`, ...
    pub fn label(self) -> &'static str {
        match self {
            Self::Mon => "Mon",
            Self::Tue => "Tue",
            Self::Wed => "Wed",
            Self::Thu => "Thu",
            Self::Fri => "Fri",
            Self::Sat => "Sat",
            Self::Sun => "Sun",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|day| day.code().eq_ignore_ascii_case(code.trim()))
    }
}

impl Task {
    /// The known days in week order; unknown codes are skipped rather than failing the list.
    pub fn days(&self) -> Vec<Weekday> {
        let mut days: Vec<Weekday> = self
            .execution_days
            .split(',')
            .filter_map(Weekday::from_code)
            .collect();
        days.sort();
        days.dedup();
        days
    }

    /// `HH:MM`, as the list shows it.
    pub fn time_label(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    /// `Mon, Wed, Fri`.
    pub fn days_label(&self) -> String {
        self.days()
            .into_iter()
            .map(Weekday::label)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Sorts the list the way people scan a schedule: by hour, then minute, then name.
pub fn sort_by_time(tasks: &mut [Task]) {
    tasks.sort_by(|a, b| {
        (a.hour, a.minute, a.name.to_lowercase()).cmp(&(b.hour, b.minute, b.name.to_lowercase()))
    });
}

/// Accepts `8` and `"08"` alike; the original UI sometimes sent strings.
fn lenient_u8<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let number = match &value {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.trim().parse::<u64>().ok(),
        _ => None,
    };
    number
        .and_then(|n| u8::try_from(n).ok())
        .ok_or_else(|| serde::de::Error::custom(format!("expected a small number, got {value}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(name: &str, hour: u8, minute: u8) -> Task {
        Task {
            id: None,
            name: name.into(),
            description: None,
            hour,
            minute,
            execution_days: "MON".into(),
            execution_command: None,
            execute_until: None,
            job_id: None,
            created_at: None,
            updated_at: None,
        }
    }

    #[test]
    fn reads_the_2022_shape() {
        let json = r#"{"id":3,"name":"Water garden","hour":"08","minute":5,"executionDays":"WED,MON",
            "executionCommand":"run","executeUntil":"2027-01-31T23:59:00+01:00","jobId":"j-1",
            "createdAt":"2026-11-01T10:00:00Z"}"#;
        let task: Task = serde_json::from_str(json).expect("2022 shape");
        assert_eq!(task.hour, 8);
        assert_eq!(task.time_label(), "08:05");
        assert_eq!(task.days_label(), "Mon, Wed");
        assert_eq!(
            task.execute_until,
            Some(Instant::Iso("2027-01-31T23:59:00+01:00".into()))
        );
    }

    #[test]
    fn reads_the_2023_shape_with_epoch_millis() {
        let json = r#"{"id":4,"name":"Lights off","hour":23,"minute":"0","executionDays":"SUN",
            "executeUntil":1798761600000,"createdAt":1767225600000,"deviceId":"d-1","status":"ACT"}"#;
        let task: Task = serde_json::from_str(json).expect("2023 shape");
        assert_eq!(
            task.execute_until,
            Some(Instant::EpochMillis(1_798_761_600_000))
        );
        assert_eq!(task.minute, 0);
    }

    #[test]
    fn round_trips_server_fields_unchanged() {
        let json = r#"{"id":3,"name":"Water garden","hour":8,"minute":5,"executionDays":"MON",
            "jobId":"j-1","createdAt":1767225600000}"#;
        let task: Task = serde_json::from_str(json).expect("valid");
        let back = serde_json::to_value(&task).expect("serialises");
        assert_eq!(back["jobId"], "j-1");
        assert_eq!(back["createdAt"], 1_767_225_600_000_i64);
        assert!(back.get("description").is_none());
    }

    #[test]
    fn refuses_out_of_range_numbers() {
        for bad in [
            r#""hour":-1"#,
            r#""hour":"x""#,
            r#""hour":300"#,
            r#""hour":null"#,
        ] {
            let json = format!(r#"{{"name":"Task one","minute":0,"executionDays":"MON",{bad}}}"#);
            assert!(serde_json::from_str::<Task>(&json).is_err(), "{bad}");
        }
    }

    #[test]
    fn skips_unknown_day_codes() {
        let mut odd = task("Odd days", 1, 1);
        odd.execution_days = "FUNDAY, tue,MON,MON".into();
        assert_eq!(odd.days(), vec![Weekday::Mon, Weekday::Tue]);
    }

    #[test]
    fn sorts_by_hour_then_minute_then_name() {
        let mut tasks = vec![
            task("b", 9, 0),
            task("late", 23, 59),
            task("a", 9, 0),
            task("early", 0, 1),
            task("mid", 9, 30),
        ];
        sort_by_time(&mut tasks);
        let names: Vec<_> = tasks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["early", "a", "b", "mid", "late"]);
    }
}
