//! `/tasks`: the list page, its rows, the search over them and the virtual window that renders
//! only the rows on screen.

mod page;
mod row;
mod search;
mod virtual_window;

pub(crate) use page::TaskListPage;
