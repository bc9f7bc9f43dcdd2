//! Checking a City Tasks deployment the way a browser will use it: `plan` says what to fetch,
//! `fetch` fetches it (the only I/O), `checks` turns the answers into a checklist with a fix
//! for each failure, `report` prints it. `csp` and `response` are the header readers.

pub mod checks;
pub mod csp;
pub mod fetch;
pub mod plan;
pub mod report;
pub mod response;

pub use checks::{Check, Observed, Options, Status, evaluate};
