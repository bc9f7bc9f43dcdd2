//! `/tasks`: the list of timer tasks, sorted by time, with search, loading, empty and error
//! states. Only the rows on screen are rendered, so thousands of tasks scroll and search smoothly.

use super::row::TaskRow;
use super::search::{Query, TaskIndex};
use super::virtual_window::{
    INITIAL_VIEWPORT, Layout, OVERSCAN, list_height, row_offset, visible_rows,
};
use crate::api::{ApiClient, tasks::list_tasks};
use crate::auth::use_auth;
use crate::components::error_notice::{ErrorNotice, TryAgain};
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::i18n::{as_count, t};
use crate::routes::{TASK_CREATE, search_in, tasks_matching};
use crate::tasks::data::json::{TaskList, Unreadable};
use crate::tasks::data::model::Task;
use crate::tasks::delete::{DeleteTask, DeleteTaskDialog, use_delete_task};
use leptos::ev::{resize, scroll};
use leptos::html::Ul;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};

/// How long typing must pause before the search is written into the address.
const SEARCH_SETTLES: std::time::Duration = std::time::Duration::from_millis(300);
/// The list's heading, which takes the focus when a delete leaves no row to move to.
const HEADING_ID: &str = "tasks-title";

#[component]
pub fn TaskListPage() -> impl IntoView {
    let client = ApiClient::new(use_auth());
    // After a delete, the focus goes to the row that takes the deleted one's place (its
    // position, 0-based), so it never falls back to the page's body.
    let refocus = StoredValue::new(None::<usize>);
    let delete = use_delete_task(move |task| refocus.set_value(Some(shown_position(task))));
    let version = delete.action.version();
    let tasks = LocalResource::new(move || {
        // A finished delete reloads the list.
        version.track();
        async move { list_tasks(client).await.map(Loaded::new) }
    });
    // What the search box holds, and the query the list shows. The list is filtered inside the
    // input event, so the frame that follows already paints the result (measured: filtering in
    // the next animation frame instead made a keystroke that changes the list miss that frame).
    // The search is in the address (`?q=`), so a reload or Back comes back to it.
    let initial = initial_search();
    let (query, set_query) = signal(Query::parse(&initial));
    let (typed, set_typed) = signal(initial);
    let on_search = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        // Only a different query searches again (and scrolls back to the first result): a
        // trailing space or another letter case reads the same.
        let parsed = Query::parse(&text);
        if query.with_untracked(|current| *current != parsed) {
            set_query.set(parsed);
        }
        // Into the address once typing pauses: `replaceState` takes milliseconds, too long to
        // spend on every keystroke (the 5,000-task journey measures the input handler).
        let written = text.clone();
        let settled = move || {
            if typed.try_with_untracked(|now| *now == written) == Some(true) {
                remember(&written, None);
            }
        };
        set_timeout(settled, SEARCH_SETTLES);
        set_typed.set(text);
    };

    // The positions matching the query, found once per keystroke for the rows and the count.
    let matches = Memo::new(move |_| match tasks.get() {
        Some(Ok(loaded)) => query.with(|q| loaded.index.search(q)),
        _ => Vec::new(),
    });
    let count = move || match tasks.get() {
        Some(Ok(loaded)) => count_label(
            loaded.index.len(),
            query
                .with(|q| *q != Query::All)
                .then(|| matches.with(Vec::len)),
        ),
        _ => String::new(),
    };

    view! {
        // Any click that leaves the list (a row, Edit, New task) first notes the search and how
        // far down the page was, in this history entry: Back to it comes back to both.
        <section class="page tasks-page" aria-labelledby=HEADING_ID on:click=move |_| remember(&typed.get_untracked(), window().scroll_y().ok())>
            <header class="page-header">
                <div class="title-block">
                    <PageHeading id=HEADING_ID>{t().tasks_heading}</PageHeading>
                    <p class="quiet task-count" data-testid="task-count" aria-live="polite">
                        {count}
                    </p>
                </div>
                <div class="toolbar">
                    <input
                        type="search"
                        class="search"
                        data-testid="task-search"
                        placeholder=t().search_placeholder
                        aria-label=t().search_label
                        autocomplete="off"
                        prop:value=typed
                        on:input=on_search
                    />
                    <a href=TASK_CREATE class="button button-primary" data-testid="task-new">
                        <span aria-hidden="true">"+"</span>
                        {t().new_task}
                    </a>
                </div>
            </header>
            {move || match tasks.get() {
                None => view! { <Loading label=t().loading_tasks /> }.into_any(),
                Some(Err(error)) => {
                    view! {
                        <ErrorNotice title=t().tasks_not_loaded testid="tasks-error">
                            <p>{error.to_string()}</p>
                            <TryAgain testid="tasks-retry" on_click=move || tasks.refetch() />
                        </ErrorNotice>
                    }
                        .into_any()
                }
                Some(Ok(Loaded { index, unreadable })) => {
                    if index.is_empty() && refocus.try_update_value(Option::take).flatten().is_some() {
                        request_animation_frame(focus_heading);
                    }
                    let rows = if !index.is_empty() {
                        Some(view! { <TaskRows index query matches delete refocus /> }.into_any())
                    } else if unreadable.is_empty() {
                        Some(view! { <EmptyState /> }.into_any())
                    } else {
                        None
                    };
                    view! { <Unshown unreadable /> {rows} }.into_any()
                }
            }}
            <DeleteTaskDialog delete />
        </section>
    }
}

/// Where a task's row is in the list on screen (0-based), read from the row itself: the rows
/// say their place for screen readers (`aria-posinset`). The first row when it is not shown.
fn shown_position(task: &Task) -> usize {
    task.id
        .and_then(|id| {
            document()
                .query_selector(&format!("[data-task-id=\"{id}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|row| row.get_attribute("aria-posinset"))
        .and_then(|position| position.parse::<usize>().ok())
        .map_or(0, |position| position.saturating_sub(1))
}

/// Focuses the link of the row at `slot` (0-based) of `list`, or the heading without one.
fn focus_row(list: &web_sys::Element, slot: usize) {
    let selector = format!("[aria-posinset=\"{}\"] .task-name", slot + 1);
    match list.query_selector(&selector).ok().flatten().and_then(html) {
        Some(link) => {
            let _ = link.focus();
        }
        None => focus_heading(),
    }
}

fn focus_heading() {
    if let Some(heading) = document().get_element_by_id(HEADING_ID).and_then(html) {
        let _ = heading.focus();
    }
}

fn html(element: web_sys::Element) -> Option<web_sys::HtmlElement> {
    element.dyn_into().ok()
}

/// The search in the address the list opened at (`?q=`), decoded.
fn initial_search() -> String {
    let search = window().location().search().unwrap_or_default();
    search_in(&search).unwrap_or_default()
}

/// Writes the list's place into its history entry, replacing it (Back leaves the list rather
/// than undoing keystrokes): the search into the address, and how far down the page was as the
/// entry's state, for [`restored_scroll`]. Straight into the history: the router has nothing to
/// do for a new query on the same page, and it reads the address afresh on Back, a reload or
/// the next link. The router writes no state of its own into the list's entry.
fn remember(typed: &str, scrolled: Option<f64>) {
    if let Ok(history) = window().history() {
        let state = scrolled.map_or(JsValue::NULL, JsValue::from_f64);
        let _ = history.replace_state_with_url(&state, "", Some(&tasks_matching(typed)));
    }
}

/// The scroll position [`remember`] left in this history entry, if any.
fn restored_scroll() -> Option<f64> {
    let state = window().history().ok()?.state().ok()?;
    state.as_f64().filter(|y| y.is_finite() && *y > 0.0)
}

/// A loaded list: the tasks to show, indexed for search, and the records that could not be.
#[derive(Clone)]
struct Loaded {
    index: Arc<TaskIndex>,
    unreadable: Arc<Vec<Unreadable>>,
}

impl Loaded {
    fn new(list: TaskList) -> Self {
        Self {
            index: Arc::new(TaskIndex::new(list.tasks)),
            unreadable: Arc::new(list.unreadable),
        }
    }
}

/// How many records of a list are named one by one; the rest are counted.
const UNSHOWN_NAMED: usize = 10;

/// The records the list could not show, said plainly beside the tasks it could.
#[component]
fn Unshown(unreadable: Arc<Vec<Unreadable>>) -> impl IntoView {
    (!unreadable.is_empty()).then(|| {
        let (title, items) = unshown_summary(&unreadable);
        view! {
            <div class="notice notice-warning" role="status" data-testid="tasks-unshown">
                <p class="notice-title">{title}</p>
                <p>{t().unshown_text}</p>
                <ul class="unshown-list">
                    {items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// `2 tasks could not be shown.` and a line per record: `Task 12: its hour is not 0 to 23`.
fn unshown_summary(unreadable: &[Unreadable]) -> (String, Vec<String>) {
    let t = t();
    let title = (t.unshown_title)(as_count(unreadable.len()));
    let mut items: Vec<String> = unreadable
        .iter()
        .take(UNSHOWN_NAMED)
        .map(|bad| match &bad.id {
            Some(id) => (t.unshown_task)(id, bad.problem.words()),
            None => (t.unshown_without_id)(bad.problem.words()),
        })
        .collect();
    if let Some(more) = unreadable
        .len()
        .checked_sub(UNSHOWN_NAMED)
        .filter(|n| *n > 0)
    {
        items.push((t.unshown_more)(as_count(more)));
    }
    (title, items)
}

/// `6 tasks`, or `2 of 6 tasks` while searching.
fn count_label(total: usize, shown: Option<usize>) -> String {
    match shown {
        Some(shown) => (t().tasks_shown_of)(as_count(shown), as_count(total)),
        None => (t().task_count)(as_count(total)),
    }
}

#[component]
fn EmptyState() -> impl IntoView {
    view! {
        <div class="empty-state" data-testid="tasks-empty">
            <span class="empty-mark" aria-hidden="true">"◷"</span>
            <h2>{t().empty_title}</h2>
            <p class="quiet">
                {t().empty_text}
            </p>
            <a href=TASK_CREATE class="button button-primary" data-testid="tasks-empty-new">
                {t().empty_create}
            </a>
        </div>
    }
}

/// The matching rows, virtualised: a spacer as tall as every row together, holding only the
/// rows that intersect the viewport (plus a margin).
#[component]
fn TaskRows(
    index: Arc<TaskIndex>,
    query: ReadSignal<Query>,
    matches: Memo<Vec<usize>>,
    delete: DeleteTask,
    refocus: StoredValue<Option<usize>>,
) -> impl IntoView {
    let list = NodeRef::<Ul>::new();
    // The list's top edge relative to the viewport, the viewport's height, and a row's height:
    // measured, as CSS sets it in rem and the user's text size can make it anything.
    let layout = RwSignal::new(Layout::INITIAL);
    let measure = move || {
        let Some(list) = list.get_untracked() else {
            return;
        };
        let top = list.get_bounding_client_rect().top();
        let height = window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(INITIAL_VIEWPORT);
        let row = list
            .first_element_child()
            .map(|row| row.get_bounding_client_rect().height());
        let measured = Layout {
            top,
            height,
            row: Layout::row_height(row),
        };
        if layout.try_get_untracked() != Some(measured) {
            layout.try_set(measured);
        }
    };
    let on_scroll = window_event_listener(scroll, move |_| measure());
    let on_resize = window_event_listener(resize, move |_| measure());
    let listeners = SendWrapper::new((on_scroll, on_resize));
    on_cleanup(move || {
        let (on_scroll, on_resize) = listeners.take();
        on_scroll.remove();
        on_resize.remove();
    });
    list.on_load(move |element| {
        request_animation_frame(move || {
            // Back to this list (or a reload): where it was scrolled when the user left it.
            if let Some(y) = restored_scroll() {
                window().scroll_to_with_x_and_y(0.0, y);
            }
            measure();
            // After a delete (the list reloads): the row that took the deleted one's place
            // gets the focus, the last row if the deleted one was last, the heading if none
            // matches. The rows this measurement calls for are drawn by the next frame.
            if let Some(slot) = refocus.try_update_value(Option::take).flatten() {
                let last = matches.with_untracked(Vec::len).saturating_sub(1);
                request_animation_frame(move || focus_row(&element, slot.min(last)));
            }
        })
    });

    // A new search starts at its first result; if the page was scrolled down the list, go back
    // up to it (the scroll event then re-measures).
    Effect::new(move |previous: Option<()>| {
        query.track();
        let scrolled_past = previous.is_some() && layout.get_untracked().top < 0.0;
        if let Some(list) = list.get_untracked().filter(|_| scrolled_past) {
            list.scroll_into_view_with_bool(true);
            request_animation_frame(measure);
        }
    });

    let total = move || matches.with(Vec::len);
    // The rows on screen and their height: one memo, so scrolling within the same rows
    // changes nothing downstream.
    let on_screen = Memo::new(move |_| {
        let layout = layout.get();
        (visible_rows(layout, total(), OVERSCAN), layout.row)
    });

    // Each row with its place in the list: a new row height re-creates the rows (their key
    // changes), since a row's offset is fixed when it is made.
    let shown = move || {
        let (range, row) = on_screen.get();
        matches.with(|matches| {
            matches
                .get(range.clone())
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(i, position)| (range.start + i, *position, row_offset(range.start + i, row)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || total() == 0>
            <p class="notice quiet" data-testid="tasks-no-match">
                {t().no_match}
            </p>
        </Show>
        <ul
            class="task-list"
            class:task-list-empty=move || total() == 0
            aria-label=t().tasks_heading
            node_ref=list
            style:height=move || format!("{}px", list_height(total(), on_screen.with(|(_, row)| *row)))
        >
            <For each=shown key=|slot| *slot let((slot, position, offset))>
                {index
                    .get(position)
                    .cloned()
                    .map(|task| {
                        view! {
                            <TaskRow
                                task
                                position=slot + 1
                                total=total()
                                offset
                                delete
                            />
                        }
                    })}
            </For>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_naturally() {
        assert_eq!(count_label(1, None), "1 task");
        assert_eq!(count_label(6, None), "6 tasks");
        assert_eq!(count_label(6, Some(2)), "2 of 6 tasks");
    }

    #[test]
    fn counts_read_naturally_in_spanish() {
        crate::i18n::show_in_tests(crate::i18n::Lang::Es);
        assert_eq!(count_label(1, None), "1 tarea");
        assert_eq!(count_label(6, None), "6 tareas");
        assert_eq!(count_label(1, Some(1)), "1 de 1 tarea");
        assert_eq!(count_label(6, Some(2)), "2 de 6 tareas");
        let (title, items) = unshown_summary(&[bad(Some("12"))]);
        assert_eq!(title, "1 tarea no se puede mostrar.");
        assert_eq!(items, ["Tarea 12: no tiene nombre"]);
    }

    fn bad(id: Option<&str>) -> Unreadable {
        Unreadable {
            id: id.map(str::to_string),
            problem: crate::tasks::data::json::Problem::Name,
        }
    }

    #[test]
    fn records_not_shown_are_named_with_their_ids() {
        let (title, items) = unshown_summary(&[bad(Some("12"))]);
        assert_eq!(title, "1 task could not be shown.");
        assert_eq!(items, ["Task 12: it has no name"]);
        let (title, items) = unshown_summary(&[bad(Some("12")), bad(None)]);
        assert_eq!(title, "2 tasks could not be shown.");
        assert_eq!(items[1], "A task without an id: it has no name");
    }

    #[test]
    fn many_records_not_shown_are_counted_past_the_first_ten() {
        let many: Vec<_> = (0..25).map(|i| bad(Some(&i.to_string()))).collect();
        let (title, items) = unshown_summary(&many);
        assert_eq!(title, "25 tasks could not be shown.");
        assert_eq!(items.len(), UNSHOWN_NAMED + 1);
        assert_eq!(items.last().map(String::as_str), Some("and 15 more"));
        assert_eq!(unshown_summary(&many[..10]).1.len(), 10);
    }
}
