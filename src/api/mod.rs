//! Talking to the Tasks API: the client (interceptor), its error type, and the endpoints.

pub mod client;
pub mod error;
pub mod retry;
pub mod tasks;
pub mod url_match;

pub use client::ApiClient;
pub use error::ApiError;
