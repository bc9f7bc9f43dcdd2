//! Signing in with Cognito's Hosted UI: pure protocol pieces, the browser edge, and the guard.

pub mod address_bar;
pub mod callback;
pub mod claims;
pub mod clock;
pub mod endpoints;
pub mod failure;
pub mod guard;
pub mod pending;
pub mod pkce;
pub mod random;
pub mod return_to;
pub mod session;
pub mod storage;
pub mod tokens;

pub use session::{AuthContext, AuthState, use_auth};
