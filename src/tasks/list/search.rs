//! Searching the list as the original app did: by name, by day, or by hour. The list is
//! indexed once per load (lower-cased names, day bits) so each keystroke only compares.

use crate::i18n::words;
use crate::tasks::data::model::{Task, Weekday, sort_by_time};

/// What was typed, understood once per keystroke rather than once per task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    All,
    /// A number matches the hour (`8` and `08` alike); on a 12-hour clock, where the list reads
    /// `7:30 PM`, `7` also matches 19 (`or`).
    Hour {
        hour: u8,
        or: Option<u8>,
    },
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
            let or = (words().twelve_hours() && (1..=12).contains(&hour)).then(|| (hour + 12) % 24);
            return Self::Hour { hour, or };
        }
        let lower = without_accents(query.to_lowercase());
        let day = day_named(&lower);
        Self::Text { lower, day }
    }

    fn matches(&self, key: &SearchKey) -> bool {
        match self {
            Self::All => true,
            Self::Hour { hour, or } => key.hour == *hour || *or == Some(key.hour),
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
            name: without_accents(task.name.to_lowercase()),
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

/// A day for `mon`, `monday`, `Mon`..., or its name in the shown language (`lun`, `miercoles`);
/// `lower` is already lower-case and without accents.
fn day_named(lower: &str) -> Option<Weekday> {
    if lower.chars().count() < 3 {
        return None;
    }
    let words = words();
    Weekday::ALL.into_iter().find(|day| {
        full_name(*day).starts_with(lower)
            || lower == day.code().to_lowercase()
            || without_accents(words.weekday_long(*day).to_lowercase()).starts_with(lower)
    })
}

/// `miércoles` as `miercoles`, `jardín` as `jardin`: names and what is typed are compared
/// without Spanish accents, which a phone keyboard makes slow to type.
/// Takes the text by value: most names have no accent and are kept as they are, which spares an
/// allocation per task when a list of 50,000 is indexed.
fn without_accents(text: String) -> String {
    const ACCENTED: [char; 6] = ['á', 'é', 'í', 'ó', 'ú', 'ü'];
    if !text.contains(ACCENTED) {
        return text;
    }
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
    fn spanish_day_names_and_names_match_with_or_without_accents() {
        crate::i18n::show_in_tests(crate::i18n::Lang::Es);
        let task = task("Riego del jardín", 6, "WED,SAT");
        for typed in [
            "miércoles",
            "miercoles",
            "MIÉ",
            "sáb",
            "sabado",
            "jardin",
            "Jardín",
        ] {
            assert!(matches(&task, typed), "{typed}");
        }
        assert!(!matches(&task, "lunes"));
        // English day names still work in Spanish.
        assert!(matches(&task, "wednesday"));
    }

    #[test]
    fn on_a_12_hour_clock_an_hour_matches_both_halves_of_the_day() {
        crate::i18n::show_in_tests_on_a_12_hour_clock();
        let morning = task("Pumps on", 7, "MON");
        let evening = task("Lights on", 19, "MON");
        let midnight = task("Reset", 0, "MON");
        let noon = task("Bells", 12, "MON");
        assert!(matches(&morning, "7") && matches(&evening, "7"));
        assert!(matches(&evening, "19") && !matches(&morning, "19"));
        assert!(matches(&midnight, "12") && matches(&noon, "12"));
        assert!(matches(&midnight, "0") && !matches(&noon, "0"));
        crate::i18n::show_in_tests(crate::i18n::Lang::En);
        assert!(matches(&morning, "7") && !matches(&evening, "7"));
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
    // How fast is the benchmark's to say (`cargo xtask bench`); this checks the answers.
    fn five_thousand_tasks_search_right() {
        let tasks: Vec<Task> = (0..5000)
            .map(|i| task(&format!("Pump {i:04} east"), (i % 24) as u8, "MON,WED"))
            .collect();
        let index = TaskIndex::new(tasks);
        for query in ["p", "pu", "pum", "pump", "pump 1", "pump 12", "wed", "7"] {
            let _ = index.search(&Query::parse(query));
        }
        assert_eq!(index.search(&Query::parse("pump 12")).len(), 100);
    }
}
