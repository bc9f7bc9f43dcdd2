//! The user's own zone and clock, read from the browser's `Date`: what "your time" is.

/// Minutes east of UTC on the user's clock at an instant (JavaScript counts the other way).
pub fn offset_at(epoch_ms: i64) -> i32 {
    #[allow(clippy::cast_precision_loss)]
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms as f64));
    #[allow(clippy::cast_possible_truncation)]
    let minutes = -date.get_timezone_offset().round() as i32;
    minutes
}

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_ms() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let now = js_sys::Date::now() as i64;
    now
}
