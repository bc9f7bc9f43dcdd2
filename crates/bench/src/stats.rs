//! Minimum, median and maximum of a metric's samples across runs.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub min: f64,
    pub median: f64,
    pub max: f64,
    /// How many samples the summary is made of.
    pub n: usize,
}

impl Summary {
    /// `None` for no samples; NaNs are ignored (a metric the page could not report).
    pub fn of(samples: &[f64]) -> Option<Summary> {
        let mut sorted: Vec<f64> = samples.iter().copied().filter(|s| !s.is_nan()).collect();
        sorted.sort_by(f64::total_cmp);
        let (first, last) = (*sorted.first()?, *sorted.last()?);
        let mid = sorted.len() / 2;
        let median = if sorted.len().is_multiple_of(2) {
            (sorted[mid - 1] + sorted[mid]) / 2.0
        } else {
            sorted[mid]
        };
        Some(Summary {
            min: first,
            median,
            max: last,
            n: sorted.len(),
        })
    }

    /// The same summary of counts or sizes given as integers.
    pub fn of_counts<T: Copy + Into<f64>>(samples: &[T]) -> Option<Summary> {
        Summary::of(&samples.iter().map(|&s| s.into()).collect::<Vec<_>>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_and_even_medians() {
        let odd = Summary::of(&[5.0, 1.0, 3.0]).expect("samples");
        assert_eq!((odd.min, odd.median, odd.max, odd.n), (1.0, 3.0, 5.0, 3));
        let even = Summary::of(&[4.0, 1.0, 3.0, 2.0]).expect("samples");
        assert_eq!(even.median, 2.5);
    }

    #[test]
    fn nothing_to_summarise() {
        assert_eq!(Summary::of(&[]), None);
        assert_eq!(Summary::of(&[f64::NAN]), None);
        let one = Summary::of(&[f64::NAN, 7.0]).expect("one sample");
        assert_eq!((one.min, one.median, one.max, one.n), (7.0, 7.0, 7.0, 1));
    }

    #[test]
    fn counts_summarise_too() {
        let s = Summary::of_counts(&[3_u32, 9, 6]).expect("samples");
        assert_eq!(s.median, 6.0);
    }
}
