//! The City Tasks benchmark: the release build served like the CDN serves it, measured in
//! headless Chromium (bytes, cold load, sign-in, thousands of tasks, search), plus the size
//! budget check CI runs. `cargo xtask bench` builds the app and runs it.

pub mod budgets;
pub mod classify;
pub mod cli;
pub mod machine;
pub mod measure;
pub mod network;
pub mod peer;
pub mod probe;
pub mod report;
pub mod run;
pub mod session;
pub mod size;
pub mod stats;
pub mod world;
