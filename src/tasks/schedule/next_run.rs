//! When the scheduler will next run a task, as the original service's scheduler decides it: a
//! Quartz cron trigger `atHourAndMinuteOnGivenDaysOfWeek(hour, minute, days).inTimeZone(zone)`
//! ending at 23:59:59 in that zone on the "until" day.
//!
//! Quartz's cron triggers work on the zone's wall clock. On a spring-forward night a time the
//! clocks jump over does not happen, so that day has no run; on a fall-back night a repeated
//! time runs once, at its second occurrence (java.util.Calendar reads a repeated wall time as
//! standard time, the later instant).

use super::wall_clock::{WallTime, resolve, wall_clock_at};
use crate::tasks::data::model::{Task, Weekday};
use crate::tasks::data::when::{CalendarDate, until_day};

/// What a task's schedule is, read from the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub hour: u8,
    pub minute: u8,
    /// Whether it runs on each day, Monday first (`Weekday as usize`).
    pub days: [bool; 7],
    /// The last day it may run, in the scheduler's zone.
    pub until: Option<CalendarDate>,
    /// False when the task's `status` says the scheduler holds it (`INA`).
    pub active: bool,
}

impl Schedule {
    /// The schedule of a stored task; `offset_at` is the scheduler's zone (for an "until" sent
    /// as epoch milliseconds).
    pub fn of(task: &Task, offset_at: &impl Fn(i64) -> i32) -> Self {
        Schedule {
            hour: task.hour,
            minute: task.minute,
            days: {
                let days = task.days();
                Weekday::ALL.map(|day| days.contains(&day))
            },
            until: task
                .execute_until
                .as_ref()
                .and_then(|until| until_day(until, offset_at)),
            active: !task.is_inactive(),
        }
    }
}

/// The answer for one task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextRun {
    At {
        at: i64,
        /// A day the task would have run on but does not, because that night's clocks jump
        /// over its time (the nearest such day before this run).
        skipped: Option<CalendarDate>,
        /// This run's time happens twice that night; the scheduler runs it once, at the second.
        repeated: bool,
    },
    /// Past its "until" day: it will not run again.
    Ended,
    /// No days chosen, or a time that is no time: it never runs.
    Never,
    /// The scheduler holds it (`status` inactive).
    Inactive,
}

impl NextRun {
    /// The run's instant in epoch milliseconds, when there is one.
    pub fn at(self) -> Option<i64> {
        match self {
            NextRun::At { at, .. } => Some(at),
            _ => None,
        }
    }
}

/// Looking further than this many days only finds nothing: a week plus a skipped day.
const HORIZON_DAYS: i64 = 15;

/// The first run strictly after `now_ms`, in the zone whose offsets `offset_at` gives.
pub fn next_run(schedule: &Schedule, now_ms: i64, offset_at: impl Fn(i64) -> i32) -> NextRun {
    if !schedule.active {
        return NextRun::Inactive;
    }
    if !schedule.days.contains(&true) || schedule.hour > 23 || schedule.minute > 59 {
        return NextRun::Never;
    }
    let today = wall_clock_at(now_ms, &offset_at).date;
    let mut skipped = None;
    for ahead in 0..HORIZON_DAYS {
        let date = today.plus_days(ahead);
        if schedule.until.is_some_and(|until| date > until) {
            return NextRun::Ended;
        }
        if !schedule.days[date.weekday() as usize] {
            continue;
        }
        let (at, repeated) = match resolve(date, schedule.hour, schedule.minute, &offset_at) {
            WallTime::Exact(at) => (at, false),
            WallTime::Repeated { later, .. } => (later, true),
            WallTime::Skipped => {
                skipped = Some(date);
                continue;
            }
        };
        if at > now_ms {
            return NextRun::At {
                at,
                skipped,
                repeated,
            };
        }
    }
    // Only reachable when every matching day in two weeks fell in a gap: no zone does that.
    NextRun::Never
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::schedule::test_zones::*;
    use Weekday::*;

    fn every(days: &[Weekday], hour: u8, minute: u8) -> Schedule {
        Schedule {
            hour,
            minute,
            days: Weekday::ALL.map(|day| days.contains(&day)),
            until: None,
            active: true,
        }
    }

    fn at(at: i64) -> NextRun {
        NextRun::At {
            at,
            skipped: None,
            repeated: false,
        }
    }

    const ALL: [Weekday; 7] = Weekday::ALL;

    /// (what, zone, schedule, now, expected)
    type Case = (&'static str, fn(i64) -> i32, Schedule, i64, NextRun);

    #[test]
    fn next_runs_table() {
        let until = |mut s: Schedule, date| {
            s.until = Some(date);
            s
        };
        let cases: Vec<Case> = vec![
            // A zone without daylight saving, and the simple cases.
            (
                "later today",
                kolkata,
                every(&ALL, 7, 30),
                utc_ms(2027, 3, 1, 0, 0),
                at(utc_ms(2027, 3, 1, 2, 0)),
            ),
            (
                "just gone: tomorrow",
                kolkata,
                every(&ALL, 7, 30),
                utc_ms(2027, 3, 1, 2, 0),
                at(utc_ms(2027, 3, 2, 2, 0)),
            ),
            (
                "next chosen weekday",
                utc,
                every(&[Mon, Wed, Fri], 7, 30),
                utc_ms(2027, 3, 2, 12, 0),
                at(utc_ms(2027, 3, 3, 7, 30)),
            ),
            (
                "across the week end",
                utc,
                every(&[Mon], 7, 30),
                utc_ms(2027, 3, 1, 8, 0),
                at(utc_ms(2027, 3, 8, 7, 30)),
            ),
            (
                "23:59 on Sunday",
                utc,
                every(&[Sun], 23, 59),
                utc_ms(2027, 2, 28, 23, 58),
                at(utc_ms(2027, 2, 28, 23, 59)),
            ),
            // The zone's date, not UTC's: at 20:00 UTC on Monday it is already Tuesday in Kolkata.
            (
                "zone's weekday",
                kolkata,
                every(&[Tue], 6, 0),
                utc_ms(2027, 3, 1, 20, 0),
                at(utc_ms(2027, 3, 2, 0, 30)),
            ),
            (
                "half-hour offset",
                kolkata,
                every(&ALL, 0, 15),
                utc_ms(2027, 3, 1, 18, 0),
                at(utc_ms(2027, 3, 1, 18, 45)),
            ),
            // Europe/Berlin across both changes (28 March and 31 October 2027, Sundays).
            (
                "Berlin winter",
                berlin,
                every(&ALL, 7, 30),
                utc_ms(2027, 1, 15, 0, 0),
                at(utc_ms(2027, 1, 15, 6, 30)),
            ),
            (
                "Berlin summer",
                berlin,
                every(&ALL, 7, 30),
                utc_ms(2027, 7, 15, 0, 0),
                at(utc_ms(2027, 7, 15, 5, 30)),
            ),
            (
                "Berlin: the morning after spring forward",
                berlin,
                every(&[Sun], 7, 30),
                utc_ms(2027, 3, 27, 12, 0),
                at(utc_ms(2027, 3, 28, 5, 30)),
            ),
            (
                "Berlin 02:30 on the spring-forward night: none that day",
                berlin,
                every(&ALL, 2, 30),
                utc_ms(2027, 3, 27, 12, 0),
                NextRun::At {
                    at: utc_ms(2027, 3, 29, 0, 30),
                    skipped: Some(day(2027, 3, 28)),
                    repeated: false,
                },
            ),
            (
                "Berlin 02:30 weekly on Sundays: the next Sunday",
                berlin,
                every(&[Sun], 2, 30),
                utc_ms(2027, 3, 27, 12, 0),
                NextRun::At {
                    at: utc_ms(2027, 4, 4, 0, 30),
                    skipped: Some(day(2027, 3, 28)),
                    repeated: false,
                },
            ),
            (
                "Berlin 02:30 on the fall-back night: once, the second time",
                berlin,
                every(&ALL, 2, 30),
                utc_ms(2027, 10, 30, 12, 0),
                NextRun::At {
                    at: utc_ms(2027, 10, 31, 1, 30),
                    skipped: None,
                    repeated: true,
                },
            ),
            (
                "Berlin between the two 02:30s: the second one",
                berlin,
                every(&ALL, 2, 30),
                utc_ms(2027, 10, 31, 0, 45),
                NextRun::At {
                    at: utc_ms(2027, 10, 31, 1, 30),
                    skipped: None,
                    repeated: true,
                },
            ),
            (
                "Berlin after the second 02:30: next day",
                berlin,
                every(&ALL, 2, 30),
                utc_ms(2027, 10, 31, 1, 30),
                at(utc_ms(2027, 11, 1, 1, 30)),
            ),
            // America/New_York across both changes (14 March and 7 November 2027).
            (
                "New York 02:30 on the spring-forward night",
                new_york,
                every(&ALL, 2, 30),
                utc_ms(2027, 3, 13, 12, 0),
                NextRun::At {
                    at: utc_ms(2027, 3, 15, 6, 30),
                    skipped: Some(day(2027, 3, 14)),
                    repeated: false,
                },
            ),
            (
                "New York 01:30 on the fall-back night",
                new_york,
                every(&ALL, 1, 30),
                utc_ms(2027, 11, 6, 12, 0),
                NextRun::At {
                    at: utc_ms(2027, 11, 7, 6, 30),
                    skipped: None,
                    repeated: true,
                },
            ),
            (
                "New York 07:30 the day after fall back",
                new_york,
                every(&ALL, 7, 30),
                utc_ms(2027, 11, 7, 7, 0),
                at(utc_ms(2027, 11, 7, 12, 30)),
            ),
            // Pacific/Chatham (+12:45 / +13:45), its summer across new year.
            (
                "Chatham summer",
                chatham,
                every(&ALL, 7, 30),
                utc_ms(2027, 1, 9, 12, 0),
                at(utc_ms(2027, 1, 9, 17, 45)),
            ),
            (
                "Chatham winter",
                chatham,
                every(&ALL, 7, 30),
                utc_ms(2027, 6, 9, 12, 0),
                at(utc_ms(2027, 6, 9, 18, 45)),
            ),
            (
                "Chatham 03:00 on its spring-forward night (02:45 -> 03:45)",
                chatham,
                every(&ALL, 3, 0),
                utc_ms(2026, 9, 26, 12, 0),
                NextRun::At {
                    at: utc_ms(2026, 9, 27, 13, 15),
                    skipped: Some(day(2026, 9, 27)),
                    repeated: false,
                },
            ),
            // The date line: Apia skipped Friday 30 December 2011.
            (
                "Apia on the day that never was",
                apia,
                every(&[Fri], 9, 0),
                utc_ms(2011, 12, 29, 12, 0),
                NextRun::At {
                    at: utc_ms(2012, 1, 5, 19, 0),
                    skipped: Some(day(2011, 12, 30)),
                    repeated: false,
                },
            ),
            (
                "Apia the day after",
                apia,
                every(&[Sat], 9, 0),
                utc_ms(2011, 12, 29, 12, 0),
                at(utc_ms(2011, 12, 30, 19, 0)),
            ),
            // Leap days.
            (
                "leap day",
                utc,
                every(&[Thu], 12, 0),
                utc_ms(2028, 2, 28, 12, 0),
                at(utc_ms(2028, 3, 2, 12, 0)),
            ),
            (
                "on 29 February",
                utc,
                every(&[Tue], 12, 0),
                utc_ms(2028, 2, 28, 12, 0),
                at(utc_ms(2028, 2, 29, 12, 0)),
            ),
            (
                "until 29 February",
                utc,
                until(every(&[Tue], 12, 0), day(2028, 2, 29)),
                utc_ms(2028, 2, 28, 12, 0),
                at(utc_ms(2028, 2, 29, 12, 0)),
            ),
            // Until: the run on the last day still happens, then it has ended.
            (
                "until today, later today",
                utc,
                until(every(&ALL, 23, 59), day(2027, 3, 1)),
                utc_ms(2027, 3, 1, 12, 0),
                at(utc_ms(2027, 3, 1, 23, 59)),
            ),
            (
                "until today, already run",
                utc,
                until(every(&ALL, 7, 0), day(2027, 3, 1)),
                utc_ms(2027, 3, 1, 12, 0),
                NextRun::Ended,
            ),
            (
                "until yesterday",
                utc,
                until(every(&ALL, 7, 0), day(2027, 2, 28)),
                utc_ms(2027, 3, 1, 0, 0),
                NextRun::Ended,
            ),
            (
                "until before the next chosen day",
                utc,
                until(every(&[Fri], 7, 0), day(2027, 3, 4)),
                utc_ms(2027, 3, 1, 0, 0),
                NextRun::Ended,
            ),
            // In the zone, not UTC: 23:00 on 1 March in New York is already 2 March in UTC.
            (
                "until read in the zone",
                new_york,
                until(every(&ALL, 23, 0), day(2027, 3, 1)),
                utc_ms(2027, 3, 1, 20, 0),
                at(utc_ms(2027, 3, 2, 4, 0)),
            ),
            // Until on the day of a change.
            (
                "until the spring-forward day, a skipped time",
                berlin,
                until(every(&ALL, 2, 30), day(2027, 3, 28)),
                utc_ms(2027, 3, 27, 12, 0),
                NextRun::Ended,
            ),
            (
                "until the spring-forward day, a later time",
                berlin,
                until(every(&ALL, 23, 59), day(2027, 3, 28)),
                utc_ms(2027, 3, 28, 12, 0),
                at(utc_ms(2027, 3, 28, 21, 59)),
            ),
            (
                "until the fall-back day, a repeated time",
                berlin,
                until(every(&ALL, 2, 30), day(2027, 10, 31)),
                utc_ms(2027, 10, 30, 12, 0),
                NextRun::At {
                    at: utc_ms(2027, 10, 31, 1, 30),
                    skipped: None,
                    repeated: true,
                },
            ),
            // Nothing to run.
            (
                "no days",
                utc,
                every(&[], 7, 30),
                utc_ms(2027, 3, 1, 0, 0),
                NextRun::Never,
            ),
            (
                "hour 24",
                utc,
                every(&ALL, 24, 0),
                utc_ms(2027, 3, 1, 0, 0),
                NextRun::Never,
            ),
            (
                "inactive",
                utc,
                Schedule {
                    active: false,
                    ..every(&ALL, 7, 30)
                },
                utc_ms(2027, 3, 1, 0, 0),
                NextRun::Inactive,
            ),
        ];
        for (what, zone, schedule, now, expected) in cases {
            assert_eq!(next_run(&schedule, now, zone), expected, "{what}");
        }
    }

    #[test]
    fn a_task_gives_its_schedule() {
        let task: Task = serde_json::from_value(serde_json::json!({
            "name": "Fountain pumps on", "hour": 5, "minute": 10, "executionDays": "SUN,SAT",
            "executeUntil": "2030-09-30T23:59:59Z", "status": "INA"
        }))
        .expect("valid task");
        let schedule = Schedule::of(&task, &new_york);
        assert_eq!(
            schedule.days,
            [false, false, false, false, false, true, true]
        );
        assert_eq!(schedule.until, Some(day(2030, 9, 30)));
        assert!(!schedule.active);
    }
}

/// The next run against a brute-force reading of the zone's clock, minute by minute.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::tasks::data::when::{MS_PER_MINUTE, local_date_time};
    use crate::tasks::schedule::test_zones::*;
    use proptest::prelude::*;

    const ZONES: [fn(i64) -> i32; 6] = [utc, kolkata, berlin, new_york, chatham, apia];

    fn shows(zone: fn(i64) -> i32, t: i64, s: &Schedule) -> bool {
        let wall = local_date_time(t, zone(t));
        wall.hour == s.hour
            && wall.minute == s.minute
            && s.days[wall.date.weekday() as usize]
            && s.until.is_none_or(|until| wall.date <= until)
    }

    /// The first whole minute after `now` at which the clocks show the schedule's time; when
    /// the clocks show it again within three hours (they went back), that second time.
    fn brute_force(zone: fn(i64) -> i32, now: i64, s: &Schedule) -> Option<i64> {
        let first = (now.div_euclid(MS_PER_MINUTE) + 1) * MS_PER_MINUTE;
        let first = (0..HORIZON_DAYS * 1440)
            .map(|m| first + m * MS_PER_MINUTE)
            .find(|&t| shows(zone, t, s))?;
        let again = (1..=180).map(|m| first + m * MS_PER_MINUTE).find(|&t| {
            shows(zone, t, s)
                && local_date_time(t, zone(t)).date == local_date_time(first, zone(first)).date
        });
        Some(again.unwrap_or(first))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(192))]

        #[test]
        fn the_next_run_is_the_first_time_the_zones_clock_shows_it(
            zone in 0..ZONES.len(),
            hour in 0u8..24,
            minute in prop_oneof![Just(0u8), Just(30), Just(59), 0u8..60],
            mask in 1u8..128,
            until_in in prop::option::of(0i64..20),
            // Around the changes of 2011/2012 (Apia), 2026 and 2027, and ordinary days.
            now in prop_oneof![
                utc_ms(2011, 12, 25, 0, 0)..utc_ms(2012, 1, 5, 0, 0),
                utc_ms(2026, 9, 20, 0, 0)..utc_ms(2026, 10, 1, 0, 0),
                utc_ms(2027, 3, 8, 0, 0)..utc_ms(2027, 4, 6, 0, 0),
                utc_ms(2027, 10, 25, 0, 0)..utc_ms(2027, 11, 10, 0, 0),
                utc_ms(2028, 2, 20, 0, 0)..utc_ms(2028, 3, 5, 0, 0),
            ],
        ) {
            let zone = ZONES[zone];
            let today = local_date_time(now, zone(now)).date;
            let schedule = Schedule {
                hour,
                minute,
                days: std::array::from_fn(|day| mask & (1 << day) != 0),
                until: until_in.map(|days| today.plus_days(days)),
                active: true,
            };
            let expected = brute_force(zone, now, &schedule);
            let got = next_run(&schedule, now, zone);
            prop_assert_eq!(got.at(), expected, "{:?} at {}", schedule, now);
            if expected.is_none() {
                prop_assert!(matches!(got, NextRun::Ended), "{:?}", got);
            }
        }
    }
}
