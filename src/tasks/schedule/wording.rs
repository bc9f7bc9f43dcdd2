//! Times and runs in words: the zone a time is in (`Guayaquil time`, `UTC−05:00`), the next run
//! relative to now (`in 3 h`, `tomorrow 07:30`), the user's own clock beside it (`14:30 your
//! time`), and what a daylight-saving night does to a run.

use super::next_run::NextRun;
use super::wall_clock::wall_clock_at;
use crate::i18n::{t, words};
use crate::tasks::data::when::{LocalDateTime, MS_PER_MINUTE};
use crate::zone::ZoneKind;

/// How a zone is named after a time. A region by its city (`America/Argentina/Buenos_Aires`:
/// `Buenos Aires time`); a fixed offset or an `Etc/GMT` zone by its offset (`UTC−05:00`).
pub fn zone_label(id: &str, kind: ZoneKind) -> String {
    if let ZoneKind::Fixed(minutes) = kind {
        return offset_label(minutes);
    }
    match id {
        "UTC" | "Etc/UTC" | "Etc/UCT" | "Etc/GMT" | "Etc/Zulu" | "Etc/Universal" | "GMT"
        | "UCT" => {
            return "UTC".into();
        }
        _ => {}
    }
    // `Etc/GMT+5` is five hours *behind* UTC (POSIX signs).
    if let Some(hours) = id
        .strip_prefix("Etc/GMT")
        .and_then(|hours| hours.parse::<i32>().ok())
        .filter(|hours| hours.abs() <= 14)
    {
        return offset_label(-hours * 60);
    }
    let city = id.rsplit('/').next().unwrap_or(id).replace('_', " ");
    (t().zone_city_time)(&city)
}

/// `UTC`, `UTC+05:30`, `UTC−05:00` (a real minus sign, as screen readers say it).
pub fn offset_label(minutes: i32) -> String {
    if minutes == 0 {
        return "UTC".into();
    }
    let sign = if minutes < 0 { '−' } else { '+' };
    let minutes = minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// `07:30`, `7:30 AM`: the shown language's clock.
pub fn clock(time: LocalDateTime) -> String {
    words().time(time.hour, time.minute)
}

/// When a run at `at` is, from `now`, on the schedule zone's clock: `in 25 min`, `in 3 h`,
/// `today 19:30`, `tomorrow 07:30`, `Fri 07:30`, `Mon 14 Jan 07:30`, `Fri 14 Jan 2028, 07:30`.
pub fn relative_when(at: i64, now: i64, zone: &impl Fn(i64) -> i32) -> String {
    let minutes = at
        .saturating_sub(now)
        .max(0)
        .saturating_add(MS_PER_MINUTE - 1)
        / MS_PER_MINUTE;
    let minutes = minutes.max(1).unsigned_abs();
    if minutes < 60 {
        return (t().in_minutes)(minutes);
    }
    if minutes < 6 * 60 {
        return (t().in_hours)((minutes + 30) / 60);
    }
    let then = wall_clock_at(at, zone);
    let today = wall_clock_at(now, zone).date;
    let days = then.date.days_since_epoch() - today.days_since_epoch();
    let time = clock(then);
    let (t, words) = (t(), words());
    match days {
        ..=0 => (t.today_at)(&time),
        1 => (t.tomorrow_at)(&time),
        2..=6 => (t.day_at)(&then.date.weekday().label(), &time),
        _ if then.date.year == today.year => (t.day_at)(&words.weekday_day_month(then.date), &time),
        _ => (t.date_at)(&words.weekday_date(then.date), &time),
    }
}

/// The user's clock at `at` beside the schedule zone's: `14:30 your time`, with the day when
/// it is another one there (`06:00 next day your time`). `None` when both clocks agree.
pub fn your_time(
    at: i64,
    zone: &impl Fn(i64) -> i32,
    yours: &impl Fn(i64) -> i32,
) -> Option<String> {
    if zone(at) == yours(at) {
        return None;
    }
    let there = wall_clock_at(at, zone);
    let here = wall_clock_at(at, yours);
    let t = t();
    let said = match here.date.days_since_epoch() - there.date.days_since_epoch() {
        0 => t.your_time,
        1 => t.your_time_next_day,
        -1 => t.your_time_previous_day,
        _ => t.your_time_other_day,
    };
    Some(said(&clock(here)))
}

/// The run in a few words for the list: `Next run tomorrow 07:30`, `Ended`, ...
pub fn next_run_label(next: NextRun, now: i64, zone: &impl Fn(i64) -> i32) -> String {
    match next {
        NextRun::At { at, .. } => (t().next_run_at)(&relative_when(at, now, zone)),
        NextRun::Ended => t().run_ended.into(),
        NextRun::Never => t().run_never.into(),
        NextRun::Inactive => t().run_paused.into(),
    }
}

/// What a daylight-saving night does to this run, said plainly; `None` on ordinary nights.
pub fn daylight_saving_note(next: NextRun, hour: u8, minute: u8) -> Option<String> {
    let NextRun::At {
        skipped, repeated, ..
    } = next
    else {
        return None;
    };
    let (t, words) = (t(), words());
    let time = words.time(hour, minute);
    let mut notes = Vec::new();
    if let Some(date) = skipped {
        notes.push((t.dst_skipped)(&words.weekday_day_month(date), &time));
    }
    if repeated {
        notes.push((t.dst_repeated)(&time));
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::schedule::test_zones::*;

    #[test]
    fn zones_are_named_by_city_or_offset() {
        let cases = [
            ("America/Guayaquil", ZoneKind::Region, "Guayaquil time"),
            (
                "America/Argentina/Buenos_Aires",
                ZoneKind::Region,
                "Buenos Aires time",
            ),
            ("Europe/Berlin", ZoneKind::Region, "Berlin time"),
            ("Etc/GMT+5", ZoneKind::Region, "UTC−05:00"),
            ("Etc/GMT-14", ZoneKind::Region, "UTC+14:00"),
            ("Etc/UTC", ZoneKind::Region, "UTC"),
            (
                "Etc/GMT+2147483647",
                ZoneKind::Region,
                "GMT+2147483647 time",
            ),
            ("-05:00", ZoneKind::Fixed(-300), "UTC−05:00"),
            ("+05:30", ZoneKind::Fixed(330), "UTC+05:30"),
            ("+12:45", ZoneKind::Fixed(765), "UTC+12:45"),
            ("Z", ZoneKind::Fixed(0), "UTC"),
        ];
        for (id, kind, label) in cases {
            assert_eq!(zone_label(id, kind), label, "{id}");
        }
    }

    #[test]
    fn the_near_future_is_relative_and_the_rest_is_a_day_and_time() {
        let now = utc_ms(2027, 3, 1, 9, 0); // Monday 09:00 UTC, 10:00 in Berlin
        let cases = [
            (now + 30_000, "in 1 min"),
            (now + 25 * MS_PER_MINUTE, "in 25 min"),
            (now + 59 * MS_PER_MINUTE, "in 59 min"),
            (now + 60 * MS_PER_MINUTE, "in 1 h"),
            (now + 3 * 60 * MS_PER_MINUTE + 20 * MS_PER_MINUTE, "in 3 h"),
            (now + 3 * 60 * MS_PER_MINUTE + 40 * MS_PER_MINUTE, "in 4 h"),
            (utc_ms(2027, 3, 1, 18, 30), "today 19:30"),
            (utc_ms(2027, 3, 2, 6, 30), "tomorrow 07:30"),
            (utc_ms(2027, 3, 5, 6, 30), "Fri 07:30"),
            (utc_ms(2027, 3, 8, 6, 30), "Mon 8 Mar 07:30"),
            (utc_ms(2028, 1, 3, 6, 30), "Mon 3 Jan 2028, 07:30"),
        ];
        for (at, expected) in cases {
            assert_eq!(relative_when(at, now, &berlin), expected);
        }
        // "Tomorrow" is the schedule zone's: 23:30 UTC on Monday is already Tuesday in Kolkata.
        assert_eq!(
            relative_when(utc_ms(2027, 3, 1, 23, 30), now, &kolkata),
            "tomorrow 05:00"
        );
        assert_eq!(
            relative_when(utc_ms(2027, 3, 1, 23, 30), now, &utc),
            "today 23:30"
        );
    }

    #[test]
    fn runs_in_spanish() {
        crate::i18n::show_in_tests(crate::i18n::Lang::Es);
        let now = utc_ms(2027, 3, 1, 9, 0); // Monday 09:00 UTC, 10:00 in Berlin
        for (at, expected) in [
            (now + 25 * MS_PER_MINUTE, "en 25 min"),
            (utc_ms(2027, 3, 1, 18, 30), "hoy, 19:30"),
            (utc_ms(2027, 3, 2, 6, 30), "mañana, 07:30"),
            (utc_ms(2027, 3, 5, 6, 30), "vie, 07:30"),
            (utc_ms(2027, 3, 10, 6, 30), "mié, 10 mar, 07:30"),
            (utc_ms(2028, 1, 3, 6, 30), "lun, 3 ene 2028, 07:30"),
        ] {
            assert_eq!(relative_when(at, now, &berlin), expected);
        }
        assert_eq!(
            zone_label("America/Guayaquil", ZoneKind::Region),
            "hora de Guayaquil"
        );
        let at = utc_ms(2027, 3, 2, 4, 0); // 23:00 on Monday in New York
        assert_eq!(
            your_time(at, &new_york, &berlin).as_deref(),
            Some("05:00 del día siguiente (tu hora)")
        );
        let skipped = NextRun::At {
            at: utc_ms(2027, 3, 29, 0, 30),
            skipped: Some(day(2027, 3, 28)),
            repeated: false,
        };
        assert_eq!(
            daylight_saving_note(skipped, 2, 30).as_deref(),
            Some("No se ejecuta el dom, 28 mar: esa noche los relojes se saltan la hora 02:30.")
        );
    }

    #[test]
    fn your_time_is_shown_only_when_the_clocks_differ() {
        let at = utc_ms(2027, 3, 1, 12, 30); // 07:30 in New York
        assert_eq!(
            your_time(at, &new_york, &berlin).as_deref(),
            Some("13:30 your time")
        );
        assert_eq!(your_time(at, &new_york, &new_york), None);
        let late = utc_ms(2027, 3, 2, 4, 0); // 23:00 on Monday in New York
        assert_eq!(
            your_time(late, &new_york, &berlin).as_deref(),
            Some("05:00 next day your time")
        );
        let early = utc_ms(2027, 3, 1, 19, 0); // 00:30 on Tuesday in Kolkata
        assert_eq!(
            your_time(early, &kolkata, &new_york).as_deref(),
            Some("14:00 previous day your time")
        );
        // Same zone rules, different moment: Berlin and UTC differ, Berlin and a fixed +01:00
        // agree in winter only.
        let plus_one = |_| 60;
        assert_eq!(
            your_time(utc_ms(2027, 1, 10, 6, 30), &berlin, &plus_one),
            None
        );
        assert!(your_time(utc_ms(2027, 7, 10, 6, 30), &berlin, &plus_one).is_some());
    }

    #[test]
    fn runs_and_daylight_saving_nights_in_words() {
        let now = utc_ms(2027, 3, 1, 9, 0);
        let next = NextRun::At {
            at: utc_ms(2027, 3, 2, 6, 30),
            skipped: None,
            repeated: false,
        };
        assert_eq!(
            next_run_label(next, now, &berlin),
            "Next run tomorrow 07:30"
        );
        assert_eq!(next_run_label(NextRun::Ended, now, &berlin), "Ended");
        assert_eq!(daylight_saving_note(next, 7, 30), None);
        let skipped = NextRun::At {
            at: utc_ms(2027, 3, 29, 0, 30),
            skipped: Some(day(2027, 3, 28)),
            repeated: false,
        };
        assert_eq!(
            daylight_saving_note(skipped, 2, 30).as_deref(),
            Some("No run on Sun 28 Mar: the clocks skip 02:30 that night.")
        );
        let repeated = NextRun::At {
            at: utc_ms(2027, 10, 31, 1, 30),
            skipped: None,
            repeated: true,
        };
        assert!(
            daylight_saving_note(repeated, 2, 30)
                .is_some_and(|note| note.starts_with("02:30 happens twice"))
        );
    }
}
