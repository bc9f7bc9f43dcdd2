//! Searching the list as the original app did: by name, by day, or by hour. The list is
//! indexed once per load (lower-cased names, day bits) so each keystroke only compares.

use crate::i18n::words;
use crate::tasks::data::model::{Task, Weekday, sort_by_time};

/// What was typed, understood once per keystroke rather than once per task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    All,
    /// A number matches the hour (`8` and `08` alike).
    Hour(u8),
    /// Text matches part of the name; a day name (`mon`, `Monday`) also matches that day.
    Text {
        lower: String,
        day: Option<Weekday>,
    },
}

impl Query {
    pub fn parse(query: &str) -> Self {
        let query = query.trim();
        if query.is_empty() {
            return Self::All;
        }
        if let Ok(hour) = query.parse::<u8>() {
            return Self::Hour(hour);
        }
        let lower = query.to_lowercase();
        let day = day_named(&lower);
        Self::Text { lower, day }
    }

    fn matches(&self, key: &SearchKey) -> bool {
        match self {
            Self::All => true,
            Self::Hour(hour) => key.hour == *hour,
            Self::Text { lower, day } => {
                key.name.contains(lower.as_str())
                    || day.is_some_and(|day| key.days & day_bit(day) != 0)
            }
        }
    }
}

/// The parts of a task that search looks at, prepared once.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SearchKey {
    name: String,
    hour: u8,
    days: u8,
}

impl SearchKey {
    fn of(task: &Task) -> Self {
        Self {
            name: task.name.to_lowercase(),
            hour: task.hour,
            days: task
                .days()
                .into_iter()
                .map(day_bit)
                .fold(0, |bits, bit| bits | bit),
        }
    }
}

/// A loaded list: tasks in display order with their search keys.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskIndex {
    tasks: Vec<Task>,
    keys: Vec<SearchKey>,
}

impl TaskIndex {
    /// Sorts by time and prepares the search keys.
    pub fn new(mut tasks: Vec<Task>) -> Self {
        sort_by_time(&mut tasks);
        let keys = tasks.iter().map(SearchKey::of).collect();
        Self { tasks, keys }
    }

    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    pub fn get(&self, position: usize) -> Option<&Task> {
        self.tasks.get(position)
    }

    /// Positions (in display order) of the tasks matching `query`.
    pub fn search(&self, query: &Query) -> Vec<usize> {
        self.keys
            .iter()
            .enumerate()
            .filter(|(_, key)| query.matches(key))
            .map(|(position, _)| position)
            .collect()
    }
}

fn day_bit(day: Weekday) -> u8 {
    1 << (day as u8)
}

/// A day for `mon`, `monday`, `Mon`..., or its name in the shown language (`lun`, `miércoles`,
/// `miercoles`: accents are optional, as on a phone keyboard).
fn day_named(lower: &str) -> Option<Weekday> {
    if lower.chars().count() < 3 {
        return None;
    }
    let typed = without_accents(lower);
    let words = words();
    Weekday::ALL.into_iter().find(|day| {
        full_name(*day).starts_with(&typed)
            || typed == day.code().to_lowercase()
            || without_accents(&words.weekday_long(*day).to_lowercase()).starts_with(&typed)
    })
}

/// `miércoles` as `miercoles`: the accented letters of Spanish day names, plain.
fn without_accents(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' | 'ü' => 'u',
            other => other,
        })
        .collect()
}

fn full_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// True when `task` matches what was typed (the one-off form of [`TaskIndex::search`]).
    fn matches(task: &Task, query: &str) -> bool {
        Query::parse(query).matches(&SearchKey::of(task))
    }

    fn task(name: &str, hour: u8, days: &str) -> Task {
        serde_json::from_value(serde_json::json!({
            "name": name, "hour": hour, "minute": 0, "executionDays": days
        }))
        .expect("valid task")
    }

    #[test]
    fn empty_query_matches_everything() {
        assert!(matches(&task("Anything", 1, "MON"), "  "));
    }

    #[test]
    fn numbers_match_the_hour() {
        assert!(matches(&task("Water", 8, "MON"), "8"));
        assert!(matches(&task("Water", 8, "MON"), "08"));
        assert!(!matches(&task("Water", 18, "MON"), "8"));
    }

    #[test]
    fn text_matches_name_case_insensitively() {
        assert!(matches(&task("Water the garden", 8, "MON"), "GARDEN"));
        assert!(!matches(&task("Water the garden", 8, "MON"), "lights"));
    }

    #[test]
    fn day_names_match_days() {
        let task = task("Backup", 2, "SAT,SUN");
        assert!(matches(&task, "sat"));
        assert!(matches(&task, "Sunday"));
        assert!(!matches(&task, "monday"));
        assert!(!matches(&task, "mo"));
    }

    #[test]
    fn the_index_sorts_and_searches_positions() {
        let index = TaskIndex::new(vec![
            task("Lights off", 22, "FRI"),
            task("Pump on", 6, "MON,SAT"),
            task("Pump off", 7, "SAT"),
        ]);
        assert_eq!(index.len(), 3);
        assert_eq!(index.get(0).map(|t| t.name.as_str()), Some("Pump on"));
        assert_eq!(index.search(&Query::parse("pump")), vec![0, 1]);
        assert_eq!(index.search(&Query::parse("saturday")), vec![0, 1]);
        assert_eq!(index.search(&Query::parse("22")), vec![2]);
        assert_eq!(index.search(&Query::All), vec![0, 1, 2]);
        assert!(index.search(&Query::parse("nothing")).is_empty());
    }

    #[test]
    fn five_thousand_tasks_search_quickly() {
        let tasks: Vec<Task> = (0..5000)
            .map(|i| task(&format!("Pump {i:04} east"), (i % 24) as u8, "MON,WED"))
            .collect();
        let index = TaskIndex::new(tasks);
        let started = std::time::Instant::now();
        for query in ["p", "pu", "pum", "pump", "pump 1", "pump 12", "wed", "7"] {
            let _ = index.search(&Query::parse(query));
        }
        assert_eq!(index.search(&Query::parse("pump 12")).len(), 100);
        // Generous: native debug builds are slow; the point is "not seconds".
        assert!(started.elapsed().as_millis() < 500);
    }
}
