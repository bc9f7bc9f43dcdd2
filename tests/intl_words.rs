//! Browser tests for times and days written by `Intl`: each locale keeps its own clock (24-hour
//! in Britain and Spain, 12-hour in the US), its month and day names, and its first day of the
//! week.
#![cfg(target_arch = "wasm32")]

use city_tasks::internals::{CalendarDate, DateWords, IntlWords, Lang, LocalDateTime, Weekday};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn day(year: i32, month: u8, day: u8) -> CalendarDate {
    CalendarDate::new(year, month, day).expect("valid test date")
}

#[wasm_bindgen_test]
fn british_english_reads_a_24_hour_clock_from_monday() {
    let words = IntlWords::new("en-GB", Lang::En);
    assert_eq!(words.time(7, 30), "07:30");
    assert_eq!(words.time(19, 5), "19:05");
    assert_eq!(words.weekday(Weekday::Fri), "Fri");
    assert_eq!(words.weekday_long(Weekday::Wed), "Wednesday");
    assert_eq!(words.weekday_day_month(day(2027, 3, 8)), "Mon 8 Mar");
    assert_eq!(words.date(day(2027, 1, 5)), "5 Jan 2027");
    assert_eq!(words.first_day(), Weekday::Mon);
    // Dates far from 1970 and before it are written as well.
    assert_eq!(words.date(day(1969, 12, 31)), "31 Dec 1969");
    assert_eq!(words.date(day(2099, 2, 28)), "28 Feb 2099");
}

#[wasm_bindgen_test]
fn us_english_reads_a_12_hour_clock_from_sunday() {
    let words = IntlWords::new("en-US", Lang::En);
    let morning = words.time(7, 30);
    assert!(
        morning.starts_with("7:30") && morning.ends_with("AM"),
        "{morning}"
    );
    let evening = words.time(19, 5);
    assert!(
        evening.starts_with("7:05") && evening.ends_with("PM"),
        "{evening}"
    );
    assert_eq!(words.first_day(), Weekday::Sun);
    // Only Intl writes these: the plain fallback knows British order alone.
    assert_eq!(words.weekday_day_month(day(2027, 3, 8)), "Mon, Mar 8");
    assert_eq!(words.date(day(2027, 1, 5)), "Jan 5, 2027");
    assert!(words.twelve_hours());
    assert!(!IntlWords::new("en-GB", Lang::En).twelve_hours());
}

#[wasm_bindgen_test]
fn spanish_names_days_and_months_in_spanish() {
    let words = IntlWords::new("es-ES", Lang::Es);
    assert_eq!(words.time(7, 30), "07:30");
    assert_eq!(words.weekday(Weekday::Wed), "mié");
    assert_eq!(words.weekday_long(Weekday::Sat), "sábado");
    assert_eq!(words.date(day(2027, 1, 5)), "5 ene 2027");
    let at = LocalDateTime {
        date: day(2026, 11, 3),
        hour: 10,
        minute: 15,
    };
    assert!(
        words.date_time(at).contains("nov 2026"),
        "{}",
        words.date_time(at)
    );
    assert_eq!(words.first_day(), Weekday::Mon);
    // Mexico starts its weeks on Sunday: Intl's week info says so (as the region table would).
    assert_eq!(IntlWords::new("es-MX", Lang::Es).first_day(), Weekday::Sun);
    assert!(!words.twelve_hours());
}
