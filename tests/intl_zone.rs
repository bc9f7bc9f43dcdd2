//! Browser tests for the scheduler zone's rules read from `Intl`: real zones give the offsets
//! their laws say on both sides of each change, and a zone id the browser does not know, or
//! spells another way, is a configuration error naming `scheduleTimeZone`.
#![cfg(target_arch = "wasm32")]

use city_tasks::internals::{IntlZone, check_zone};
use city_tasks::zone::parse_zone_id;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// `2027-03-14T06:59:00Z` and friends, in epoch milliseconds.
fn utc(text: &str) -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let ms = js_sys::Date::parse(text) as i64;
    ms
}

fn zone(id: &str) -> IntlZone {
    IntlZone::open(id).unwrap_or_else(|reason| panic!("{id}: {reason}"))
}

#[wasm_bindgen_test]
fn offsets_follow_each_zones_law_around_its_changes() {
    let cases = [
        ("America/Guayaquil", "2027-07-01T12:00:00Z", -300),
        ("America/New_York", "2027-03-14T06:59:00Z", -300),
        ("America/New_York", "2027-03-14T07:00:00Z", -240),
        ("America/New_York", "2027-11-07T05:59:00Z", -240),
        ("America/New_York", "2027-11-07T06:00:00Z", -300),
        ("Europe/Berlin", "2027-03-28T00:59:00Z", 60),
        ("Europe/Berlin", "2027-03-28T01:00:00Z", 120),
        ("Europe/Berlin", "2027-10-31T00:59:00Z", 120),
        ("Europe/Berlin", "2027-10-31T01:00:00Z", 60),
        ("Asia/Kolkata", "2027-01-01T00:00:00Z", 330),
        ("Pacific/Chatham", "2027-01-01T00:00:00Z", 825),
        ("Pacific/Chatham", "2027-07-01T00:00:00Z", 765),
        ("Pacific/Apia", "2011-12-29T12:00:00Z", -600),
        ("Pacific/Apia", "2011-12-30T12:00:00Z", 840),
        ("Etc/GMT+5", "2027-07-01T12:00:00Z", -300),
        ("UTC", "2027-07-01T12:00:00Z", 0),
    ];
    for (id, at, expected) in cases {
        // Twice: the second answer comes from the cache and must be the same.
        let rules = zone(id);
        assert_eq!(rules.offset_at(utc(at)), expected, "{id} at {at}");
        assert_eq!(rules.offset_at(utc(at)), expected, "{id} at {at}, cached");
    }
}

#[wasm_bindgen_test]
fn an_unknown_or_misspelt_zone_is_a_configuration_error_naming_the_field() {
    let checked = |id: &str| check_zone(Some(&parse_zone_id(id).expect("a zone id's shape")));
    assert_eq!(checked("America/Guayaquil"), Ok(()));
    assert_eq!(checked("-05:00"), Ok(()));
    let unknown = checked("Mars/Olympus_Mons").expect_err("no such zone");
    assert_eq!(unknown.field(), Some("scheduleTimeZone"));
    assert!(
        unknown.to_string().contains("Mars/Olympus_Mons"),
        "{unknown}"
    );
    let misspelt = checked("america/guayaquil").expect_err("Java reads ids case-sensitively");
    assert!(
        misspelt.to_string().contains("\"America/Guayaquil\""),
        "{misspelt}"
    );
    assert_eq!(check_zone(None), Ok(()));
}
