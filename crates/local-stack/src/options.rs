//! What a caller can configure about the local stack, with defaults that match the app.

use std::path::PathBuf;
use std::time::Duration;

pub use city_tasks_config::config::ApiToken;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// How `PUT <api>/task/{id}` treats what the body leaves out.
///
/// `Lenient` (the default) is what the local API has always done for the fields it models: the
/// body's known fields replace the stored ones (a missing `description` or `executeUntil`
/// becomes null, a missing `executionCommand` gets the default command, a missing required
/// field is a 400). Fields the API does not model (`deviceId`, `status`, anything else) are
/// taken from the body when it has them, and kept as stored when it leaves them out.
///
/// `Replace` behaves like the original Spring/JPA service, whose PUT copies every mutable field
/// from the body onto the stored task: a known nullable field the body leaves out becomes null,
/// an unknown field it leaves out is removed, and a missing `executionCommand` is a 400 like
/// any other required field. In both modes `id` must match the path and `jobId`, `createdAt`
/// stay as stored while `updatedAt` is set by the server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PutMode {
    #[default]
    Lenient,
    Replace,
}

/// A user who can sign in on the local Hosted UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub username: String,
    pub password: String,
    pub email: String,
    pub name: String,
}

/// The user every default stack knows, printed by the binary so anyone can sign in.
pub fn demo_user() -> User {
    User {
        username: "demo".to_owned(),
        password: "CityTasks-demo1".to_owned(),
        email: "demo@example.com".to_owned(),
        name: "Demo User".to_owned(),
    }
}

/// A federated identity provider of the pool (Okta, Azure AD, another pool...) with its own
/// users, separate from the pool's. `/oauth2/authorize?identity_provider=<name>` signs them in;
/// their tokens look federated (`cognito:username` `<name>_<username>`, an `identities` claim).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FederatedProvider {
    /// The provider name as configured in the user pool.
    pub name: String,
    /// The text of the app's button for it (written into the generated `config.json`).
    pub label: String,
    pub users: Vec<User>,
}

/// A provider named `name` with one demo user, `<name in lower case>-user` /
/// `CityTasks-demo1` (e.g. `okta-user` for `Okta`).
pub fn federated_demo_provider(name: &str) -> FederatedProvider {
    let username = format!("{}-user", name.to_lowercase());
    FederatedProvider {
        name: name.to_owned(),
        label: format!("Sign in with {name}"),
        users: vec![User {
            email: format!("{username}@example.com"),
            name: format!("{name} User"),
            username,
            password: "CityTasks-demo1".to_owned(),
        }],
    }
}

/// Settings for [`crate::start`]. Port 0 asks the OS for a free port.
#[derive(Debug, Clone)]
pub struct Options {
    pub idp_port: u16,
    pub api_port: u16,
    /// When set, the built app in this directory is served on `app_port`.
    pub site_dir: Option<PathBuf>,
    pub app_port: u16,
    /// The app's origin when it is served elsewhere (e.g. by `trunk serve`).
    pub app_origin: String,
    /// More single-page apps signing in through the same app client, as a Cognito app client
    /// lists several callback URLs: each origin's `/home` is an allowed callback and its `/`
    /// an allowed sign-out URL, and the Tasks API's CORS allows it. The benchmark serves its
    /// React peer client this way, beside the app, against one stack.
    pub other_app_origins: Vec<String>,
    pub client_id: String,
    pub pool_id: String,
    /// Path prefix of the Tasks API: "/api" (2022) or "/api/v1" (2023).
    pub api_prefix: String,
    /// Where `tasks.sqlite` lives; `None` uses a temporary directory deleted on shutdown.
    pub data_dir: Option<PathBuf>,
    pub access_token_ttl: Duration,
    pub id_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    /// Refresh-token rotation, off by default like on a Cognito app client.
    pub refresh_rotation: bool,
    /// Enables the `/__test` endpoints.
    pub test_hooks: bool,
    pub users: Vec<User>,
    /// Federated identity providers and their users; none by default.
    pub providers: Vec<FederatedProvider>,
    /// The token the Tasks API accepts: access tokens (default) like the Tasks service, or ID
    /// tokens like an API Gateway Cognito authorizer without OAuth scopes. The generated
    /// `config.json` asks the app for the same.
    pub api_token: ApiToken,
    /// Extra fields of the generated `config.json` (e.g. `"showHostedUiLogin": false`), written
    /// over the ones derived from these options.
    pub app_config: Map<String, Value>,
    /// How the Tasks API's PUT treats fields the body leaves out; the test hook
    /// `POST /__test/put-mode` switches it while the stack runs.
    pub put_mode: PutMode,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            idp_port: 9000,
            api_port: 9001,
            site_dir: None,
            app_port: 8080,
            app_origin: "http://127.0.0.1:8080".to_owned(),
            other_app_origins: Vec::new(),
            client_id: "city-tasks-local".to_owned(),
            pool_id: "local_CityTasks".to_owned(),
            api_prefix: "/api".to_owned(),
            data_dir: None,
            access_token_ttl: Duration::from_secs(3600),
            id_token_ttl: Duration::from_secs(3600),
            refresh_token_ttl: Duration::from_secs(30 * 24 * 3600),
            refresh_rotation: false,
            test_hooks: false,
            users: vec![demo_user()],
            providers: Vec::new(),
            api_token: ApiToken::Access,
            app_config: Map::new(),
            put_mode: PutMode::Lenient,
        }
    }
}
