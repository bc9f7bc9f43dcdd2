//! The Tasks API endpoints, one line each.

use super::client::ApiClient;
use super::error::ApiError;
use crate::tasks::data::json::TaskList;
use crate::tasks::data::model::Task;
use gloo_net::http::Method;

pub async fn list_tasks(client: ApiClient) -> Result<TaskList, ApiError> {
    client.get_json("tasks").await
}

pub async fn get_task(client: ApiClient, id: i64) -> Result<Task, ApiError> {
    client.get_json(&format!("task/{id}")).await
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
