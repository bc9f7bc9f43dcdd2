//! The task form as data: what the user has typed (`TaskDraft`), the rules it must meet
//! (`validate`), the per-field messages (`FieldErrors`), and the bodies a valid draft becomes
//! (`NewTask::to_create`, and `apply_to` for an edit, which replaces only what the user changed).

use crate::i18n::{Text, as_count, t};
use crate::tasks::data::model::{Instant, Task, Weekday};
use crate::tasks::data::when::{CalendarDate, end_of_day_iso, until_day};
use std::collections::BTreeMap;

/// The command the app sends: users never choose one, and the Tasks API requires the field.
pub const DEFAULT_COMMAND: &str = "city-tasks:run";

pub const NAME_LEN: (usize, usize) = (5, 25);
pub const DESCRIPTION_LEN: (usize, usize) = (10, 150);

/// Everything on the form, exactly as typed, so a failed save can keep it all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskDraft {
    pub name: String,
    pub description: String,
    pub hour: String,
    pub minute: String,
    /// In `Weekday::ALL` order.
    pub days: [bool; 7],
    /// `YYYY-MM-DD` in the user's zone, or empty for "no end".
    pub until: String,
}

/// A form field, for attaching messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Name,
    Description,
    Hour,
    Minute,
    Days,
    Until,
}

impl Field {
    /// The `data-testid` / id suffix: `name`, `days`...
    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Description => "description",
            Self::Hour => "hour",
            Self::Minute => "minute",
            Self::Days => "days",
            Self::Until => "until",
        }
    }
}

/// One message per field that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldErrors(BTreeMap<Field, String>);

impl FieldErrors {
    pub fn get(&self, field: Field) -> Option<&str> {
        self.0.get(&field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The first wrong field in form order, to move focus to after a failed submit.
    pub fn first(&self) -> Option<Field> {
        self.0.keys().next().copied()
    }

    fn set(&mut self, field: Field, message: impl Into<String>) {
        self.0.entry(field).or_insert_with(|| message.into());
    }
}

/// A draft that passed every rule: the fields the API takes from the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTask {
    pub name: String,
    pub description: Option<String>,
    pub hour: u8,
    pub minute: u8,
    /// `MON,WED` in week order.
    pub execution_days: String,
    /// ISO-8601 with the scheduler zone's offset on that day.
    pub execute_until: Option<String>,
}

impl NewTask {
    /// The body of `POST task`: no id; the server assigns it, the job id and the timestamps.
    pub fn to_create(&self) -> Task {
        let blank = Task {
            execution_command: Some(DEFAULT_COMMAND.into()),
            ..Task::default()
        };
        self.apply_to(blank, |_| true)
    }

    /// The body of `PUT task/{id}`: the task as the server sent it, with only the fields the
    /// user `changed` replaced. Everything else, the server's fields and those this app does
    /// not know included, goes back exactly as it came: the PUT replaces the whole task, and
    /// even a field the form shows (an "until" written in another offset, days in another
    /// order or with a code this app does not know) must not change unless the user changed it.
    pub fn apply_to(&self, original: Task, changed: impl Fn(Field) -> bool) -> Task {
        let mut task = original;
        if changed(Field::Name) {
            task.name.clone_from(&self.name);
        }
        if changed(Field::Description) {
            task.description.clone_from(&self.description);
        }
        if changed(Field::Hour) {
            task.hour = self.hour;
        }
        if changed(Field::Minute) {
            task.minute = self.minute;
        }
        if changed(Field::Days) {
            task.execution_days.clone_from(&self.execution_days);
        }
        if changed(Field::Until) {
            task.execute_until = self.execute_until.clone().map(Instant::Iso);
        }
        if task.execution_command.is_none() && !task.extra.contains_key("executionCommand") {
            task.execution_command = Some(DEFAULT_COMMAND.into());
        }
        task
    }
}

impl TaskDraft {
    /// The form filled from a stored task; `zone` gives the scheduler zone's offset (minutes
    /// east of UTC) at an instant, for an "until" sent as epoch milliseconds. An ISO "until"
    /// shows its date as written: the day the scheduler ends the task on.
    pub fn from_task(task: &Task, zone: impl Fn(i64) -> i32) -> Self {
        let days = task.days();
        let until = task
            .execute_until
            .as_ref()
            .and_then(|until| until_day(until, zone))
            .map(CalendarDate::to_input_value)
            .unwrap_or_default();
        Self {
            name: task.name.clone(),
            description: task.description.clone().unwrap_or_default(),
            hour: task.hour.to_string(),
            minute: format!("{:02}", task.minute),
            days: Weekday::ALL.map(|day| days.contains(&day)),
            until,
        }
    }

    /// True when `field` reads the same on both drafts.
    pub fn same(&self, other: &TaskDraft, field: Field) -> bool {
        match field {
            Field::Name => self.name == other.name,
            Field::Description => self.description == other.description,
            Field::Hour => self.hour == other.hour,
            Field::Minute => self.minute == other.minute,
            Field::Days => self.days == other.days,
            Field::Until => self.until == other.until,
        }
    }

    /// What was typed into a text field; the days are chosen, not typed.
    pub fn text(&self, field: Field) -> Option<&str> {
        match field {
            Field::Name => Some(&self.name),
            Field::Description => Some(&self.description),
            Field::Hour => Some(&self.hour),
            Field::Minute => Some(&self.minute),
            Field::Until => Some(&self.until),
            Field::Days => None,
        }
    }

    /// Replaces what was typed into a text field (the days have `toggle_day`).
    pub fn set_text(&mut self, field: Field, text: String) {
        let slot = match field {
            Field::Name => &mut self.name,
            Field::Description => &mut self.description,
            Field::Hour => &mut self.hour,
            Field::Minute => &mut self.minute,
            Field::Until => &mut self.until,
            Field::Days => return,
        };
        *slot = text;
    }

    pub fn toggle_day(&mut self, day: Weekday) {
        if let Some(index) = Weekday::ALL.iter().position(|d| *d == day) {
            self.days[index] = !self.days[index];
        }
    }

    pub fn has_day(&self, day: Weekday) -> bool {
        Weekday::ALL
            .iter()
            .position(|d| *d == day)
            .is_some_and(|index| self.days[index])
    }

    /// Checks every rule. `today` is the current date in the scheduler's zone (an "until" in
    /// the past would never run); `offset_on` gives that zone's offset at the end of a chosen
    /// day, which differs in summer.
    pub fn validate(
        &self,
        today: CalendarDate,
        offset_on: impl Fn(CalendarDate) -> i32,
    ) -> Result<NewTask, FieldErrors> {
        let t = t();
        let mut errors = FieldErrors::default();
        let name = self.name.trim();
        let name_len = name.chars().count();
        if name.is_empty() {
            errors.set(Field::Name, t.enter_name);
        } else if !(NAME_LEN.0..=NAME_LEN.1).contains(&name_len) {
            errors.set(
                Field::Name,
                (t.use_characters)(
                    as_count(NAME_LEN.0),
                    as_count(NAME_LEN.1),
                    as_count(name_len),
                ),
            );
        }
        let description = self.description.trim();
        let description_len = description.chars().count();
        if !description.is_empty()
            && !(DESCRIPTION_LEN.0..=DESCRIPTION_LEN.1).contains(&description_len)
        {
            errors.set(
                Field::Description,
                (t.use_characters_or_empty)(
                    as_count(DESCRIPTION_LEN.0),
                    as_count(DESCRIPTION_LEN.1),
                    as_count(description_len),
                ),
            );
        }
        let hour = bounded(
            &self.hour,
            23,
            (t.enter_hour, t.hour_range),
            &mut errors,
            Field::Hour,
        );
        let minute = bounded(
            &self.minute,
            59,
            (t.enter_minute, t.minute_range),
            &mut errors,
            Field::Minute,
        );
        let days: Vec<&str> = Weekday::ALL
            .iter()
            .zip(self.days)
            .filter_map(|(day, on)| on.then_some(day.code()))
            .collect();
        if days.is_empty() {
            errors.set(Field::Days, t.choose_day);
        }
        let until = match self.until.trim() {
            "" => None,
            text => match CalendarDate::parse(text) {
                None => {
                    errors.set(Field::Until, t.enter_date);
                    None
                }
                Some(date) if date < today => {
                    errors.set(Field::Until, t.choose_later_day);
                    None
                }
                Some(date) => Some(end_of_day_iso(date, offset_on(date))),
            },
        };
        match (hour, minute) {
            (Some(hour), Some(minute)) if errors.is_empty() => Ok(NewTask {
                name: name.to_string(),
                description: (!description.is_empty()).then(|| description.to_string()),
                hour,
                minute,
                execution_days: days.join(","),
                execute_until: until,
            }),
            _ => Err(errors),
        }
    }
}

/// A number from 0 to `max` typed into `field`; `messages` say it is missing, or out of range.
fn bounded(
    text: &str,
    max: u8,
    messages: (Text, Text),
    errors: &mut FieldErrors,
    field: Field,
) -> Option<u8> {
    let (missing, out_of_range) = messages;
    let text = text.trim();
    if text.is_empty() {
        errors.set(field, missing);
        return None;
    }
    let number = (text.len() <= 2 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse::<u8>().ok())
        .flatten()
        .filter(|n| *n <= max);
    if number.is_none() {
        errors.set(field, out_of_range);
    }
    number
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: CalendarDate = CalendarDate {
        year: 2026,
        month: 11,
        day: 3,
    };

    fn good() -> TaskDraft {
        TaskDraft {
            name: "Water the garden".into(),
            description: String::new(),
            hour: "6".into(),
            minute: "30".into(),
            days: [true, false, true, false, true, false, false],
            until: String::new(),
        }
    }

    fn berlin(date: CalendarDate) -> i32 {
        // Summer time from the last Sunday of March to the last Sunday of October, roughly.
        if (4..=10).contains(&date.month) {
            120
        } else {
            60
        }
    }

    fn errors(draft: &TaskDraft) -> FieldErrors {
        draft.validate(TODAY, berlin).err().unwrap_or_default()
    }

    #[test]
    fn a_good_draft_becomes_a_task() {
        let task = good().validate(TODAY, berlin).expect("valid");
        assert_eq!(task.name, "Water the garden");
        assert_eq!((task.hour, task.minute), (6, 30));
        assert_eq!(task.execution_days, "MON,WED,FRI");
        assert_eq!(task.description, None);
        assert_eq!(task.execute_until, None);
    }

    #[test]
    fn name_is_required_and_5_to_25_characters() {
        for (name, ok) in [
            ("", false),
            ("   ", false),
            ("Pump", false),
            ("Pumps", true),
            ("  Pumps  ", true),
            ("Ünïcödé", true),
            (&"x".repeat(25), true),
            (&"x".repeat(26), false),
        ] {
            let draft = TaskDraft {
                name: name.into(),
                ..good()
            };
            assert_eq!(errors(&draft).get(Field::Name).is_none(), ok, "{name:?}");
        }
        let draft = TaskDraft {
            name: "Pump".into(),
            ..good()
        };
        assert_eq!(
            errors(&draft).get(Field::Name),
            Some("Use 5 to 25 characters (now 4).")
        );
    }

    #[test]
    fn description_is_optional_or_10_to_150_characters() {
        for (text, ok) in [
            ("", true),
            ("  ", true),
            ("Too short", false),
            ("Long enough", true),
            (&"x".repeat(150), true),
            (&"x".repeat(151), false),
        ] {
            let draft = TaskDraft {
                description: text.into(),
                ..good()
            };
            assert_eq!(
                errors(&draft).get(Field::Description).is_none(),
                ok,
                "{text:?}"
            );
        }
        let draft = TaskDraft {
            description: " Long enough ".into(),
            ..good()
        };
        let task = draft.validate(TODAY, berlin).expect("valid");
        assert_eq!(task.description.as_deref(), Some("Long enough"));
    }

    #[test]
    fn hour_and_minute_are_whole_numbers_in_range() {
        for (hour, ok) in [
            ("0", true),
            ("23", true),
            ("08", true),
            ("24", false),
            ("", false),
            ("-1", false),
            ("1.5", false),
            ("ab", false),
            ("007", false),
        ] {
            let draft = TaskDraft {
                hour: hour.into(),
                ..good()
            };
            assert_eq!(
                errors(&draft).get(Field::Hour).is_none(),
                ok,
                "hour {hour:?}"
            );
        }
        for (minute, ok) in [("0", true), ("59", true), ("60", false), (" ", false)] {
            let draft = TaskDraft {
                minute: minute.into(),
                ..good()
            };
            assert_eq!(
                errors(&draft).get(Field::Minute).is_none(),
                ok,
                "minute {minute:?}"
            );
        }
    }

    #[test]
    fn at_least_one_day() {
        let draft = TaskDraft {
            days: [false; 7],
            ..good()
        };
        assert_eq!(
            errors(&draft).get(Field::Days),
            Some("Choose at least one day.")
        );
        let mut draft = good();
        draft.toggle_day(Weekday::Sun);
        assert!(draft.has_day(Weekday::Sun));
        assert_eq!(
            draft
                .validate(TODAY, berlin)
                .map(|t| t.execution_days)
                .ok()
                .as_deref(),
            Some("MON,WED,FRI,SUN")
        );
    }

    #[test]
    fn until_is_a_day_from_today_sent_with_that_days_offset() {
        let winter = TaskDraft {
            until: "2027-01-31".into(),
            ..good()
        };
        let summer = TaskDraft {
            until: "2027-07-01".into(),
            ..good()
        };
        let today = TaskDraft {
            until: "2026-11-03".into(),
            ..good()
        };
        let until = |d: &TaskDraft| d.validate(TODAY, berlin).ok().and_then(|t| t.execute_until);
        assert_eq!(until(&winter).as_deref(), Some("2027-01-31T23:59:59+01:00"));
        assert_eq!(until(&summer).as_deref(), Some("2027-07-01T23:59:59+02:00"));
        assert!(until(&today).is_some());
        let past = TaskDraft {
            until: "2026-11-02".into(),
            ..good()
        };
        assert_eq!(
            errors(&past).get(Field::Until),
            Some("Choose today or a later day.")
        );
        let nonsense = TaskDraft {
            until: "31/01/2027".into(),
            ..good()
        };
        assert!(errors(&nonsense).get(Field::Until).is_some());
    }

    #[test]
    fn text_fields_read_and_write_what_was_typed() {
        let before = good();
        for field in [
            Field::Name,
            Field::Description,
            Field::Hour,
            Field::Minute,
            Field::Until,
        ] {
            let mut draft = before.clone();
            draft.set_text(field, "typed".into());
            assert_eq!(draft.text(field), Some("typed"), "{field:?}");
            assert!(!draft.same(&before, field), "{field:?}");
        }
        let mut draft = before.clone();
        draft.set_text(Field::Days, "typed".into());
        assert_eq!(draft, before);
        assert_eq!(draft.text(Field::Days), None);
    }

    #[test]
    fn every_broken_field_is_reported_at_once_in_form_order() {
        let draft = TaskDraft {
            name: String::new(),
            description: "short".into(),
            hour: "99".into(),
            minute: "x".into(),
            days: [false; 7],
            until: "yesterday".into(),
        };
        let errors = errors(&draft);
        assert_eq!(errors.len(), 6);
        assert_eq!(errors.first(), Some(Field::Name));
    }

    #[test]
    fn a_stored_task_fills_the_form_with_the_until_day_the_scheduler_reads() {
        let task: Task = serde_json::from_value(serde_json::json!({
            "id": 3, "name": "Fountain pumps on", "hour": "05", "minute": 5,
            "executionDays": "SUN,SAT", "executeUntil": "2030-09-30T21:59:00Z"
        }))
        .expect("valid task");
        let draft = TaskDraft::from_task(&task, |_| 540);
        assert_eq!(draft.hour, "5");
        assert_eq!(draft.minute, "05");
        assert_eq!(draft.days, [false, false, false, false, false, true, true]);
        assert_eq!(draft.until, "2030-09-30");
        // Epoch milliseconds (2023 API) are read in the scheduler's zone: at +09:00 that
        // moment is already the next day.
        let mut later = task.clone();
        later.execute_until = Some(Instant::EpochMillis(1_917_035_940_000));
        assert_eq!(TaskDraft::from_task(&later, |_| 120).until, "2030-09-30");
        assert_eq!(TaskDraft::from_task(&later, |_| 540).until, "2030-10-01");
    }

    #[test]
    fn an_edit_echoes_the_servers_fields() {
        let original: Task = serde_json::from_value(serde_json::json!({
            "id": 3, "name": "Old name", "hour": 1, "minute": 2, "executionDays": "MON",
            "executionCommand": "pump:on", "jobId": "job-7", "createdAt": 1_767_225_600_000_i64,
            "updatedAt": "2026-01-02T00:00:00Z"
        }))
        .expect("valid task");
        let edited = good()
            .validate(TODAY, berlin)
            .expect("valid")
            .apply_to(original, |_| true);
        let json = serde_json::to_value(&edited).expect("serialises");
        assert_eq!(json["id"], 3);
        assert_eq!(json["jobId"], "job-7");
        assert_eq!(json["createdAt"], 1_767_225_600_000_i64);
        assert_eq!(json["executionCommand"], "pump:on");
        assert_eq!(json["name"], "Water the garden");
        assert_eq!(json["executionDays"], "MON,WED,FRI");
    }

    #[test]
    fn a_rename_changes_the_name_and_nothing_else() {
        // Written by another client: days out of order with a code this app does not know,
        // "until" in UTC, a padded hour, the later generation's fields and a deployment's own.
        let sent = serde_json::json!({
            "id": 3, "name": "Old name", "description": "The east pump, at dawn", "hour": "06",
            "minute": 30, "executionDays": "FRI,MON,HOLIDAY", "executionCommand": "pump:on",
            "executeUntil": "2030-09-30T21:59:59Z", "jobId": "job-7",
            "createdAt": 1_767_225_600_000_i64, "updatedAt": "2026-01-02T00:00:00Z",
            "deviceId": "pump-7", "deviceOperation": "ACTIVATE", "status": "ACT",
            "site": {"zone": "east"}, "notes": null
        });
        let original: Task = serde_json::from_value(sent.clone()).expect("valid task");
        let baseline = TaskDraft::from_task(&original, |_| 120);
        let mut draft = baseline.clone();
        draft.name = "New name".into();
        let body = draft
            .validate(TODAY, berlin)
            .expect("valid")
            .apply_to(original, |field| !draft.same(&baseline, field));
        let mut expected = sent;
        expected["name"] = "New name".into();
        // The one normalisation: the hour is a number, as the server stores it.
        expected["hour"] = 6.into();
        assert_eq!(serde_json::to_value(&body).expect("serialises"), expected);
    }

    #[test]
    fn only_the_fields_the_user_changed_are_replaced() {
        let original: Task = serde_json::from_value(serde_json::json!({
            "id": 3, "name": "Old name", "hour": 1, "minute": 2, "executionDays": "SUN,MON",
            "executeUntil": 1_917_035_940_000_i64, "deviceId": "d-1"
        }))
        .expect("valid task");
        let baseline = TaskDraft::from_task(&original, |_| 120);
        let mut draft = baseline.clone();
        draft.toggle_day(Weekday::Wed);
        draft.until = "2031-01-31".into();
        let body = draft
            .validate(TODAY, berlin)
            .expect("valid")
            .apply_to(original, |field| !draft.same(&baseline, field));
        let json = serde_json::to_value(&body).expect("serialises");
        assert_eq!(json["executionDays"], "MON,WED,SUN");
        assert_eq!(json["executeUntil"], "2031-01-31T23:59:59+01:00");
        assert_eq!(json["name"], "Old name");
        assert_eq!(json["deviceId"], "d-1");
    }

    #[test]
    fn a_create_has_no_server_fields() {
        let json = serde_json::to_value(good().validate(TODAY, berlin).expect("valid").to_create())
            .expect("serialises");
        for absent in [
            "id",
            "jobId",
            "createdAt",
            "updatedAt",
            "description",
            "executeUntil",
        ] {
            assert!(json.get(absent).is_none(), "{absent} in {json}");
        }
        assert_eq!(json["executionCommand"], DEFAULT_COMMAND);
        assert_eq!(json["hour"], 6);
    }
}
