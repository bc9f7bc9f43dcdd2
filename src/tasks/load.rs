//! Loading the task named in the path (`/tasks/details/:id`, `/tasks/edit/:id`), and what to
//! show when that fails: not found for unknown ids, otherwise the reason and a retry.

use crate::api::tasks::get_task;
use crate::api::{ApiClient, ApiError};
use crate::auth::use_auth;
use crate::components::error_notice::{ErrorNotice, TryAgain};
use crate::i18n::t;
use crate::pages::error_page::ErrorPanel;
use crate::routes::{TaskParams, task_id};
use crate::tasks::data::model::Task;
use leptos::prelude::*;
use leptos_router::hooks::use_params;

/// The task whose id is the `:id` path parameter; a non-numeric id is simply not found.
pub fn use_task_from_path() -> LocalResource<Result<Task, ApiError>> {
    let client = ApiClient::new(use_auth());
    let params = use_params::<TaskParams>();
    LocalResource::new(move || {
        let id = params.with(task_id);
        async move {
            match id {
                Some(id) => get_task(client, id)
                    .await
                    .and_then(|task| at_path_id(id, task)),
                None => Err(ApiError::NotFound(None)),
            }
        }
    })
}

/// The answer to `GET task/{id}` as the task at that id. Edit, save and delete go by the task's
/// own id, so an answer without one (a legacy record) takes the id it was asked for, where a
/// save would otherwise create a copy; an answer for another task is refused rather than let an
/// edit or a delete reach that other task.
fn at_path_id(id: i64, mut task: Task) -> Result<Task, ApiError> {
    match task.id {
        Some(own) if own != id => Err(ApiError::Unreadable),
        Some(_) => Ok(task),
        None => {
            task.id = Some(id);
            Ok(task)
        }
    }
}

/// Not found gets the 404 page; other failures say why and offer to try again.
#[component]
pub fn TaskLoadError(error: ApiError, retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    match error {
        ApiError::NotFound(_) => view! {
            <div data-testid="not-found">
                <ErrorPanel code=404 />
            </div>
        }
        .into_any(),
        error => view! {
            <section class="page">
                <ErrorNotice title=t().task_not_loaded testid="task-load-error">
                    <p>{error.to_string()}</p>
                    <TryAgain testid="task-load-retry" on_click=retry />
                </ErrorNotice>
            </section>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: Option<i64>) -> Task {
        Task {
            id,
            name: "Pump on".into(),
            ..Task::default()
        }
    }

    #[test]
    fn an_answer_without_an_id_is_the_task_at_the_path() {
        assert_eq!(at_path_id(7, task(None)).map(|t| t.id), Ok(Some(7)));
        assert_eq!(at_path_id(7, task(Some(7))).map(|t| t.id), Ok(Some(7)));
    }

    #[test]
    fn an_answer_for_another_task_is_refused() {
        assert_eq!(at_path_id(7, task(Some(8))), Err(ApiError::Unreadable));
    }
}
