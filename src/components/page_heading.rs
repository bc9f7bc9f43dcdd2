//! A page's `<h1>` that takes focus when the page opens, so keyboard and screen-reader users
//! start on the new page instead of on the link they just followed; it also names the page in
//! the document title.

use super::page_title::set_page_title;
use leptos::html::H1;
use leptos::prelude::*;

/// `document_title` names the page in the title when the heading's own text would not (the
/// edit form's heading says "Edit task"; its title names the task).
#[component]
pub fn PageHeading(
    #[prop(into)] id: String,
    #[prop(into, default = None)] document_title: Option<String>,
    children: Children,
) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    heading.on_load(move |element| {
        let text = document_title.or_else(|| element.text_content());
        set_page_title(text.as_deref());
        // Focus without scrolling: the page has just been scrolled to the top by the router.
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
    });
    view! {
        <h1 id=id tabindex="-1" node_ref=heading>
            {children()}
        </h1>
    }
}
