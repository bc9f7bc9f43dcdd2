//! SQLite persistence of tasks, seeded with examples when the database is first created.
//!
//! A task the API created lives in typed columns, plus `extra`: a JSON object of the fields the
//! API does not model (`deviceId`, `status`, ...), flattened back into the task as given. A row
//! seeded raw by the test hook `POST /__test/seed-raw` (a legacy or hand-edited record that need
//! not be valid) keeps its whole JSON object in `raw` and is answered exactly as stored; its
//! typed columns hold placeholders nothing reads.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params, params_from_iter};
use serde_json::{Map, Value, json};

use super::task::{Intent, Task, TaskInput, unknown_fields, validate};
use crate::options::PutMode;
use crate::random;

pub struct TasksStore {
    // One connection behind a mutex: requests are tiny and few, so serialising them is simpler
    // than a pool and keeps SQLite's single-writer rule trivially true.
    conn: Mutex<Connection>,
}

const COLUMNS: &str = "id, name, description, hour, minute, execution_days, execution_command, \
                       execute_until, job_id, created_at, updated_at, extra, raw";

/// Where `extra` and `raw` stand in [`COLUMNS`].
const EXTRA: usize = 11;
const RAW: usize = 12;

/// Columns added after the first schema; a database file from before gets them on open.
const ADDED_COLUMNS: [&str; 2] = ["extra", "raw"];

impl TasksStore {
    /// Opens (or creates and seeds) the database at `path`, adding the columns a file from an
    /// older version lacks. `now` stamps the seeded tasks.
    pub fn open(path: &Path, now: &str) -> anyhow::Result<TasksStore> {
        let conn = Connection::open(path)?;
        let existed: bool = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'tasks'",
                [],
                |row| row.get::<_, i64>(0),
            )
            .map(|count| count > 0)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS tasks (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL,
                description TEXT,
                hour INTEGER NOT NULL,
                minute INTEGER NOT NULL,
                execution_days TEXT NOT NULL,
                execution_command TEXT NOT NULL,
                execute_until TEXT,
                job_id TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                extra TEXT,
                raw TEXT
            );",
        )?;
        migrate(&conn)?;
        let store = TasksStore {
            conn: Mutex::new(conn),
        };
        if !existed {
            for input in seed_tasks() {
                store.create(&input, now)?;
            }
        }
        Ok(store)
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic mid-statement leaves SQLite itself consistent (statements are atomic).
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// All tasks in id order, as the API answers them: sorting by time is the app's job.
    pub fn list(&self) -> rusqlite::Result<Vec<Value>> {
        let conn = self.conn();
        let mut statement = conn.prepare(&format!("SELECT {COLUMNS} FROM tasks ORDER BY id"))?;
        let tasks = statement.query_map([], task_from_row)?;
        tasks.collect()
    }

    pub fn get(&self, id: i64) -> rusqlite::Result<Option<Value>> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM tasks WHERE id = ?1"),
                [id],
                task_from_row,
            )
            .optional()
    }

    pub fn create(&self, input: &TaskInput, now: &str) -> rusqlite::Result<Value> {
        let id = insert(&self.conn(), input, now)?;
        self.get(id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)
    }

    /// Replaces the client-controlled fields; `jobId` and `createdAt` stay as they were. Fields
    /// the API does not model: in [`PutMode::Lenient`] the body's are written over the stored
    /// ones, in [`PutMode::Replace`] the body's are all there is.
    pub fn update(
        &self,
        id: i64,
        input: &TaskInput,
        mode: PutMode,
        now: &str,
    ) -> rusqlite::Result<Option<Value>> {
        {
            // One lock for the read and the write, so no other request lands in between.
            let conn = self.conn();
            let stored = conn
                .query_row("SELECT extra, raw FROM tasks WHERE id = ?1", [id], |row| {
                    Ok((
                        row.get::<_, Option<String>>(0)?,
                        row.get::<_, Option<String>>(1)?,
                    ))
                })
                .optional()?;
            let Some((extra, raw)) = stored else {
                return Ok(None);
            };
            if let Some(raw) = raw {
                let task = updated_raw(&parse_object(&raw, RAW)?, input, mode, now);
                conn.execute(
                    "UPDATE tasks SET raw = ?1, updated_at = ?2 WHERE id = ?3",
                    params![Value::Object(task).to_string(), now, id],
                )?;
            } else {
                let mut kept = match (mode, extra) {
                    (PutMode::Lenient, Some(text)) => parse_object(&text, EXTRA)?,
                    _ => Map::new(),
                };
                kept.extend(input.extra.clone());
                conn.execute(
                    "UPDATE tasks SET name = ?1, description = ?2, hour = ?3, minute = ?4, \
                     execution_days = ?5, execution_command = ?6, execute_until = ?7, \
                     updated_at = ?8, extra = ?9 WHERE id = ?10",
                    params_from_iter(modelled(input).into_iter().chain([
                        &now as &dyn ToSql,
                        &extra_text(&kept),
                        &id,
                    ])),
                )?;
            }
        }
        self.get(id)
    }

    pub fn delete(&self, id: i64) -> rusqlite::Result<bool> {
        Ok(self
            .conn()
            .execute("DELETE FROM tasks WHERE id = ?1", [id])?
            > 0)
    }

    /// Adds `count` generated tasks (for measuring the app with thousands of tasks) in one
    /// transaction and returns how many tasks there are now.
    pub fn insert_generated(&self, count: usize, now: &str) -> rusqlite::Result<usize> {
        let mut conn = self.conn();
        let transaction = conn.transaction()?;
        for n in 0..count {
            insert(&transaction, &generated_task(n), now)?;
        }
        transaction.commit()?;
        let total: i64 = conn.query_row("SELECT count(*) FROM tasks", [], |row| row.get(0))?;
        Ok(usize::try_from(total).unwrap_or(0))
    }

    /// Stores each object as given, unvalidated, and returns their ids in order: an integer
    /// `id` is used as is, a missing one is assigned. All or nothing: an id already taken (or
    /// repeated) fails the whole call with a constraint violation.
    pub fn insert_raw(&self, tasks: &[Map<String, Value>]) -> rusqlite::Result<Vec<i64>> {
        let mut conn = self.conn();
        let transaction = conn.transaction()?;
        let mut ids = Vec::with_capacity(tasks.len());
        for task in tasks {
            let id = task.get("id").and_then(Value::as_i64);
            let mut stored = task.clone();
            stored.remove("id");
            transaction
                .prepare_cached(
                    "INSERT INTO tasks (id, name, hour, minute, execution_days, \
                     execution_command, job_id, created_at, updated_at, raw) \
                     VALUES (?1, '', 0, 0, '', '', '', '', '', ?2)",
                )?
                .execute(params![id, Value::Object(stored).to_string()])?;
            ids.push(transaction.last_insert_rowid());
        }
        transaction.commit()?;
        Ok(ids)
    }
}

/// Adds the columns of [`ADDED_COLUMNS`] that an older database file lacks.
fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let mut statement = conn.prepare("SELECT name FROM pragma_table_info('tasks')")?;
    let present: Vec<String> = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for column in ADDED_COLUMNS {
        if !present.iter().any(|name| name == column) {
            conn.execute_batch(&format!("ALTER TABLE tasks ADD COLUMN {column} TEXT"))?;
        }
    }
    Ok(())
}

/// A raw task after a PUT: the body's known fields, `jobId` and `createdAt` echoed as stored
/// (whatever their shape; assigned if the row never had them), `updatedAt` now; unknown fields
/// as [`TasksStore::update`] treats them.
fn updated_raw(
    stored: &Map<String, Value>,
    input: &TaskInput,
    mode: PutMode,
    now: &str,
) -> Map<String, Value> {
    let mut task = match mode {
        PutMode::Lenient => unknown_fields(stored),
        PutMode::Replace => Map::new(),
    };
    task.extend(input.extra.clone());
    let known = json!({
        "name": input.name,
        "description": input.description,
        "hour": input.hour,
        "minute": input.minute,
        "executionDays": input.execution_days,
        "executionCommand": input.execution_command,
        "executeUntil": input.execute_until,
        "jobId": stored.get("jobId").cloned().unwrap_or_else(|| new_job_id().into()),
        "createdAt": stored.get("createdAt").cloned().unwrap_or_else(|| now.into()),
        "updatedAt": now,
    });
    if let Value::Object(known) = known {
        task.extend(known);
    }
    task
}

/// The `extra` column: NULL when there is nothing beyond the modelled fields.
fn extra_text(extra: &Map<String, Value>) -> Option<String> {
    (!extra.is_empty()).then(|| Value::Object(extra.clone()).to_string())
}

/// A stored JSON object column (`extra` or `raw`, at `index` of [`COLUMNS`]).
fn parse_object(text: &str, index: usize) -> rusqlite::Result<Map<String, Value>> {
    match serde_json::from_str(text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(rusqlite::Error::FromSqlConversionFailure(
            index,
            Type::Text,
            "a stored task column holds JSON that is not an object".into(),
        )),
        Err(error) => Err(rusqlite::Error::FromSqlConversionFailure(
            index,
            Type::Text,
            Box::new(error),
        )),
    }
}

fn new_job_id() -> String {
    format!("job-{}", random::uuid())
}

/// Inserts a task with a new job id, created and updated `now`; returns its id. The statement
/// is cached, so inserting thousands in one transaction prepares it once.
fn insert(conn: &Connection, input: &TaskInput, now: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO tasks (name, description, hour, minute, execution_days, \
         execution_command, execute_until, job_id, created_at, updated_at, extra) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
    )?
    .execute(params_from_iter(modelled(input).into_iter().chain([
        &new_job_id() as &dyn ToSql,
        &now,
        &extra_text(&input.extra),
    ])))?;
    Ok(conn.last_insert_rowid())
}

/// The fields the API models, as `?1` to `?7` of the insert and the update.
fn modelled(input: &TaskInput) -> [&dyn ToSql; 7] {
    [
        &input.name,
        &input.description,
        &input.hour,
        &input.minute,
        &input.execution_days,
        &input.execution_command,
        &input.execute_until,
    ]
}

/// The `n`th generated task: varied names, times and days, always valid.
fn generated_task(n: usize) -> TaskInput {
    const DEVICES: [&str; 8] = [
        "Pump",
        "Lights",
        "Fountain",
        "Heating",
        "Gate",
        "Sprinkler",
        "Display",
        "Fan",
    ];
    const PLACES: [&str; 6] = ["north", "south", "east", "west", "park", "harbour"];
    const DAYS: [&str; 5] = [
        "MON,WED,FRI",
        "TUE,THU",
        "SAT,SUN",
        "MON,TUE,WED,THU,FRI",
        "SUN",
    ];
    TaskInput {
        name: format!(
            "{} {:04} {}",
            DEVICES[n % DEVICES.len()],
            n,
            PLACES[(n / 8) % PLACES.len()]
        ),
        description: n
            .is_multiple_of(3)
            .then(|| format!("Generated task number {n} for load tests.")),
        hour: u8::try_from((n * 7) % 24).unwrap_or(0),
        minute: u8::try_from((n * 13) % 60).unwrap_or(0),
        execution_days: DAYS[n % DAYS.len()].to_owned(),
        execution_command: super::task::DEFAULT_COMMAND.to_owned(),
        execute_until: None,
        extra: Map::new(),
    }
}

/// A row as the API answers it: a raw row exactly as seeded (with its id), any other as a
/// [`Task`] with its unmodelled fields flattened in.
fn task_from_row(row: &Row<'_>) -> rusqlite::Result<Value> {
    let id: i64 = row.get(0)?;
    if let Some(raw) = row.get::<_, Option<String>>(RAW)? {
        let mut task = parse_object(&raw, RAW)?;
        task.insert("id".to_owned(), id.into());
        return Ok(Value::Object(task));
    }
    let extra = match row.get::<_, Option<String>>(EXTRA)? {
        Some(text) => parse_object(&text, EXTRA)?,
        None => Map::new(),
    };
    let task = Task {
        id,
        name: row.get(1)?,
        description: row.get(2)?,
        hour: row.get(3)?,
        minute: row.get(4)?,
        execution_days: row.get(5)?,
        execution_command: row.get(6)?,
        execute_until: row.get(7)?,
        job_id: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
        extra,
    };
    serde_json::to_value(task).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(EXTRA, Type::Text, Box::new(error))
    })
}

/// Example tasks, deliberately not in time order so the app's sorting shows.
fn seed_tasks() -> Vec<TaskInput> {
    let examples = [
        json!({ "name": "Night bus display", "description": "Switch the stop displays to the night timetable.",
                "hour": 22, "minute": 45, "executionDays": "FRI,SAT" }),
        json!({ "name": "Water the garden", "description": "Run the drip irrigation in the community garden.",
                "hour": 6, "minute": 30, "executionDays": "MON,WED,FRI" }),
        json!({ "name": "Recycling reminder", "description": "Light the recycling reminder signs in the old town.",
                "hour": 18, "minute": 20, "executionDays": "TUE,THU" }),
        json!({ "name": "Fountain pumps on", "hour": 5, "minute": 10, "executionDays": "SAT,SUN",
                "executeUntil": "2030-09-30T23:59:00+02:00" }),
        json!({ "name": "Library doors open", "description": "Unlock the automatic doors of the central library.",
                "hour": 9, "minute": 0, "executionDays": "MON,TUE,WED,THU,FRI" }),
        json!({ "name": "Street lights off", "description": "Turn off the street lights after sunrise.",
                "hour": 7, "minute": 15, "executionDays": "MON,TUE,WED,THU,FRI,SAT,SUN" }),
    ];
    examples
        .iter()
        .filter_map(|example| example.as_object())
        .filter_map(|object| validate(object, Intent::Create).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: &str = "2026-01-01T00:00:00Z";

    fn open_temp() -> (tempfile::TempDir, TasksStore) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = TasksStore::open(&dir.path().join("t.sqlite"), T0).expect("opens");
        (dir, store)
    }

    fn input_of(value: Value, intent: Intent) -> TaskInput {
        validate(value.as_object().expect("object"), intent).expect("valid")
    }

    fn update_intent(id: i64, mode: PutMode) -> Intent {
        Intent::Update { id, mode }
    }

    #[test]
    fn every_seed_task_is_valid() {
        assert_eq!(seed_tasks().len(), 6);
    }

    #[test]
    fn crud_round_trip_keeps_job_id_and_created_at() {
        let (_dir, store) = open_temp();
        let seeded = store.list().expect("lists");
        assert_eq!(seeded.len(), 6);
        let hours: Vec<u64> = seeded.iter().filter_map(|t| t["hour"].as_u64()).collect();
        let mut sorted = hours.clone();
        sorted.sort_unstable();
        assert_ne!(hours, sorted, "seed must not be in hour order");

        let mut input = seed_tasks().remove(0);
        let created = store
            .create(&input, "2026-01-02T00:00:00Z")
            .expect("creates");
        let id = created["id"].as_i64().expect("id");
        input.hour = 3;
        let updated = store
            .update(id, &input, PutMode::Lenient, "2026-01-03T00:00:00Z")
            .expect("updates")
            .expect("exists");
        assert_eq!(updated["hour"], 3);
        assert_eq!(updated["jobId"], created["jobId"]);
        assert_eq!(updated["createdAt"], "2026-01-02T00:00:00Z");
        assert_eq!(updated["updatedAt"], "2026-01-03T00:00:00Z");
        assert!(store.delete(id).expect("deletes"));
        assert!(!store.delete(id).expect("deletes"));
        assert_eq!(store.get(id).expect("reads"), None);
        let missing = store.update(9999, &input, PutMode::Lenient, "x");
        assert_eq!(missing.expect("updates"), None);
    }

    #[test]
    fn unmodelled_fields_are_stored_and_returned_flat_as_given() {
        let (_dir, store) = open_temp();
        let body = json!({ "name": "Pump north", "hour": 6, "minute": 0, "executionDays": "MON",
            "deviceId": "pump-7", "deviceOperation": "ACTIVATE", "status": "ACT",
            "vendor": null, "meta": { "zone": [1, 2, { "x": null }] } });
        let created = store
            .create(&input_of(body, Intent::Create), T0)
            .expect("creates");
        let id = created["id"].as_i64().expect("id");
        let read = store.get(id).expect("reads").expect("exists");
        assert_eq!(read, created);
        for (field, value) in [
            ("deviceId", json!("pump-7")),
            ("deviceOperation", json!("ACTIVATE")),
            ("status", json!("ACT")),
            ("vendor", Value::Null),
            ("meta", json!({ "zone": [1, 2, { "x": null }] })),
        ] {
            assert_eq!(read.get(field), Some(&value), "{field}");
        }
        assert!(store.list().expect("lists").contains(&read));
    }

    #[test]
    fn lenient_put_keeps_unmodelled_fields_the_body_leaves_out() {
        let (_dir, store) = open_temp();
        let body = json!({ "name": "Pump north", "hour": 6, "minute": 0, "executionDays": "MON",
            "deviceId": "pump-7", "status": "ACT" });
        let id = store
            .create(&input_of(body, Intent::Create), T0)
            .expect("creates")["id"]
            .as_i64()
            .expect("id");
        let edit = json!({ "id": id, "name": "Pump south", "hour": 6, "minute": 0,
            "executionDays": "MON", "status": "INA", "added": [true] });
        let input = input_of(edit, update_intent(id, PutMode::Lenient));
        let updated = store
            .update(id, &input, PutMode::Lenient, T0)
            .expect("updates")
            .expect("exists");
        assert_eq!(updated["name"], "Pump south");
        assert_eq!(updated["deviceId"], "pump-7");
        assert_eq!(updated["status"], "INA");
        assert_eq!(updated["added"], json!([true]));
    }

    #[test]
    fn replace_put_nulls_known_fields_and_drops_unknown_ones_the_body_leaves_out() {
        let (_dir, store) = open_temp();
        let body = json!({ "name": "Pump north", "hour": 6, "minute": 0, "executionDays": "MON",
            "description": "Pumps the north basin.", "executeUntil": "2030-01-01T00:00:00Z",
            "deviceId": "pump-7", "status": "ACT", "gone": 1 });
        let created = store
            .create(&input_of(body, Intent::Create), T0)
            .expect("creates");
        let id = created["id"].as_i64().expect("id");
        let edit = json!({ "id": id, "name": "Pump south", "hour": 6, "minute": 0,
            "executionDays": "MON", "executionCommand": "city-tasks:run",
            "deviceId": "pump-7", "status": null });
        let input = input_of(edit, update_intent(id, PutMode::Replace));
        let updated = store
            .update(id, &input, PutMode::Replace, "2026-02-01T00:00:00Z")
            .expect("updates")
            .expect("exists");
        assert_eq!(updated["description"], Value::Null);
        assert_eq!(updated["executeUntil"], Value::Null);
        assert_eq!(updated["deviceId"], "pump-7");
        assert_eq!(updated.get("status"), Some(&Value::Null));
        assert_eq!(updated.get("gone"), None);
        assert_eq!(updated["jobId"], created["jobId"]);
        assert_eq!(updated["createdAt"], T0);
        assert_eq!(updated["updatedAt"], "2026-02-01T00:00:00Z");
        assert_eq!(store.get(id).expect("reads"), Some(updated));
    }

    #[test]
    fn raw_rows_are_answered_exactly_as_seeded() {
        let (_dir, store) = open_temp();
        let odd = json!({ "name": null, "hour": 99, "minute": "08", "executionDays": "MON,FUNDAY",
            "createdAt": 1_700_000_000_000_i64, "jobId": null, "legacy": { "a": [1] } });
        let with_id = json!({ "id": 500, "name": "<b>x</b>".repeat(500) });
        let objects: Vec<Map<String, Value>> = [odd.clone(), with_id.clone()]
            .into_iter()
            .filter_map(|v| v.as_object().cloned())
            .collect();
        let ids = store.insert_raw(&objects).expect("inserts");
        assert_eq!(ids.len(), 2);
        assert_eq!(ids[1], 500);
        let mut expected = odd;
        expected["id"] = json!(ids[0]);
        assert_eq!(store.get(ids[0]).expect("reads"), Some(expected.clone()));
        assert_eq!(store.get(500).expect("reads"), Some(with_id));
        let listed = store.list().expect("lists");
        assert_eq!(listed.len(), 8);
        assert!(listed.contains(&expected));
        // A new task after an explicit id gets a higher one.
        let next = store.create(&seed_tasks().remove(0), T0).expect("creates");
        assert!(next["id"].as_i64() > Some(500));
        // A taken id fails the whole batch.
        let again = [json!({ "name": "fresh" }), json!({ "id": 500 })]
            .into_iter()
            .filter_map(|v| v.as_object().cloned())
            .collect::<Vec<_>>();
        assert!(store.insert_raw(&again).is_err());
        assert_eq!(store.list().expect("lists").len(), 9);
    }

    #[test]
    fn put_on_a_raw_row_echoes_its_job_id_and_created_at_as_stored() {
        let (_dir, store) = open_temp();
        let raw = json!({ "name": "Old pump", "hour": "08", "minute": 0, "executionDays": "MON",
            "createdAt": 1_700_000_000_000_i64, "jobId": "legacy-1", "deviceId": "pump-1",
            "extraNull": null });
        let objects = vec![raw.as_object().cloned().expect("object")];
        let id = store.insert_raw(&objects).expect("inserts")[0];
        let edit = json!({ "id": id, "name": "Old pump renamed", "hour": 8, "minute": 0,
            "executionDays": "MON", "executionCommand": "x", "deviceId": "pump-1" });
        let lenient = store
            .update(
                id,
                &input_of(edit.clone(), update_intent(id, PutMode::Lenient)),
                PutMode::Lenient,
                T0,
            )
            .expect("updates")
            .expect("exists");
        assert_eq!(lenient["name"], "Old pump renamed");
        assert_eq!(lenient["hour"], 8);
        assert_eq!(lenient["createdAt"], 1_700_000_000_000_i64);
        assert_eq!(lenient["jobId"], "legacy-1");
        assert_eq!(lenient["updatedAt"], T0);
        assert_eq!(lenient.get("extraNull"), Some(&Value::Null));
        let replaced = store
            .update(
                id,
                &input_of(edit, update_intent(id, PutMode::Replace)),
                PutMode::Replace,
                T0,
            )
            .expect("updates")
            .expect("exists");
        assert_eq!(replaced.get("extraNull"), None);
        assert_eq!(replaced["deviceId"], "pump-1");
        assert_eq!(replaced["createdAt"], 1_700_000_000_000_i64);
        assert_eq!(replaced["description"], Value::Null);
    }

    #[test]
    fn an_old_database_file_gains_the_new_columns_and_keeps_its_tasks() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.sqlite");
        {
            let conn = Connection::open(&path).expect("opens");
            conn.execute_batch(
                "CREATE TABLE tasks (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, description TEXT,
                    hour INTEGER NOT NULL, minute INTEGER NOT NULL,
                    execution_days TEXT NOT NULL, execution_command TEXT NOT NULL,
                    execute_until TEXT, job_id TEXT NOT NULL, created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL);
                 INSERT INTO tasks (name, hour, minute, execution_days, execution_command,
                    job_id, created_at, updated_at)
                    VALUES ('Old task', 4, 5, 'MON', 'run', 'job-old', 'c', 'u');",
            )
            .expect("old schema");
        }
        let store = TasksStore::open(&path, T0).expect("migrates");
        let tasks = store.list().expect("lists");
        assert_eq!(tasks.len(), 1, "an existing file is not seeded again");
        assert_eq!(tasks[0]["name"], "Old task");
        let body = json!({ "id": 1, "name": "Old task", "hour": 4, "minute": 5,
            "executionDays": "MON", "deviceId": "d-1" });
        let input = input_of(body, update_intent(1, PutMode::Lenient));
        let updated = store
            .update(1, &input, PutMode::Lenient, T0)
            .expect("updates");
        assert_eq!(updated.expect("exists")["deviceId"], "d-1");
        let raw = vec![
            json!({ "name": null })
                .as_object()
                .cloned()
                .expect("object"),
        ];
        assert_eq!(store.insert_raw(&raw).expect("raw"), vec![2]);
        drop(store);
        // Opening the migrated file again changes nothing.
        let store = TasksStore::open(&path, T0).expect("reopens");
        assert_eq!(store.list().expect("lists").len(), 2);
    }

    #[test]
    fn generated_tasks_are_valid_and_counted() {
        let (_dir, store) = open_temp();
        assert_eq!(store.insert_generated(500, T0).expect("inserts"), 506);
        for n in [0, 1, 499] {
            let input = generated_task(n);
            let json = json!({ "name": input.name, "hour": input.hour, "minute": input.minute,
                "executionDays": input.execution_days, "description": input.description });
            let object = json.as_object().expect("object");
            assert!(validate(object, Intent::Create).is_ok(), "{n}: {json}");
        }
    }

    #[test]
    fn reopening_does_not_seed_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.sqlite");
        let store = TasksStore::open(&path, T0).expect("opens");
        assert!(store.delete(1).expect("deletes"));
        drop(store);
        let store = TasksStore::open(&path, T0).expect("reopens");
        assert_eq!(store.list().expect("lists").len(), 5);
    }
}
