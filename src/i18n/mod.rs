//! The user's language: which one is shown (`lang`, chosen in `choice`), every text in it (one
//! catalog per language, `en` and `es`, shaped by `texts`), its plural forms (`plural`), and
//! its way of writing times and days (`dates`, through the browser's `Intl` in `intl`).
//! `current` holds the choice for the page and switches it.

pub(crate) mod choice;
mod current;
pub mod dates;
mod en;
mod es;
pub(crate) mod intl;
mod lang;
mod plural;
mod texts;

pub use current::{install, install_language, sign_in_language, switch_to, words};
#[cfg(test)]
pub use current::{show_in_tests, show_in_tests_on_a_12_hour_clock};
pub use dates::week_from;
pub use lang::Lang;
pub use texts::{LandingTexts, Text, Texts};

/// The texts of the language shown now: `t().login`, `(t().task_count)(3)`.
pub fn t() -> &'static Texts {
    current::lang().texts()
}

/// The landing page's texts in the language shown now (`landing().hero_title`): the frame's
/// and the signed-out page's, apart from `t()` for the sign-in starter.
pub fn landing() -> &'static LandingTexts {
    current::lang().landing()
}

/// `Lun, vie` from `lun, vie`: the first letter in upper case, for a text that opens a line or
/// a sentence in a language that writes it in lower case.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A length as the count a counted text takes (`task_count`, `use_characters`).
pub fn as_count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// The language shown now.
pub fn lang() -> Lang {
    current::lang()
}
