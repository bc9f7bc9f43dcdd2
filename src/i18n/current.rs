//! The language this page is shown in: chosen once at start-up from the remembered preference
//! and the browser's languages, written on `<html lang>`, and switched from the menu. A switch
//! is remembered in localStorage (a preference, not a secret) and reloads the page, so every
//! text, date and the Hosted UI's `lang` change together.

use std::cell::RefCell;
use std::rc::Rc;

use super::Lang;
use super::choice::{choose, format_locale, sign_in_language as sign_in_language_of};
use super::dates::{DateWords, Plain};
use super::intl::IntlWords;

/// The remembered choice: a language code (`es`), read without trusting it.
const PREFERENCE_KEY: &str = "city-tasks.language";

struct Shown {
    lang: Lang,
    words: Rc<dyn DateWords>,
    /// The language tag the sign-in page is asked for (see `choice::sign_in_language`).
    sign_in: String,
}

thread_local! {
    static SHOWN: RefCell<Shown> = RefCell::new(Shown {
        lang: Lang::En,
        words: Rc::new(Plain(Lang::En)),
        sign_in: String::new(),
    });
}

/// Never panics, as the panic screen reads it too: an unreadable state is English.
pub fn lang() -> Lang {
    SHOWN
        .try_with(|shown| {
            shown
                .try_borrow()
                .map(|shown| shown.lang)
                .unwrap_or_default()
        })
        .unwrap_or_default()
}

/// How the shown language writes times and days; never panics either (plain English then).
pub fn words() -> Rc<dyn DateWords> {
    SHOWN
        .try_with(|shown| shown.try_borrow().ok().map(|shown| Rc::clone(&shown.words)))
        .ok()
        .flatten()
        .unwrap_or_else(|| Rc::new(Plain(Lang::En)))
}

/// The language tag to ask the Hosted UI for (`es`, or a browser's `de-AT`).
pub fn sign_in_language() -> String {
    SHOWN
        .try_with(|shown| shown.try_borrow().ok().map(|shown| shown.sign_in.clone()))
        .ok()
        .flatten()
        .unwrap_or_default()
}

fn show(lang: Lang, words: Rc<dyn DateWords>, sign_in: String) {
    SHOWN.with(|shown| {
        if let Ok(mut shown) = shown.try_borrow_mut() {
            *shown = Shown {
                lang,
                words,
                sign_in,
            };
        }
    });
}

/// Picks the language before anything renders, and tells the page (`<html lang="es-MX">`), so
/// screen readers and the browser's own controls speak it too.
pub fn install() {
    install_with(|locale, lang| Rc::new(IntlWords::new(locale, lang)));
}

/// As `install`, for a page that writes no dates (the sign-in starter's landing page): the
/// language and `<html lang>` without `Intl`'s formatters, whose bindings it would carry.
pub fn install_language() {
    install_with(|_, lang| Rc::new(Plain(lang)));
}

fn install_with(words: impl FnOnce(&str, Lang) -> Rc<dyn DateWords>) {
    let browser = browser_languages();
    let remembered = remembered();
    let lang = choose(remembered.as_deref(), &browser);
    let locale = format_locale(lang, &browser);
    let sign_in = sign_in_language_of(remembered.as_deref(), &browser, lang);
    show(lang, words(&locale, lang), sign_in);
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("lang", &locale);
    }
}

/// Shows the page in `lang` from now on: remembers it and reloads. `false` when it cannot be
/// remembered anywhere (storage blocked): a reload would come back in the old language, so the
/// page stays as it is.
pub fn switch_to(lang: Lang) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    // localStorage keeps the choice for every tab; where it is refused (full, or blocked),
    // sessionStorage keeps it for this tab at least.
    let saved = [window.local_storage(), window.session_storage()]
        .into_iter()
        .any(|storage| {
            storage
                .ok()
                .flatten()
                .is_some_and(|storage| storage.set_item(PREFERENCE_KEY, lang.code()).is_ok())
        });
    saved && window.location().reload().is_ok()
}

/// The remembered choice, from localStorage or, failing that, this tab's sessionStorage.
fn remembered() -> Option<String> {
    let window = web_sys::window()?;
    // `local_storage()` fails where storage is blocked; that reads as no preference.
    [window.local_storage(), window.session_storage()]
        .into_iter()
        .find_map(|storage| storage.ok()??.get_item(PREFERENCE_KEY).ok()?)
}

/// `navigator.languages`, most preferred first; `navigator.language` where the list is empty.
fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|window| window.navigator()) else {
        return Vec::new();
    };
    let mut tags: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    if tags.is_empty() {
        tags.extend(navigator.language());
    }
    tags
}

/// Shows `lang` with its plain dates for the rest of this thread: the native tests' switch.
#[cfg(test)]
pub fn show_in_tests(lang: Lang) {
    show(lang, Rc::new(Plain(lang)), lang.code().into());
}

/// Shows English on a 12-hour clock (as `en-US` does) for the rest of this thread.
#[cfg(test)]
pub fn show_in_tests_on_a_12_hour_clock() {
    use crate::tasks::data::model::Weekday;
    use crate::tasks::data::when::{CalendarDate, LocalDateTime};

    struct TwelveHours(Plain);
    impl DateWords for TwelveHours {
        fn time(&self, hour: u8, minute: u8) -> String {
            let half = if hour < 12 { "AM" } else { "PM" };
            format!("{}:{minute:02} {half}", (hour + 11) % 12 + 1)
        }
        fn weekday(&self, day: Weekday) -> String {
            self.0.weekday(day)
        }
        fn weekday_long(&self, day: Weekday) -> String {
            self.0.weekday_long(day)
        }
        fn weekday_day_month(&self, date: CalendarDate) -> String {
            self.0.weekday_day_month(date)
        }
        fn weekday_date(&self, date: CalendarDate) -> String {
            self.0.weekday_date(date)
        }
        fn date(&self, date: CalendarDate) -> String {
            self.0.date(date)
        }
        fn date_time(&self, at: LocalDateTime) -> String {
            format!(
                "{}, {}",
                self.0.date(at.date),
                self.time(at.hour, at.minute)
            )
        }
        fn first_day(&self) -> Weekday {
            Weekday::Sun
        }
        fn twelve_hours(&self) -> bool {
            true
        }
    }
    show(Lang::En, Rc::new(TwelveHours(Plain(Lang::En))), "en".into());
}
