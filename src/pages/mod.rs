//! Pages that are not about tasks: landing, errors, configuration error.

pub mod config_error;
pub mod error_page;
pub mod home;
pub mod not_found;
