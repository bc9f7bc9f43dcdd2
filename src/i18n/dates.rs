//! Times and days as the shown language writes them: `07:30` or `7:30 AM`, `Mon 8 Mar` or
//! `lun, 8 mar`. The app writes them through the browser's `Intl` (`intl.rs`), so every locale
//! gets its own clock and month names without a table in the wasm; `Plain` writes them without
//! `Intl`, for the native tests and for a browser whose `Intl` refuses the locale.

use super::Lang;
use crate::tasks::data::model::Weekday;
use crate::tasks::data::when::{CalendarDate, LocalDateTime};

/// How one locale writes times and days. Every value is a wall-clock reading: no zone applies.
pub trait DateWords {
    /// `07:30` (en-GB, es), `7:30 AM` (en-US).
    fn time(&self, hour: u8, minute: u8) -> String;
    /// `Mon`, `lun`.
    fn weekday(&self, day: Weekday) -> String;
    /// `Monday`, `lunes`.
    fn weekday_long(&self, day: Weekday) -> String;
    /// `Mon 8 Mar`, `lun, 8 mar`.
    fn weekday_day_month(&self, date: CalendarDate) -> String;
    /// `Mon 8 Mar 2028`.
    fn weekday_date(&self, date: CalendarDate) -> String;
    /// `8 Mar 2027`, `8 mar 2027`.
    fn date(&self, date: CalendarDate) -> String;
    /// `8 Mar 2027, 07:30`.
    fn date_time(&self, at: LocalDateTime) -> String;
    /// The day the locale's weeks start on.
    fn first_day(&self) -> Weekday;
    /// Whether the locale's clock has 12 hours (`7:30 PM`), so a typed `7` may mean 19:00.
    fn twelve_hours(&self) -> bool;
}

/// The seven days in the order a locale's calendar shows them, from `first`.
pub fn week_from(first: Weekday) -> [Weekday; 7] {
    std::array::from_fn(|i| Weekday::ALL[(first as usize + i) % 7])
}

/// Days and months in English (`en-GB`'s order) or Spanish, on a 24-hour clock, written without
/// `Intl`.
pub struct Plain(pub Lang);

const MONTHS: [[&str; 12]; 2] = [
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
    ],
];
const WEEKDAYS: [[&str; 7]; 2] = [
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"],
];
const WEEKDAYS_LONG: [[&str; 7]; 2] = [
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ],
];

impl Plain {
    fn row(&self) -> usize {
        match self.0 {
            Lang::En => 0,
            Lang::Es => 1,
        }
    }

    fn day_month(&self, date: CalendarDate) -> String {
        let month = MONTHS[self.row()][usize::from(date.month.clamp(1, 12) - 1)];
        format!("{} {month}", date.day)
    }
}

impl DateWords for Plain {
    fn time(&self, hour: u8, minute: u8) -> String {
        format!("{hour:02}:{minute:02}")
    }

    fn weekday(&self, day: Weekday) -> String {
        WEEKDAYS[self.row()][day as usize].to_string()
    }

    fn weekday_long(&self, day: Weekday) -> String {
        WEEKDAYS_LONG[self.row()][day as usize].to_string()
    }

    fn weekday_day_month(&self, date: CalendarDate) -> String {
        let weekday = self.weekday(date.weekday());
        match self.0 {
            Lang::En => format!("{weekday} {}", self.day_month(date)),
            Lang::Es => format!("{weekday}, {}", self.day_month(date)),
        }
    }

    fn weekday_date(&self, date: CalendarDate) -> String {
        format!("{} {}", self.weekday_day_month(date), date.year)
    }

    fn date(&self, date: CalendarDate) -> String {
        format!("{} {}", self.day_month(date), date.year)
    }

    fn date_time(&self, at: LocalDateTime) -> String {
        format!("{}, {}", self.date(at.date), self.time(at.hour, at.minute))
    }

    fn first_day(&self) -> Weekday {
        Weekday::Mon
    }

    fn twelve_hours(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: i32, month: u8, day: u8) -> CalendarDate {
        CalendarDate::new(year, month, day).expect("valid test date")
    }

    #[test]
    fn plain_english_and_spanish() {
        let english = Plain(Lang::En);
        assert_eq!(english.time(7, 5), "07:05");
        assert_eq!(english.weekday_day_month(day(2027, 3, 8)), "Mon 8 Mar");
        assert_eq!(english.weekday_date(day(2028, 1, 3)), "Mon 3 Jan 2028");
        assert_eq!(english.date(day(2027, 1, 5)), "5 Jan 2027");
        let at = LocalDateTime {
            date: day(2026, 11, 3),
            hour: 10,
            minute: 15,
        };
        assert_eq!(english.date_time(at), "3 Nov 2026, 10:15");
        let spanish = Plain(Lang::Es);
        assert_eq!(spanish.time(7, 5), "07:05");
        assert_eq!(spanish.weekday_day_month(day(2027, 3, 10)), "mié, 10 mar");
        assert_eq!(spanish.weekday_long(Weekday::Sat), "sábado");
        assert_eq!(spanish.date_time(at), "3 nov 2026, 10:15");
    }

    #[test]
    fn weeks_in_the_locales_order() {
        assert_eq!(week_from(Weekday::Mon), Weekday::ALL);
        let sunday_first = week_from(Weekday::Sun);
        assert_eq!(sunday_first[0], Weekday::Sun);
        assert_eq!(sunday_first[1], Weekday::Mon);
        assert_eq!(sunday_first[6], Weekday::Sat);
        assert_eq!(week_from(Weekday::Sat)[1], Weekday::Sun);
    }
}
