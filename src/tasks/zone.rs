//! The user's time zone, read from the browser (`Date`, `Intl`): the only place that knows it.
//! Everything else takes offsets as plain numbers (see `when.rs`).

use crate::tasks::data::when::{CalendarDate, local_date_time};

/// Minutes east of UTC at an instant (JavaScript counts the other way round).
pub fn offset_at(epoch_ms: i64) -> i32 {
    #[allow(clippy::cast_precision_loss)]
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms as f64));
    minutes_east(date.get_timezone_offset())
}

/// Minutes east of UTC at 23:59 local time on `date`, when an "until" ends.
pub fn offset_on(date: CalendarDate) -> i32 {
    let local = js_sys::Date::new_with_year_month_day_hr_min_sec(
        u32::try_from(date.year).unwrap_or(1970),
        i32::from(date.month) - 1,
        i32::from(date.day),
        23,
        59,
        0,
    );
    minutes_east(local.get_timezone_offset())
}

/// The user's date today.
pub fn today() -> CalendarDate {
    let now = now_ms();
    local_date_time(now, offset_at(now)).date
}

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_ms() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let now = js_sys::Date::now() as i64;
    now
}

/// The zone's name as the browser knows it (`Europe/Berlin`), if it says.
pub fn zone_name() -> Option<String> {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()?
        .as_string()
        .filter(|name| !name.is_empty())
}

fn minutes_east(js_offset: f64) -> i32 {
    #[allow(clippy::cast_possible_truncation)]
    let minutes = -js_offset.round() as i32;
    minutes
}
