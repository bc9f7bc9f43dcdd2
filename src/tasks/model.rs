//! The timer task as the Tasks API sends it, read leniently across both API generations
//! (numbers or numeric strings, ISO-8601 or epoch-millisecond dates) and written back faithfully.

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Instant {
    EpochMillis(i64),
    Iso(String),
}

// By hand rather than `#[serde(untagged)]`, which buffers every value before trying each form:
// a list of 5,000 tasks parses faster, and the wasm is smaller.
impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::EpochMillis(millis) => serializer.serialize_i64(*millis),
            Self::Iso(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(InstantVisitor)
    }
}

struct InstantVisitor;

impl Visitor<'_> for InstantVisitor {
    type Value = Instant;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("epoch milliseconds or an ISO-8601 date")
    }
    fn visit_i64<E: de::Error>(self, millis: i64) -> Result<Instant, E> {
        Ok(Instant::EpochMillis(millis))
    }
    fn visit_u64<E: de::Error>(self, millis: u64) -> Result<Instant, E> {
        i64::try_from(millis)
            .map(Instant::EpochMillis)
            .map_err(|_| E::custom("the date is out of range"))
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Instant, E> {
        Ok(Instant::Iso(text.to_owned()))
    }
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
    deserializer.deserialize_any(SmallNumber)
}

/// A number 0-255 written as a JSON number or a numeric string (older API generations).
struct SmallNumber;

impl SmallNumber {
    fn fits<E: de::Error>(number: Option<u64>, shown: &dyn fmt::Display) -> Result<u8, E> {
        number
            .and_then(|n| u8::try_from(n).ok())
            .ok_or_else(|| E::custom(format!("expected a small number, got {shown}")))
    }
}

impl Visitor<'_> for SmallNumber {
    type Value = u8;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a small number")
    }
    fn visit_u64<E: de::Error>(self, number: u64) -> Result<u8, E> {
        Self::fits(Some(number), &number)
    }
    fn visit_i64<E: de::Error>(self, number: i64) -> Result<u8, E> {
        Self::fits(u64::try_from(number).ok(), &number)
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<u8, E> {
        Self::fits(text.trim().parse::<u64>().ok(), &format_args!("\"{text}\""))
    }
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
