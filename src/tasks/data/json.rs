//! A task as it travels as JSON: read record by record and leniently across both API
//! generations (numbers or numeric strings, ISO-8601 or epoch-millisecond dates), every field
//! kept; a record the app cannot show set aside with its id instead of failing the whole list;
//! written back with every field it came with.
//!
//! By hand rather than derived: a derive with `#[serde(flatten)]` for the unknown fields would
//! buffer each record twice, and a derive fails a whole list on one bad record.

use super::model::{Instant, Task};
use crate::i18n::t;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// The longest id text shown for a record that could not be read: enough for any real id,
/// short enough that a hostile one cannot fill the screen.
const SHOWN_ID_CHARS: usize = 24;

/// A record the app cannot show, and why, in words for the people who must fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The record's `id` as text, when it has one.
    pub id: Option<String>,
    pub problem: Problem,
}

/// What makes a stored record unshowable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    NotATask,
    Id,
    Name,
    Hour,
    Minute,
    Days,
}

impl Problem {
    /// The problem in the shown language: `its hour is not 0 to 23`.
    pub fn words(self) -> &'static str {
        let t = t();
        match self {
            Problem::NotATask => t.problem_not_a_task,
            Problem::Id => t.problem_id,
            Problem::Name => t.problem_name,
            Problem::Hour => t.problem_hour,
            Problem::Minute => t.problem_minute,
            Problem::Days => t.problem_days,
        }
    }
}

/// One element of a task list.
// Unboxed on purpose: each record is unpacked as soon as it is read, and boxing would cost an
// allocation per task of a 5,000-task list.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum TaskRecord {
    Readable(Task),
    Unreadable(Unreadable),
}

/// `GET tasks`: every task that could be read, and the records that could not.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskList {
    pub tasks: Vec<Task>,
    pub unreadable: Vec<Unreadable>,
}

impl<'de> Deserialize<'de> for TaskList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(ListVisitor)
    }
}

struct ListVisitor;

impl<'de> Visitor<'de> for ListVisitor {
    type Value = TaskList;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of tasks")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TaskList, A::Error> {
        let mut list = TaskList {
            // The hint comes from outside: cap it rather than trust it with an allocation.
            tasks: Vec::with_capacity(seq.size_hint().unwrap_or(0).min(8192)),
            unreadable: Vec::new(),
        };
        while let Some(record) = seq.next_element::<TaskRecord>()? {
            match record {
                TaskRecord::Readable(task) => list.tasks.push(task),
                TaskRecord::Unreadable(bad) => list.unreadable.push(bad),
            }
        }
        Ok(list)
    }
}

/// One task (`GET task/{id}`, and the answers to POST and PUT): a record that cannot be shown
/// is an error here, with its problem as the message.
impl<'de> Deserialize<'de> for Task {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match TaskRecord::deserialize(deserializer)? {
            TaskRecord::Readable(task) => Ok(task),
            TaskRecord::Unreadable(bad) => Err(de::Error::custom(bad.problem.words())),
        }
    }
}

impl<'de> Deserialize<'de> for TaskRecord {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RecordVisitor)
    }
}

struct RecordVisitor;

impl RecordVisitor {
    fn not_an_object<E>(self) -> Result<TaskRecord, E> {
        Ok(TaskRecord::Unreadable(Unreadable {
            id: None,
            problem: Problem::NotATask,
        }))
    }
}

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = TaskRecord;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a task")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TaskRecord, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key::<Key>()? {
            let value: Value = map.next_value()?;
            fields.take(key, value);
        }
        Ok(fields.finish())
    }

    // Anything but an object in the list is a record that cannot be shown, not a broken list.
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<TaskRecord, E> {
        self.not_an_object()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<TaskRecord, E> {
        self.not_an_object()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<TaskRecord, E> {
        self.not_an_object()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<TaskRecord, E> {
        self.not_an_object()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<TaskRecord, E> {
        self.not_an_object()
    }
    fn visit_unit<E: de::Error>(self) -> Result<TaskRecord, E> {
        self.not_an_object()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TaskRecord, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.not_an_object()
    }
}

/// A field name: the modelled ones without allocating, any other kept as written.
enum Key {
    Id,
    Name,
    Description,
    Hour,
    Minute,
    ExecutionDays,
    ExecutionCommand,
    ExecuteUntil,
    JobId,
    CreatedAt,
    UpdatedAt,
    Other(String),
}

impl Key {
    fn of(name: &str) -> Self {
        match name {
            "id" => Self::Id,
            "name" => Self::Name,
            "description" => Self::Description,
            "hour" => Self::Hour,
            "minute" => Self::Minute,
            "executionDays" => Self::ExecutionDays,
            "executionCommand" => Self::ExecutionCommand,
            "executeUntil" => Self::ExecuteUntil,
            "jobId" => Self::JobId,
            "createdAt" => Self::CreatedAt,
            "updatedAt" => Self::UpdatedAt,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(Key::of(name))
    }
}

/// A record being read: what could be typed so far, what could not, and the rest.
#[derive(Default)]
struct Fields {
    task: Task,
    id: Option<Value>,
    name: Option<Value>,
    hour: Option<Value>,
    minute: Option<Value>,
    days: Option<Value>,
}

impl Fields {
    fn take(&mut self, key: Key, value: Value) {
        let task = &mut self.task;
        // An optional field the app only displays: typed when it reads as expected, otherwise
        // kept untouched with the other fields so it still goes back to the server.
        let (name, kept) = match key {
            Key::Id => return self.id = Some(value),
            Key::Name => return self.name = Some(value),
            Key::Hour => return self.hour = Some(value),
            Key::Minute => return self.minute = Some(value),
            Key::ExecutionDays => return self.days = Some(value),
            Key::Description => ("description", text(value).map(|v| task.description = v)),
            Key::ExecutionCommand => (
                "executionCommand",
                text(value).map(|v| task.execution_command = v),
            ),
            Key::JobId => ("jobId", text(value).map(|v| task.job_id = v)),
            Key::ExecuteUntil => (
                "executeUntil",
                instant(value).map(|v| task.execute_until = v),
            ),
            Key::CreatedAt => ("createdAt", instant(value).map(|v| task.created_at = v)),
            Key::UpdatedAt => ("updatedAt", instant(value).map(|v| task.updated_at = v)),
            Key::Other(name) => {
                task.extra.insert(name, value);
                return;
            }
        };
        if let Err(value) = kept {
            task.extra.insert(name.to_owned(), value);
        }
    }

    fn finish(self) -> TaskRecord {
        let Fields {
            mut task,
            id,
            name,
            hour,
            minute,
            days,
        } = self;
        let shown_id = id.as_ref().and_then(shown_id);
        let unreadable = |problem| {
            TaskRecord::Unreadable(Unreadable {
                id: shown_id.clone(),
                problem,
            })
        };
        match id {
            None | Some(Value::Null) => {}
            Some(Value::Number(number)) if number.as_i64().is_some() => task.id = number.as_i64(),
            Some(_) => return unreadable(Problem::Id),
        }
        match name {
            Some(Value::String(name)) if !name.trim().is_empty() => task.name = name,
            _ => return unreadable(Problem::Name),
        }
        match hour.as_ref().and_then(|hour| small_number(hour, 23)) {
            Some(hour) => task.hour = hour,
            None => return unreadable(Problem::Hour),
        }
        match minute.as_ref().and_then(|minute| small_number(minute, 59)) {
            Some(minute) => task.minute = minute,
            None => return unreadable(Problem::Minute),
        }
        match days {
            None | Some(Value::Null) => {}
            Some(Value::String(days)) => task.execution_days = days,
            Some(_) => return unreadable(Problem::Days),
        }
        TaskRecord::Readable(task)
    }
}

/// A string or null; anything else is handed back.
fn text(value: Value) -> Result<Option<String>, Value> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text)),
        other => Err(other),
    }
}

/// Epoch milliseconds, an ISO-8601 string, or null; anything else is handed back.
fn instant(value: Value) -> Result<Option<Instant>, Value> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(Instant::Iso(text))),
        Value::Number(number) if number.is_i64() => Ok(number.as_i64().map(Instant::EpochMillis)),
        other => Err(other),
    }
}

/// A number from 0 to `max`, written as a JSON integer or a numeric string (`"08"`): the
/// original UI sometimes sent strings.
fn small_number(value: &Value, max: u8) -> Option<u8> {
    let number = match value {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => {
            let digits = text.trim();
            let plain = !digits.is_empty()
                && digits.len() <= 3
                && digits.bytes().all(|b| b.is_ascii_digit());
            plain.then(|| digits.parse::<u64>().ok()).flatten()
        }
        _ => None,
    }?;
    u8::try_from(number).ok().filter(|n| *n <= max)
}

/// An id as people can read it in a message: a number, or the first characters of a string.
fn shown_id(id: &Value) -> Option<String> {
    let text = match id {
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.trim().to_string(),
        _ => return None,
    };
    let mut chars = text.chars();
    let mut shown: String = chars.by_ref().take(SHOWN_ID_CHARS).collect();
    if chars.next().is_some() {
        shown.push('…');
    }
    Some(shown).filter(|s| !s.is_empty())
}

impl Serialize for Task {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(id) = self.id {
            map.serialize_entry("id", &id)?;
        }
        map.serialize_entry("name", &self.name)?;
        if let Some(description) = &self.description {
            map.serialize_entry("description", description)?;
        }
        map.serialize_entry("hour", &self.hour)?;
        map.serialize_entry("minute", &self.minute)?;
        map.serialize_entry("executionDays", &self.execution_days)?;
        if let Some(command) = &self.execution_command {
            map.serialize_entry("executionCommand", command)?;
        }
        if let Some(until) = &self.execute_until {
            map.serialize_entry("executeUntil", until)?;
        }
        if let Some(job_id) = &self.job_id {
            map.serialize_entry("jobId", job_id)?;
        }
        if let Some(created) = &self.created_at {
            map.serialize_entry("createdAt", created)?;
        }
        if let Some(updated) = &self.updated_at {
            map.serialize_entry("updatedAt", updated)?;
        }
        for (key, value) in self.extra.iter().filter(|(key, _)| !self.has_typed(key)) {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Task {
    /// True when `key` is a modelled field that holds a value: it was written already, and
    /// wins over an unreadable value kept from the server (the user edited it since).
    fn has_typed(&self, key: &str) -> bool {
        match Key::of(key) {
            Key::Other(_) => false,
            Key::Id => self.id.is_some(),
            Key::Description => self.description.is_some(),
            Key::ExecutionCommand => self.execution_command.is_some(),
            Key::ExecuteUntil => self.execute_until.is_some(),
            Key::JobId => self.job_id.is_some(),
            Key::CreatedAt => self.created_at.is_some(),
            Key::UpdatedAt => self.updated_at.is_some(),
            Key::Name | Key::Hour | Key::Minute | Key::ExecutionDays => true,
        }
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::EpochMillis(millis) => serializer.serialize_i64(*millis),
            Self::Iso(text) => serializer.serialize_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: Value) -> TaskRecord {
        serde_json::from_value(value).expect("a record always reads")
    }

    fn problem(value: Value) -> Unreadable {
        match read(value) {
            TaskRecord::Unreadable(bad) => bad,
            TaskRecord::Readable(task) => panic!("read {task:?}"),
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
        assert!(task.extra.is_empty());
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
        assert_eq!(task.device_id().as_deref(), Some("d-1"));
        assert_eq!(task.status_label().as_deref(), Some("Active"));
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
    fn every_field_the_api_sent_goes_back_unchanged() {
        // The later generation's fields, a deployment's own (nested, null, numbers), and known
        // optional fields this app cannot read (a numeric job id, a float date).
        let sent = json!({
            "id": 9, "name": "Pump on", "description": "The east pump, at dawn", "hour": 6,
            "minute": 30, "executionDays": "MON,FUNDAY", "executionCommand": "pump:on",
            "executeUntil": "2027-01-31T23:59:00-05:00", "jobId": 12345, "createdAt": 1.5e12,
            "updatedAt": "2026-11-01T10:00:00Z", "deviceId": "pump-7",
            "deviceOperation": "ACTIVATE", "status": "INA", "zone": {"name": "east", "ids": [1, 2]},
            "notes": null, "priority": 3, "ratio": 0.25, "enabled": false
        });
        let task: Task = serde_json::from_value(sent.clone()).expect("readable");
        assert_eq!(task.job_id, None);
        assert_eq!(task.created_at, None);
        assert_eq!(serde_json::to_value(&task).expect("serialises"), sent);
    }

    #[test]
    fn an_edited_field_replaces_the_unreadable_value_kept_for_it() {
        let mut task: Task = serde_json::from_value(
            json!({"name": "Pump on", "hour": 6, "minute": 0, "description": 42}),
        )
        .expect("readable");
        assert_eq!(task.extra.get("description"), Some(&json!(42)));
        assert_eq!(
            serde_json::to_value(&task).expect("serialises")["description"],
            42
        );
        task.description = Some("Now a real description".into());
        let back = serde_json::to_string(&task).expect("serialises");
        assert_eq!(back.matches("\"description\"").count(), 1, "{back}");
        assert!(
            back.contains(r#""description":"Now a real description""#),
            "{back}"
        );
    }

    #[test]
    fn records_that_cannot_be_shown_say_why() {
        let cases = [
            (
                json!({"id": 1, "name": null, "hour": 1, "minute": 0}),
                Problem::Name,
            ),
            (
                json!({"id": 2, "name": "  ", "hour": 1, "minute": 0}),
                Problem::Name,
            ),
            (json!({"id": 3, "hour": 1, "minute": 0}), Problem::Name),
            (
                json!({"id": 4, "name": "Pump on", "hour": 99, "minute": 0}),
                Problem::Hour,
            ),
            (
                json!({"id": 5, "name": "Pump on", "hour": "x", "minute": 0}),
                Problem::Hour,
            ),
            (
                json!({"id": 6, "name": "Pump on", "minute": 0}),
                Problem::Hour,
            ),
            (
                json!({"id": 7, "name": "Pump on", "hour": -1, "minute": 0}),
                Problem::Hour,
            ),
            (
                json!({"id": 8, "name": "Pump on", "hour": 1, "minute": 60}),
                Problem::Minute,
            ),
            (
                json!({"id": 9, "name": "Pump on", "hour": 1, "minute": 1.5}),
                Problem::Minute,
            ),
            (
                json!({"id": 10, "name": "Pump on", "hour": 1, "minute": 0, "executionDays": 5}),
                Problem::Days,
            ),
            (
                json!({"id": "x", "name": "Pump on", "hour": 1, "minute": 0}),
                Problem::Id,
            ),
        ];
        for (record, expected) in cases {
            let bad = problem(record.clone());
            assert_eq!(bad.problem, expected, "{record}");
        }
        assert_eq!(
            problem(json!({"id": 4, "name": null})).id.as_deref(),
            Some("4")
        );
        assert_eq!(
            problem(json!({"id": "x", "name": null})).id.as_deref(),
            Some("x")
        );
        assert_eq!(problem(json!({"name": null})).id, None);
        let long = problem(json!({"id": "y".repeat(4000)}))
            .id
            .unwrap_or_default();
        assert_eq!(long.chars().count(), SHOWN_ID_CHARS + 1);
    }

    #[test]
    fn lenient_where_the_original_api_was() {
        let task: Task = serde_json::from_value(json!({
            "name": "Pump on", "hour": " 08 ", "minute": "5", "executeUntil": 1_798_761_600_000_i64
        }))
        .expect("readable");
        assert_eq!((task.hour, task.minute), (8, 5));
        assert_eq!(task.execution_days, "");
        assert_eq!(task.id, None);
    }

    #[test]
    fn one_bad_record_does_not_hide_the_others() {
        let body = r#"[
            {"id":1,"name":"Pump on","hour":6,"minute":0,"executionDays":"MON"},
            {"id":2,"name":null,"hour":6,"minute":0},
            "not a task", 7, null, [1, {"id": 3}], true,
            {"id":4,"name":"Lights off","hour":99,"minute":0},
            {"id":5,"name":"<b>Bold</b>","hour":"23","minute":"59","executionDays":"SUN"}
        ]"#;
        let list: TaskList = serde_json::from_str(body).expect("a list reads");
        let names: Vec<_> = list.tasks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Pump on", "<b>Bold</b>"]);
        let ids: Vec<_> = list.unreadable.iter().map(|b| b.id.as_deref()).collect();
        assert_eq!(ids, [Some("2"), None, None, None, None, None, Some("4")]);
    }

    #[test]
    fn a_broken_body_is_still_an_error() {
        for body in ["", "{}", r#"{"tasks":[]}"#, "[{\"id\":1", "[1,]", "null"] {
            assert!(serde_json::from_str::<TaskList>(body).is_err(), "{body}");
        }
        assert!(serde_json::from_str::<Task>(r#"{"name":null}"#).is_err());
        assert!(serde_json::from_str::<Task>("[]").is_err());
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Map, json};

    /// Any JSON value, nested a little.
    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1e15f64..1e15).prop_map(Value::from),
            ".{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::btree_map("[a-zA-Z]{1,8}", inner, 0..4)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    /// A task as an API could send it: every known field in one of its accepted forms, some
    /// left out, plus fields of a later generation or a deployment's own.
    fn sent_task() -> impl Strategy<Value = Value> {
        (
            proptest::option::of(any::<i64>()),
            "[^\\s][^\\n]{0,30}",
            0u8..24,
            0u8..60,
            "(MON|TUE|WED|THU|FRI|SAT|SUN|[A-Z]{3})(,(MON|TUE|WED|THU|FRI|SAT|SUN)){0,3}",
            proptest::option::of(prop_oneof![
                any::<i64>().prop_map(Value::from),
                ".{0,30}".prop_map(Value::from),
                Just(json!({"odd": true})),
            ]),
            proptest::option::of(".{0,20}"),
            prop::collection::btree_map("[a-z][a-zA-Z]{0,10}", any_json(), 0..5),
        )
            .prop_map(|(id, name, hour, minute, days, until, job, extra)| {
                let mut task = Map::new();
                for (key, value) in extra {
                    task.insert(format!("x{key}"), value);
                }
                if let Some(id) = id {
                    task.insert("id".into(), id.into());
                }
                task.insert("name".into(), name.into());
                task.insert("hour".into(), hour.into());
                task.insert("minute".into(), minute.into());
                task.insert("executionDays".into(), days.into());
                if let Some(until) = until {
                    task.insert("executeUntil".into(), until);
                }
                if let Some(job) = job {
                    task.insert("jobId".into(), job.into());
                }
                Value::Object(task)
            })
    }

    proptest! {
        #[test]
        fn any_text_reads_without_panicking(body in ".{0,200}") {
            let _ = serde_json::from_str::<TaskList>(&body);
            let _ = serde_json::from_str::<Task>(&body);
        }

        #[test]
        fn any_bytes_read_without_panicking(body in prop::collection::vec(any::<u8>(), 0..200)) {
            let _ = serde_json::from_slice::<TaskList>(&body);
            let _ = serde_json::from_slice::<Task>(&body);
        }

        #[test]
        fn any_json_list_reads_record_by_record(records in prop::collection::vec(any_json(), 0..8)) {
            let body = Value::from(records.clone()).to_string();
            let list: TaskList = serde_json::from_str(&body).expect("an array always reads");
            prop_assert_eq!(list.tasks.len() + list.unreadable.len(), records.len());
        }

        #[test]
        fn a_sent_task_goes_back_exactly_as_it_came(sent in sent_task()) {
            let task: Task = serde_json::from_value(sent.clone()).expect("a valid task reads");
            prop_assert_eq!(serde_json::to_value(&task).expect("serialises"), sent);
        }
    }
}
