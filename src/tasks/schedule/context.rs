//! The scheduler's zone for the pages, provided at the root: its offset rules (a fixed offset,
//! a region through `Intl`, or the user's own zone when `config.json` names none), its name,
//! the user's zone beside it, and a clock that moves on every half minute so "in 3 min" stays
//! true while a page is open.

use std::rc::Rc;
use std::time::Duration;

use super::intl_zone::IntlZone;
use super::local_zone;
use super::wall_clock::{offset_at_end_of, wall_clock_at};
use super::wording::zone_label;
use crate::config::{ConfigError, SCHEDULE_TIME_ZONE};
use crate::tasks::data::when::CalendarDate;
use crate::zone::{ScheduleTimeZone, ZoneKind};
use leptos::prelude::*;

/// How often the clock the pages read moves on.
const TICK: Duration = Duration::from_secs(30);

enum Rules {
    /// No `scheduleTimeZone`: the user's zone, as the app did before the setting existed.
    Users,
    Fixed(i32),
    Region(Rc<IntlZone>),
}

/// The scheduler's zone, cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct ScheduleZone {
    rules: StoredValue<Rules, LocalStorage>,
    label: StoredValue<String>,
    now: ReadSignal<i64>,
}

/// Checks a configured region against the browser's zone data at start-up, so an unknown zone
/// is a configuration error naming the field, like every other bad setting.
pub fn check_zone(zone: Option<&ScheduleTimeZone>) -> Result<(), ConfigError> {
    match zone {
        Some(zone) if zone.kind == ZoneKind::Region => IntlZone::open(&zone.id)
            .map(|_| ())
            .map_err(|reason| ConfigError::Invalid {
                field: SCHEDULE_TIME_ZONE,
                reason,
            }),
        _ => Ok(()),
    }
}

impl ScheduleZone {
    /// Provides the zone `config.json` names (checked by [`check_zone`]) to the pages.
    pub fn provide(zone: Option<&ScheduleTimeZone>) {
        let rules = match zone {
            None => Rules::Users,
            Some(zone) => match zone.kind {
                ZoneKind::Fixed(minutes) => Rules::Fixed(minutes),
                // Checked at start-up; should the browser disagree now, the user's zone is the
                // least surprising fallback.
                ZoneKind::Region => IntlZone::open(&zone.id)
                    .map_or(Rules::Users, |zone| Rules::Region(Rc::new(zone))),
            },
        };
        let label = zone.map_or_else(
            || "your time".to_string(),
            |zone| zone_label(&zone.id, zone.kind),
        );
        let (now, set_now) = signal(local_zone::now_ms());
        // Lives as long as the page: the root owner is never disposed.
        let _ = set_interval_with_handle(move || set_now.set(local_zone::now_ms()), TICK);
        provide_context(ScheduleZone {
            rules: StoredValue::new_local(rules),
            label: StoredValue::new(label),
            now,
        });
    }

    /// Minutes east of UTC in the scheduler's zone at an instant.
    pub fn offset_at(&self, epoch_ms: i64) -> i32 {
        self.rules.with_value(|rules| match rules {
            Rules::Users => local_zone::offset_at(epoch_ms),
            Rules::Fixed(minutes) => *minutes,
            Rules::Region(zone) => zone.offset_at(epoch_ms),
        })
    }

    /// The scheduler's rules as a plain function, for the pure code in this folder.
    pub fn rules(self) -> impl Fn(i64) -> i32 + Copy {
        move |epoch_ms| self.offset_at(epoch_ms)
    }

    /// The user's own zone, as a plain function.
    pub fn users(self) -> impl Fn(i64) -> i32 + Copy {
        local_zone::offset_at
    }

    /// `Guayaquil time`, `UTC−05:00`, or `your time` when the scheduler's zone is not set.
    pub fn label(&self) -> String {
        self.label.get_value()
    }

    /// Whether the scheduler's zone is the user's own (no `scheduleTimeZone`).
    pub fn is_users(&self) -> bool {
        self.rules.with_value(|rules| matches!(rules, Rules::Users))
    }

    /// The time now, moving on every half minute; reading it subscribes.
    pub fn now(&self) -> i64 {
        self.now.get()
    }

    /// The time now, without subscribing: the browser's clock itself.
    pub fn now_untracked(&self) -> i64 {
        local_zone::now_ms()
    }

    /// Today's date in the scheduler's zone.
    pub fn today(&self) -> CalendarDate {
        wall_clock_at(self.now_untracked(), &self.rules()).date
    }

    /// The scheduler zone's offset at the end of `date`, which an "until" is written with.
    pub fn offset_at_end_of(&self, date: CalendarDate) -> i32 {
        offset_at_end_of(date, &self.rules())
    }
}

/// The scheduler's zone provided at the root.
pub fn use_schedule_zone() -> ScheduleZone {
    expect_context::<ScheduleZone>()
}
