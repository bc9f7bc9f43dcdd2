//! The languages City Tasks speaks, each with its catalog and the codes outside systems use.

use super::texts::{LandingTexts, Texts};
use super::{en, es};

/// A language with a full catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    /// The BCP 47 language code: the page's `lang`, the remembered preference, the Hosted UI's
    /// `lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// The language of a BCP 47 tag (`es-MX`, `en_GB`, `ES`), by its primary subtag.
    pub fn of_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Lang::ALL
            .into_iter()
            .find(|lang| primary.eq_ignore_ascii_case(lang.code()))
    }

    /// The language's name in itself, as the switch offers it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &en::EN,
            Lang::Es => &es::ES,
        }
    }

    /// The landing page's texts, kept apart so the sign-in starter carries only them.
    pub fn landing(self) -> &'static LandingTexts {
        match self {
            Lang::En => &en::LANDING,
            Lang::Es => &es::LANDING,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn tags_are_read_by_their_language() {
        for (tag, lang) in [
            ("en", Some(Lang::En)),
            ("en-US", Some(Lang::En)),
            ("EN_gb", Some(Lang::En)),
            ("es-419", Some(Lang::Es)),
            (" es ", Some(Lang::Es)),
            ("est", None),
            ("pt-BR", None),
            ("", None),
        ] {
            assert_eq!(Lang::of_tag(tag), lang, "{tag:?}");
        }
        for lang in Lang::ALL {
            assert_eq!(Lang::of_tag(lang.code()), Some(lang));
        }
    }
}
