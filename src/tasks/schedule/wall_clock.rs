//! A wall-clock reading on a given day in a zone with daylight saving, as an instant: one, none
//! (the clocks jumped over it) or two (the clocks went back over it). The zone is its offset
//! rules, `offset_at(epoch_ms)` in minutes east of UTC, so this is plain arithmetic.

use crate::tasks::data::when::{
    CalendarDate, LocalDateTime, MS_PER_DAY, MS_PER_MINUTE, local_date_time,
};

/// What `hour:minute` on one day is in a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WallTime {
    /// The usual case: one instant.
    Exact(i64),
    /// The clocks jumped over it (spring forward): it does not happen that day.
    Skipped,
    /// The clocks went back over it (fall back): it happens twice.
    Repeated { earlier: i64, later: i64 },
}

/// The instant(s) at which the zone's clocks show `hour:minute` on `date`.
///
/// A reading is an instant `t` with `t + offset(t) = wall`. Offsets change at most once in a
/// day or so, so the only candidates are `wall - offset` for the offsets in force a day before
/// and a day after; each is kept if the zone's clocks really show `wall` at it.
pub fn resolve(
    date: CalendarDate,
    hour: u8,
    minute: u8,
    offset_at: &impl Fn(i64) -> i32,
) -> WallTime {
    let wall = wall_ms(date, hour, minute);
    let shows_wall = |t: i64| on_clock(t, offset_at(t)) == wall;
    let candidate = |probe: i64| off_clock(wall, offset_at(probe));
    let before = candidate(wall.saturating_sub(MS_PER_DAY));
    let after = candidate(wall.saturating_add(MS_PER_DAY));
    match (shows_wall(before), shows_wall(after)) {
        (true, true) if before != after => WallTime::Repeated {
            earlier: before.min(after),
            later: before.max(after),
        },
        (true, _) => WallTime::Exact(before),
        (false, true) => WallTime::Exact(after),
        // Neither offset around it makes the clocks show it: it fell in a gap. (An offset in
        // force only for a moment, never seen in real zones, would also land here.)
        (false, false) => WallTime::Skipped,
    }
}

/// The zone's wall clock at an instant.
pub fn wall_clock_at(epoch_ms: i64, offset_at: &impl Fn(i64) -> i32) -> LocalDateTime {
    local_date_time(epoch_ms, offset_at(epoch_ms))
}

/// The offset the zone has at the end of `date` (23:59:59 there), which an "until" on that
/// day is written with. Offsets change on quarter hours, so it is the offset at 23:59; at a
/// repeated hour, the later reading: the day's last moment.
pub fn offset_at_end_of(date: CalendarDate, offset_at: &impl Fn(i64) -> i32) -> i32 {
    match resolve(date, 23, 59, offset_at) {
        WallTime::Exact(at) | WallTime::Repeated { later: at, .. } => offset_at(at),
        // The clocks jump over the end of the day: read with the offset before the jump, the
        // wall time lands after it, and that offset is the one in force.
        WallTime::Skipped => {
            let wall = wall_ms(date, 23, 59);
            offset_at(off_clock(wall, offset_at(wall.saturating_sub(MS_PER_DAY))))
        }
    }
}

/// Milliseconds of `date hour:minute` read as if it were UTC. Saturating, like the instants
/// it is compared with: an API's epoch value can be any i64.
fn wall_ms(date: CalendarDate, hour: u8, minute: u8) -> i64 {
    date.days_since_epoch()
        .saturating_mul(MS_PER_DAY)
        .saturating_add((i64::from(hour) * 60 + i64::from(minute)) * MS_PER_MINUTE)
}

/// The zone's clock (as if UTC) at instant `t`, the zone being `offset` minutes east.
fn on_clock(t: i64, offset: i32) -> i64 {
    t.saturating_add(i64::from(offset) * MS_PER_MINUTE)
}

/// The instant at which a clock `offset` minutes east shows `wall`.
fn off_clock(wall: i64, offset: i32) -> i64 {
    wall.saturating_sub(i64::from(offset) * MS_PER_MINUTE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::schedule::test_zones::{
        apia, berlin, chatham, day, kolkata, new_york, utc_ms,
    };

    /// (what, zone, date, hour, minute, expected)
    type Case = (&'static str, fn(i64) -> i32, CalendarDate, u8, u8, WallTime);

    #[test]
    fn wall_times_through_the_year() {
        let cases: [Case; 10] = [
            (
                "Kolkata",
                kolkata,
                day(2027, 3, 14),
                7,
                30,
                WallTime::Exact(utc_ms(2027, 3, 14, 2, 0)),
            ),
            (
                "Berlin winter",
                berlin,
                day(2027, 1, 15),
                7,
                30,
                WallTime::Exact(utc_ms(2027, 1, 15, 6, 30)),
            ),
            (
                "Berlin summer",
                berlin,
                day(2027, 7, 15),
                7,
                30,
                WallTime::Exact(utc_ms(2027, 7, 15, 5, 30)),
            ),
            (
                "Berlin spring forward",
                berlin,
                day(2027, 3, 28),
                2,
                30,
                WallTime::Skipped,
            ),
            (
                "Berlin before the jump",
                berlin,
                day(2027, 3, 28),
                1,
                59,
                WallTime::Exact(utc_ms(2027, 3, 28, 0, 59)),
            ),
            (
                "Berlin after the jump",
                berlin,
                day(2027, 3, 28),
                3,
                0,
                WallTime::Exact(utc_ms(2027, 3, 28, 1, 0)),
            ),
            (
                "Berlin fall back",
                berlin,
                day(2027, 10, 31),
                2,
                30,
                WallTime::Repeated {
                    earlier: utc_ms(2027, 10, 31, 0, 30),
                    later: utc_ms(2027, 10, 31, 1, 30),
                },
            ),
            (
                "New York spring forward",
                new_york,
                day(2027, 3, 14),
                2,
                30,
                WallTime::Skipped,
            ),
            (
                "New York fall back",
                new_york,
                day(2027, 11, 7),
                1,
                30,
                WallTime::Repeated {
                    earlier: utc_ms(2027, 11, 7, 5, 30),
                    later: utc_ms(2027, 11, 7, 6, 30),
                },
            ),
            (
                "Chatham summer",
                chatham,
                day(2027, 1, 10),
                7,
                30,
                WallTime::Exact(utc_ms(2027, 1, 9, 17, 45)),
            ),
        ];
        for (name, zone, date, hour, minute, expected) in cases {
            assert_eq!(resolve(date, hour, minute, &zone), expected, "{name}");
        }
    }

    #[test]
    fn the_end_of_a_day_has_that_days_offset() {
        assert_eq!(offset_at_end_of(day(2027, 3, 27), &berlin), 60);
        assert_eq!(offset_at_end_of(day(2027, 3, 28), &berlin), 120);
        assert_eq!(offset_at_end_of(day(2027, 10, 30), &berlin), 120);
        assert_eq!(offset_at_end_of(day(2027, 10, 31), &berlin), 60);
        assert_eq!(offset_at_end_of(day(2027, 11, 7), &new_york), -300);
        assert_eq!(offset_at_end_of(day(2027, 3, 14), &new_york), -240);
        assert_eq!(offset_at_end_of(day(2027, 6, 1), &kolkata), 330);
        assert_eq!(offset_at_end_of(day(2027, 6, 1), &chatham), 765);
        assert_eq!(offset_at_end_of(day(2027, 1, 1), &chatham), 825);
        // Apia's 30 December 2011 never ended there: the offset after the jump.
        assert_eq!(offset_at_end_of(day(2011, 12, 30), &apia), 840);
        assert_eq!(offset_at_end_of(day(2011, 12, 29), &apia), -600);
    }
}
