//! Searching the list as the original app did: by name, by day, or by hour.

use super::model::{Task, Weekday};

/// True when `task` matches what was typed: a number matches the hour, a day name or code
/// matches the days, and any text matches part of the name (case-insensitive).
pub fn matches(task: &Task, query: &str) -> bool {
    let query = query.trim();
    if query.is_empty() {
        return true;
    }
    if let Ok(hour) = query.parse::<u8>() {
        return task.hour == hour;
    }
    let lower = query.to_lowercase();
    if task.name.to_lowercase().contains(&lower) {
        return true;
    }
    day_named(&lower).is_some_and(|day| task.days().contains(&day))
}

/// A day for `mon`, `monday`, `Mon`...
fn day_named(lower: &str) -> Option<Weekday> {
    if lower.len() < 3 {
        return None;
    }
    Weekday::ALL.into_iter().find(|day| {
        let full = full_name(*day);
        full.starts_with(lower) || lower == day.code().to_lowercase()
    })
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
    }
}
