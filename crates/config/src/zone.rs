//! `scheduleTimeZone`: the zone the Tasks API's scheduler runs tasks in, written as the service
//! writes its Java `ZoneId`. Fixed offsets are read here; a region name (`America/Guayaquil`)
//! is only checked for its shape, because whether it exists is for the browser's time-zone data
//! to say (the app asks `Intl` at start-up).

/// The scheduler's zone as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleTimeZone {
    /// The id exactly as written in `config.json`, written back the same way.
    pub id: String,
    pub kind: ZoneKind,
}

/// What kind of zone id it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneKind {
    /// A fixed offset, minutes east of UTC (`-05:00` is -300; `UTC` and `Z` are 0).
    Fixed(i32),
    /// A region with its own rules (daylight saving), looked up in the browser's zone data.
    Region,
}

/// Java's `ZoneOffset` range.
const MAX_OFFSET_MINUTES: i32 = 18 * 60;

/// Reads a zone id the way `java.time.ZoneId.of` does, refusing what the service's scheduler
/// would read differently. The reason says what to write instead.
pub fn parse_zone_id(text: &str) -> Result<ScheduleTimeZone, String> {
    let id = text.trim();
    if id != text {
        return Err("must not start or end with spaces".into());
    }
    let fixed = |minutes| {
        Ok(ScheduleTimeZone {
            id: id.to_string(),
            kind: ZoneKind::Fixed(minutes),
        })
    };
    match id {
        "" => return Err("must not be empty".into()),
        "Z" | "UTC" | "GMT" | "UT" => return fixed(0),
        _ => {}
    }
    if let Some(offset) = id.strip_prefix("GMT") {
        return parse_offset(offset).and_then(fixed);
    }
    if id.starts_with("UTC+")
        || id.starts_with("UTC-")
        || id.starts_with("UT+")
        || id.starts_with("UT-")
    {
        // `ZoneId` accepts these, but Quartz takes a `java.util.TimeZone`, which knows only
        // `GMT±hh:mm` custom ids and may turn any other into plain GMT without a word.
        return Err(format!(
            "{id:?} may be read as plain UTC by the scheduler (java.util.TimeZone); write the offset alone, like \"{}\"",
            id.trim_start_matches("UTC").trim_start_matches("UT")
        ));
    }
    if id.starts_with(['+', '-']) {
        return parse_offset(id).and_then(fixed);
    }
    if is_region_id(id) {
        return Ok(ScheduleTimeZone {
            id: id.to_string(),
            kind: ZoneKind::Region,
        });
    }
    Err(format!(
        "{id:?} is not a time zone id: write a region like \"America/Guayaquil\" or an offset like \"-05:00\""
    ))
}

/// `+h`, `+hh`, `+hh:mm`, `+hhmm`, `+hh:mm:ss`, `+hhmmss` (seconds must be zero: the scheduler's
/// minutes are whole), within ±18:00.
fn parse_offset(text: &str) -> Result<i32, String> {
    let refuse = || format!("{text:?} is not an offset: write it like \"-05:00\" or \"+05:30\"");
    let (sign, digits) = match text.as_bytes() {
        [b'+', rest @ ..] => (1, rest),
        [b'-', rest @ ..] => (-1, rest),
        _ => return Err(refuse()),
    };
    let number = |pair: &[u8]| -> Option<i32> {
        pair.iter().try_fold(0, |sum, byte| {
            byte.is_ascii_digit()
                .then(|| sum * 10 + i32::from(byte - b'0'))
        })
    };
    let (hours, minutes, seconds) = match digits {
        [h] => (number(&[*h]), Some(0), Some(0)),
        [h1, h2] => (number(&[*h1, *h2]), Some(0), Some(0)),
        [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => {
            (number(&[*h1, *h2]), number(&[*m1, *m2]), Some(0))
        }
        [h1, h2, b':', m1, m2, b':', s1, s2] | [h1, h2, m1, m2, s1, s2] => (
            number(&[*h1, *h2]),
            number(&[*m1, *m2]),
            number(&[*s1, *s2]),
        ),
        _ => return Err(refuse()),
    };
    let (Some(hours), Some(minutes), Some(seconds)) = (hours, minutes, seconds) else {
        return Err(refuse());
    };
    if minutes > 59 || seconds > 59 {
        return Err(refuse());
    }
    if seconds != 0 {
        return Err(format!("{text:?} has seconds; write whole minutes"));
    }
    let total = hours * 60 + minutes;
    if total > MAX_OFFSET_MINUTES {
        return Err(format!("{text:?} is beyond ±18:00"));
    }
    Ok(sign * total)
}

/// Java's region id shape: `[A-Za-z][A-Za-z0-9~/._+-]+`.
fn is_region_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && id.len() >= 2
        && bytes.all(|b| b.is_ascii_alphanumeric() || b"~/._+-".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(id: &str) -> Result<ZoneKind, String> {
        parse_zone_id(id).map(|zone| zone.kind)
    }

    #[test]
    fn fixed_offsets_in_every_form_java_accepts() {
        for (id, minutes) in [
            ("-05:00", -300),
            ("-05", -300),
            ("-5", -300),
            ("-0500", -300),
            ("+05:30", 330),
            ("+12:45", 765),
            ("+05:30:00", 330),
            ("+053000", 330),
            ("+18:00", 1080),
            ("Z", 0),
            ("UTC", 0),
            ("GMT", 0),
            ("UT", 0),
            ("GMT-5", -300),
            ("GMT+01:00", 60),
        ] {
            assert_eq!(kind(id), Ok(ZoneKind::Fixed(minutes)), "{id}");
        }
    }

    #[test]
    fn region_names_are_left_to_the_browser() {
        for id in [
            "America/Guayaquil",
            "Europe/Berlin",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT+5",
            "America/Port-au-Prince",
            "EST5EDT",
        ] {
            let zone = parse_zone_id(id).expect(id);
            assert_eq!(zone.kind, ZoneKind::Region, "{id}");
            assert_eq!(zone.id, id);
        }
    }

    #[test]
    fn what_the_scheduler_would_read_otherwise_is_refused_with_a_fix() {
        let reason = parse_zone_id("UTC+01:00").expect_err("ambiguous");
        assert!(reason.contains("\"+01:00\""), "{reason}");
        assert!(parse_zone_id("UT-03:00").is_err());
        for id in [
            "",
            " America/Guayaquil",
            "-25:00",
            "+19:00",
            "-05:60",
            "+05:30:15",
            "-5:00",
            "+",
            "GMT+",
            "GMT+x",
            "5",
            "America Guayaquil",
            "/Europe",
            "-05:00 ",
            "+١٢",
        ] {
            assert!(parse_zone_id(id).is_err(), "{id:?}");
        }
    }
}
