//! Turning a City Tasks build into a deployable site, shared by `cargo xtask deliver` (what
//! Amplify runs), the static server that emulates the CDN, and the test that proves both.

pub mod cloudfront;
pub mod csp;
pub mod custom_http;
pub mod env_config;
pub mod finish;
pub mod publish;
pub mod rewrite;

/// The split build's manifest in dist/ (written by `cargo xtask build`, read by the size
/// check): each split point and the chunks' file names it fetches. The minified loader no longer
/// names the split points. Harmless to deploy, like a bundler's build manifest.
pub const SPLIT_MANIFEST: &str = "split-manifest.json";
