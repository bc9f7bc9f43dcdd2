//! The report as Markdown: the results table, the first visit's bytes, the sign-in requests and
//! the static sizes.

use std::fmt::Write;

use super::compare::{Growth, SideBySide};
use super::format::{Unit, bytes};
use super::verdict::Stat;
use super::{Metric, Report};
use crate::classify::byte_kind;
use crate::network::SLOW_4G;
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

    out += &side_by_side(report);
    out += &growth(report);

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

/// City Tasks beside the React peer on both profiles, or why the peer is missing.
fn side_by_side(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n## Network profiles: City Tasks beside the React peer (medians)\n\n\
         Both clients in the same run, behind the same CDN emulation, fresh profile per run. \
         *local*: loopback, unthrottled; *slow 4G*: Chromium's network emulation at \
         {:.0} ms latency per request, {:.2} Mbit/s down, {:.0} kbit/s up (Lighthouse's \
         profile). A ratio above 1 means City Tasks is slower or bigger.\n",
        SLOW_4G.latency_ms,
        SLOW_4G.download_bytes_per_s * 8.0 / 1024.0 / 1024.0,
        SLOW_4G.upload_bytes_per_s * 8.0 / 1024.0,
    );
    if let Some(reason) = &report.samples.peer_missing {
        let _ = writeln!(out, "React peer: **missing** ({reason}).\n");
    }
    let _ = writeln!(
        out,
        "| measurement | profile | City Tasks | React peer | City Tasks / React |\n|---|---|--:|--:|--:|"
    );
    for row in &report.side_by_side {
        let _ = writeln!(out, "{}", side_by_side_row(row));
    }
    out
}

fn side_by_side_row(row: &SideBySide) -> String {
    format!(
        "| {} | {} | {} | {} | {} |",
        row.what,
        row.profile.name(),
        figure(row.unit, row.city_tasks),
        figure(row.unit, row.peer),
        figure(Unit::Ratio, row.ratio()),
    )
}

/// The list and search at 5,000 and 50,000 tasks, or why the larger is missing.
fn growth(report: &Report) -> String {
    let mut out = String::new();
    let large = report.samples.scale.as_ref().map(|l| l.task_total);
    let _ = writeln!(
        out,
        "\n## Scale: {} → {} tasks (City Tasks, local, medians)\n\n\
         The same reload and search on a list ten times longer; growth is the larger figure \
         over the smaller (linear would be about 10×). {} run(s) at the larger size.\n",
        report.task_total,
        large.map_or("–".to_owned(), |n| n.to_string()),
        report
            .samples
            .scale
            .as_ref()
            .map_or(0, |l| l.big_lists.len()),
    );
    if let Some(reason) = &report.samples.scale_missing {
        let _ = writeln!(out, "The larger list: **missing** ({reason}).\n");
    }
    let _ = writeln!(
        out,
        "| measurement | {} tasks | {} tasks | growth |\n|---|--:|--:|--:|",
        report.task_total,
        large.map_or("–".to_owned(), |n| n.to_string()),
    );
    for row in &report.growth {
        let _ = writeln!(out, "{}", growth_row(row));
    }
    out
}

fn growth_row(row: &Growth) -> String {
    format!(
        "| {} | {} | {} | {} |",
        row.what,
        figure(row.unit, row.small),
        figure(row.unit, row.large),
        figure(Unit::Ratio, row.ratio()),
    )
}

/// A median, or "missing" when there were no samples.
fn figure(unit: Unit, value: Option<f64>) -> String {
    value.map_or("missing".to_owned(), |v| unit.format(v))
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
    fn comparison_rows_say_missing_rather_than_guess() {
        let row = SideBySide {
            what: "cold".to_owned(),
            profile: crate::network::Profile::Slow4g,
            unit: Unit::Ms,
            city_tasks: Some(1750.0),
            peer: None,
        };
        assert_eq!(
            side_by_side_row(&row),
            "| cold | slow 4G | 1750.0 ms | missing | missing |"
        );
        let grown = Growth {
            what: "reload".to_owned(),
            unit: Unit::Ms,
            small: Some(100.0),
            large: Some(150.0),
        };
        assert_eq!(
            growth_row(&grown),
            "| reload | 100.0 ms | 150.0 ms | 1.50× |"
        );
    }

    #[test]
    fn urls_lose_their_query() {
        assert_eq!(short_url("http://a/home?code=x&state=y"), "http://a/home?…");
        assert_eq!(short_url("http://a/boot.js"), "http://a/boot.js");
    }
}
