//! `/tasks/details/:id`: one task, read-only, with Edit and Delete.

use crate::components::breadcrumb::Breadcrumb;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::i18n::t;
use crate::routes::{TASKS, task_edit};
use crate::tasks::data::model::{Instant, Task};
use crate::tasks::data::when::{in_zone, until_day};
use crate::tasks::delete::{DeleteTask, DeleteTaskDialog, use_delete_task};
use crate::tasks::load::{TaskLoadError, use_task_from_path};
use crate::tasks::schedule::next_run::{NextRun, Schedule, next_run};
use crate::tasks::schedule::use_schedule_zone;
use crate::tasks::schedule::wall_clock::wall_clock_at;
use crate::tasks::schedule::wording::{daylight_saving_note, next_run_label, your_time};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn TaskDetailsPage() -> impl IntoView {
    let task = use_task_from_path();
    let navigate = use_navigate();
    let delete = use_delete_task(move |_| navigate(TASKS, Default::default()));
    view! {
        {move || match task.get() {
            None => view! { <Loading label=t().loading_task /> }.into_any(),
            Some(Err(error)) => view! { <TaskLoadError error retry=move || task.refetch() /> }.into_any(),
            Some(Ok(task)) => view! { <Details task delete /> }.into_any(),
        }}
        <DeleteTaskDialog delete />
    }
}

#[component]
fn Details(task: Task, delete: DeleteTask) -> impl IntoView {
    let zone = use_schedule_zone();
    let rules = zone.rules();
    // Server timestamps are moments, shown on the user's own clock.
    let local = |at: &Option<Instant>| {
        at.as_ref()
            .and_then(|at| in_zone(at, zone.users()))
            .map(|at| (t().at_your_time)(&at.label()))
    };
    let zone_label = zone.label();
    let until = task
        .execute_until
        .as_ref()
        .and_then(|until| until_day(until, rules))
        .map_or_else(
            || t().no_end_date.to_string(),
            |day| (t().until_end_of_day)(&day.label(), &zone_label),
        );
    let schedule = Schedule::of(&task, &rules);
    let (hour, minute) = (task.hour, task.minute);
    // One reactive piece, redrawn as the clock moves on.
    let next_run_view = move || {
        let now = zone.now();
        let next = next_run(&schedule, now, rules);
        let mut text = next_run_label(next, now, &rules);
        if let NextRun::At { at, .. } = next {
            let there = wall_clock_at(at, &rules);
            text = format!("{text} ({})", there.date.label());
            if let Some(yours) = your_time(at, &rules, &zone.users()) {
                text = format!("{text}, {yours}");
            }
        }
        let note = daylight_saving_note(next, hour, minute);
        let at = next.at().map(|at| at.to_string());
        view! {
            <span data-testid="details-next-run" data-at=at>{text}</span>
            {note.map(|note| view! {
                <span class="hint details-dst" data-testid="details-dst-note">{note}</span>
            })}
        }
    };
    let time_zone = (!zone.is_users()).then(|| zone_label.clone());
    let days = task.days_label();
    let edit = task.id.map(task_edit);
    let to_delete = task.clone();
    let name = task.name.clone();
    let time = task.time_label();
    // The later API generation binds a task to a device; shown only when the task says so.
    let device = [
        (t().device, task.device_id(), "details-device-id"),
        (
            t().action,
            task.device_operation_label(),
            "details-device-operation",
        ),
        (t().status, task.status_label(), "details-status"),
    ]
    .into_iter()
    .filter_map(|(term, value, testid)| value.map(|value| (term, value, testid)))
    .map(|(term, value, testid)| {
        view! {
            <dt>{term}</dt>
            <dd data-testid=testid>{value}</dd>
        }
    })
    .collect_view();
    view! {
        <section class="page details-page" data-testid="task-details" aria-labelledby="details-title">
            <Breadcrumb />
            <header class="page-header">
                <PageHeading id="details-title">
                    <span data-testid="details-name">{name}</span>
                </PageHeading>
                <div class="toolbar">
                    {edit.map(|href| view! {
                        <a href=href class="button" data-testid="details-edit">{t().edit}</a>
                    })}
                    <button
                        type="button"
                        class="button button-danger-quiet"
                        data-testid="details-delete"
                        on:click=move |_| delete.ask(to_delete.clone())
                    >
                        {t().delete}
                    </button>
                </div>
            </header>
            <div class="card details-card">
                <p class="details-time">
                    <span data-testid="details-time">{time}</span>
                    {time_zone.map(|label| view! {
                        " " <span class="details-zone" data-testid="details-zone">{label}</span>
                    })}
                </p>
                <dl class="facts">
                    <dt>{t().next_run}</dt>
                    <dd>{next_run_view}</dd>
                    <dt>{t().days}</dt>
                    <dd data-testid="details-days">{days}</dd>
                    <dt>{t().until}</dt>
                    <dd data-testid="details-until">{until}</dd>
                    {device}
                    <dt>{t().description}</dt>
                    <dd data-testid="details-description">
                        {task.description.clone().unwrap_or_else(|| t().no_description.into())}
                    </dd>
                    <dt>{t().job_id}</dt>
                    <dd>
                        <code data-testid="details-job-id">{task.job_id.clone().unwrap_or_else(|| t().no_value.into())}</code>
                    </dd>
                    <dt>{t().created}</dt>
                    <dd>{local(&task.created_at).unwrap_or_else(|| t().no_value.into())}</dd>
                    <dt>{t().last_changed}</dt>
                    <dd>{local(&task.updated_at).unwrap_or_else(|| t().no_value.into())}</dd>
                </dl>
            </div>
        </section>
    }
}
