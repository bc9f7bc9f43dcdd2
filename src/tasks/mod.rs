//! Timer tasks: the model, the form as data, search, dates, and the pages that show them.

pub mod delete;
pub mod details_page;
pub mod draft;
pub mod form_page;
pub mod json;
pub mod list_page;
pub mod load;
pub mod model;
pub mod row;
pub mod search;
pub mod when;
pub mod window;
pub mod zone;
