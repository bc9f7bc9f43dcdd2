//! Signing in with Cognito's Hosted UI (code flow with PKCE), in layers: the pure `protocol`,
//! `id_token` verification, coordination between `tabs`, the `browser` edge, and the `session`
//! state machine on top; plus the route guard and the sign-in error the user reads.

pub(crate) mod browser;
pub(crate) mod guard;
pub(crate) mod id_token;
pub(crate) mod protocol;
pub(crate) mod session;
pub(crate) mod sign_in_error;
pub(crate) mod tabs;

pub(crate) use browser::address_bar::current_page;
pub(crate) use browser::address_bar::take_callback;
pub(crate) use protocol::callback::Callback;
pub(crate) use session::context::{AuthContext, use_auth};
pub(crate) use session::state::{AuthState, SignedOutReason, TokenUnavailable};

/// The configuration the auth tests share: one user pool, Cognito logout, no federated providers.
#[cfg(test)]
pub(crate) fn test_config() -> crate::config::Config {
    crate::config::Config {
        issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc".into(),
        auth_domain: "https://city.auth.eu-west-1.amazoncognito.com".into(),
        client_id: "client 1".into(),
        redirect_uri: "https://tasks.example.com/home".into(),
        logout_uri: "https://tasks.example.com/".into(),
        scopes: "openid email profile".into(),
        api_base_url: "https://api.example.com/api".into(),
        logout_mode: crate::config::LogoutMode::Cognito,
        identity_providers: Vec::new(),
        show_hosted_ui_login: true,
        api_token: crate::config::ApiToken::Access,
        schedule_time_zone: None,
    }
}
