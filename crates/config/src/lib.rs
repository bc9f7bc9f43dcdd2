//! City Tasks' runtime configuration and URL helpers, with no browser dependency, so the app
//! and the delivery tooling validate `config.json` with one set of rules.

pub mod config;
pub mod url;
pub mod zone;
