//! Times and days written by the browser's `Intl.DateTimeFormat` in the user's locale: the
//! locale's own clock (12 or 24 hours), month and day names, and its first day of the week
//! from `Intl.Locale`. Each format is made when first used and kept; one the browser refuses
//! falls back to [`Plain`].

use std::cell::OnceCell;

use super::Lang;
use super::choice::first_day_of_week;
use super::dates::{DateWords, Plain};
use crate::tasks::data::model::Weekday;
use crate::tasks::data::when::{CalendarDate, LocalDateTime, MS_PER_DAY, MS_PER_MINUTE};
use crate::tasks::schedule::intl_zone::date_time_format;
use js_sys::{Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

/// The formats, by what they write; the options each is made with are in [`OPTIONS`].
#[derive(Clone, Copy)]
enum Format {
    Time,
    Weekday,
    WeekdayLong,
    WeekdayDayMonth,
    WeekdayDate,
    Date,
    DateTime,
}

const FORMATS: usize = 7;

/// Every format reads the instant at UTC, where a wall-clock reading is its own instant. An
/// hour is `numeric` here; a 24-hour locale gets it in two digits (see `make`).
const OPTIONS: [&[(&str, &str)]; FORMATS] = [
    &[("hour", "numeric"), ("minute", "2-digit")],
    &[("weekday", "short")],
    &[("weekday", "long")],
    &[("weekday", "short"), ("day", "numeric"), ("month", "short")],
    &[
        ("weekday", "short"),
        ("day", "numeric"),
        ("month", "short"),
        ("year", "numeric"),
    ],
    &[("day", "numeric"), ("month", "short"), ("year", "numeric")],
    &[
        ("day", "numeric"),
        ("month", "short"),
        ("year", "numeric"),
        ("hour", "numeric"),
        ("minute", "2-digit"),
    ],
];

/// One locale's formats.
pub struct IntlWords {
    locale: String,
    formats: [OnceCell<Option<Intl::DateTimeFormat>>; FORMATS],
    first_day: Weekday,
    plain: Plain,
}

impl IntlWords {
    /// The formats of `locale` (a tag already checked by `choice::format_locale`), written in
    /// `lang` where the browser cannot.
    pub fn new(locale: &str, lang: Lang) -> Self {
        let first_day = Intl::Locale::new(locale)
            .and_then(|locale| locale.get_week_info())
            .ok()
            .and_then(|info| weekday_of_iso_number(info.first_day()))
            .unwrap_or_else(|| first_day_of_week(locale));
        IntlWords {
            locale: locale.to_string(),
            formats: Default::default(),
            first_day,
            plain: Plain(lang),
        }
    }

    /// Writes the wall-clock reading `date` `hour:minute` with `format`, or `None` when the
    /// browser refused the format.
    fn write(&self, format: Format, date: CalendarDate, hour: u8, minute: u8) -> Option<String> {
        let made = self.format(format)?;
        // Checked: a server date far beyond any real one falls back to `Plain`, never wraps.
        let ms = date
            .days_since_epoch()
            .checked_mul(MS_PER_DAY)?
            .checked_add(
                i64::from(hour) * 60 * MS_PER_MINUTE + i64::from(minute) * MS_PER_MINUTE,
            )?;
        #[allow(clippy::cast_precision_loss)]
        let instant = Date::new(&JsValue::from_f64(ms as f64));
        made.format()
            .call1(&JsValue::UNDEFINED, &instant)
            .ok()?
            .as_string()
    }

    /// The format, made when first asked for; `None` when the browser refused it.
    fn format(&self, format: Format) -> Option<&Intl::DateTimeFormat> {
        self.formats[format as usize]
            .get_or_init(|| self.make(format))
            .as_ref()
    }

    fn make(&self, format: Format) -> Option<Intl::DateTimeFormat> {
        let options = Object::new();
        for (key, value) in [("timeZone", "UTC")]
            .iter()
            .chain(OPTIONS[format as usize].iter())
        {
            Reflect::set(&options, &(*key).into(), &(*value).into()).ok()?;
        }
        let made = date_time_format(&self.locale, &options).ok()?;
        // A 24-hour clock writes the hour in two digits (`07:30`, as schedules and the
        // form's boxes do); a 12-hour one does not (`7:30 AM`).
        if matches!(format, Format::Time | Format::DateTime) && !reads_twelve_hours(&made) {
            Reflect::set(&options, &"hour".into(), &"2-digit".into()).ok()?;
            return date_time_format(&self.locale, &options).ok();
        }
        Some(made)
    }
}

/// Whether a format with an hour reads a 12-hour clock (`hourCycle` `h11` or `h12`).
fn reads_twelve_hours(format: &Intl::DateTimeFormat) -> bool {
    Reflect::get(&format.resolved_options(), &"hourCycle".into())
        .ok()
        .and_then(|cycle| cycle.as_string())
        .is_some_and(|cycle| cycle == "h11" || cycle == "h12")
}

/// `Intl`'s week days count from Monday = 1 to Sunday = 7.
fn weekday_of_iso_number(number: u8) -> Option<Weekday> {
    Weekday::ALL
        .get(usize::from(number).checked_sub(1)?)
        .copied()
}

/// A day that falls on `day`: 5 January 1970 was a Monday.
fn a_day_on(day: Weekday) -> CalendarDate {
    CalendarDate::from_days_since_epoch(4 + day as i64)
}

impl DateWords for IntlWords {
    fn time(&self, hour: u8, minute: u8) -> String {
        let epoch = CalendarDate::from_days_since_epoch(0);
        self.write(Format::Time, epoch, hour, minute)
            .unwrap_or_else(|| self.plain.time(hour, minute))
    }

    fn weekday(&self, day: Weekday) -> String {
        self.write(Format::Weekday, a_day_on(day), 12, 0)
            .unwrap_or_else(|| self.plain.weekday(day))
    }

    fn weekday_long(&self, day: Weekday) -> String {
        self.write(Format::WeekdayLong, a_day_on(day), 12, 0)
            .unwrap_or_else(|| self.plain.weekday_long(day))
    }

    fn weekday_day_month(&self, date: CalendarDate) -> String {
        self.write(Format::WeekdayDayMonth, date, 12, 0)
            .unwrap_or_else(|| self.plain.weekday_day_month(date))
    }

    fn weekday_date(&self, date: CalendarDate) -> String {
        self.write(Format::WeekdayDate, date, 12, 0)
            .unwrap_or_else(|| self.plain.weekday_date(date))
    }

    fn date(&self, date: CalendarDate) -> String {
        self.write(Format::Date, date, 12, 0)
            .unwrap_or_else(|| self.plain.date(date))
    }

    fn date_time(&self, at: LocalDateTime) -> String {
        self.write(Format::DateTime, at.date, at.hour, at.minute)
            .unwrap_or_else(|| self.plain.date_time(at))
    }

    fn first_day(&self) -> Weekday {
        self.first_day
    }

    fn twelve_hours(&self) -> bool {
        self.format(Format::Time).is_some_and(reads_twelve_hours)
    }
}
