//! SQLite persistence of tasks, seeded with examples when the database is first created.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::json;

use super::task::{Intent, Task, TaskInput, validate};
use crate::random;

pub struct TasksStore {
    // One connection behind a mutex: requests are tiny and few, so serialising them is simpler
    // than a pool and keeps SQLite's single-writer rule trivially true.
    conn: Mutex<Connection>,
}

const COLUMNS: &str = "id, name, description, hour, minute, execution_days, execution_command, \
                       execute_until, job_id, created_at, updated_at";

impl TasksStore {
    /// Opens (or creates and seeds) the database at `path`. `now` stamps the seeded tasks.
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
                updated_at TEXT NOT NULL
            );",
        )?;
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

    /// All tasks in id order: sorting by time is the app's job.
    pub fn list(&self) -> rusqlite::Result<Vec<Task>> {
        let conn = self.conn();
        let mut statement = conn.prepare(&format!("SELECT {COLUMNS} FROM tasks ORDER BY id"))?;
        let tasks = statement.query_map([], task_from_row)?;
        tasks.collect()
    }

    pub fn get(&self, id: i64) -> rusqlite::Result<Option<Task>> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM tasks WHERE id = ?1"),
                [id],
                task_from_row,
            )
            .optional()
    }

    pub fn create(&self, input: &TaskInput, now: &str) -> rusqlite::Result<Task> {
        let id = insert(&self.conn(), input, now)?;
        self.get(id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)
    }

    /// Replaces the client-controlled fields; `jobId` and `createdAt` stay as they were.
    pub fn update(&self, id: i64, input: &TaskInput, now: &str) -> rusqlite::Result<Option<Task>> {
        let changed = self.conn().execute(
            "UPDATE tasks SET name = ?1, description = ?2, hour = ?3, minute = ?4, \
             execution_days = ?5, execution_command = ?6, execute_until = ?7, updated_at = ?8 \
             WHERE id = ?9",
            params![
                input.name,
                input.description,
                input.hour,
                input.minute,
                input.execution_days,
                input.execution_command,
                input.execute_until,
                now,
                id
            ],
        )?;
        if changed == 0 {
            return Ok(None);
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
}

/// Inserts a task with a new job id, created and updated `now`; returns its id. The statement
/// is cached, so inserting thousands in one transaction prepares it once.
fn insert(conn: &Connection, input: &TaskInput, now: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO tasks (name, description, hour, minute, execution_days, \
         execution_command, execute_until, job_id, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![
        input.name,
        input.description,
        input.hour,
        input.minute,
        input.execution_days,
        input.execution_command,
        input.execute_until,
        format!("job-{}", random::uuid()),
        now
    ])?;
    Ok(conn.last_insert_rowid())
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
    }
}

fn task_from_row(row: &Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: row.get(0)?,
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

    #[test]
    fn every_seed_task_is_valid() {
        assert_eq!(seed_tasks().len(), 6);
    }

    #[test]
    fn crud_round_trip_keeps_job_id_and_created_at() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store =
            TasksStore::open(&dir.path().join("t.sqlite"), "2026-01-01T00:00:00Z").expect("opens");
        let seeded = store.list().expect("lists");
        assert_eq!(seeded.len(), 6);
        let hours: Vec<u8> = seeded.iter().map(|t| t.hour).collect();
        let mut sorted = hours.clone();
        sorted.sort_unstable();
        assert_ne!(hours, sorted, "seed must not be in hour order");

        let mut input = seed_tasks().remove(0);
        let created = store
            .create(&input, "2026-01-02T00:00:00Z")
            .expect("creates");
        input.hour = 3;
        let updated = store
            .update(created.id, &input, "2026-01-03T00:00:00Z")
            .expect("updates")
            .expect("exists");
        assert_eq!(updated.hour, 3);
        assert_eq!(updated.job_id, created.job_id);
        assert_eq!(updated.created_at, "2026-01-02T00:00:00Z");
        assert_eq!(updated.updated_at, "2026-01-03T00:00:00Z");
        assert!(store.delete(created.id).expect("deletes"));
        assert!(!store.delete(created.id).expect("deletes"));
        assert_eq!(store.get(created.id).expect("reads"), None);
        assert_eq!(store.update(9999, &input, "x").expect("updates"), None);
    }

    #[test]
    fn generated_tasks_are_valid_and_counted() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store =
            TasksStore::open(&dir.path().join("t.sqlite"), "2026-01-01T00:00:00Z").expect("opens");
        assert_eq!(
            store
                .insert_generated(500, "2026-01-01T00:00:00Z")
                .expect("inserts"),
            506
        );
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
        let store = TasksStore::open(&path, "2026-01-01T00:00:00Z").expect("opens");
        assert!(store.delete(1).expect("deletes"));
        drop(store);
        let store = TasksStore::open(&path, "2026-01-01T00:00:00Z").expect("reopens");
        assert_eq!(store.list().expect("lists").len(), 5);
    }
}
