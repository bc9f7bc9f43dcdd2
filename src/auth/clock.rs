//! The one place the auth module reads the wall clock; everything else takes `now` as a parameter.

/// Seconds since the Unix epoch, from the browser's clock.
pub fn now_secs() -> u64 {
    // Date.now() is milliseconds as an f64; the cast saturates instead of wrapping.
    (js_sys::Date::now() / 1000.0) as u64
}
