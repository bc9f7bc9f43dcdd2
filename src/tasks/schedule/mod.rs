//! Where a task's hour and minute meet the clock: the zone the Tasks API's scheduler runs tasks
//! in (`scheduleTimeZone`), a wall-clock time as instants on daylight-saving nights, the next
//! run as the scheduler decides it, and all of it in words.
//!
//! Pure, tested natively with real zones' rules: `wall_clock`, `next_run`, `wording`. Browser
//! edge: `intl_zone` (a region's rules from `Intl`), `local_zone` (the user's clock),
//! `context` (what the pages use).

pub(crate) mod context;
pub(crate) mod intl_zone;
pub(crate) mod local_zone;
pub(crate) mod next_run;
#[cfg(test)]
mod test_zones;
pub(crate) mod wall_clock;
pub(crate) mod wording;

pub(crate) use context::{ScheduleZone, check_zone, use_schedule_zone};
