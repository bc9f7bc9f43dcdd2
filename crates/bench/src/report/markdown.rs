//! The report as Markdown: the results table, the first visit's bytes, the sign-in requests and
//! the static sizes.

use std::fmt::Write;

use super::format::{Unit, bytes};
use super::verdict::Stat;
use super::{Metric, Report};
use crate::classify::byte_kind;
use crate::stats::Summary;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let m = &report.machine;
    let _ = writeln!(out, "# City Tasks benchmark\n");
    let _ = writeln!(
        out,
        "Commit `{}` · {} cores ({}) · {} · {} run{} per measurement{}, each in a fresh browser \
         profile · {} tasks for the list and search.\n",
        m.commit,
        m.cores,
        m.cpu,
        m.chromium,
        report.runs,
        if report.runs == 1 { "" } else { "s" },
        if report.quick { " (--quick)" } else { "" },
        report.task_total,
    );
    let _ = writeln!(
        out,
        "The release build, delivered as the CDN serves it (customHttp.yml headers, brotli), \
         against the local stack; timings are taken in the page. \"On screen\" is the end of the \
         frame that rendered it.\n"
    );

    let _ = writeln!(out, "## Results\n");
    let _ = writeln!(out, "| metric | min | median | max | budget | verdict |");
    let _ = writeln!(out, "|---|--:|--:|--:|--:|---|");
    for metric in &report.metrics {
        let _ = writeln!(out, "{}", metric_row(metric));
    }

    let _ = writeln!(
        out,
        "\n## First visit: bytes by type (median over runs)\n\n\
         | type | requests | transferred | encoded body | decoded body |\n|---|--:|--:|--:|--:|"
    );
    for (kind, s) in &report.first_visit_bytes {
        let median = |s: &Option<Summary>| s.map_or(f64::NAN, |s| s.median);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            kind.name(),
            median(&s.requests),
            bytes(median(&s.transferred)),
            bytes(median(&s.encoded)),
            bytes(median(&s.decoded)),
        );
    }

    if let Some(last) = report.samples.first_visits.last() {
        let _ = writeln!(
            out,
            "\nThe last run's requests, times from navigation start:\n\n\
             | URL | type | end | transferred | decoded |\n|---|---|--:|--:|--:|"
        );
        for e in &last.entries {
            let _ = writeln!(
                out,
                "| `{}` | {} | {:.1} ms | {} | {} |",
                short_url(&e.name),
                byte_kind(&e.name, e.is_navigation()).name(),
                e.response_end,
                bytes(e.transfer_size),
                bytes(e.decoded_body_size),
            );
        }
        if !last.sizes_hidden.is_empty() {
            let _ = writeln!(
                out,
                "\n{} cross-origin request(s) count above with no bytes: their servers send no \
                 Timing-Allow-Origin, so resource timing hides their sizes (Cognito's too).",
                last.sizes_hidden.len()
            );
        }
    }

    let _ = writeln!(
        out,
        "\n## Sign-in: the callback page's requests (last run)\n\n\
         Times from the callback page's navigation start (the form POST, redirected). Requests \
         that started after the rows were on screen are off the critical path. CORS preflights \
         are not in resource timing: see the preflight count above.\n\n\
         | # | kind | URL | start | end | before rows |\n|--:|---|---|--:|--:|---|"
    );
    let rows_at = report
        .samples
        .sign_ins
        .last()
        .map(|s| s.navigation_to_rows_ms);
    for (i, request) in report.sign_in_requests.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | `{}` | {:.1} ms | {:.1} ms | {} |",
            i + 1,
            request.kind.name(),
            short_url(&request.url),
            request.start_ms,
            request.end_ms,
            if request.before_rows { "yes" } else { "no" }
        );
    }
    if let Some(rows_at) = rows_at {
        let _ = writeln!(out, "\nRows on screen at {rows_at:.1} ms.");
    }
    let _ = writeln!(
        out,
        "\nBefore the rows, count per kind over runs (min / median / max):\n"
    );
    for (kind, s) in &report.sign_in_counts {
        let _ = writeln!(
            out,
            "- {}: {} / {} / {}",
            kind.name(),
            s.min,
            s.median,
            s.max
        );
    }

    let _ = writeln!(
        out,
        "\n## Size budget (dist/, brotli as the CDN emulation sends it)\n"
    );
    out += &report.sizes.markdown();
    out
}

fn metric_row(metric: &Metric) -> String {
    let cell = |pick: fn(&Summary) -> f64| {
        metric
            .summary
            .as_ref()
            .map_or("–".to_owned(), |s| metric.unit.format(pick(s)))
    };
    let budget = metric.budget.map_or("–".to_owned(), |b| {
        let stat = match b.stat {
            Stat::Median => "median",
            Stat::Max => "max",
        };
        let limit = match metric.unit {
            Unit::Count => format!("{}", b.limit),
            unit => unit.format(b.limit),
        };
        format!("≤ {limit} ({stat})")
    });
    format!(
        "| {} | {} | {} | {} | {} | {} |",
        metric.name,
        cell(|s| s.min),
        cell(|s| s.median),
        cell(|s| s.max),
        budget,
        metric.verdict.label()
    )
}

/// A URL without its query string (codes and states are noise) and long paths shortened.
fn short_url(url: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    if query.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?…")
    }
}

#[cfg(test)]
mod tests {
    use super::super::verdict::Budget;
    use super::*;

    #[test]
    fn rows_show_summary_budget_and_verdict() {
        let metric = Metric::new(
            "search",
            Unit::Ms,
            &[10.0, 12.0, 30.0],
            Some(Budget::median(16.0)),
        );
        assert_eq!(
            metric_row(&metric),
            "| search | 10.0 ms | 12.0 ms | 30.0 ms | ≤ 16.0 ms (median) | pass |"
        );
        let none = Metric::new("cold", Unit::Ms, &[], None);
        assert_eq!(metric_row(&none), "| cold | – | – | – | – | – |");
        let count = Metric::new("extra", Unit::Count, &[2.0], Some(Budget::max(0.0)));
        assert!(metric_row(&count).ends_with("| ≤ 0 (max) | **FAIL** |"));
    }

    #[test]
    fn urls_lose_their_query() {
        assert_eq!(short_url("http://a/home?code=x&state=y"), "http://a/home?…");
        assert_eq!(short_url("http://a/boot.js"), "http://a/boot.js");
    }
}
