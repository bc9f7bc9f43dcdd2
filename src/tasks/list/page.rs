//! `/tasks`: the list of timer tasks, sorted by time, with search, loading, empty and error
//! states. Only the rows on screen are rendered, so thousands of tasks scroll and search smoothly.

use super::row::TaskRow;
use super::search::{Query, TaskIndex};
use super::virtual_window::{INITIAL_VIEWPORT, OVERSCAN, list_height, row_offset, visible_rows};
use crate::api::{ApiClient, tasks::list_tasks};
use crate::auth::use_auth;
use crate::components::error_notice::{ErrorNotice, TryAgain};
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::routes::TASK_CREATE;
use crate::tasks::data::json::{TaskList, Unreadable};
use crate::tasks::delete::{DeleteTask, DeleteTaskDialog, use_delete_task};
use leptos::ev::{resize, scroll};
use leptos::html::Ul;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::sync::Arc;

#[component]
pub fn TaskListPage() -> impl IntoView {
    let client = ApiClient::new(use_auth());
    let delete = use_delete_task(|_| {});
    let version = delete.action.version();
    let tasks = LocalResource::new(move || {
        // A finished delete reloads the list.
        version.track();
        async move { list_tasks(client).await.map(Loaded::new) }
    });
    // What the search box holds, and the query the list shows. The list is filtered inside the
    // input event, so the frame that follows already paints the result (measured: filtering in
    // the next animation frame instead made a keystroke that changes the list miss that frame).
    let (typed, set_typed) = signal(String::new());
    let (query, set_query) = signal(Query::All);
    let on_search = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        // Only a different query searches again (and scrolls back to the first result): a
        // trailing space or another letter case reads the same.
        let parsed = Query::parse(&text);
        if query.with_untracked(|current| *current != parsed) {
            set_query.set(parsed);
        }
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
        <section class="page tasks-page" aria-labelledby="tasks-title">
            <header class="page-header">
                <div class="title-block">
                    <PageHeading id="tasks-title">"Tasks"</PageHeading>
                    <p class="quiet task-count" data-testid="task-count" aria-live="polite">
                        {count}
                    </p>
                </div>
                <div class="toolbar">
                    <input
                        type="search"
                        class="search"
                        data-testid="task-search"
                        placeholder="Search name, day or hour"
                        aria-label="Search tasks by name, day or hour"
                        autocomplete="off"
                        prop:value=typed
                        on:input=on_search
                    />
                    <a href=TASK_CREATE class="button button-primary" data-testid="task-new">
                        <span aria-hidden="true">"+"</span>
                        "New task"
                    </a>
                </div>
            </header>
            {move || match tasks.get() {
                None => view! { <Loading label="Loading your tasks…" /> }.into_any(),
                Some(Err(error)) => {
                    view! {
                        <ErrorNotice title="Your tasks could not be loaded." testid="tasks-error">
                            <p>{error.to_string()}</p>
                            <TryAgain testid="tasks-retry" on_click=move || tasks.refetch() />
                        </ErrorNotice>
                    }
                        .into_any()
                }
                Some(Ok(Loaded { index, unreadable })) => {
                    let rows = if !index.is_empty() {
                        Some(view! { <TaskRows index query matches delete /> }.into_any())
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
                <p>"Their stored data is incomplete or damaged; ask whoever runs the Tasks service to check them."</p>
                <ul class="unshown-list">
                    {items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// `2 tasks could not be shown.` and a line per record: `Task 12: its hour is not 0 to 23`.
fn unshown_summary(unreadable: &[Unreadable]) -> (String, Vec<String>) {
    let title = match unreadable.len() {
        1 => "1 task could not be shown.".to_string(),
        n => format!("{n} tasks could not be shown."),
    };
    let mut items: Vec<String> = unreadable
        .iter()
        .take(UNSHOWN_NAMED)
        .map(|bad| match &bad.id {
            Some(id) => format!("Task {id}: {}", bad.problem),
            None => format!("A task without an id: {}", bad.problem),
        })
        .collect();
    if let Some(more) = unreadable
        .len()
        .checked_sub(UNSHOWN_NAMED)
        .filter(|n| *n > 0)
    {
        items.push(format!("and {more} more"));
    }
    (title, items)
}

/// `6 tasks`, or `2 of 6 tasks` while searching.
fn count_label(total: usize, shown: Option<usize>) -> String {
    let noun = if total == 1 { "task" } else { "tasks" };
    match shown {
        Some(shown) => format!("{shown} of {total} {noun}"),
        None => format!("{total} {noun}"),
    }
}

#[component]
fn EmptyState() -> impl IntoView {
    view! {
        <div class="empty-state" data-testid="tasks-empty">
            <span class="empty-mark" aria-hidden="true">"◷"</span>
            <h2>"No tasks yet"</h2>
            <p class="quiet">
                "Create your first timer task: pick a time and the days it runs, and City Tasks does the rest."
            </p>
            <a href=TASK_CREATE class="button button-primary" data-testid="tasks-empty-new">
                "Create your first task"
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
) -> impl IntoView {
    let list = NodeRef::<Ul>::new();
    // The list's top edge relative to the viewport, and the viewport's height.
    let viewport = RwSignal::new((0.0, INITIAL_VIEWPORT));
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
        if viewport.try_get_untracked() != Some((top, height)) {
            viewport.try_set((top, height));
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
    list.on_load(move |_| request_animation_frame(measure));

    // A new search starts at its first result; if the page was scrolled down the list, go back
    // up to it (the scroll event then re-measures).
    Effect::new(move |previous: Option<()>| {
        query.track();
        let scrolled_past = previous.is_some() && viewport.get_untracked().0 < 0.0;
        if let Some(list) = list.get_untracked().filter(|_| scrolled_past) {
            list.scroll_into_view_with_bool(true);
            request_animation_frame(measure);
        }
    });

    let total = move || matches.with(Vec::len);
    let range = Memo::new(move |_| {
        let (top, height) = viewport.get();
        visible_rows(top, height, total(), OVERSCAN)
    });
    let shown = move || {
        let range = range.get();
        matches.with(|matches| {
            matches
                .get(range.clone())
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(i, position)| (range.start + i, *position))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || total() == 0>
            <p class="notice quiet" data-testid="tasks-no-match">
                "No tasks match your search. Try a name, a day such as “Mon”, or an hour such as “8”."
            </p>
        </Show>
        <ul
            class="task-list"
            class:task-list-empty=move || total() == 0
            aria-label="Tasks"
            node_ref=list
            style:height=move || format!("{}px", list_height(total()))
        >
            <For each=shown key=|slot| *slot let((slot, position))>
                {index
                    .get(position)
                    .cloned()
                    .map(|task| {
                        view! {
                            <TaskRow
                                task
                                position=slot + 1
                                total=total()
                                offset=row_offset(slot)
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

    fn bad(id: Option<&str>) -> Unreadable {
        Unreadable {
            id: id.map(str::to_string),
            problem: "it has no name",
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
