//! `/tasks/create` and `/tasks/edit/:id`: the form page and its fields, and the form as data:
//! the draft and its validation (`validate.rs`), and what feedback shows when (`feedback.rs`).

mod feedback;
mod field;
mod page;
mod validate;

pub(crate) use page::{TaskCreatePage, TaskEditPage};
