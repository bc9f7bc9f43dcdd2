//! `/tasks/create` and `/tasks/edit/:id`: one form for both. The draft lives in one signal and is
//! only ever replaced by what the user types, so a failed save keeps every value.

use super::validate::{
    DESCRIPTION_LEN, Field, NAME_LEN, TaskDraft, field_of_server_message, sentence,
};
use crate::tasks::load::{TaskLoadError, use_task_from_path};
use crate::tasks::data::model::{Task, Weekday};
use crate::tasks::data::when::{in_zone, offset_suffix};
use crate::tasks::zone;
use crate::api::tasks::{create_task, update_task};
use crate::api::{ApiClient, ApiError};
use crate::auth::use_auth;
use crate::components::breadcrumb::Breadcrumb;
use crate::components::error_notice::ErrorNotice;
use crate::components::leave_guard::use_leave_guard;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::components::toast::use_toaster;
use crate::routes::{TASKS, task_details};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;

#[component]
pub fn TaskCreatePage() -> impl IntoView {
    view! { <TaskForm original=None /> }
}

#[component]
pub fn TaskEditPage() -> impl IntoView {
    let task = use_task_from_path();
    move || match task.get() {
        None => view! { <Loading label="Loading the task…" /> }.into_any(),
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
    let initial = original
        .as_ref()
        .map(|task| TaskDraft::from_task(task, zone::offset_at))
        .unwrap_or_default();
    let draft = RwSignal::new(initial.clone());
    let baseline = StoredValue::new(initial);
    // Fields the user has left at least once: their messages then follow every keystroke.
    let touched = RwSignal::new(BTreeSet::<Field>::new());
    let submitted = RwSignal::new(false);
    // The draft as last sent: a server message about a field shows until that field changes.
    let sent = RwSignal::new(None::<TaskDraft>);
    let today = zone::today();
    let checked = Memo::new(move |_| draft.with(|draft| draft.validate(today, zone::offset_on)));

    let save = Action::new_local(move |body: &Task| {
        let body = body.clone();
        let navigate = navigate.clone();
        async move {
            // A new task is shown in its place in the list; an edited one in its details.
            let (saved, next) = match body.id {
                Some(id) => (update_task(client, id, body).await?, task_details(id)),
                None => (create_task(client, body).await?, TASKS.to_string()),
            };
            toaster.show(format!("Saved “{}”.", saved.name));
            navigate(&next, Default::default());
            Ok::<_, ApiError>(saved)
        }
    });
    let pending = save.pending();

    let dirty = move || {
        let changed = draft.with(|draft| baseline.with_value(|baseline| draft != baseline));
        changed && save.value().with(|v| !matches!(v, Some(Ok(_))))
    };
    use_leave_guard(dirty);

    let server_error = move || {
        if pending.get() {
            return None;
        }
        save.value().get().and_then(Result::err)
    };
    // A rejected save whose message names a field, shown beside that field.
    let server_field = move || match server_error() {
        Some(ApiError::Rejected(Some(message))) => {
            field_of_server_message(&message).map(|field| (field, sentence(&message)))
        }
        _ => None,
    };
    let form_error = move || {
        let error = server_error()?;
        if server_field().is_some() {
            return None;
        }
        Some(error.to_string())
    };
    let field_error = move |field: Field| -> Option<String> {
        if let Some((named, message)) = server_field() {
            let unchanged =
                draft.with(|d| sent.with(|s| s.as_ref().is_some_and(|s| s.same(d, field))));
            if named == field && unchanged {
                return Some(message);
            }
        }
        if !submitted.get() && !touched.with(|t| t.contains(&field)) {
            return None;
        }
        checked.with(|r| {
            r.as_ref()
                .err()
                .and_then(|e| e.get(field))
                .map(str::to_string)
        })
    };
    let touch = move |field: Field| {
        touched.update(|t| {
            t.insert(field);
        })
    };

    let editing = original.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submitted.set(true);
        match checked.get_untracked() {
            Ok(task) => {
                sent.set(Some(draft.get_untracked()));
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
                if let Some(field) = errors.first() {
                    focus_field(field);
                }
            }
        }
    };

    let title = if original.is_some() {
        "Edit task"
    } else {
        "New task"
    };
    let cancel_href = original
        .as_ref()
        .and_then(|task| task.id)
        .map_or_else(|| TASKS.to_string(), task_details);
    let server_facts = original.as_ref().map(|task| {
        let created = task
            .created_at
            .as_ref()
            .and_then(|at| in_zone(at, zone::offset_at))
            .map(|at| at.label());
        (task.job_id.clone(), created)
    });
    let zone_hint = zone_hint();

    view! {
        <section class="page form-page" aria-labelledby="form-title">
            <Breadcrumb />
            <PageHeading id="form-title">{title}</PageHeading>
            {server_facts
                .map(|(job_id, created)| {
                    view! {
                        <p class="server-facts quiet">
                            "Job "
                            <code data-testid="task-job-id">{job_id.unwrap_or_else(|| "—".into())}</code>
                            " · created "
                            <span data-testid="task-created-at">
                                {created.unwrap_or_else(|| "unknown".into())}
                            </span>
                        </p>
                    }
                })}
            <form class="card task-form" data-testid="task-form" novalidate on:submit=on_submit>
                {move || {
                    form_error()
                        .map(|message| {
                            view! {
                                <ErrorNotice title="The task was not saved." testid="form-error">
                                    <p>{message}</p>
                                    <p>"Everything you typed is still here. Try saving again."</p>
                                </ErrorNotice>
                            }
                        })
                }}
                <div class="field">
                    <label for="field-name">"Name"</label>
                    <input
                        id="field-name"
                        data-testid="field-name"
                        type="text"
                        autocomplete="off"
                        aria-describedby="hint-name error-name"
                        aria-invalid=move || field_error(Field::Name).is_some().to_string()
                        prop:value=move || draft.with(|d| d.name.clone())
                        on:input=move |ev| draft.update(|d| d.name = event_target_value(&ev))
                        on:blur=move |_| touch(Field::Name)
                    />
                    <p class="hint" id="hint-name">
                        {format!("{} to {} characters · ", NAME_LEN.0, NAME_LEN.1)}
                        {move || draft.with(|d| d.name.trim().chars().count())}
                        {format!("/{}", NAME_LEN.1)}
                    </p>
                    <FieldError field=Field::Name message=Signal::derive(move || field_error(Field::Name)) />
                </div>
                <div class="field">
                    <label for="field-description">
                        "Description " <span class="optional">"(optional)"</span>
                    </label>
                    <textarea
                        id="field-description"
                        data-testid="field-description"
                        rows="3"
                        aria-describedby="hint-description error-description"
                        aria-invalid=move || field_error(Field::Description).is_some().to_string()
                        prop:value=move || draft.with(|d| d.description.clone())
                        on:input=move |ev| draft.update(|d| d.description = event_target_value(&ev))
                        on:blur=move |_| touch(Field::Description)
                    ></textarea>
                    <p class="hint" id="hint-description">
                        {format!("{} to {} characters · ", DESCRIPTION_LEN.0, DESCRIPTION_LEN.1)}
                        {move || draft.with(|d| d.description.trim().chars().count())}
                        {format!("/{}", DESCRIPTION_LEN.1)}
                    </p>
                    <FieldError
                        field=Field::Description
                        message=Signal::derive(move || field_error(Field::Description))
                    />
                </div>
                <fieldset class="field">
                    <legend>"Time"</legend>
                    <div class="time-inputs">
                        <div class="time-part">
                            <label for="field-hour">"Hour"</label>
                            <input
                                id="field-hour"
                                data-testid="field-hour"
                                type="text"
                                inputmode="numeric"
                                autocomplete="off"
                                placeholder="0–23"
                                maxlength="2"
                                aria-describedby="error-hour"
                                aria-invalid=move || field_error(Field::Hour).is_some().to_string()
                                prop:value=move || draft.with(|d| d.hour.clone())
                                on:input=move |ev| draft.update(|d| d.hour = event_target_value(&ev))
                                on:blur=move |_| touch(Field::Hour)
                            />
                        </div>
                        <span class="time-colon" aria-hidden="true">":"</span>
                        <div class="time-part">
                            <label for="field-minute">"Minute"</label>
                            <input
                                id="field-minute"
                                data-testid="field-minute"
                                type="text"
                                inputmode="numeric"
                                autocomplete="off"
                                placeholder="0–59"
                                maxlength="2"
                                aria-describedby="error-minute"
                                aria-invalid=move || field_error(Field::Minute).is_some().to_string()
                                prop:value=move || draft.with(|d| d.minute.clone())
                                on:input=move |ev| draft.update(|d| d.minute = event_target_value(&ev))
                                on:blur=move |_| touch(Field::Minute)
                            />
                        </div>
                    </div>
                    <FieldError field=Field::Hour message=Signal::derive(move || field_error(Field::Hour)) />
                    <FieldError field=Field::Minute message=Signal::derive(move || field_error(Field::Minute)) />
                </fieldset>
                <fieldset class="field" aria-describedby="error-days">
                    <legend>"Days of the week"</legend>
                    <div class="chips" id="field-days" tabindex="-1">
                        {Weekday::ALL
                            .into_iter()
                            .map(|day| {
                                view! {
                                    <button
                                        type="button"
                                        class="chip"
                                        data-testid=format!("day-{}", day.code())
                                        aria-pressed=move || draft.with(|d| d.has_day(day)).to_string()
                                        on:click=move |_| {
                                            draft.update(|d| d.toggle_day(day));
                                            touch(Field::Days);
                                        }
                                    >
                                        {day.label()}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                    <FieldError field=Field::Days message=Signal::derive(move || field_error(Field::Days)) />
                </fieldset>
                <div class="field">
                    <label for="field-until">
                        "Until " <span class="optional">"(optional)"</span>
                    </label>
                    <div class="until-row">
                        <input
                            id="field-until"
                            data-testid="field-until"
                            type="date"
                            min=today.to_input_value()
                            aria-describedby="hint-until error-until"
                            aria-invalid=move || field_error(Field::Until).is_some().to_string()
                            prop:value=move || draft.with(|d| d.until.clone())
                            on:input=move |ev| draft.update(|d| d.until = event_target_value(&ev))
                            on:change=move |ev| draft.update(|d| d.until = event_target_value(&ev))
                            on:blur=move |_| touch(Field::Until)
                        />
                        <Show when=move || draft.with(|d| !d.until.is_empty())>
                            <button
                                type="button"
                                class="button button-quiet"
                                data-testid="until-clear"
                                on:click=move |_| draft.update(|d| d.until.clear())
                            >
                                "No end date"
                            </button>
                        </Show>
                    </div>
                    <p class="hint" id="hint-until">
                        "The task runs until the end of this day, " {zone_hint} "."
                    </p>
                    <FieldError field=Field::Until message=Signal::derive(move || field_error(Field::Until)) />
                </div>
                <div class="form-actions">
                    <button
                        type="submit"
                        class="button button-primary"
                        data-testid="task-save"
                        disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()
                    >
                        {move || if pending.get() { "Saving…" } else { "Save task" }}
                    </button>
                    <a href=cancel_href class="button button-quiet" data-testid="task-cancel">
                        "Cancel"
                    </a>
                </div>
            </form>
        </section>
    }
}

/// The message beside a field, or nothing.
#[component]
fn FieldError(field: Field, message: Signal<Option<String>>) -> impl IntoView {
    let key = field.key();
    view! {
        <p class="field-error" id=format!("error-{key}") data-testid=format!("error-{key}")>
            {move || message.get()}
        </p>
    }
}

/// Whether `field` holds the same value in both drafts.
/// `in your time zone (Europe/Berlin, UTC+01:00)`.
fn zone_hint() -> String {
    let offset = offset_suffix(zone::offset_at(zone::now_ms()));
    match zone::zone_name() {
        Some(name) if name == "UTC" || name == "Etc/UTC" => "in your time zone (UTC)".to_string(),
        Some(name) => format!("in your time zone ({name}, UTC{offset})"),
        None => format!("in your time zone (UTC{offset})"),
    }
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
