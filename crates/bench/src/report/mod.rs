//! The benchmark's report: every metric summarised over the runs and judged against its budget,
//! the first visit's bytes by type, the sign-in requests, the static sizes; written as JSON and
//! Markdown.

pub mod compare;
pub mod format;
pub mod markdown;
pub mod verdict;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::budgets;
use crate::classify::{ByteKind, RequestKind};
use crate::machine::Machine;
use crate::measure::sign_in::Request;
use crate::network::Profile;
use crate::run::Samples;
use crate::size::Sizes;
use crate::stats::Summary;
use format::Unit;
use verdict::{Budget, Verdict};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub machine: Machine,
    pub runs: usize,
    pub quick: bool,
    pub task_total: u64,
    pub metrics: Vec<Metric>,
    /// Per file type: requests, transferred, encoded and decoded bytes, over the runs.
    pub first_visit_bytes: BTreeMap<ByteKind, ByteSummary>,
    /// The last run's callback page requests, in order.
    pub sign_in_requests: Vec<Request>,
    /// Per request kind, how many the callback page made before the rows showed, over runs.
    pub sign_in_counts: BTreeMap<RequestKind, Summary>,
    pub sizes: Sizes,
    /// City Tasks beside the React peer on both network profiles, medians and ratios.
    pub side_by_side: Vec<compare::SideBySide>,
    /// The list and search at 5,000 and at 50,000 tasks, medians and growth.
    pub growth: Vec<compare::Growth>,
    pub samples: Samples,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Metric {
    pub name: String,
    pub unit: Unit,
    pub summary: Option<Summary>,
    pub budget: Option<Budget>,
    pub verdict: Verdict,
}

impl Metric {
    fn new(name: &str, unit: Unit, samples: &[f64], budget: Option<Budget>) -> Self {
        let summary = Summary::of(samples);
        Metric {
            name: name.to_owned(),
            unit,
            verdict: Verdict::of(summary.as_ref(), budget.as_ref()),
            summary,
            budget,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ByteSummary {
    pub requests: Option<Summary>,
    pub transferred: Option<Summary>,
    pub encoded: Option<Summary>,
    pub decoded: Option<Summary>,
}

impl Report {
    pub fn new(machine: Machine, quick: bool, sizes: Sizes, samples: Samples) -> Self {
        let s = &samples;
        let mut metrics = vec![
            Metric::new(
                "first visit: requests",
                Unit::Count,
                &values(&s.first_visits, |f| f.total.requests as f64),
                None,
            ),
            Metric::new(
                "first visit: transferred (compressed, with headers)",
                Unit::Bytes,
                &values(&s.first_visits, |f| f.total.transferred),
                Some(Budget::max(budgets::FIRST_VISIT_BROTLI_MAX_BYTES as f64)),
            ),
            Metric::new(
                "first visit: prefetched after Login usable (the app, for the callback)",
                Unit::Bytes,
                &values(&s.first_visits, |f| f.after_login.transferred),
                None,
            ),
            Metric::new(
                "first visit: transferred in all, until the network was quiet",
                Unit::Bytes,
                &values(&s.first_visits, |f| {
                    f.total.transferred + f.after_login.transferred
                }),
                None,
            ),
            Metric::new(
                "first visit: decoded",
                Unit::Bytes,
                &values(&s.first_visits, |f| f.total.decoded),
                None,
            ),
            Metric::new(
                "cold load: navigation → Login usable",
                Unit::Ms,
                &values(&s.first_visits, |f| f.cold_load_ms),
                None,
            ),
            Metric::new(
                "sign-in: submit → rows on screen",
                Unit::Ms,
                &values(&s.sign_ins, |r| r.submit_to_rows_ms),
                None,
            ),
            Metric::new(
                "sign-in: requests beyond token + API after the app loaded",
                Unit::Count,
                &values(&s.sign_ins, |r| r.extra_requests() as f64),
                Some(Budget::max(0.0)),
            ),
            Metric::new(
                "sign-in: CORS preflights",
                Unit::Count,
                &values(&s.sign_ins, |r| r.preflights as f64),
                None,
            ),
            Metric::new(
                "5,000 tasks: reload → rows on screen",
                Unit::Ms,
                &values(&s.big_lists, |b| b.reload_to_rows_ms),
                None,
            ),
            Metric::new(
                "5,000 tasks: reload → API response end",
                Unit::Ms,
                &values(&s.big_lists, |b| b.data_arrived_ms),
                None,
            ),
            Metric::new(
                "5,000 tasks: API response end → rows on screen",
                Unit::Ms,
                &values(&s.big_lists, |b| b.rows_after_data_ms),
                Some(Budget::median(budgets::ROWS_AFTER_DATA_MAX_MS)),
            ),
            Metric::new(
                "5,000 tasks: JS heap (after GC)",
                Unit::Bytes,
                &values(&s.big_lists, |b| b.js_heap_bytes),
                None,
            ),
            Metric::new(
                "5,000 tasks: wasm memory",
                Unit::Bytes,
                &values(&s.big_lists, |b| b.wasm_memory_bytes),
                None,
            ),
            Metric::new(
                "5,000 tasks: JS heap + wasm memory",
                Unit::Bytes,
                &values(&s.big_lists, |b| b.memory_bytes()),
                Some(Budget::max(budgets::MEMORY_MAX_BYTES)),
            ),
            Metric::new(
                "search: keystroke → list settled on screen",
                Unit::Ms,
                &s.searches
                    .iter()
                    .flatten()
                    .map(|k| k.ms)
                    .collect::<Vec<_>>(),
                Some(Budget::median(budgets::SEARCH_KEYSTROKE_MEDIAN_MAX_MS)),
            ),
            Metric::new(
                "search: only keystrokes that changed the list",
                Unit::Ms,
                &s.searches
                    .iter()
                    .flatten()
                    .filter(|k| k.mutations > 0)
                    .map(|k| k.ms)
                    .collect::<Vec<_>>(),
                None,
            ),
            Metric::new(
                "size: wasm, raw (dist/)",
                Unit::Bytes,
                &[sizes.wasm.raw as f64],
                Some(Budget::max(budgets::WASM_RAW_MAX_BYTES as f64)),
            ),
            Metric::new(
                "size: first visit, brotli bodies (dist/)",
                Unit::Bytes,
                &[sizes.first_visit_brotli() as f64],
                Some(Budget::max(budgets::FIRST_VISIT_BROTLI_MAX_BYTES as f64)),
            ),
        ];
        let side_by_side = compare::side_by_side(s);
        let growth = compare::growth(s);
        metrics.extend(issue_14_metrics(s, &side_by_side, &growth));
        Report {
            machine,
            runs: s.first_visits.len(),
            quick,
            task_total: s.task_total,
            metrics,
            first_visit_bytes: byte_summaries(s),
            sign_in_requests: s
                .sign_ins
                .last()
                .map(|r| r.requests.clone())
                .unwrap_or_default(),
            sign_in_counts: request_counts(s),
            sizes,
            side_by_side,
            growth,
            samples,
        }
    }

    pub fn failed(&self) -> Vec<&Metric> {
        self.metrics
            .iter()
            .filter(|m| m.verdict == Verdict::Fail)
            .collect()
    }
}

/// Slow 4G, the React peer and 50,000 tasks: per-run figures with min / median / max, then the
/// ratios of medians (one figure each, so min = median = max) with issue 14's budgets.
fn issue_14_metrics(
    s: &Samples,
    side_by_side: &[compare::SideBySide],
    growth: &[compare::Growth],
) -> Vec<Metric> {
    let slow = &s.slow_4g;
    let (peer, peer_slow) = (&s.peer_local, &s.peer_slow_4g);
    let mut metrics = vec![
        Metric::new(
            "slow 4G: cold load: navigation → Login usable",
            Unit::Ms,
            &values(&slow.first_visits, |f| f.cold_load_ms),
            None,
        ),
        Metric::new(
            "slow 4G: sign-in: submit → rows on screen",
            Unit::Ms,
            &values(&slow.sign_ins, |r| r.submit_to_rows_ms),
            Some(Budget::median(budgets::SLOW_4G_SIGN_IN_MAX_MS)),
        ),
        Metric::new(
            "React peer: first visit: transferred",
            Unit::Bytes,
            &values(&peer.first_visits, |f| f.total.transferred),
            None,
        ),
        Metric::new(
            "React peer: cold load: navigation → Login usable",
            Unit::Ms,
            &values(&peer.first_visits, |f| f.cold_load_ms),
            None,
        ),
        Metric::new(
            "React peer: sign-in: submit → rows on screen",
            Unit::Ms,
            &values(&peer.sign_ins, |r| r.submit_to_rows_ms),
            None,
        ),
        Metric::new(
            "React peer, slow 4G: cold load: navigation → Login usable",
            Unit::Ms,
            &values(&peer_slow.first_visits, |f| f.cold_load_ms),
            None,
        ),
        Metric::new(
            "React peer, slow 4G: sign-in: submit → rows on screen",
            Unit::Ms,
            &values(&peer_slow.sign_ins, |r| r.submit_to_rows_ms),
            None,
        ),
    ];
    for row in side_by_side {
        let budget = (row.what == compare::COLD_LOAD && row.profile == Profile::Slow4g)
            .then(|| Budget::median(budgets::SLOW_4G_COLD_LOAD_MAX_RATIO_TO_PEER));
        metrics.push(Metric::new(
            &format!(
                "City Tasks / React peer, {}: {}",
                row.profile.name(),
                row.what
            ),
            Unit::Ratio,
            &row.ratio().into_iter().collect::<Vec<_>>(),
            budget,
        ));
    }
    let large = s.scale.clone().unwrap_or_default();
    metrics.extend([
        Metric::new(
            "50,000 tasks: reload → rows on screen",
            Unit::Ms,
            &values(&large.big_lists, |b| b.reload_to_rows_ms),
            None,
        ),
        Metric::new(
            "50,000 tasks: API response end → rows on screen",
            Unit::Ms,
            &values(&large.big_lists, |b| b.rows_after_data_ms),
            None,
        ),
        Metric::new(
            "50,000 tasks: JS heap + wasm memory",
            Unit::Bytes,
            &values(&large.big_lists, |b| b.memory_bytes()),
            Some(Budget::max(budgets::SCALE_MEMORY_MAX_BYTES)),
        ),
        Metric::new(
            "50,000 tasks: search: keystroke → list settled on screen",
            Unit::Ms,
            &compare::keystrokes(&large.searches),
            Some(Budget::median(
                budgets::SCALE_SEARCH_KEYSTROKE_MEDIAN_MAX_MS,
            )),
        ),
    ]);
    for row in growth {
        let budget =
            (row.what == compare::RELOAD).then(|| Budget::median(budgets::SCALE_RELOAD_MAX_GROWTH));
        metrics.push(Metric::new(
            &format!("growth 5,000 → 50,000 tasks: {}", row.what),
            Unit::Ratio,
            &row.ratio().into_iter().collect::<Vec<_>>(),
            budget,
        ));
    }
    metrics
}

/// One number per run, for a metric.
fn values<T>(runs: &[T], value: impl Fn(&T) -> f64) -> Vec<f64> {
    runs.iter().map(value).collect()
}

fn byte_summaries(s: &Samples) -> BTreeMap<ByteKind, ByteSummary> {
    ByteKind::ALL
        .into_iter()
        .filter(|kind| s.first_visits.iter().any(|f| f.by_kind.contains_key(kind)))
        .map(|kind| {
            let pick = |f: &dyn Fn(&crate::measure::first_visit::Bytes) -> f64| {
                let values: Vec<f64> = s
                    .first_visits
                    .iter()
                    .map(|v| v.by_kind.get(&kind).map_or(0.0, f))
                    .collect();
                Summary::of(&values)
            };
            let summary = ByteSummary {
                requests: pick(&|b| b.requests as f64),
                transferred: pick(&|b| b.transferred),
                encoded: pick(&|b| b.encoded),
                decoded: pick(&|b| b.decoded),
            };
            (kind, summary)
        })
        .collect()
}

fn request_counts(s: &Samples) -> BTreeMap<RequestKind, Summary> {
    let mut kinds: Vec<RequestKind> = s
        .sign_ins
        .iter()
        .flat_map(|r| r.requests.iter().filter(|q| q.before_rows).map(|q| q.kind))
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
        .into_iter()
        .filter_map(|kind| {
            let counts: Vec<f64> = s
                .sign_ins
                .iter()
                .map(|r| {
                    let before_rows = r.requests.iter().filter(|q| q.before_rows);
                    before_rows.filter(|q| q.kind == kind).count() as f64
                })
                .collect();
            Summary::of(&counts).map(|summary| (kind, summary))
        })
        .collect()
}
