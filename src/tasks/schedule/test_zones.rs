//! Offset rules of real zones, written out for native tests (the app asks the browser's `Intl`
//! instead): each is `fn(epoch_ms) -> minutes east of UTC`, following the zone's current law.

use crate::tasks::data::model::Weekday;
use crate::tasks::data::when::{CalendarDate, MS_PER_DAY, MS_PER_MINUTE};

pub fn day(year: i32, month: u8, day: u8) -> CalendarDate {
    CalendarDate::new(year, month, day).expect("a real date")
}

/// `year-month-day hour:minute` UTC in epoch milliseconds.
pub fn utc_ms(year: i32, month: u8, date: u8, hour: i64, minute: i64) -> i64 {
    day(year, month, date).days_since_epoch() * MS_PER_DAY + (hour * 60 + minute) * MS_PER_MINUTE
}

fn year_of(epoch_ms: i64) -> i32 {
    CalendarDate::from_days_since_epoch(epoch_ms.div_euclid(MS_PER_DAY)).year
}

/// The `n`th Sunday of a month (1-based).
fn nth_sunday(year: i32, month: u8, n: i64) -> CalendarDate {
    let first = day(year, month, 1);
    let to_sunday = (6 - first.weekday() as i64).rem_euclid(7);
    first.plus_days(to_sunday + 7 * (n - 1))
}

fn last_sunday(year: i32, month: u8) -> CalendarDate {
    let last = (28..=31)
        .rev()
        .find_map(|d| CalendarDate::new(year, month, d))
        .expect("a month has 28 days");
    last.plus_days(-((last.weekday() as i64 + 1) % 7))
}

fn at(date: CalendarDate, hour: i64, minute: i64) -> i64 {
    date.days_since_epoch() * MS_PER_DAY + (hour * 60 + minute) * MS_PER_MINUTE
}

pub fn utc(_: i64) -> i32 {
    0
}

/// Asia/Kolkata: +05:30 all year.
pub fn kolkata(_: i64) -> i32 {
    330
}

/// Europe/Berlin: +01:00, and +02:00 from the last Sunday of March to the last Sunday of
/// October, both changes at 01:00 UTC.
pub fn berlin(epoch_ms: i64) -> i32 {
    let year = year_of(epoch_ms);
    let summer = at(last_sunday(year, 3), 1, 0)..at(last_sunday(year, 10), 1, 0);
    if summer.contains(&epoch_ms) { 120 } else { 60 }
}

/// America/New_York: -05:00, and -04:00 from the second Sunday of March 02:00 local to the
/// first Sunday of November 02:00 local.
pub fn new_york(epoch_ms: i64) -> i32 {
    let year = year_of(epoch_ms);
    let summer = at(nth_sunday(year, 3, 2), 7, 0)..at(nth_sunday(year, 11, 1), 6, 0);
    if summer.contains(&epoch_ms) {
        -240
    } else {
        -300
    }
}

/// Pacific/Chatham: +12:45, and +13:45 from the last Sunday of September 02:45 local to the
/// first Sunday of April 03:45 local (both 14:00 UTC the day before); summer spans new year.
pub fn chatham(epoch_ms: i64) -> i32 {
    let year = year_of(epoch_ms);
    let summer_ends = at(nth_sunday(year, 4, 1).plus_days(-1), 14, 0);
    let summer_starts = at(last_sunday(year, 9).plus_days(-1), 14, 0);
    if epoch_ms < summer_ends || epoch_ms >= summer_starts {
        825
    } else {
        765
    }
}

/// Pacific/Apia around its move across the date line: -10:00 (its summer time) until the end
/// of Thursday 29 December 2011, then +14:00, so Friday 30 December never happened there.
pub fn apia(epoch_ms: i64) -> i32 {
    if epoch_ms < utc_ms(2011, 12, 30, 10, 0) {
        -600
    } else {
        840
    }
}

#[test]
fn the_rules_change_on_the_right_sundays() {
    assert_eq!(last_sunday(2027, 3), day(2027, 3, 28));
    assert_eq!(last_sunday(2027, 10), day(2027, 10, 31));
    assert_eq!(nth_sunday(2027, 3, 2), day(2027, 3, 14));
    assert_eq!(nth_sunday(2027, 11, 1), day(2027, 11, 7));
    assert_eq!(nth_sunday(2027, 4, 1), day(2027, 4, 4));
    assert_eq!(last_sunday(2026, 9), day(2026, 9, 27));
    assert_eq!(day(2011, 12, 30).weekday(), Weekday::Fri);
    assert_eq!(berlin(utc_ms(2027, 3, 28, 0, 59)), 60);
    assert_eq!(berlin(utc_ms(2027, 3, 28, 1, 0)), 120);
    assert_eq!(new_york(utc_ms(2027, 11, 7, 5, 59)), -240);
    assert_eq!(new_york(utc_ms(2027, 11, 7, 6, 0)), -300);
    assert_eq!(chatham(utc_ms(2027, 4, 3, 13, 59)), 825);
    assert_eq!(chatham(utc_ms(2027, 4, 3, 14, 0)), 765);
    assert_eq!(chatham(utc_ms(2026, 9, 26, 14, 0)), 825);
}
