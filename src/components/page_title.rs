//! The document title of each page ("Tasks · City Tasks"): what the tab, the history list and
//! a screen reader announce when a page opens. `PageHeading` sets it from the page's `<h1>`.

use crate::i18n::landing;
use leptos::prelude::document;

/// `Tasks · City Tasks`, or `City Tasks` alone for no page name.
pub(crate) fn title_for(page: Option<&str>) -> String {
    match page.map(str::trim).filter(|page| !page.is_empty()) {
        Some(page) => format!("{page} · {}", landing().app_name),
        None => landing().app_name.to_string(),
    }
}

/// Names the page in the document title (`None`: the app's name alone).
pub(crate) fn set_page_title(page: Option<&str>) {
    document().set_title(&title_for(page));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_named_before_the_app() {
        assert_eq!(title_for(Some("Tasks")), "Tasks · City Tasks");
        assert_eq!(
            title_for(Some(" Edit Water the garden ")),
            "Edit Water the garden · City Tasks"
        );
        assert_eq!(title_for(None), "City Tasks");
        assert_eq!(title_for(Some("  ")), "City Tasks");
    }
}
