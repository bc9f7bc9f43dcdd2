//! Plural forms by CLDR's cardinal rules for whole numbers, which the catalogs' counted texts
//! pick their words by (`1 task`, `2 tasks`; `1 tarea`, `1000000 de tareas`).

use super::Lang;

/// CLDR's plural categories that English and Spanish use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plural {
    One,
    /// Spanish only: whole millions take `de` (`1000000 de tareas`).
    Many,
    Other,
}

/// The category of a count `n` in `lang`.
pub fn plural(lang: Lang, n: u64) -> Plural {
    match (lang, n) {
        (_, 1) => Plural::One,
        (Lang::Es, n) if n != 0 && n % 1_000_000 == 0 => Plural::Many,
        _ => Plural::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cldr_cardinal_categories() {
        for (lang, n, category) in [
            (Lang::En, 0, Plural::Other),
            (Lang::En, 1, Plural::One),
            (Lang::En, 2, Plural::Other),
            (Lang::En, 1_000_000, Plural::Other),
            (Lang::Es, 0, Plural::Other),
            (Lang::Es, 1, Plural::One),
            (Lang::Es, 2, Plural::Other),
            (Lang::Es, 1_000_000, Plural::Many),
            (Lang::Es, 3_000_000, Plural::Many),
            (Lang::Es, 1_000_001, Plural::Other),
        ] {
            assert_eq!(plural(lang, n), category, "{lang:?} {n}");
        }
    }
}
