//! The task pages as routes whose code is fetched when first needed (issue 14): in the split
//! build (`--features split`, `cargo xtask build`) each function marked `wasm_split` below goes
//! to its own wasm chunk, so the signed-out landing page, the callback and the guard start
//! without the list, the details and the form. Without the feature the same routes render at
//! once, from the one wasm.
//!
//! Written by hand rather than with `#[lazy_route]`: on leptos 0.8 that macro panics when a
//! chunk fails to load (a deploy removed the file an open tab asks for), and the release
//! build aborts on a panic. `fallible` split points return the failure instead, and the page
//! says a new version is available (leptos#4785 makes `#[lazy_route]` fallible in 0.9).

use crate::components::new_version::NewVersionAvailable;
use crate::tasks::{TaskCreatePage, TaskDetailsPage, TaskEditPage, TaskListPage};
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A page's chunk could not be fetched or instantiated (the splitter's loader has logged why
/// to the console). Not cached: the next navigation tries again.
#[derive(Debug)]
pub(crate) struct ChunkLoadFailed;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for ChunkLoadFailed {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        ChunkLoadFailed
    }
}

/// The page, or the new-version notice in its place.
fn shown(page: Result<AnyView, ChunkLoadFailed>) -> AnyView {
    page.unwrap_or_else(|ChunkLoadFailed| view! { <NewVersionAvailable /> }.into_any())
}

/// One lazily loaded route: `$route` for the route table, `$page_fn` the split point (the
/// chunk `split_<$chunk>.wasm` holds its body and what only it uses), and `$preload` that
/// fetches the chunk without rendering (the router calls it when navigation starts; the
/// callback page calls the list's while the code is exchanged).
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident, $chunk:ident, $page_fn:ident, $preload:ident, $page:ident) => {
        $(#[$doc])*
        pub(crate) struct $route;

        #[cfg_attr(
            feature = "split",
            wasm_split_helpers::wasm_split($chunk, fallible, preload($preload))
        )]
        // The preload function takes this visibility: app.rs calls the list's.
        pub(crate) fn $page_fn() -> Result<AnyView, ChunkLoadFailed> {
            Ok(view! { <$page /> }.into_any())
        }

        /// Nothing to fetch: without the split the page is in the one wasm.
        #[cfg(not(feature = "split"))]
        pub(crate) async fn $preload() -> Result<(), ChunkLoadFailed> {
            Ok(())
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                #[cfg(feature = "split")]
                let page = $page_fn().await;
                #[cfg(not(feature = "split"))]
                let page = $page_fn();
                shown(page)
            }

            async fn preload() {
                // A failure shows when the page renders; preloading only starts the fetch.
                let _ = $preload().await;
            }
        }
    };
}

lazy_page!(
    /// `/tasks`: the list, its search and the virtual window.
    TaskListRoute, task_list, task_list_page, preload_task_list, TaskListPage
);
lazy_page!(
    /// `/tasks/details/:id`.
    TaskDetailsRoute, task_details, task_details_page, preload_task_details, TaskDetailsPage
);
// The two forms share one chunk: they are the same form and its validation.
lazy_page!(
    /// `/tasks/create`.
    TaskCreateRoute, task_form, task_create_page, preload_task_create, TaskCreatePage
);
lazy_page!(
    /// `/tasks/edit/:id`.
    TaskEditRoute, task_form, task_edit_page, preload_task_edit, TaskEditPage
);
