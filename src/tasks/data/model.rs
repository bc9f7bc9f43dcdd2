//! The timer task as the app holds it: the fields it shows and edits, typed, and every other
//! field the API sent, kept as it came so an edit sends it back unchanged. How it is read from
//! and written to JSON is in `json.rs`.

use crate::i18n::{t, week_from, words};
use serde_json::{Map, Value};

/// One scheduled task.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Task {
    pub id: Option<i64>,
    pub name: String,
    pub description: Option<String>,
    pub hour: u8,
    pub minute: u8,
    /// Comma-separated day codes (`MON,WED`), kept as sent so an edit echoes it unchanged.
    pub execution_days: String,
    pub execution_command: Option<String>,
    pub execute_until: Option<Instant>,
    pub job_id: Option<String>,
    pub created_at: Option<Instant>,
    pub updated_at: Option<Instant>,
    /// Every other field, as the API sent it: the later generation's `deviceId`,
    /// `deviceOperation` and `status`, a deployment's own fields, and a known optional field
    /// whose value this app cannot read (a numeric `jobId`). The Tasks API's PUT replaces the
    /// whole task, so a field left out here would be stored as null.
    pub extra: Map<String, Value>,
}

/// A point in time as the API wrote it: kept in its own form so it round-trips unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
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

    /// The short name people read, in the shown language: `Mon`, `lun`.
    pub fn label(self) -> String {
        words().weekday(self)
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

    /// The time as the shown language writes it: `07:30`, `7:30 AM`.
    pub fn time_label(&self) -> String {
        words().time(self.hour, self.minute)
    }

    /// The days as the list and the details say them: see [`days_summary`].
    pub fn days_label(&self) -> String {
        days_summary(&self.days())
    }

    /// The device the task drives (`deviceId`, later API generation), when it names one.
    pub fn device_id(&self) -> Option<String> {
        self.extra_text("deviceId")
    }

    /// What the task does to its device, in plain words (`deviceOperation`).
    pub fn device_operation_label(&self) -> Option<String> {
        self.extra_words(
            "deviceOperation",
            &[("ACTIVATE", t().turns_on), ("DEACTIVATE", t().turns_off)],
        )
    }

    /// Whether the scheduler runs the task, in plain words (`status`).
    pub fn status_label(&self) -> Option<String> {
        let t = t();
        self.extra_words(
            "status",
            &[("ACT", t.status_active), ("INA", t.status_inactive)],
        )
    }

    /// Whether the task's `status` (later API generation) says the scheduler holds it.
    pub fn is_inactive(&self) -> bool {
        self.extra_text("status")
            .is_some_and(|status| status.trim().eq_ignore_ascii_case("INA"))
    }

    /// A coded field beyond the modelled ones in plain words: the words for its code (in any
    /// letter case), or the code as sent when it is not one of `words`.
    fn extra_words(&self, key: &str, words: &[(&str, &str)]) -> Option<String> {
        let code = self.extra_text(key)?;
        let plain = words
            .iter()
            .find(|(known, _)| code.eq_ignore_ascii_case(known))
            .map(|(_, plain)| plain.to_string());
        Some(plain.unwrap_or(code))
    }

    /// A field beyond the modelled ones as text: a string or a number, never an empty one.
    fn extra_text(&self, key: &str) -> Option<String> {
        match self.extra.get(key)? {
            Value::String(text) => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }
}

/// The days in as few words as a glance needs: `Every day`, `Weekdays`, `Weekends`, or
/// `Mon, Wed, Fri`; `No days` for none. One wording wherever a task's days are shown.
pub fn days_summary(days: &[Weekday]) -> String {
    use Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};
    match days {
        [] => t().no_days.to_string(),
        [Mon, Tue, Wed, Thu, Fri, Sat, Sun] => t().every_day.to_string(),
        [Mon, Tue, Wed, Thu, Fri] => t().weekdays.to_string(),
        [Sat, Sun] => t().weekends.to_string(),
        // In the order of the locale's week, as the form's chips are (`Sun, Mon` in the US).
        days => week_from(words().first_day())
            .into_iter()
            .filter(|day| days.contains(day))
            .map(Weekday::label)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Sorts the list the way people scan a schedule: by hour, then minute, then name.
pub fn sort_by_time(tasks: &mut [Task]) {
    tasks.sort_by(|a, b| {
        (a.hour, a.minute, a.name.to_lowercase()).cmp(&(b.hour, b.minute, b.name.to_lowercase()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn task(name: &str, hour: u8, minute: u8) -> Task {
        Task {
            name: name.into(),
            hour,
            minute,
            execution_days: "MON".into(),
            ..Task::default()
        }
    }

    fn with_extra(fields: Value) -> Task {
        Task {
            extra: fields.as_object().cloned().unwrap_or_default(),
            ..task("Pump on", 6, 0)
        }
    }

    #[test]
    fn device_fields_read_in_plain_words() {
        let bound = with_extra(
            json!({"deviceId": "pump-7", "deviceOperation": "ACTIVATE", "status": "ACT"}),
        );
        assert_eq!(bound.device_id().as_deref(), Some("pump-7"));
        assert_eq!(
            bound.device_operation_label().as_deref(),
            Some("Turns the device on")
        );
        assert_eq!(bound.status_label().as_deref(), Some("Active"));
        let off =
            with_extra(json!({"deviceId": 42, "deviceOperation": "deactivate", "status": "INA"}));
        assert_eq!(off.device_id().as_deref(), Some("42"));
        assert_eq!(
            off.device_operation_label().as_deref(),
            Some("Turns the device off")
        );
        assert_eq!(off.status_label().as_deref(), Some("Inactive"));
    }

    #[test]
    fn device_fields_absent_or_unreadable_are_not_shown() {
        let none = task("Pump on", 6, 0);
        assert_eq!(none.device_id(), None);
        assert_eq!(none.status_label(), None);
        let odd =
            with_extra(json!({"deviceId": " ", "deviceOperation": {"x": 1}, "status": "PAUSED"}));
        assert_eq!(odd.device_id(), None);
        assert_eq!(odd.device_operation_label(), None);
        assert_eq!(odd.status_label().as_deref(), Some("PAUSED"));
    }

    #[test]
    fn skips_unknown_day_codes() {
        let mut odd = task("Odd days", 1, 1);
        odd.execution_days = "FUNDAY, tue,MON,MON".into();
        assert_eq!(odd.days(), vec![Weekday::Mon, Weekday::Tue]);
    }

    #[test]
    fn days_read_at_a_glance() {
        use Weekday::*;
        assert_eq!(days_summary(&Weekday::ALL), "Every day");
        assert_eq!(days_summary(&[Mon, Tue, Wed, Thu, Fri]), "Weekdays");
        assert_eq!(days_summary(&[Sat, Sun]), "Weekends");
        assert_eq!(days_summary(&[Mon, Wed, Fri]), "Mon, Wed, Fri");
        assert_eq!(days_summary(&[Sun]), "Sun");
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
