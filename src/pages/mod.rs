//! Pages that are not about tasks: landing, not found, configuration error.

pub mod config_error;
pub mod home;
pub mod not_found;
