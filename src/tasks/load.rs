//! Loading the task named in the path (`/tasks/details/:id`, `/tasks/edit/:id`), and what to
//! show when that fails: not found for unknown ids, otherwise the reason and a retry.

use crate::api::tasks::get_task;
use crate::api::{ApiClient, ApiError};
use crate::auth::use_auth;
use crate::components::error_notice::{ErrorNotice, TryAgain};
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
                Some(id) => get_task(client, id).await,
                None => Err(ApiError::NotFound(None)),
            }
        }
    })
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
                <ErrorNotice title="This task could not be loaded." testid="task-load-error">
                    <p>{error.to_string()}</p>
                    <TryAgain testid="task-load-retry" on_click=retry />
                </ErrorNotice>
            </section>
        }
        .into_any(),
    }
}
