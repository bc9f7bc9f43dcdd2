//! The OAuth 2.0 / OpenID Connect protocol as this client speaks it to Cognito, as pure data and
//! URL builders plus the one token endpoint client: PKCE, the pending sign-in, the Hosted UI
//! URLs, the callback and what it means, the token set and its expiry, discovery.

pub(crate) mod callback;
pub(crate) mod callback_decision;
pub(crate) mod discovery;
pub(crate) mod endpoints;
pub(crate) mod hosted_ui_lang;
pub(crate) mod pending;
pub(crate) mod pkce;
pub(crate) mod provider_choice;
pub(crate) mod return_to;
pub(crate) mod token_endpoint;
pub(crate) mod tokens;
