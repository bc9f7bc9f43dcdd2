//! The form's fields, wired once: a control reads its value from the draft, writes what is
//! typed back, marks the field touched when left, and points at its hint and its message.

use super::feedback::{Feedback, SaveFailure};
use super::validate::{Field, FieldErrors, NewTask, TaskDraft};
use crate::i18n::{t, week_from, words};
use leptos::attr::Attribute;
use leptos::prelude::*;

/// What every field reads and writes. The draft is only ever replaced by what the user types,
/// so a failed save keeps every value.
#[derive(Clone, Copy)]
pub(super) struct FormState {
    pub(super) draft: RwSignal<TaskDraft>,
    pub(super) feedback: RwSignal<Feedback>,
    /// The draft checked against every rule, once per change.
    pub(super) checked: Memo<Result<NewTask, FieldErrors>>,
    /// How the last save failed; none while a save runs.
    pub(super) failure: Memo<Option<SaveFailure>>,
}

impl FormState {
    /// The message beside `field` now (see [`Feedback::message`]).
    pub(super) fn message(self, field: Field) -> Option<String> {
        self.feedback.with(|feedback| {
            self.draft.with(|draft| {
                self.checked.with(|checked| {
                    self.failure.with(|failure| {
                        feedback.message(field, draft, checked.as_ref().err(), failure.as_ref())
                    })
                })
            })
        })
    }

    pub(super) fn touch(self, field: Field) {
        self.feedback.update(|feedback| feedback.touch(field));
    }

    /// What the user typed into a text field, taken from an `input` or `change` event.
    pub(super) fn type_into(self, field: Field, ev: &leptos::ev::Event) {
        let text = event_target_value(ev);
        self.draft.update(|draft| draft.set_text(field, text));
    }

    fn text(self, field: Field) -> String {
        self.draft
            .with(|draft| draft.text(field).unwrap_or_default().to_string())
    }

    /// The attributes that tie a text control to `field`: spread onto an `<input>` or a
    /// `<textarea>` as `{..form.control(field, has_hint)}`; `has_hint` when a hint is shown
    /// (its id is then part of the control's description).
    pub(super) fn control(self, field: Field, has_hint: bool) -> impl Attribute {
        let key = field.key();
        let described_by = if has_hint {
            format!("hint-{key} error-{key}")
        } else {
            format!("error-{key}")
        };
        view! {
            <{..}
                id=format!("field-{key}")
                data-testid=format!("field-{key}")
                aria-describedby=described_by
                aria-invalid=move || self.message(field).is_some().to_string()
                prop:value=move || self.text(field)
                on:input=move |ev| self.type_into(field, &ev)
                on:blur=move |_| self.touch(field)
            />
        }
    }
}

/// A field in its own block: label, the control (the children), a hint and its message.
#[component]
pub(super) fn TextField(
    form: FormState,
    field: Field,
    label: &'static str,
    /// Marks the label "(optional)".
    #[prop(optional)]
    optional: bool,
    hint: impl IntoView + 'static,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <FieldLabel field label optional />
            {children()}
            <p class="hint" id=format!("hint-{}", field.key())>{hint}</p>
            <FieldMessage form field />
        </div>
    }
}

/// `5 to 25 characters · 12/25`, counting as `validate` does (trimmed, in characters).
#[component]
pub(super) fn LengthHint(form: FormState, field: Field, bounds: (usize, usize)) -> impl IntoView {
    let (min, max) = bounds;
    let count = move || {
        form.draft.with(|draft| {
            draft
                .text(field)
                .map_or(0, |text| text.trim().chars().count())
        })
    };
    view! {
        {(t().length_bounds)(&min.to_string(), &max.to_string())}
        " "
        {count}
        {format!("/{max}")}
    }
}

/// One half of the time: its label and a two-digit box. The messages sit below both halves.
#[component]
pub(super) fn TimePart(
    form: FormState,
    field: Field,
    label: &'static str,
    placeholder: &'static str,
) -> impl IntoView {
    view! {
        <div class="time-part">
            <FieldLabel field label />
            <input
                {..form.control(field, false)}
                type="text"
                inputmode="numeric"
                autocomplete="off"
                placeholder=placeholder
                maxlength="2"
            />
        </div>
    }
}

/// The seven day chips, from the locale's first day of the week, each named in full for
/// screen readers (`Mon` reads as "Monday", from a hidden full name: axe's
/// `label-content-name-mismatch` flags an `aria-label` that holds the visible text only as part
/// of a word); the message covers the group.
#[component]
pub(super) fn DaysField(form: FormState) -> impl IntoView {
    let words = words();
    view! {
        <fieldset class="field" aria-describedby="error-days">
            <legend>{t().days_of_week}</legend>
            <div class="chips" id="field-days" tabindex="-1">
                {week_from(words.first_day())
                    .into_iter()
                    .map(|day| {
                        view! {
                            <button
                                type="button"
                                class="chip"
                                data-testid=format!("day-{}", day.code())
                                aria-pressed=move || form.draft.with(|d| d.has_day(day)).to_string()
                                on:click=move |_| {
                                    form.draft.update(|d| d.toggle_day(day));
                                    form.touch(Field::Days);
                                }
                            >
                                <span aria-hidden="true">{day.label()}</span>
                                <span class="visually-hidden">{words.weekday_long(day)}</span>
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <FieldMessage form field=Field::Days />
        </fieldset>
    }
}

#[component]
fn FieldLabel(
    field: Field,
    label: &'static str,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    view! {
        <label for=format!("field-{}", field.key())>
            {label}
            {optional.then(|| view! { " " <span class="optional">{t().optional}</span> })}
        </label>
    }
}

/// The message beside a field, or nothing.
#[component]
pub(super) fn FieldMessage(form: FormState, field: Field) -> impl IntoView {
    let key = field.key();
    view! {
        <p class="field-error" id=format!("error-{key}") data-testid=format!("error-{key}")>
            {move || form.message(field)}
        </p>
    }
}
