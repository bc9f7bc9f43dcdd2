//! Timer tasks: what a task is (`data/`), the list (`list/`), the form and its validation
//! (`form/`), the details page, and what they share (deleting, loading one task), and the scheduler's zone with each task's next run (`schedule/`).

pub(crate) mod data;
mod delete;
mod details;
mod form;
mod list;
mod load;
pub(crate) mod schedule;

// The pages, for the route table.
pub(crate) use details::TaskDetailsPage;
pub(crate) use form::{TaskCreatePage, TaskEditPage};
pub(crate) use list::TaskListPage;
