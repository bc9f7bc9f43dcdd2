//! What the form shows when: beside a field, the server's message about it while the field
//! reads as sent, else the field's rule once the user has left it or tried to save; above the
//! form, a failed save's message that names no field. Pure, and tested like `validate`.

use super::validate::{Field, FieldErrors, TaskDraft};
use crate::api::ApiError;
use crate::i18n::capitalised;
use std::collections::BTreeSet;

/// Where a failed save's message goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SaveFailure {
    /// Beside the field the server's message names, as a sentence.
    Field(Field, String),
    /// In the notice above the form.
    Form(String),
}

impl SaveFailure {
    pub(crate) fn of(error: &ApiError) -> Self {
        if let ApiError::Rejected(Some(message)) = error
            && let Some(field) = field_of_server_message(message)
        {
            return Self::Field(field, sentence(message));
        }
        Self::Form(error.to_string())
    }

    /// The message for the notice above the form, if it goes there.
    pub(crate) fn form_message(&self) -> Option<&str> {
        match self {
            Self::Form(message) => Some(message),
            Self::Field(..) => None,
        }
    }
}

/// What the user has done so far that decides which messages show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Feedback {
    /// Fields the user has left at least once: their messages then follow every keystroke.
    touched: BTreeSet<Field>,
    /// A save was tried: every field's message shows.
    submitted: bool,
    /// The draft as last sent: a server message about a field shows until that field changes.
    sent: Option<TaskDraft>,
}

impl Feedback {
    /// The user left `field`.
    pub(crate) fn touch(&mut self, field: Field) {
        self.touched.insert(field);
    }

    /// The user tried to save; `sent` is the draft that went to the server, if it was valid
    /// (an invalid one is never sent, so the last sent draft stays).
    pub(crate) fn submit(&mut self, sent: Option<TaskDraft>) {
        self.submitted = true;
        if sent.is_some() {
            self.sent = sent;
        }
    }

    /// The message beside `field` while the form holds `draft`, whose rule breaks are
    /// `errors`, after the last save failed with `failure` (none while a save runs).
    pub(crate) fn message(
        &self,
        field: Field,
        draft: &TaskDraft,
        errors: Option<&FieldErrors>,
        failure: Option<&SaveFailure>,
    ) -> Option<String> {
        if let Some(SaveFailure::Field(named, message)) = failure {
            let unchanged = self
                .sent
                .as_ref()
                .is_some_and(|sent| sent.same(draft, field));
            if *named == field && unchanged {
                return Some(message.clone());
            }
        }
        if !self.submitted && !self.touched.contains(&field) {
            return None;
        }
        errors?.get(field).map(str::to_string)
    }
}

/// Which field a server validation message is about, so it can be shown beside that field.
/// Both API generations name the JSON field in their messages (`"name must be between..."`,
/// `"executionDays must name at least one day"`); the more specific names are tried first
/// because `name` also occurs as an ordinary word.
fn field_of_server_message(message: &str) -> Option<Field> {
    let lower = message.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |word: &str| words.contains(&word);
    if has("executiondays") || has("days") {
        Some(Field::Days)
    } else if has("executeuntil") || has("until") {
        Some(Field::Until)
    } else if has("description") {
        Some(Field::Description)
    } else if has("hour") {
        Some(Field::Hour)
    } else if has("minute") {
        Some(Field::Minute)
    } else if has("name") {
        Some(Field::Name)
    } else {
        None
    }
}

/// A server message as a sentence: `"name must be..."` becomes `"Name must be..."`.
fn sentence(message: &str) -> String {
    let mut text = capitalised(message.trim());
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str) -> TaskDraft {
        TaskDraft {
            name: name.into(),
            hour: "6".into(),
            minute: "30".into(),
            days: [true; 7],
            ..TaskDraft::default()
        }
    }

    /// The rule breaks of `draft` as `validate` finds them (on a day far from any "until").
    fn errors(draft: &TaskDraft) -> Option<FieldErrors> {
        let today = crate::tasks::data::when::CalendarDate::new(2026, 11, 3)?;
        draft.validate(today, |_| 60).err()
    }

    fn message(
        feedback: &Feedback,
        field: Field,
        draft: &TaskDraft,
        failure: Option<&SaveFailure>,
    ) -> Option<String> {
        feedback.message(field, draft, errors(draft).as_ref(), failure)
    }

    #[test]
    fn a_field_stays_quiet_until_the_user_leaves_it() {
        let blank = draft("");
        let mut feedback = Feedback::default();
        assert_eq!(message(&feedback, Field::Name, &blank, None), None);
        feedback.touch(Field::Name);
        assert_eq!(
            message(&feedback, Field::Name, &blank, None).as_deref(),
            Some("Enter a name.")
        );
        // Then it follows every keystroke.
        assert_eq!(message(&feedback, Field::Name, &draft("Pumps"), None), None);
        let mut no_days = draft("");
        no_days.days = [false; 7];
        assert_eq!(message(&feedback, Field::Days, &no_days, None), None);
    }

    #[test]
    fn a_save_attempt_shows_every_fields_message() {
        let mut broken = draft("");
        broken.days = [false; 7];
        let mut feedback = Feedback::default();
        feedback.submit(None);
        assert_eq!(
            message(&feedback, Field::Name, &broken, None).as_deref(),
            Some("Enter a name.")
        );
        assert_eq!(
            message(&feedback, Field::Days, &broken, None).as_deref(),
            Some("Choose at least one day.")
        );
        assert_eq!(message(&feedback, Field::Hour, &broken, None), None);
    }

    #[test]
    fn a_server_message_shows_beside_its_field_until_that_field_changes() {
        let sent = draft("Pumps on");
        let mut feedback = Feedback::default();
        feedback.submit(Some(sent.clone()));
        let failure = SaveFailure::of(&ApiError::Rejected(Some("name is taken".into())));
        assert_eq!(
            failure,
            SaveFailure::Field(Field::Name, "Name is taken.".into())
        );
        let failure = Some(&failure);
        assert_eq!(
            message(&feedback, Field::Name, &sent, failure).as_deref(),
            Some("Name is taken.")
        );
        assert_eq!(message(&feedback, Field::Hour, &sent, failure), None);
        // Another field changing keeps it; this field changing shows its own rule instead.
        let mut later = sent.clone();
        later.hour = "7".into();
        assert_eq!(
            message(&feedback, Field::Name, &later, failure).as_deref(),
            Some("Name is taken.")
        );
        assert_eq!(
            message(&feedback, Field::Name, &draft("Pumps off"), failure),
            None
        );
        assert_eq!(
            message(&feedback, Field::Name, &draft("Pump"), failure).as_deref(),
            Some("Use 5 to 25 characters (now 4).")
        );
    }

    #[test]
    fn an_invalid_save_attempt_keeps_the_draft_last_sent() {
        let sent = draft("Pumps on");
        let mut feedback = Feedback::default();
        feedback.submit(Some(sent.clone()));
        feedback.submit(None);
        let failure = SaveFailure::Field(Field::Name, "Name is taken.".into());
        assert_eq!(
            message(&feedback, Field::Name, &sent, Some(&failure)).as_deref(),
            Some("Name is taken.")
        );
    }

    #[test]
    fn a_failure_that_names_no_field_goes_above_the_form() {
        let cases = [
            ApiError::Rejected(Some("the task store failed".into())),
            ApiError::Rejected(None),
            ApiError::Unreachable,
        ];
        for error in cases {
            let failure = SaveFailure::of(&error);
            assert_eq!(failure.form_message(), Some(error.to_string().as_str()));
        }
        let named = SaveFailure::of(&ApiError::Rejected(Some("minute is required".into())));
        assert_eq!(named.form_message(), None);
        let hidden = Feedback::default();
        assert_eq!(
            message(&hidden, Field::Minute, &draft(""), Some(&named)),
            None,
            "nothing was sent from this form"
        );
    }

    #[test]
    fn server_messages_find_their_field() {
        let cases = [
            (
                "name must be between 5 and 25 characters",
                Some(Field::Name),
            ),
            ("Name is too short", Some(Field::Name)),
            (
                "description must be between 10 and 150 characters",
                Some(Field::Description),
            ),
            (
                "hour must be a whole number from 0 to 23",
                Some(Field::Hour),
            ),
            ("Hour out of range", Some(Field::Hour)),
            ("minute is required", Some(Field::Minute)),
            (
                "executionDays must name at least one day",
                Some(Field::Days),
            ),
            (
                "executeUntil must be an ISO-8601 date-time",
                Some(Field::Until),
            ),
            ("id must not be set when creating a task", None),
            ("the task store failed", None),
        ];
        for (message, field) in cases {
            assert_eq!(field_of_server_message(message), field, "{message}");
        }
    }

    #[test]
    fn server_messages_read_as_sentences() {
        assert_eq!(sentence("name is required"), "Name is required.");
        assert_eq!(sentence("Done!"), "Done!");
    }
}
