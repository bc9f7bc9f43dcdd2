//! The language this page is shown in: chosen once at start-up from the remembered preference
//! and the browser's languages, written on `<html lang>`, and switched from the menu. A switch
//! is remembered in localStorage (a preference, not a secret) and reloads the page, so every
//! text, date and the Hosted UI's `lang` change together.

use std::cell::RefCell;
use std::rc::Rc;

use super::Lang;
use super::choice::{choose, format_locale};
use super::dates::{DateWords, Plain};
use super::intl::IntlWords;

/// The remembered choice: a language code (`es`), read without trusting it.
const PREFERENCE_KEY: &str = "city-tasks.language";

struct Shown {
    lang: Lang,
    words: Rc<dyn DateWords>,
}

thread_local! {
    static SHOWN: RefCell<Shown> = RefCell::new(Shown {
        lang: Lang::En,
        words: Rc::new(Plain(Lang::En)),
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

/// How the shown language writes times and days.
pub fn words() -> Rc<dyn DateWords> {
    SHOWN.with(|shown| Rc::clone(&shown.borrow().words))
}

fn show(lang: Lang, words: Rc<dyn DateWords>) {
    SHOWN.with(|shown| *shown.borrow_mut() = Shown { lang, words });
}

/// Picks the language before anything renders, and tells the page (`<html lang="es-MX">`), so
/// screen readers and the browser's own controls speak it too.
pub fn install() {
    let browser = browser_languages();
    let lang = choose(remembered().as_deref(), &browser);
    let locale = format_locale(lang, &browser);
    show(lang, Rc::new(IntlWords::new(&locale, lang)));
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("lang", &locale);
    }
}

/// Shows the page in `lang` from now on: remembers it and reloads.
pub fn switch_to(lang: Lang) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(Some(storage)) = window.local_storage() {
        // Without storage the choice lasts for this load only; the page still switches.
        let _ = storage.set_item(PREFERENCE_KEY, lang.code());
    }
    if lang != self::lang() {
        let _ = window.location().reload();
    }
}

fn remembered() -> Option<String> {
    // `local_storage()` fails where storage is blocked; that reads as no preference.
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(PREFERENCE_KEY)
        .ok()?
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
    show(lang, Rc::new(Plain(lang)));
}
