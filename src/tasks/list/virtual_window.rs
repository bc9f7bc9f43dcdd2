//! Which rows of a long list are on screen: the arithmetic behind rendering only what is visible.
//! `TaskRows` in `page.rs` measures the viewport on scroll and resize and renders these rows.

use std::ops::Range;

/// Every task row is the same height, so positions are arithmetic rather than one measurement
/// per row. CSS sets it in rem (`--row-height: 4.5rem`), so it follows the user's text size:
/// this is its height at the default 16 px, assumed until `TaskRows` has measured a row.
pub const ROW_HEIGHT_PX: f64 = 72.0;
/// Rows rendered beyond each edge of the viewport, so fast scrolling never shows a gap: the
/// rows follow every scroll event, so this covers one frame of scrolling (288 px). Every row
/// more is work for each search keystroke, which re-creates the rows on screen.
pub const OVERSCAN: usize = 4;
/// Assumed before the first measurement: a tall screen, so the first paint is already full.
pub const INITIAL_VIEWPORT: f64 = 1200.0;

/// How the list is laid out: its top edge `top` pixels below the top of a viewport `height`
/// tall (negative once scrolled past), with rows `row` pixels tall.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    pub top: f64,
    pub height: f64,
    pub row: f64,
}

impl Layout {
    /// Before anything is measured.
    pub const INITIAL: Self = Self {
        top: 0.0,
        height: INITIAL_VIEWPORT,
        row: ROW_HEIGHT_PX,
    };

    /// A measured row height, or the default when the measurement is unusable (no row yet, a
    /// hidden list).
    pub fn row_height(measured: Option<f64>) -> f64 {
        measured
            .filter(|h| h.is_finite() && *h >= 1.0)
            .unwrap_or(ROW_HEIGHT_PX)
    }
}

/// The rows to render for `count` rows laid out as `layout` says.
pub fn visible_rows(layout: Layout, count: usize, overscan: usize) -> Range<usize> {
    let Layout { top, height, row } = layout;
    if count == 0 || !top.is_finite() || !height.is_finite() || row.is_nan() || row < 1.0 {
        return 0..count.min(overscan);
    }
    let from = (-top).max(0.0);
    let to = (height - top).max(0.0);
    let first = row_at(from, row).saturating_sub(overscan);
    let last = row_at(to, row).saturating_add(1).saturating_add(overscan);
    let end = last.min(count);
    let start = first.min(end.saturating_sub(1));
    start..end
}

/// The height of the spacer that gives the scrollbar its true length, in whole pixels.
pub fn list_height(count: usize, row: f64) -> u64 {
    row_offset(count, row)
}

/// The offset of a row from the top of the list, in whole pixels: styles are written as
/// integers, which keeps float formatting (about 10 KB of wasm) out of the build. Rounding each
/// offset (not the height) keeps a fractional row height from adding up into a gap.
pub fn row_offset(position: usize, row: f64) -> u64 {
    // Float-to-int casts saturate; a nonsense height gives 0.
    (position as f64 * row).round() as u64
}

fn row_at(pixels: f64, row: f64) -> usize {
    // Float-to-int casts saturate, and `pixels` is finite and non-negative here.
    (pixels / row).floor() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(top: f64, height: f64) -> Layout {
        Layout {
            top,
            height,
            row: ROW_HEIGHT_PX,
        }
    }

    #[test]
    fn at_the_top_renders_the_first_screen_and_the_overscan() {
        // 800 px tall viewport, list starts 200 px down: rows 0..=8 visible, plus 8 more.
        assert_eq!(visible_rows(at(200.0, 800.0), 5000, 8), 0..17);
    }

    #[test]
    fn scrolled_into_the_middle() {
        // List top is 72_000 px above the viewport: row 1000 is at the top edge.
        assert_eq!(visible_rows(at(-72_000.0, 720.0), 5000, 8), 992..1019);
    }

    #[test]
    fn at_the_end_clamps_to_the_count() {
        assert_eq!(visible_rows(at(-359_500.0, 800.0), 5000, 8), 4985..5000);
    }

    #[test]
    fn short_lists_render_whole() {
        assert_eq!(visible_rows(at(150.0, 900.0), 6, 8), 0..6);
        assert_eq!(visible_rows(at(0.0, 900.0), 0, 8), 0..0);
    }

    #[test]
    fn a_stale_scroll_position_still_renders_the_last_rows() {
        // The list shrank after a search while the page was scrolled far down.
        assert_eq!(visible_rows(at(-100_000.0, 800.0), 3, 8), 2..3);
    }

    #[test]
    fn nonsense_measurements_fall_back_to_the_start() {
        assert_eq!(visible_rows(at(f64::NAN, 800.0), 100, 8), 0..8);
        let flat = Layout {
            row: 0.0,
            ..at(0.0, 800.0)
        };
        assert_eq!(visible_rows(flat, 100, 8), 0..8);
    }

    #[test]
    fn taller_text_makes_taller_rows_and_fewer_of_them_on_screen() {
        // At 200% text a row is 144 px: row 500 is at the top edge 72_000 px down.
        let large = Layout {
            row: 144.0,
            ..at(-72_000.0, 720.0)
        };
        assert_eq!(visible_rows(large, 5000, 8), 492..514);
        assert_eq!(list_height(3, 144.0), 432);
    }

    #[test]
    fn measured_heights_are_used_when_they_make_sense() {
        assert_eq!(Layout::row_height(Some(144.0)), 144.0);
        assert_eq!(Layout::row_height(Some(0.0)), ROW_HEIGHT_PX);
        assert_eq!(Layout::row_height(Some(f64::NAN)), ROW_HEIGHT_PX);
        assert_eq!(Layout::row_height(None), ROW_HEIGHT_PX);
    }

    #[test]
    fn offsets_and_heights() {
        assert_eq!(list_height(3, ROW_HEIGHT_PX), 216);
        assert_eq!(row_offset(2, ROW_HEIGHT_PX), 144);
        // 17 px text makes 76.5 px rows: each offset is rounded, so rows never drift apart by
        // more than half a pixel.
        assert_eq!(row_offset(3, 76.5), 230);
        assert_eq!(row_offset(1000, 76.5), 76_500);
    }
}
