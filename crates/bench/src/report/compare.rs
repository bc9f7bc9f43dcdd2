//! The two comparisons issue 14 asks for, as medians: City Tasks beside the React peer on each
//! network profile (and their ratio), and the list and search at 5,000 and at 50,000 tasks (and
//! how each grew). A side with no samples is `None`, and so is its ratio: never a guess.

use serde::{Deserialize, Serialize};

use super::format::Unit;
use crate::measure::big_list::BigList;
use crate::measure::search::Keystroke;
use crate::network::Profile;
use crate::run::{Client, Journeys, Samples};
use crate::stats::Summary;

/// One measurement of both clients on one profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideBySide {
    pub what: String,
    pub profile: Profile,
    pub unit: Unit,
    pub city_tasks: Option<f64>,
    pub peer: Option<f64>,
}

impl SideBySide {
    /// City Tasks over the peer: above 1 means City Tasks is slower (or bigger).
    pub fn ratio(&self) -> Option<f64> {
        ratio(self.city_tasks, self.peer)
    }
}

/// One measurement of City Tasks at 5,000 and at 50,000 tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Growth {
    pub what: String,
    pub unit: Unit,
    pub small: Option<f64>,
    pub large: Option<f64>,
}

impl Growth {
    /// The 50,000-task figure over the 5,000-task one (the tasks grew 10×).
    pub fn ratio(&self) -> Option<f64> {
        ratio(self.large, self.small)
    }
}

pub const TRANSFERRED: &str = "first visit: transferred";
pub const COLD_LOAD: &str = "cold load → Login usable";
pub const SIGN_IN: &str = "sign-in: submit → rows on screen";

pub fn side_by_side(s: &Samples) -> Vec<SideBySide> {
    let row = |what: &str, profile, unit, pick: &dyn Fn(&Journeys) -> Vec<f64>| SideBySide {
        what: what.to_owned(),
        profile,
        unit,
        city_tasks: median(&pick(&s.journeys(Client::CityTasks, profile))),
        peer: median(&pick(&s.journeys(Client::React, profile))),
    };
    let transferred = |j: &Journeys| j.first_visits.iter().map(|f| f.total.transferred).collect();
    let cold = |j: &Journeys| j.first_visits.iter().map(|f| f.cold_load_ms).collect();
    let sign_in = |j: &Journeys| j.sign_ins.iter().map(|r| r.submit_to_rows_ms).collect();
    let mut rows = vec![row(TRANSFERRED, Profile::Local, Unit::Bytes, &transferred)];
    for profile in Profile::ALL {
        rows.push(row(COLD_LOAD, profile, Unit::Ms, &cold));
    }
    for profile in Profile::ALL {
        rows.push(row(SIGN_IN, profile, Unit::Ms, &sign_in));
    }
    rows
}

pub const RELOAD: &str = "reload → rows on screen";
pub const ROWS_AFTER_DATA: &str = "API response end → rows on screen";
pub const DATA_ARRIVED: &str = "reload → API response end";
pub const MEMORY: &str = "JS heap + wasm memory";
pub const SEARCH: &str = "search: keystroke → list settled (median)";

pub fn growth(s: &Samples) -> Vec<Growth> {
    let scale = s.scale.as_ref();
    let list = |what: &str, unit, pick: fn(&BigList) -> f64| Growth {
        what: what.to_owned(),
        unit,
        small: median(&s.big_lists.iter().map(pick).collect::<Vec<_>>()),
        large: scale.and_then(|l| median(&l.big_lists.iter().map(pick).collect::<Vec<_>>())),
    };
    vec![
        list(RELOAD, Unit::Ms, |b| b.reload_to_rows_ms),
        list(DATA_ARRIVED, Unit::Ms, |b| b.data_arrived_ms),
        list(ROWS_AFTER_DATA, Unit::Ms, |b| b.rows_after_data_ms),
        list(MEMORY, Unit::Bytes, BigList::memory_bytes),
        Growth {
            what: SEARCH.to_owned(),
            unit: Unit::Ms,
            small: median(&keystrokes(&s.searches)),
            large: scale.and_then(|l| median(&keystrokes(&l.searches))),
        },
    ]
}

/// Every keystroke's time, over all runs.
pub fn keystrokes(searches: &[Vec<Keystroke>]) -> Vec<f64> {
    searches.iter().flatten().map(|k| k.ms).collect()
}

fn median(values: &[f64]) -> Option<f64> {
    Summary::of(values).map(|s| s.median)
}

fn ratio(over: Option<f64>, under: Option<f64>) -> Option<f64> {
    match (over, under) {
        (Some(over), Some(under)) if under > 0.0 => Some(over / under),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Lists;

    fn list(reload: f64, memory: f64) -> BigList {
        BigList {
            reload_to_rows_ms: reload,
            rows_after_data_ms: reload / 2.0,
            data_arrived_ms: reload / 2.0,
            js_heap_bytes: memory,
            wasm_memory_bytes: 0.0,
        }
    }

    #[test]
    fn growth_is_the_large_median_over_the_small_and_missing_stays_missing() {
        let mut samples = Samples {
            big_lists: vec![list(100.0, 5.0), list(300.0, 7.0), list(200.0, 6.0)],
            ..Samples::default()
        };
        let reload = &growth(&samples)[0];
        assert_eq!(
            (reload.small, reload.large, reload.ratio()),
            (Some(200.0), None, None)
        );
        samples.scale = Some(Lists {
            task_total: 50_000,
            big_lists: vec![list(500.0, 30.0)],
            searches: Vec::new(),
        });
        let rows = growth(&samples);
        assert_eq!(rows[0].ratio(), Some(2.5));
        assert_eq!(rows[3].ratio(), Some(5.0));
        // No keystrokes on either side: no figure, no ratio.
        assert_eq!((rows[4].small, rows[4].ratio()), (None, None));
    }

    #[test]
    fn the_peer_missing_gives_no_ratio() {
        let rows = side_by_side(&Samples::default());
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().all(|r| r.ratio().is_none()));
        assert_eq!(ratio(Some(3.0), Some(2.0)), Some(1.5));
        assert_eq!(ratio(Some(3.0), Some(0.0)), None);
    }
}
