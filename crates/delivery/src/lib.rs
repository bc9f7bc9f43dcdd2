//! Turning a City Tasks build into a deployable site, shared by `cargo xtask deliver` (what
//! Amplify runs), the static server that emulates the CDN, and the test that proves both.

pub mod cloudfront;
pub mod csp;
pub mod custom_http;
pub mod env_config;
pub mod finish;
pub mod publish;
pub mod rewrite;
