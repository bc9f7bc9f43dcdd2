//! Which rows of a long list are on screen: the arithmetic behind rendering only what is visible.
//! `TaskRows` in `page.rs` measures the viewport on scroll and resize and renders these rows.

use std::ops::Range;

/// Every task row is exactly this many pixels tall (CSS `--row-height` must agree), so positions
/// are arithmetic rather than measurements. Whole pixels: styles are written as integers, which
/// keeps float formatting (about 10 KB of wasm) out of the build.
pub const ROW_HEIGHT_PX: u64 = 72;
const ROW_HEIGHT: f64 = ROW_HEIGHT_PX as f64;
/// Rows rendered beyond each edge of the viewport, so fast scrolling never shows a gap: the
/// rows follow every scroll event, so this covers one frame of scrolling (288 px). Every row
/// more is work for each search keystroke, which re-creates the rows on screen.
pub const OVERSCAN: usize = 4;
/// Assumed before the first measurement: a tall screen, so the first paint is already full.
pub const INITIAL_VIEWPORT: f64 = 1200.0;

/// The rows to render for a list whose top edge is `list_top` pixels below the top of a
/// viewport `viewport_height` tall (negative once scrolled past), with `count` rows.
pub fn visible_rows(
    list_top: f64,
    viewport_height: f64,
    count: usize,
    overscan: usize,
) -> Range<usize> {
    if count == 0 || !list_top.is_finite() || !viewport_height.is_finite() {
        return 0..count.min(overscan);
    }
    let from = (-list_top).max(0.0);
    let to = (viewport_height - list_top).max(0.0);
    let first = row_at(from).saturating_sub(overscan);
    let last = row_at(to).saturating_add(1).saturating_add(overscan);
    let end = last.min(count);
    let start = first.min(end.saturating_sub(1));
    start..end
}

/// The height of the spacer that gives the scrollbar its true length.
pub fn list_height(count: usize) -> u64 {
    (count as u64).saturating_mul(ROW_HEIGHT_PX)
}

/// The offset of a row from the top of the list.
pub fn row_offset(position: usize) -> u64 {
    (position as u64).saturating_mul(ROW_HEIGHT_PX)
}

fn row_at(pixels: f64) -> usize {
    // Float-to-int casts saturate, and `pixels` is finite and non-negative here.
    (pixels / ROW_HEIGHT).floor() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_the_top_renders_the_first_screen_and_the_overscan() {
        // 800 px tall viewport, list starts 200 px down: rows 0..=8 visible, plus 8 more.
        assert_eq!(visible_rows(200.0, 800.0, 5000, 8), 0..17);
    }

    #[test]
    fn scrolled_into_the_middle() {
        // List top is 72_000 px above the viewport: row 1000 is at the top edge.
        assert_eq!(visible_rows(-72_000.0, 720.0, 5000, 8), 992..1019);
    }

    #[test]
    fn at_the_end_clamps_to_the_count() {
        assert_eq!(visible_rows(-359_500.0, 800.0, 5000, 8), 4985..5000);
    }

    #[test]
    fn short_lists_render_whole() {
        assert_eq!(visible_rows(150.0, 900.0, 6, 8), 0..6);
        assert_eq!(visible_rows(0.0, 900.0, 0, 8), 0..0);
    }

    #[test]
    fn a_stale_scroll_position_still_renders_the_last_rows() {
        // The list shrank after a search while the page was scrolled far down.
        assert_eq!(visible_rows(-100_000.0, 800.0, 3, 8), 2..3);
    }

    #[test]
    fn nonsense_measurements_fall_back_to_the_start() {
        assert_eq!(visible_rows(f64::NAN, 800.0, 100, 8), 0..8);
    }

    #[test]
    fn offsets_and_heights() {
        assert_eq!(list_height(3), 216);
        assert_eq!(row_offset(2), 144);
    }
}
