//! The checklist as people read it in a terminal.

use crate::checks::{Check, Status};

/// A status as the list shows it, six characters wide.
pub fn mark(status: Status) -> &'static str {
    match status {
        Status::Pass => "[ok]  ",
        Status::Warn => "[warn]",
        Status::Fail => "[FAIL]",
        Status::NotApplicable => "[n/a] ",
        Status::Skipped => "[skip]",
    }
}

pub fn render(site: &str, checks: &[Check]) -> String {
    let mut out = format!("verify-deploy {site}\n");
    for check in checks {
        out.push_str(&format!(
            "{} {:<16} {}\n",
            mark(check.status),
            check.id,
            check.title
        ));
        if !check.detail.is_empty() {
            out.push_str(&format!("         {}\n", check.detail));
        }
        if let Some(fix) = &check.fix {
            out.push_str(&format!("         fix: {fix}\n"));
        }
    }
    let count = |s: Status| checks.iter().filter(|c| c.status == s).count();
    // Not "N passed, N failed": CI reads that shape as a test runner's summary.
    out.push_str(&format!(
        "checklist: {} ok, {} failing, {} warnings, {} not applicable, {} skipped\n",
        count(Status::Pass),
        count(Status::Fail),
        count(Status::Warn),
        count(Status::NotApplicable),
        count(Status::Skipped),
    ));
    out
}
