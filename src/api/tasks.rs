//! The Tasks API endpoints, one line each.

use super::client::ApiClient;
use super::error::ApiError;
use crate::tasks::model::Task;

pub async fn list_tasks(client: ApiClient) -> Result<Vec<Task>, ApiError> {
    client.get_json("tasks").await
}
