//! Pages that are not about tasks: landing, errors, configuration error.

pub(crate) mod config_error;
pub(crate) mod error_page;
pub(crate) mod home;
pub(crate) mod not_found;
