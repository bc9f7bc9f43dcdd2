//! Which language to show and which locale to write dates in, from the remembered preference
//! and the browser's languages; and the first day of the week where `Intl` cannot say. All of
//! it is outside data (localStorage, `navigator.languages`), read without trusting its shape.

use super::Lang;
use crate::tasks::data::model::Weekday;

/// The language to show: the remembered choice when it is one City Tasks speaks, else the
/// first of the browser's languages that is, else English.
pub fn choose(remembered: Option<&str>, browser: &[String]) -> Lang {
    remembered
        .and_then(Lang::of_tag)
        .or_else(|| browser.iter().find_map(|tag| Lang::of_tag(tag)))
        .unwrap_or_default()
}

/// The language tag to ask the sign-in page for: the shown language's, unless that is only the
/// fallback (no preference, and no browser language City Tasks speaks); then the browser's own
/// first one, which Cognito's pages may speak though the app does not (`de-AT`: German).
pub fn sign_in_language(remembered: Option<&str>, browser: &[String], shown: Lang) -> String {
    let chosen = remembered.and_then(Lang::of_tag).is_some()
        || browser.iter().any(|tag| Lang::of_tag(tag).is_some());
    match browser.first() {
        Some(tag) if !chosen => tag.clone(),
        _ => shown.code().to_string(),
    }
}

/// The locale dates and times are written in: the browser's first tag in the shown language,
/// so its region keeps its own clock and calendar (`en-US` 12-hour, `en-GB` 24-hour, `es-MX`
/// starting weeks on Sunday); the bare language code when the browser lists none.
pub fn format_locale(lang: Lang, browser: &[String]) -> String {
    browser
        .iter()
        .map(|tag| tag.trim().replace('_', "-"))
        .find(|tag| is_tag(tag) && Lang::of_tag(tag) == Some(lang))
        .unwrap_or_else(|| lang.code().to_string())
}

/// A BCP 47 tag's shape: subtags of 1 to 8 letters or digits, joined by `-`. Raw input never
/// reaches `Intl`; a tag of this shape it still refuses (`en-x`) is caught there and written
/// without it.
fn is_tag(tag: &str) -> bool {
    tag.len() <= 35
        && tag.split('-').all(|subtag| {
            (1..=8).contains(&subtag.len()) && subtag.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Regions whose weeks start on Sunday (CLDR's `firstDay`); `SATURDAY_FIRST` and
/// `FRIDAY_FIRST` likewise; everywhere else, Monday.
const SUNDAY_FIRST: &[&str] = &[
    "AG", "AS", "BD", "BR", "BS", "BT", "BW", "BZ", "CA", "CN", "CO", "DM", "DO", "ET", "GT", "GU",
    "HK", "HN", "ID", "IL", "IN", "JM", "JP", "KE", "KH", "KR", "LA", "MH", "MM", "MO", "MT", "MX",
    "MZ", "NI", "NP", "PA", "PE", "PH", "PK", "PR", "PT", "PY", "SA", "SG", "SV", "TH", "TT", "TW",
    "UM", "US", "VE", "VI", "WS", "YE", "ZA", "ZW",
];
const SATURDAY_FIRST: &[&str] = &[
    "AE", "AF", "BH", "DJ", "DZ", "EG", "IQ", "IR", "JO", "KW", "LY", "OM", "QA", "SD", "SY",
];

const FRIDAY_FIRST: &[&str] = &["MV"];

/// The first day of the week in a locale, for browsers whose `Intl.Locale` has no week info
/// (Firefox): by its region, or by the language's most likely one (`en`: the US, `es`: Spain).
pub fn first_day_of_week(locale: &str) -> Weekday {
    let mut subtags = locale.split(['-', '_']);
    let language = subtags.next().unwrap_or_default();
    // The region comes before any extension (`en-u-ca-buddhist`: no region, not Canada).
    let region = subtags
        .take_while(|subtag| subtag.len() != 1)
        .find(|subtag| subtag.len() == 2 && subtag.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase)
        .unwrap_or_else(|| {
            if language.eq_ignore_ascii_case("en") {
                "US".into()
            } else {
                String::new()
            }
        });
    if SUNDAY_FIRST.contains(&region.as_str()) {
        Weekday::Sun
    } else if SATURDAY_FIRST.contains(&region.as_str()) {
        Weekday::Sat
    } else if FRIDAY_FIRST.contains(&region.as_str()) {
        Weekday::Fri
    } else {
        Weekday::Mon
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn the_remembered_choice_wins_then_the_browser_then_english() {
        let spanish_browser = tags(&["es-MX", "en-US"]);
        assert_eq!(choose(None, &spanish_browser), Lang::Es);
        assert_eq!(choose(Some("en"), &spanish_browser), Lang::En);
        assert_eq!(choose(Some("es"), &tags(&["en-GB"])), Lang::Es);
        // A preference City Tasks does not speak (or a corrupt one) falls back to the browser.
        assert_eq!(choose(Some("fr"), &spanish_browser), Lang::Es);
        assert_eq!(choose(Some("<script>"), &tags(&["de", "es"])), Lang::Es);
        assert_eq!(choose(None, &tags(&["de-DE", "fr"])), Lang::En);
        assert_eq!(choose(None, &[]), Lang::En);
    }

    #[test]
    fn the_sign_in_page_speaks_the_shown_language_or_else_the_browsers() {
        let shown = |remembered, browser: &[&str]| {
            let browser = tags(browser);
            sign_in_language(remembered, &browser, choose(remembered, &browser))
        };
        assert_eq!(shown(None, &["es-MX", "en"]), "es");
        assert_eq!(shown(Some("en"), &["es-MX"]), "en");
        assert_eq!(shown(Some("es"), &["de-AT"]), "es");
        // German is not the app's, but Cognito's managed login speaks it.
        assert_eq!(shown(None, &["de-AT", "fr"]), "de-AT");
        assert_eq!(shown(None, &["de-AT", "es"]), "es");
        assert_eq!(shown(None, &[]), "en");
    }

    #[test]
    fn dates_follow_the_browsers_region_of_the_shown_language() {
        let browser = tags(&["en-US", "es_MX", "es"]);
        assert_eq!(format_locale(Lang::En, &browser), "en-US");
        assert_eq!(format_locale(Lang::Es, &browser), "es-MX");
        assert_eq!(format_locale(Lang::Es, &tags(&["en-GB"])), "es");
        assert_eq!(
            format_locale(Lang::En, &tags(&["en-\"x", "en--", "en-GB"])),
            "en-GB"
        );
        assert_eq!(format_locale(Lang::En, &tags(&["en-toolongsubtag"])), "en");
    }

    #[test]
    fn weeks_start_where_the_region_starts_them() {
        for (locale, first) in [
            ("en-US", Weekday::Sun),
            ("en", Weekday::Sun),
            ("en-GB", Weekday::Mon),
            ("es", Weekday::Mon),
            ("es-ES", Weekday::Mon),
            ("es-MX", Weekday::Sun),
            ("es-419", Weekday::Mon),
            ("ar-EG", Weekday::Sat),
            ("zh-Hant-TW", Weekday::Sun),
            ("dv-MV", Weekday::Fri),
            ("en-u-ca-buddhist", Weekday::Sun),
            ("de-u-ca-gregory", Weekday::Mon),
            ("", Weekday::Mon),
        ] {
            assert_eq!(first_day_of_week(locale), first, "{locale}");
        }
    }
}
