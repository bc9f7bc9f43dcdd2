//! Calendar dates and instants without a date library: parsing the API's ISO-8601 strings,
//! turning a chosen "until" day into ISO-8601 with the zone's offset, and formatting for people.
//!
//! Offsets are minutes east of UTC (`+60` for Central European Time) and always a parameter:
//! the zones themselves are in `tasks/schedule/`.

use super::model::{Instant, Weekday};
use crate::i18n::words;

pub const MS_PER_MINUTE: i64 = 60_000;
pub const MS_PER_DAY: i64 = 86_400_000;

/// A day in the proleptic Gregorian calendar, as `<input type="date">` reads and writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CalendarDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl CalendarDate {
    /// A valid date, or `None` for the 31st of April and friends.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Self { year, month, day })
    }

    /// Reads `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parse_digits(parts.next()?, 4)?;
        let month = parse_digits(parts.next()?, 2)?;
        let day = parse_digits(parts.next()?, 2)?;
        Self::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// `YYYY-MM-DD`, the value of a date input.
    pub fn to_input_value(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `31 Jan 2027`, `31 ene 2027`: the month by name, unambiguous in every locale.
    pub fn label(self) -> String {
        words().date(self)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days_since_epoch(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year =
            (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The day `days` after this one (before, when negative).
    pub fn plus_days(self, days: i64) -> Self {
        Self::from_days_since_epoch(self.days_since_epoch().saturating_add(days))
    }

    /// Its day of the week (1970-01-01 was a Thursday).
    pub fn weekday(self) -> Weekday {
        let monday_based = (self.days_since_epoch() + 3).rem_euclid(7);
        Weekday::ALL[usize::try_from(monday_based).unwrap_or(0)]
    }

    /// The inverse of [`CalendarDate::days_since_epoch`].
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days.saturating_add(719_468);
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Self {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }
}

/// A wall-clock reading in some zone: the date plus hour and minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalDateTime {
    pub date: CalendarDate,
    pub hour: u8,
    pub minute: u8,
}

impl LocalDateTime {
    /// `3 Nov 2026, 10:15`, as the shown language writes it.
    pub fn label(self) -> String {
        words().date_time(self)
    }
}

/// The "until" instant for a chosen day: the end of that day (23:59:59, where the scheduler's
/// trigger ends) written as ISO-8601 with the offset the zone has then, e.g.
/// `2027-01-31T23:59:59+01:00`. The service reads the date part in that offset, so the day is
/// the one chosen whatever zone the reader is in.
pub fn end_of_day_iso(date: CalendarDate, offset_minutes: i32) -> String {
    format!(
        "{}T23:59:59{}",
        date.to_input_value(),
        offset_suffix(offset_minutes)
    )
}

/// `+01:00`, `-03:30`, `+00:00`.
pub fn offset_suffix(offset_minutes: i32) -> String {
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let minutes = offset_minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Milliseconds since the Unix epoch of an instant in either of the API's forms.
pub fn epoch_millis(instant: &Instant) -> Option<i64> {
    match instant {
        Instant::EpochMillis(ms) => Some(*ms),
        Instant::Iso(text) => parse_iso_millis(text),
    }
}

/// Reads ISO-8601 / RFC 3339 date-times: `2027-01-31T23:59:00+01:00`, `...Z`, fractional
/// seconds, `+0100` offsets, a space instead of `T`, and plain dates (taken as midnight UTC).
/// A date-time without any offset is read as UTC: the API always means an instant.
pub fn parse_iso_millis(text: &str) -> Option<i64> {
    let text = text.trim();
    let date = CalendarDate::parse(text.get(..10)?)?;
    let rest = text.get(10..)?;
    // Four-digit years and two-digit fields: the sums below stay far inside i64.
    let day_ms = date.days_since_epoch() * MS_PER_DAY;
    if rest.is_empty() {
        return Some(day_ms);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let hour = parse_digits(rest.get(..2)?, 2)?;
    let minute = parse_digits(rest.get(3..5)?, 2)?;
    if rest.get(2..3)? != ":" || hour > 23 || minute > 59 {
        return None;
    }
    let mut rest = rest.get(5..)?;
    let mut second_ms = 0;
    if let Some(after) = rest.strip_prefix(':') {
        let seconds = parse_digits(after.get(..2)?, 2)?;
        if seconds > 60 {
            return None;
        }
        second_ms = seconds * 1000;
        rest = after.get(2..)?;
        if let Some(fraction) = rest.strip_prefix(['.', ',']) {
            let digits = fraction.chars().take_while(char::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            let millis: String = fraction
                .get(..digits)?
                .chars()
                .chain("000".chars())
                .take(3)
                .collect();
            second_ms += millis.parse::<i64>().ok()?;
            rest = fraction.get(digits..)?;
        }
    }
    let offset = parse_offset(rest)?;
    Some(day_ms + (hour * 60 + minute - i64::from(offset)) * MS_PER_MINUTE + second_ms)
}

/// The wall-clock reading of an instant for someone whose zone is `offset_minutes` east of UTC.
pub fn local_date_time(epoch_ms: i64, offset_minutes: i32) -> LocalDateTime {
    // Epoch milliseconds come from the API as any i64: saturate at the ends of time.
    let local = epoch_ms.saturating_add(i64::from(offset_minutes) * MS_PER_MINUTE);
    let minutes_of_day = local.rem_euclid(MS_PER_DAY) / MS_PER_MINUTE;
    LocalDateTime {
        date: CalendarDate::from_days_since_epoch(local.div_euclid(MS_PER_DAY)),
        hour: u8::try_from(minutes_of_day / 60).unwrap_or(0),
        minute: u8::try_from(minutes_of_day % 60).unwrap_or(0),
    }
}

/// The day an "until" names, as the scheduler reads it: the date part of an ISO-8601 value in
/// the offset it was written with (`2030-09-30T23:59:59Z` is the 30th wherever the reader is),
/// and an epoch value (the later API) on the wall clock `offset_at` describes.
pub fn until_day(instant: &Instant, offset_at: impl Fn(i64) -> i32) -> Option<CalendarDate> {
    match instant {
        Instant::Iso(text) => {
            parse_iso_millis(text)?;
            CalendarDate::parse(text.trim().get(..10)?)
        }
        Instant::EpochMillis(ms) => Some(local_date_time(*ms, offset_at(*ms)).date),
    }
}

/// An instant as the user's wall clock shows it; `offset_at` gives their zone's offset then.
pub fn in_zone(instant: &Instant, offset_at: impl Fn(i64) -> i32) -> Option<LocalDateTime> {
    let ms = epoch_millis(instant)?;
    Some(local_date_time(ms, offset_at(ms)))
}

/// `Z`, `+01:00`, `+0100`, `-03`; an empty suffix means UTC.
/// Matched on bytes: the text comes from the API, and any byte of it may be inside a character.
fn parse_offset(text: &str) -> Option<i32> {
    let (sign, rest) = match text.as_bytes() {
        [] | [b'Z' | b'z'] => return Some(0),
        [b'+', rest @ ..] => (1, rest),
        [b'-', rest @ ..] => (-1, rest),
        _ => return None,
    };
    let (hours, minutes) = match *rest {
        [h1, h2] => (two_digits(h1, h2)?, 0),
        [h1, h2, m1, m2] | [h1, h2, b':', m1, m2] => (two_digits(h1, h2)?, two_digits(m1, m2)?),
        _ => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 60 + minutes))
}

fn two_digits(tens: u8, ones: u8) -> Option<i32> {
    let digit = |byte: u8| byte.is_ascii_digit().then(|| i32::from(byte - b'0'));
    Some(digit(tens)? * 10 + digit(ones)?)
}

fn parse_digits(text: &str, len: usize) -> Option<i64> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u8, day: u8) -> CalendarDate {
        CalendarDate::new(year, month, day).expect("valid test date")
    }

    #[test]
    fn dates_parse_and_validate() {
        assert_eq!(CalendarDate::parse("2027-01-31"), Some(date(2027, 1, 31)));
        assert_eq!(CalendarDate::parse("2028-02-29"), Some(date(2028, 2, 29)));
        for bad in [
            "2027-02-29",
            "2027-04-31",
            "2027-13-01",
            "27-01-01",
            "2027-1-5",
            "",
            "x",
        ] {
            assert_eq!(CalendarDate::parse(bad), None, "{bad}");
        }
        assert_eq!(date(2027, 1, 5).to_input_value(), "2027-01-05");
        assert_eq!(date(2027, 1, 5).label(), "5 Jan 2027");
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(date(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(date(2000, 3, 1).days_since_epoch(), 11_017);
        assert_eq!(date(1969, 12, 31).days_since_epoch(), -1);
        for days in [-800_000, -1, 0, 59, 11_016, 20_000, 2_932_896] {
            let back = CalendarDate::from_days_since_epoch(days).days_since_epoch();
            assert_eq!(back, days);
        }
    }

    #[test]
    fn the_until_day_is_the_date_as_written_or_the_epoch_in_the_zone() {
        let written = |text: &str| until_day(&Instant::Iso(text.into()), |_| 540);
        assert_eq!(written("2030-09-30T23:59:59Z"), Some(date(2030, 9, 30)));
        assert_eq!(
            written("2030-09-30T23:59:59-05:00"),
            Some(date(2030, 9, 30))
        );
        assert_eq!(written("2030-09-30"), Some(date(2030, 9, 30)));
        assert_eq!(written("2030-09-30T25:00:00Z"), None);
        assert_eq!(written("2030-02-30T10:00:00Z"), None);
        // 2030-09-30T22:00:00Z: still the 30th at UTC-05:00, already the 1st at UTC+09:00.
        let epoch = Instant::EpochMillis(1_917_036_000_000);
        assert_eq!(until_day(&epoch, |_| -300), Some(date(2030, 9, 30)));
        assert_eq!(until_day(&epoch, |_| 540), Some(date(2030, 10, 1)));
    }

    #[test]
    fn weekdays_and_days_after() {
        assert_eq!(date(1970, 1, 1).weekday(), Weekday::Thu);
        assert_eq!(date(2024, 2, 29).weekday(), Weekday::Thu);
        assert_eq!(date(2026, 12, 1).weekday(), Weekday::Tue);
        assert_eq!(date(1969, 12, 29).weekday(), Weekday::Mon);
        assert_eq!(date(2024, 2, 28).plus_days(1), date(2024, 2, 29));
        assert_eq!(date(2023, 2, 28).plus_days(1), date(2023, 3, 1));
        assert_eq!(date(2027, 1, 1).plus_days(-1), date(2026, 12, 31));
    }

    #[test]
    fn until_is_the_end_of_the_day_with_the_offset_of_that_day() {
        assert_eq!(
            end_of_day_iso(date(2027, 1, 31), 60),
            "2027-01-31T23:59:59+01:00"
        );
        assert_eq!(
            end_of_day_iso(date(2027, 7, 1), 120),
            "2027-07-01T23:59:59+02:00"
        );
        assert_eq!(
            end_of_day_iso(date(2027, 7, 1), -210),
            "2027-07-01T23:59:59-03:30"
        );
        assert_eq!(
            end_of_day_iso(date(2027, 7, 1), 0),
            "2027-07-01T23:59:59+00:00"
        );
    }

    #[test]
    fn iso_strings_of_every_usual_shape() {
        let utc = parse_iso_millis("2026-11-01T10:00:00Z");
        assert_eq!(utc, Some(1_793_527_200_000));
        assert_eq!(parse_iso_millis("2026-11-01T11:00:00+01:00"), utc);
        assert_eq!(parse_iso_millis("2026-11-01T11:00+0100"), utc);
        assert_eq!(parse_iso_millis("2026-11-01 07:00:00-03"), utc);
        assert_eq!(parse_iso_millis("2026-11-01T10:00:00"), utc);
        assert_eq!(
            parse_iso_millis("2026-11-01T10:00:00.250Z"),
            utc.map(|ms| ms + 250)
        );
        assert_eq!(
            parse_iso_millis("2026-11-01T10:00:00.5Z"),
            utc.map(|ms| ms + 500)
        );
        assert_eq!(parse_iso_millis("2026-11-01"), Some(1_793_491_200_000));
        for bad in [
            "2026-11-01T25:00Z",
            "2026-11-01T10:00:00+1",
            "2026-11-01X",
            "soon",
            "",
        ] {
            assert_eq!(parse_iso_millis(bad), None, "{bad}");
        }
    }

    #[test]
    fn both_instant_forms_give_the_same_moment() {
        let iso = Instant::Iso("2027-01-31T23:59:00+01:00".into());
        let ms = Instant::EpochMillis(1_801_436_340_000);
        assert_eq!(epoch_millis(&iso), Some(1_801_436_340_000));
        assert_eq!(epoch_millis(&iso), epoch_millis(&ms));
    }

    #[test]
    fn instants_read_in_the_users_zone() {
        let until = parse_iso_millis("2027-01-31T23:59:00+01:00").unwrap_or_default();
        // Seen from Berlin (+60) it is the chosen day; from New York (-300) still that evening;
        // from Tokyo (+540) already the next morning.
        assert_eq!(local_date_time(until, 60).date, date(2027, 1, 31));
        assert_eq!(local_date_time(until, 60).label(), "31 Jan 2027, 23:59");
        assert_eq!(local_date_time(until, -300).label(), "31 Jan 2027, 17:59");
        assert_eq!(local_date_time(until, 540).label(), "1 Feb 2027, 07:59");
        assert_eq!(local_date_time(-1, 0).label(), "31 Dec 1969, 23:59");
    }

    #[test]
    fn api_instants_in_a_zone() {
        let iso = Instant::Iso("2026-11-03T10:15:00Z".into());
        assert_eq!(
            in_zone(&iso, |_| 60).map(LocalDateTime::label).as_deref(),
            Some("3 Nov 2026, 11:15")
        );
        assert_eq!(in_zone(&Instant::Iso("junk".into()), |_| 0), None);
    }

    #[test]
    fn offsets_with_characters_of_several_bytes_are_refused_not_sliced() {
        for bad in [
            "2027-01-31T23:59:00+1é1",
            "2027-01-31T23:59:00+é",
            "2027-01-31T23:59:00+0é",
            "2027-01-31T23:59:00-01:é",
            "2027-01-31T23:59:00+€",
            "2027-01-31T23:59+1é",
        ] {
            assert_eq!(parse_iso_millis(bad), None, "{bad}");
        }
    }

    #[test]
    fn offsets_are_hh_hhmm_or_hh_colon_mm() {
        let utc = parse_iso_millis("2026-11-01T10:00:00Z");
        assert_eq!(parse_iso_millis("2026-11-01T11:30:00+01:30"), utc);
        assert_eq!(parse_iso_millis("2026-11-01T11:30:00+0130"), utc);
        assert_eq!(parse_iso_millis("2026-11-01T07:30:00-02:30"), utc);
        for bad in [
            "+0:100", "+01:", "+:0100", "+0:1", "+01:0", "+01::00", "+01000",
        ] {
            let text = format!("2026-11-01T10:00:00{bad}");
            assert_eq!(parse_iso_millis(&text), None, "{text}");
        }
    }

    #[test]
    fn instants_at_the_ends_of_time_do_not_overflow() {
        for ms in [i64::MAX, i64::MIN, i64::MAX - 1, i64::MIN + 1] {
            for offset in [i32::MAX, i32::MIN, 840, -720, 0] {
                let local = local_date_time(ms, offset);
                assert!(local.hour < 24 && local.minute < 60, "{ms} {offset}");
                assert!(!local.label().is_empty());
            }
        }
        let far = in_zone(&Instant::EpochMillis(i64::MAX), |_| 60).map(|at| at.date.year);
        assert!(far.is_some_and(|year| year > 292_000_000), "{far:?}");
        for days in [i64::MAX, i64::MIN, i64::MAX - 719_468] {
            let date = CalendarDate::from_days_since_epoch(days);
            assert!((1..=12).contains(&date.month), "{days}");
        }
    }

    #[test]
    fn offsets_print_with_sign_and_minutes() {
        assert_eq!(offset_suffix(330), "+05:30");
        assert_eq!(offset_suffix(-60), "-01:00");
    }
}
