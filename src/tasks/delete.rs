//! Deleting a task behind a confirmation dialog that names it; used by the list and details.

use crate::api::tasks::delete_task;
use crate::api::{ApiClient, ApiError};
use crate::auth::use_auth;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::toast::use_toaster;
use crate::i18n::t;
use crate::tasks::data::model::Task;
use leptos::prelude::*;
use std::rc::Rc;

/// The task awaiting confirmation and the delete itself. Pages refetch from
/// `action.version()`.
#[derive(Clone, Copy)]
pub struct DeleteTask {
    pub target: RwSignal<Option<Task>>,
    pub action: Action<Task, Result<(), ApiError>>,
}

impl DeleteTask {
    /// Opens the confirmation for `task`.
    pub fn ask(&self, task: Task) {
        self.action.clear();
        self.target.set(Some(task));
    }
}

/// Creates the delete state; `after` runs once a delete succeeded (e.g. to leave a details page).
pub fn use_delete_task(after: impl Fn(&Task) + 'static) -> DeleteTask {
    let client = ApiClient::new(use_auth());
    let toaster = use_toaster();
    let target = RwSignal::new(None::<Task>);
    let after = Rc::new(after);
    let action = Action::new_local(move |task: &Task| {
        let task = task.clone();
        let after = after.clone();
        async move {
            let id = task.id.ok_or(ApiError::NotFound(None))?;
            match delete_task(client, id).await {
                // Already gone is what the user wanted.
                Ok(()) | Err(ApiError::NotFound(_)) => {}
                Err(error) => return Err(error),
            }
            target.try_set(None);
            toaster.show((t().deleted)(&task.name));
            after(&task);
            Ok(())
        }
    });
    DeleteTask { target, action }
}

/// The dialog for a [`DeleteTask`].
#[component]
pub fn DeleteTaskDialog(delete: DeleteTask) -> impl IntoView {
    let DeleteTask { target, action } = delete;
    let name = move || target.with(|t| t.as_ref().map(|t| t.name.clone()).unwrap_or_default());
    let busy = action.pending();
    let error = Signal::derive(move || {
        if busy.get() {
            return None;
        }
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| (t().could_not_delete)(&error.to_string()))
    });
    view! {
        <ConfirmDialog
            open=Signal::derive(move || target.with(Option::is_some))
            title=Signal::derive(move || (t().delete_question)(&name()))
            message=Signal::derive(move || {
                (t().delete_warning)(&name())
            })
            confirm_label=t().delete_task
            busy_label=t().deleting
            busy=busy
            error=error
            on_confirm=Callback::new(move |()| {
                if let Some(task) = target.get_untracked() {
                    action.dispatch_local(task);
                }
            })
            on_cancel=Callback::new(move |()| {
                action.clear();
                target.set(None);
            })
        />
    }
}
