//! Numbers as the Markdown report writes them.

use serde::{Deserialize, Serialize};

/// What a metric counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Ms,
    Bytes,
    Count,
    /// One figure over another (City Tasks over the peer, 50,000 tasks over 5,000).
    Ratio,
}

impl Unit {
    pub fn format(self, value: f64) -> String {
        match self {
            Unit::Ms => format!("{value:.1} ms"),
            Unit::Bytes => bytes(value),
            Unit::Count => format!("{value}"),
            Unit::Ratio => format!("{value:.2}×"),
        }
    }
}

/// KiB below a megabyte, decimal MB above (the memory budget is in MB).
pub fn bytes(value: f64) -> String {
    if value.abs() >= 1_000_000.0 {
        format!("{:.2} MB", value / 1_000_000.0)
    } else {
        format!("{:.1} KiB", value / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(Unit::Ms.format(12.345), "12.3 ms");
        assert_eq!(Unit::Bytes.format(102_400.0), "100.0 KiB");
        assert_eq!(Unit::Bytes.format(15_000_000.0), "15.00 MB");
        assert_eq!(Unit::Count.format(3.0), "3");
        assert_eq!(Unit::Count.format(2.5), "2.5");
        assert_eq!(Unit::Ratio.format(1.654), "1.65×");
    }
}
