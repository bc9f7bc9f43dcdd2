//! One row of the task list: time, name, days and "until", with Edit and Delete at hand.

use crate::routes::{task_details, task_edit};
use crate::tasks::data::model::Task;
use crate::tasks::data::when::in_zone;
use crate::tasks::delete::DeleteTask;
use crate::tasks::zone;
use leptos::prelude::*;

/// `Mon, Wed · until 30 Sep 2030`: what runs when, in the user's zone.
pub fn schedule_label(task: &Task, offset_at: impl Fn(i64) -> i32) -> String {
    let days = task.days_label();
    match task
        .execute_until
        .as_ref()
        .and_then(|until| in_zone(until, offset_at))
    {
        Some(until) => format!("{days} · until {}", until.date.label()),
        None => days,
    }
}

/// A row at `position` (1-based) of `total`, placed `offset` pixels from the list's top.
/// Its links are plain `<a>`s with absolute paths: the router still takes their clicks, and a
/// search re-creates every row on screen, where `<A>`'s per-link memos (relative paths,
/// `aria-current`) would cost time and never apply.
#[component]
pub fn TaskRow(
    task: Task,
    position: usize,
    total: usize,
    offset: u64,
    delete: DeleteTask,
) -> impl IntoView {
    let schedule = schedule_label(&task, zone::offset_at);
    let name = task.name.clone();
    let links = task.id.map(|id| (task_details(id), task_edit(id)));
    view! {
        <li
            class="task-row"
            data-testid="task-row"
            data-task-id=task.id.map(|id| id.to_string())
            aria-posinset=position
            aria-setsize=total
            style:transform=format!("translateY({offset}px)")
        >
            <span class="task-time">{task.time_label()}</span>
            <span class="task-main">
                {match links.clone() {
                    Some((details, _)) => {
                        let name = name.clone();
                        view! {
                            <a href=details class="task-name" data-testid="task-open">
                                {name}
                            </a>
                        }
                            .into_any()
                    }
                    None => view! { <span class="task-name">{name.clone()}</span> }.into_any(),
                }}
                <span class="task-days">{schedule}</span>
            </span>
            {links.map(|(_, edit)| {
                let label_edit = format!("Edit {name}");
                let label_delete = format!("Delete {name}");
                let task = task.clone();
                view! {
                    <span class="task-actions">
                        <a
                            href=edit
                            class="icon-button icon-edit"
                            aria-label=label_edit.clone()
                            title=label_edit
                            data-testid="task-edit"
                        >
                            <PencilIcon />
                        </a>
                        <button
                            type="button"
                            class="icon-button icon-danger"
                            aria-label=label_delete.clone()
                            title=label_delete
                            data-testid="task-delete"
                            on:click=move |_| delete.ask(task.clone())
                        >
                            <TrashIcon />
                        </button>
                    </span>
                }
            })}
        </li>
    }
}

#[component]
pub fn PencilIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
            <path d="M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4" />
        </svg>
    }
}

#[component]
pub fn TrashIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
            <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_shows_days_and_the_until_day_in_the_users_zone() {
        let task: Task = serde_json::from_value(serde_json::json!({
            "name": "Fountain pumps on", "hour": 5, "minute": 10, "executionDays": "SUN,SAT",
            "executeUntil": "2030-09-30T23:59:00+02:00"
        }))
        .expect("valid task");
        assert_eq!(
            schedule_label(&task, |_| 120),
            "Weekends · until 30 Sep 2030"
        );
        assert_eq!(
            schedule_label(&task, |_| 540),
            "Weekends · until 1 Oct 2030"
        );
        let mut plain = task;
        plain.execute_until = None;
        plain.execution_days = String::new();
        assert_eq!(schedule_label(&plain, |_| 0), "No days");
    }
}
