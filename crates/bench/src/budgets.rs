//! Every performance budget in one place: the benchmark's verdicts and the CI size check read
//! these, so a budget changes in exactly one line.

/// Target: the app's `*_bg.wasm` in dist/ (the main module of the split build), uncompressed. Not reached: a bare Leptos 0.8 app with
/// the router, one resource and a counter is already 263 KB here (see docs/benchmark.md, "Where
/// the bytes go").
pub const WASM_RAW_MAX_BYTES: u64 = 300_000;
/// Target: the first visit's files compressed as the CDN sends them (brotli bodies in the
/// static check, bytes on the wire with headers in the browser). Not reached either.
pub const FIRST_VISIT_BROTLI_MAX_BYTES: u64 = 100 * 1024;

/// What CI enforces until the targets are reached: today's sizes plus about 3% headroom, so a
/// change that makes the download noticeably bigger fails. Lower these as the wasm shrinks.
/// The main module: 604,253 bytes raw on the split build (issue 14) with English and Spanish
/// (issue 13). The first visit: 77,860 bytes brotli since the sign-in starter shows the
/// landing page (page, style sheet, boot.js, config.json and the starter's glue and wasm; the
/// app is prefetched after the Login is usable and is not in it). Before the starter it was
/// 216,822 with the main module in it.
/// The unsplit build (`cargo xtask build --unsplit`) is over them on purpose: CI checks the
/// split one.
pub const WASM_RAW_CEILING_BYTES: u64 = 622_400;
pub const FIRST_VISIT_BROTLI_CEILING_BYTES: u64 = 80_200;
/// The split build (issue 14): the largest chunk, raw, plus about 3% (measured: the form's own
/// chunk, `split_task_form`, 103,184 bytes). Any chunk over it fails CI.
pub const CHUNK_RAW_CEILING_BYTES: u64 = 106_300;
/// Target: every wasm byte of the split build together, main and chunks, at most 10% over the
/// unsplit wasm of the same code (897,018 bytes with both languages; 950,497 split, +6.0%).
pub const ALL_WASM_RAW_MAX_BYTES: u64 = 986_720;
/// From the Tasks API response's end to the rows on screen, 5,000 tasks, median.
pub const ROWS_AFTER_DATA_MAX_MS: f64 = 100.0;
/// JS heap plus WebAssembly memory with 5,000 tasks loaded (15 MB, decimal).
pub const MEMORY_MAX_BYTES: f64 = 15_000_000.0;
/// One search keystroke to the list settled on screen, median: one frame at 60 Hz.
pub const SEARCH_KEYSTROKE_MEDIAN_MAX_MS: f64 = 16.0;
/// After the sign-in callback page has loaded its own files, the requests allowed before the
/// rows show: one token request and one Tasks API call.
pub const SIGN_IN_TOKEN_REQUESTS: usize = 1;
pub const SIGN_IN_API_REQUESTS: usize = 1;

// Issue 14's budgets for the network profiles, the React peer and scale. Reported with a
// verdict, never failed, like every timing above.

/// Slow 4G (`network::SLOW_4G`): City Tasks' cold load to a usable Login over the React peer's,
/// both medians of the same run.
pub const SLOW_4G_COLD_LOAD_MAX_RATIO_TO_PEER: f64 = 1.25;
/// Slow 4G: the sign-in (form submitted to rows on screen), median, no slower than today's,
/// before the code splitting: 1,080 ms, the median of 5 runs of `cargo xtask bench` on the
/// shared 2-core machine (the app of commit 3343483). Two `--quick` runs the same hour gave
/// 954 and 1,093 ms: read a verdict within about 15% of it as noise.
pub const SLOW_4G_SIGN_IN_MAX_MS: f64 = 1080.0;
/// 50,000 tasks: reload to rows on screen over the 5,000-task figure, medians.
pub const SCALE_RELOAD_MAX_GROWTH: f64 = 2.0;
/// 50,000 tasks: one search keystroke to the list settled on screen, median.
pub const SCALE_SEARCH_KEYSTROKE_MEDIAN_MAX_MS: f64 = 50.0;
/// 50,000 tasks: JS heap plus WebAssembly memory (40 MB, decimal).
pub const SCALE_MEMORY_MAX_BYTES: f64 = 40_000_000.0;
