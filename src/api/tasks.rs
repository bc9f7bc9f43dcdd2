//! The Tasks API endpoints, one line each.

use super::client::ApiClient;
use super::error::ApiError;
use crate::tasks::data::json::{TaskList, TaskRecord};
use crate::tasks::data::model::Task;
use gloo_net::http::Method;

pub async fn list_tasks(client: ApiClient) -> Result<TaskList, ApiError> {
    client.get_json("tasks").await
}

/// One task; a stored record the app cannot show says why instead of "cannot read".
pub async fn get_task(client: ApiClient, id: i64) -> Result<Task, ApiError> {
    match client.get_json(&format!("task/{id}")).await? {
        TaskRecord::Readable(task) => Ok(task),
        TaskRecord::Unreadable(bad) => Err(ApiError::Damaged(bad.problem)),
    }
}

pub async fn create_task(client: ApiClient, task: Task) -> Result<Task, ApiError> {
    client.send_json(Method::POST, "task", &task).await
}

pub async fn update_task(client: ApiClient, id: i64, task: Task) -> Result<Task, ApiError> {
    client
        .send_json(Method::PUT, &format!("task/{id}"), &task)
        .await
}

pub async fn delete_task(client: ApiClient, id: i64) -> Result<(), ApiError> {
    client.delete(&format!("task/{id}")).await
}
