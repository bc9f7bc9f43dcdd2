//! Talking to the Tasks API: the client (interceptor), the bearer it adds, its retry policy, its
//! error type, and the endpoints.

mod bearer;
mod client;
pub(crate) mod error;
mod retry;
pub(crate) mod tasks;

pub(crate) use client::ApiClient;
pub(crate) use error::ApiError;
