//! `/tasks/create` and `/tasks/edit/:id`: one form for both, its fields wired in `field.rs`,
//! what they show when decided in `feedback.rs`, and the rules in `validate.rs`.

use super::feedback::{Feedback, SaveFailure};
use super::field::{DaysField, FieldMessage, FormState, LengthHint, TextField, TimePart};
use super::validate::{DESCRIPTION_LEN, Field, NAME_LEN, TaskDraft};
use crate::api::tasks::{create_task, update_task};
use crate::api::{ApiClient, ApiError};
use crate::auth::use_auth;
use crate::components::breadcrumb::Breadcrumb;
use crate::components::error_notice::ErrorNotice;
use crate::components::leave_guard::use_leave_guard;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::components::toast::use_toaster;
use crate::i18n::t;
use crate::routes::{TASKS, task_details};
use crate::tasks::data::model::Task;
use crate::tasks::data::when::in_zone;
use crate::tasks::load::{TaskLoadError, use_task_from_path};
use crate::tasks::schedule::wall_clock::{WallTime, resolve};
use crate::tasks::schedule::wording::your_time;
use crate::tasks::schedule::{ScheduleZone, use_schedule_zone};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

#[component]
pub fn TaskCreatePage() -> impl IntoView {
    view! { <TaskForm original=None /> }
}

#[component]
pub fn TaskEditPage() -> impl IntoView {
    let task = use_task_from_path();
    move || match task.get() {
        None => view! { <Loading label=t().loading_task /> }.into_any(),
        Some(Err(error)) => {
            view! { <TaskLoadError error retry=move || task.refetch() /> }.into_any()
        }
        Some(Ok(task)) => view! { <TaskForm original=Some(task) /> }.into_any(),
    }
}

/// The form; `original` is the stored task when editing.
#[component]
fn TaskForm(original: Option<Task>) -> impl IntoView {
    let client = ApiClient::new(use_auth());
    let toaster = use_toaster();
    let navigate = use_navigate();
    let zone = use_schedule_zone();
    let initial = original
        .as_ref()
        .map(|task| TaskDraft::from_task(task, zone.rules()))
        .unwrap_or_default();
    let draft = RwSignal::new(initial.clone());
    let baseline = StoredValue::new(initial);
    let today = zone.today();
    let checked = Memo::new(move |_| {
        draft.with(|draft| draft.validate(today, |date| zone.offset_at_end_of(date)))
    });

    let save = Action::new_local(move |body: &Task| {
        let body = body.clone();
        let navigate = navigate.clone();
        async move {
            // A new task is shown in its place in the list; an edited one in its details.
            let (saved, next) = match body.id {
                Some(id) => (update_task(client, id, body).await?, task_details(id)),
                None => (create_task(client, body).await?, TASKS.to_string()),
            };
            toaster.show((t().saved)(&saved.name));
            navigate(&next, Default::default());
            Ok::<_, ApiError>(saved)
        }
    });
    let pending = save.pending();
    let form = FormState {
        draft,
        feedback: RwSignal::new(Feedback::default()),
        checked,
        failure: Memo::new(move |_| {
            if pending.get() {
                return None;
            }
            save.value()
                .with(|value| value.as_ref()?.as_ref().err().map(SaveFailure::of))
        }),
    };

    let dirty = move || {
        let changed = draft.with(|draft| baseline.with_value(|baseline| draft != baseline));
        changed && save.value().with(|v| !matches!(v, Some(Ok(_))))
    };
    use_leave_guard(dirty);

    let editing = original.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        match checked.get_untracked() {
            Ok(task) => {
                form.feedback
                    .update(|feedback| feedback.submit(Some(draft.get_untracked())));
                let body = match &editing {
                    Some(original) => {
                        let changed = |field| {
                            draft.with_untracked(|d| baseline.with_value(|b| !d.same(b, field)))
                        };
                        task.apply_to(original.clone(), changed)
                    }
                    None => task.to_create(),
                };
                save.dispatch_local(body);
            }
            Err(errors) => {
                form.feedback.update(|feedback| feedback.submit(None));
                if let Some(field) = errors.first() {
                    focus_field(field);
                }
            }
        }
    };

    let title = if original.is_some() {
        t().edit_task
    } else {
        t().new_task
    };
    let cancel_href = original
        .as_ref()
        .and_then(|task| task.id)
        .map_or_else(|| TASKS.to_string(), task_details);
    let server_facts = original.as_ref().map(|task| {
        let created = task
            .created_at
            .as_ref()
            .and_then(|at| in_zone(at, zone.users()))
            .map(|at| (t().your_time)(&at.label()));
        (task.job_id.clone(), created)
    });
    let zone_label = zone.label();
    let time_hint = (!zone.is_users()).then(|| {
        let local = move || {
            let (hour, minute) =
                draft.with(|d| (d.hour.trim().parse().ok(), d.minute.trim().parse().ok()));
            your_time_of(zone, hour?, minute?)
        };
        view! {
            <p class="hint" data-testid="time-zone-hint">
                {(t().time_zone_hint)(&zone_label)}
                " "
                <span data-testid="time-your-time">
                    {move || local().map(|local| (t().that_is)(&local))}
                </span>
            </p>
        }
    });
    let until_hint = (t().until_hint)(&zone_label);

    view! {
        <section class="page form-page" aria-labelledby="form-title">
            <Breadcrumb />
            <PageHeading
                id="form-title"
                document_title=original.as_ref().map(|task| (t().edit_named)(&task.name))
            >
                {title}
            </PageHeading>
            {server_facts
                .map(|(job_id, created)| {
                    view! {
                        <p class="server-facts quiet">
                            {t().job_word} " "
                            <code data-testid="task-job-id">{job_id.unwrap_or_else(|| t().no_value.into())}</code>
                            " · " {t().created_word} " "
                            <span data-testid="task-created-at">
                                {created.unwrap_or_else(|| t().unknown.into())}
                            </span>
                        </p>
                    }
                })}
            <form class="card task-form" data-testid="task-form" novalidate on:submit=on_submit>
                {move || {
                    form.failure
                        .with(|failure| failure.as_ref()?.form_message().map(str::to_string))
                        .map(|message| {
                            view! {
                                <ErrorNotice title=t().not_saved testid="form-error">
                                    <p>{message}</p>
                                    <p>{t().still_here}</p>
                                </ErrorNotice>
                            }
                        })
                }}
                <TextField
                    form
                    field=Field::Name
                    label=t().name
                    hint=view! { <LengthHint form field=Field::Name bounds=NAME_LEN /> }
                >
                    <input {..form.control(Field::Name, true)} type="text" autocomplete="off" />
                </TextField>
                <TextField
                    form
                    field=Field::Description
                    label=t().description
                    optional=true
                    hint=view! { <LengthHint form field=Field::Description bounds=DESCRIPTION_LEN /> }
                >
                    <textarea {..form.control(Field::Description, true)} rows="3"></textarea>
                </TextField>
                <fieldset class="field">
                    <legend>{t().time} <span class="legend-zone">{format!(" ({zone_label})")}</span></legend>
                    <div class="time-inputs">
                        <TimePart form field=Field::Hour label=t().hour placeholder="0–23" />
                        <span class="time-colon" aria-hidden="true">":"</span>
                        <TimePart form field=Field::Minute label=t().minute placeholder="0–59" />
                    </div>
                    {time_hint}
                    <FieldMessage form field=Field::Hour />
                    <FieldMessage form field=Field::Minute />
                </fieldset>
                <DaysField form />
                <TextField
                    form
                    field=Field::Until
                    label=t().until
                    optional=true
                    hint=until_hint
                >
                    <div class="until-row">
                        // Date pickers may report a choice only as `change`.
                        <input
                            {..form.control(Field::Until, true)}
                            type="date"
                            min=today.to_input_value()
                            on:change=move |ev| form.type_into(Field::Until, &ev)
                        />
                        <Show when=move || draft.with(|d| !d.until.is_empty())>
                            <button
                                type="button"
                                class="button button-quiet"
                                data-testid="until-clear"
                                on:click=move |_| draft.update(|d| d.until.clear())
                            >
                                {t().no_end_date}
                            </button>
                        </Show>
                    </div>
                </TextField>
                <div class="form-actions">
                    <button
                        type="submit"
                        class="button button-primary"
                        data-testid="task-save"
                        disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()
                    >
                        {move || if pending.get() { t().saving } else { t().save_task }}
                    </button>
                    <a href=cancel_href class="button button-quiet" data-testid="task-cancel">
                        {t().cancel}
                    </a>
                </div>
            </form>
        </section>
    }
}

/// `14:30 your time` for `hour:minute` today in the scheduler's zone (tomorrow's, when the
/// clocks skip it today), or `None` when the two clocks agree then.
fn your_time_of(zone: ScheduleZone, hour: u8, minute: u8) -> Option<String> {
    if hour > 23 || minute > 59 {
        return None;
    }
    let rules = zone.rules();
    let today = zone.today();
    let at = [today, today.plus_days(1)].into_iter().find_map(|date| {
        match resolve(date, hour, minute, &rules) {
            WallTime::Exact(at) | WallTime::Repeated { later: at, .. } => Some(at),
            WallTime::Skipped => None,
        }
    })?;
    your_time(at, &rules, &zone.users())
}

/// Moves focus to a field after a failed submit, so the first problem is where the user is.
fn focus_field(field: Field) {
    let element = document()
        .get_element_by_id(&format!("field-{}", field.key()))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
