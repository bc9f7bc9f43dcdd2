//! A page's `<h1>` that takes focus when the page opens, so keyboard and screen-reader users
//! start on the new page instead of on the link they just followed.

use leptos::html::H1;
use leptos::prelude::*;

#[component]
pub fn PageHeading(#[prop(into)] id: String, children: Children) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    heading.on_load(|element| {
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
