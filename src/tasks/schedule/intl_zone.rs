//! A region's offset rules from the browser's own time-zone data (`Intl.DateTimeFormat` with
//! `timeZone`), so the wasm carries no zone database.

use std::cell::RefCell;

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    /// `Intl.DateTimeFormat(locale, options)`, which throws a `RangeError` for a zone the
    /// browser does not know: caught here, because js-sys' constructor would throw through
    /// the wasm.
    #[wasm_bindgen(catch, js_namespace = Intl, js_name = DateTimeFormat)]
    pub(crate) fn date_time_format(
        locale: &str,
        options: &Object,
    ) -> Result<Intl::DateTimeFormat, JsValue>;
}

/// Offsets are looked up once per quarter hour of time: every zone's changes fall on a quarter
/// hour, so the cache never answers across one.
const CACHE_SLOT_MS: i64 = 15 * 60_000;
/// How many quarter hours the cache remembers, each in its own place (slot modulo this): a page
/// asks about a few instants a day apart, over and over as rows are drawn.
const CACHE_SIZE: usize = 256;
/// A place no quarter hour maps to.
const EMPTY: (i64, i32) = (i64::MIN, 0);

/// One region's rules as the browser knows them.
pub struct IntlZone {
    format: Intl::DateTimeFormat,
    /// `(quarter hour, offset)` by quarter hour modulo [`CACHE_SIZE`]: no hashing, no growth.
    offsets: RefCell<[(i64, i32); CACHE_SIZE]>,
}

impl IntlZone {
    /// The browser's rules for a region id, or why it cannot be used. The scheduler's Java
    /// reads ids case-sensitively where the browser does not, so `america/guayaquil` is refused
    /// with the spelling to use.
    pub fn open(id: &str) -> Result<Self, String> {
        let options = Object::new();
        let set = |key: &str, value: &str| Reflect::set(&options, &key.into(), &value.into());
        set("timeZone", id).map_err(|_| "could not be read".to_string())?;
        set("timeZoneName", "longOffset").map_err(|_| "could not be read".to_string())?;
        let format = date_time_format("en-US", &options)
            .map_err(|_| format!("{id:?} is not a time zone this browser knows"))?;
        let resolved = Reflect::get(&format.resolved_options(), &"timeZone".into())
            .ok()
            .and_then(|zone| zone.as_string())
            .unwrap_or_default();
        if resolved != id && resolved.eq_ignore_ascii_case(id) {
            return Err(format!(
                "write it as {resolved:?}: the scheduler reads zone ids letter case and all"
            ));
        }
        Ok(IntlZone {
            format,
            offsets: RefCell::new([EMPTY; CACHE_SIZE]),
        })
    }

    /// Minutes east of UTC at an instant.
    pub fn offset_at(&self, epoch_ms: i64) -> i32 {
        let slot = epoch_ms.div_euclid(CACHE_SLOT_MS);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let place = slot.rem_euclid(CACHE_SIZE as i64) as usize;
        let (cached_slot, cached) = self.offsets.borrow()[place];
        if cached_slot == slot && slot != EMPTY.0 {
            return cached;
        }
        let offset = self.read_offset(epoch_ms).unwrap_or(0);
        self.offsets.borrow_mut()[place] = (slot, offset);
        offset
    }

    /// The `timeZoneName` part, `GMT-05:00` (or `GMT` at UTC), as minutes.
    fn read_offset(&self, epoch_ms: i64) -> Option<i32> {
        #[allow(clippy::cast_precision_loss)]
        let date = Date::new(&JsValue::from_f64(epoch_ms as f64));
        let parts: Array = self.format.format_to_parts(&date);
        let name = parts.iter().find_map(|part| {
            let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
            (kind == "timeZoneName")
                .then(|| Reflect::get(&part, &"value".into()).ok()?.as_string())
                .flatten()
        })?;
        parse_gmt_offset(&name)
    }
}

/// `GMT`, `GMT+05:30`, `GMT-05:00`, and `GMT-5` for older engines; seconds of a historic
/// offset (`GMT-05:19:20`) are dropped.
fn parse_gmt_offset(text: &str) -> Option<i32> {
    let rest = text.strip_prefix("GMT")?;
    if rest.is_empty() {
        return Some(0);
    }
    let (sign, rest) = if let Some(rest) = rest.strip_prefix('+') {
        (1, rest)
    } else {
        (-1, rest.strip_prefix(['-', '−'])?)
    };
    let mut fields = rest.split(':');
    let hours: i32 = fields.next()?.parse().ok()?;
    let minutes: i32 = fields.next().map_or(Some(0), |m| m.parse().ok())?;
    (hours <= 18 && minutes < 60).then_some(sign * (hours * 60 + minutes))
}

#[cfg(test)]
mod tests {
    use super::parse_gmt_offset;

    #[test]
    fn long_offsets_read_as_minutes() {
        for (text, minutes) in [
            ("GMT", Some(0)),
            ("GMT-05:00", Some(-300)),
            ("GMT+05:30", Some(330)),
            ("GMT+12:45", Some(765)),
            ("GMT-5", Some(-300)),
            ("GMT−03:00", Some(-180)),
            ("GMT-05:19:20", Some(-319)),
            ("UTC", None),
            ("GMT+x", None),
            ("GMT+99:00", None),
            ("GMT+", None),
        ] {
            assert_eq!(parse_gmt_offset(text), minutes, "{text}");
        }
    }
}
