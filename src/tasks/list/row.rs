//! One row of the task list: time in the scheduler's zone, name, days, "until" and the next
//! run (with the user's own clock when it differs), with Edit and Delete at hand.

use crate::i18n::{capitalised, t};
use crate::routes::{task_details, task_edit};
use crate::tasks::data::model::Task;
use crate::tasks::delete::DeleteTask;
use crate::tasks::schedule::next_run::{Schedule, next_run};
use crate::tasks::schedule::use_schedule_zone;
use crate::tasks::schedule::wording::{next_run_label, your_time};
use leptos::prelude::*;

/// `Mon, Wed · until 30 Sep 2030`: the days, and the last day as the scheduler reads it
/// (`Schedule::of`).
pub fn schedule_label(task: &Task, schedule: &Schedule) -> String {
    let days = task.days_label();
    let line = match schedule.until {
        Some(until) => (t().days_until)(&days, &until.label()),
        None => days,
    };
    // The line opens with the days, which some languages write in lower case (`lun, vie`).
    capitalised(&line)
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
    let zone = use_schedule_zone();
    let rules = zone.rules();
    let schedule = Schedule::of(&task, &rules);
    let days = schedule_label(&task, &schedule);
    // One reactive piece per row, redrawn as the clock moves on.
    let next_run_view = move || {
        let now = zone.now();
        let next = next_run(&schedule, now, rules);
        let label = next_run_label(next, now, &rules);
        let local = next
            .at()
            .and_then(|at| your_time(at, &rules, &zone.users()));
        let at = next.at().map(|at| at.to_string());
        view! {
            <span data-testid="task-next-run" data-at=at>{label}</span>
            {local.map(|local| view! {
                " · " <span class="task-local" data-testid="task-local-time">{local}</span>
            })}
        }
    };
    let zone_label = (!zone.is_users()).then(|| zone.label());
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
            <span class="task-time">
                {task.time_label()}
                {zone_label.map(|label| view! { <span class="task-zone" data-testid="task-zone">{label}</span> })}
            </span>
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
                <span class="task-days">
                    {days} " · " {next_run_view}
                </span>
            </span>
            {links.map(|(_, edit)| {
                let label_edit = (t().edit_named)(&name);
                let label_delete = (t().delete_named)(&name);
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
    fn schedule_shows_days_and_the_until_day_as_the_scheduler_reads_it() {
        let task: Task = serde_json::from_value(serde_json::json!({
            "name": "Fountain pumps on", "hour": 5, "minute": 10, "executionDays": "SUN,SAT",
            "executeUntil": "2030-09-30T23:59:00+02:00"
        }))
        .expect("valid task");
        // The date as written, whatever the zone: the service reads the date part.
        assert_eq!(
            schedule_label(&task, &Schedule::of(&task, &|_| 540)),
            "Weekends · until 30 Sep 2030"
        );
        // An epoch value (later API) is read in the scheduler's zone.
        let mut epoch = task.clone();
        epoch.execute_until = Some(crate::tasks::data::model::Instant::EpochMillis(
            1_917_036_000_000,
        ));
        assert_eq!(
            schedule_label(&epoch, &Schedule::of(&epoch, &|_| -300)),
            "Weekends · until 30 Sep 2030"
        );
        assert_eq!(
            schedule_label(&epoch, &Schedule::of(&epoch, &|_| 540)),
            "Weekends · until 1 Oct 2030"
        );
        let mut plain = task;
        plain.execute_until = None;
        plain.execution_days = String::new();
        assert_eq!(
            schedule_label(&plain, &Schedule::of(&plain, &|_| 0)),
            "No days"
        );
    }
}
