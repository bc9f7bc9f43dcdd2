//! Timer tasks: the model, search, and the pages that show them.

pub mod list_page;
pub mod model;
pub mod search;
