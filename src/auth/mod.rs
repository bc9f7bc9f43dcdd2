//! Signing in with Cognito's Hosted UI: pure protocol pieces, the browser edge, and the guard.

pub mod address_bar;
pub mod api_bearer;
pub mod callback;
pub mod callback_decision;
pub mod claims;
pub mod clock;
pub mod discovery;
pub mod endpoints;
pub mod failure;
pub mod guard;
pub mod hosted_ui_lang;
pub mod id_token;
pub mod idp_metadata;
pub mod jwks;
pub mod jwt;
pub mod peer_tokens;
pub mod pending;
pub mod pkce;
pub mod provider_choice;
pub mod random;
pub mod refresh;
pub mod return_to;
pub mod session;
pub mod storage;
pub mod tab_message;
pub mod tab_sync;
pub mod token_endpoint;
pub mod tokens;
pub mod web_locks;
pub mod webcrypto;

pub use session::{AuthContext, AuthState, SignedOutReason, TokenUnavailable, use_auth};
