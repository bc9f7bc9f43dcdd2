//! `/tasks`: the list of timer tasks, sorted by time, with search, loading, empty and error states.

use super::model::{Task, sort_by_time};
use super::search::matches;
use crate::api::{ApiClient, ApiError, tasks::list_tasks};
use crate::auth::use_auth;
use leptos::prelude::*;

#[component]
pub fn TaskListPage() -> impl IntoView {
    let client = ApiClient::new(use_auth());
    let tasks = LocalResource::new(move || async move {
        let mut list = list_tasks(client).await?;
        sort_by_time(&mut list);
        Ok::<_, ApiError>(list)
    });
    let (query, set_query) = signal(String::new());

    view! {
        <section class="page tasks-page" aria-labelledby="tasks-title">
            <header class="page-header">
                <h1 id="tasks-title">"Tasks"</h1>
                <input
                    type="search"
                    class="search"
                    data-testid="task-search"
                    placeholder="Search by name, day or hour"
                    aria-label="Search tasks by name, day or hour"
                    prop:value=query
                    on:input=move |ev| set_query.set(event_target_value(&ev))
                />
            </header>
            {move || match tasks.get() {
                None => view! { <p class="quiet" aria-busy="true">"Loading tasks…"</p> }.into_any(),
                Some(Err(error)) => {
                    view! {
                        <div class="notice notice-error" role="alert">
                            <p data-testid="tasks-error">{error.to_string()}</p>
                            <button
                                class="button"
                                data-testid="tasks-retry"
                                on:click=move |_| tasks.refetch()
                            >
                                "Try again"
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Some(Ok(list)) if list.is_empty() => {
                    view! {
                        <div class="notice">
                            <p>"No tasks yet. Scheduled tasks will appear here."</p>
                        </div>
                    }
                        .into_any()
                }
                Some(Ok(list)) => view! { <TaskRows tasks=list query=query /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn TaskRows(tasks: Vec<Task>, query: ReadSignal<String>) -> impl IntoView {
    move || {
        let query = query.get();
        let visible: Vec<Task> = tasks
            .iter()
            .filter(|task| matches(task, &query))
            .cloned()
            .collect();
        if visible.is_empty() {
            return view! { <p class="quiet">"No tasks match “" {query} "”."</p> }.into_any();
        }
        view! {
            <ul class="task-list">
                {visible.into_iter().map(|task| view! { <TaskRow task /> }).collect_view()}
            </ul>
        }
        .into_any()
    }
}

#[component]
fn TaskRow(task: Task) -> impl IntoView {
    view! {
        <li class="task-row" data-testid="task-row">
            <span class="task-time">{task.time_label()}</span>
            <span class="task-main">
                <span class="task-name">{task.name.clone()}</span>
                <span class="task-days">{task.days_label()}</span>
            </span>
        </li>
    }
}
