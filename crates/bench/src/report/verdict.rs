//! Budgets as the report shows them, and whether a summary meets one.

use serde::{Deserialize, Serialize};

use crate::stats::Summary;

/// Which statistic a budget limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stat {
    Median,
    Max,
}

/// An upper limit on one statistic of a metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    pub limit: f64,
    pub stat: Stat,
}

impl Budget {
    pub fn median(limit: f64) -> Self {
        Budget {
            limit,
            stat: Stat::Median,
        }
    }

    pub fn max(limit: f64) -> Self {
        Budget {
            limit,
            stat: Stat::Max,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Pass,
    Fail,
    /// Measured, but there is no budget for it.
    NoBudget,
    /// A budget, but no samples to judge.
    NoData,
}

impl Verdict {
    pub fn of(summary: Option<&Summary>, budget: Option<&Budget>) -> Self {
        match (summary, budget) {
            (_, None) => Verdict::NoBudget,
            (None, Some(_)) => Verdict::NoData,
            (Some(summary), Some(budget)) => {
                let value = match budget.stat {
                    Stat::Median => summary.median,
                    Stat::Max => summary.max,
                };
                if value <= budget.limit {
                    Verdict::Pass
                } else {
                    Verdict::Fail
                }
            }
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "**FAIL**",
            Verdict::NoBudget => "–",
            Verdict::NoData => "no data",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(median: f64, max: f64) -> Summary {
        Summary {
            min: 0.0,
            median,
            max,
            n: 3,
        }
    }

    #[test]
    fn budgets_judge_their_statistic() {
        let s = summary(10.0, 30.0);
        assert_eq!(
            Verdict::of(Some(&s), Some(&Budget::median(16.0))),
            Verdict::Pass
        );
        assert_eq!(
            Verdict::of(Some(&s), Some(&Budget::max(16.0))),
            Verdict::Fail
        );
        assert_eq!(
            Verdict::of(Some(&s), Some(&Budget::max(30.0))),
            Verdict::Pass
        );
    }

    #[test]
    fn missing_budget_or_data() {
        assert_eq!(
            Verdict::of(Some(&summary(1.0, 1.0)), None),
            Verdict::NoBudget
        );
        assert_eq!(Verdict::of(None, Some(&Budget::max(1.0))), Verdict::NoData);
        assert_eq!(Verdict::of(None, None), Verdict::NoBudget);
    }
}
