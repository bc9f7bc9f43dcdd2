//! The Hosted UI's `lang` for the browser's language: one of the languages Cognito's managed
//! login pages speak, or none (Cognito then shows its default, English).
//!
//! Decisions where the browser tag is not exactly one of Cognito's values:
//! - any region of a language Cognito has once (`de-AT`, `en-GB`, `es-419`) gets that language;
//! - Portuguese: `pt` and `pt-BR` get `pt-BR`; other regions (`pt-PT`, `pt-AO`) get none, as
//!   European Portuguese readers are better served by Cognito's default than by Brazilian forms
//!   they did not ask for;
//! - Chinese: Traditional script (`zh-Hant`, any region) or a Traditional region (`TW`, `HK`,
//!   `MO`) gets `zh-TW`; everything else, plain `zh` included, gets `zh-CN` (CLDR's likely
//!   script for `zh` is Simplified);
//! - `in`, the retired code for Indonesian, counts as `id`.

/// The `lang` values Cognito's Hosted UI accepts; `hosted_ui_lang` spells them out, and the
/// tests hold it to this list.
#[cfg(test)]
const HOSTED_UI_LANGUAGES: [&str; 11] = [
    "de", "en", "es", "fr", "id", "it", "ja", "ko", "pt-BR", "zh-CN", "zh-TW",
];

/// The Hosted UI language for a BCP 47 tag such as `navigator.language` (`de-AT`,
/// `zh-Hant-TW`, `pt_BR`), or `None` when Cognito has no fitting one.
pub fn hosted_ui_lang(tag: &str) -> Option<&'static str> {
    let mut subtags = tag.trim().split(['-', '_']).map(str::to_ascii_lowercase);
    let language = subtags.next()?;
    let rest: Vec<String> = subtags.collect();
    let has = |subtag: &str| rest.iter().any(|s| s == subtag);
    match language.as_str() {
        "de" => Some("de"),
        "en" => Some("en"),
        "es" => Some("es"),
        "fr" => Some("fr"),
        "id" | "in" => Some("id"),
        "it" => Some("it"),
        "ja" => Some("ja"),
        "ko" => Some("ko"),
        "pt" => match rest.first().map(String::as_str) {
            None | Some("br") => Some("pt-BR"),
            Some(_) => None,
        },
        "zh" if has("hant") || has("tw") || has("hk") || has("mo") => {
            if has("hans") {
                Some("zh-CN")
            } else {
                Some("zh-TW")
            }
        }
        "zh" => Some("zh-CN"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cognitos_own_values_map_to_themselves() {
        for lang in HOSTED_UI_LANGUAGES {
            assert_eq!(hosted_ui_lang(lang), Some(lang), "{lang}");
        }
    }

    #[test]
    fn regions_of_single_variant_languages_fall_back_to_the_language() {
        assert_eq!(hosted_ui_lang("de-AT"), Some("de"));
        assert_eq!(hosted_ui_lang("de-CH"), Some("de"));
        assert_eq!(hosted_ui_lang("en-US"), Some("en"));
        assert_eq!(hosted_ui_lang("EN-gb"), Some("en"));
        assert_eq!(hosted_ui_lang("es-419"), Some("es"));
        assert_eq!(hosted_ui_lang("fr_CA"), Some("fr"));
        assert_eq!(hosted_ui_lang("ja-JP"), Some("ja"));
        assert_eq!(hosted_ui_lang("in-ID"), Some("id"));
    }

    #[test]
    fn portuguese_only_for_brazil_or_unspecified() {
        assert_eq!(hosted_ui_lang("pt-BR"), Some("pt-BR"));
        assert_eq!(hosted_ui_lang("pt-br"), Some("pt-BR"));
        assert_eq!(hosted_ui_lang("pt"), Some("pt-BR"));
        assert_eq!(hosted_ui_lang("pt-PT"), None);
        assert_eq!(hosted_ui_lang("pt-AO"), None);
    }

    #[test]
    fn chinese_by_script_then_region() {
        assert_eq!(hosted_ui_lang("zh"), Some("zh-CN"));
        assert_eq!(hosted_ui_lang("zh-CN"), Some("zh-CN"));
        assert_eq!(hosted_ui_lang("zh-SG"), Some("zh-CN"));
        assert_eq!(hosted_ui_lang("zh-Hans"), Some("zh-CN"));
        assert_eq!(hosted_ui_lang("zh-Hans-HK"), Some("zh-CN"));
        assert_eq!(hosted_ui_lang("zh-TW"), Some("zh-TW"));
        assert_eq!(hosted_ui_lang("zh-HK"), Some("zh-TW"));
        assert_eq!(hosted_ui_lang("zh-Hant"), Some("zh-TW"));
        assert_eq!(hosted_ui_lang("zh-Hant-TW"), Some("zh-TW"));
    }

    #[test]
    fn other_languages_and_garbage_get_none() {
        for tag in ["nl-NL", "ru", "sv", "", "  ", "-", "english", "x-klingon"] {
            assert_eq!(hosted_ui_lang(tag), None, "{tag:?}");
        }
    }
}
