//! `/tasks/create` and `/tasks/edit/:id`: the form page, and the form as data (the draft and
//! its validation).

mod page;
mod validate;

pub(crate) use page::{TaskCreatePage, TaskEditPage};
