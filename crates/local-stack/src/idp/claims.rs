//! The claims of Cognito's ID and access tokens.

use serde_json::{Map, Value, json};

use super::PoolUser;
use super::grants::SignIn;

/// Everything a token's claims are built from.
pub struct TokenContext<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub user: &'a PoolUser,
    pub sign_in: &'a SignIn,
    /// Present on the first ID token only: Cognito omits `nonce` on refreshed ID tokens.
    pub nonce: Option<&'a str>,
    pub now: u64,
    pub id_ttl: u64,
    pub access_ttl: u64,
}

pub fn id_claims(ctx: &TokenContext<'_>, jti: &str) -> Map<String, Value> {
    let user = &ctx.user.user;
    let mut claims = object(json!({
        "sub": ctx.user.sub,
        "aud": ctx.client_id,
        "iss": ctx.issuer,
        "exp": ctx.now + ctx.id_ttl,
        "iat": ctx.now,
        "auth_time": ctx.sign_in.auth_time,
        "token_use": "id",
        "cognito:username": ctx.user.pool_username,
        "email": user.email,
        "email_verified": true,
        "name": user.name,
        "jti": jti,
        "origin_jti": ctx.sign_in.origin_jti,
    }));
    if let Some(nonce) = ctx.nonce {
        claims.insert("nonce".into(), json!(nonce));
    }
    if let Some(provider) = &ctx.user.provider {
        // What Cognito adds for a user who came through a federated provider.
        claims.insert(
            "identities".into(),
            json!([{
                "userId": user.username,
                "providerName": provider,
                "providerType": "OIDC",
                "issuer": null,
                "primary": "true",
                "dateCreated": (ctx.sign_in.auth_time * 1000).to_string(),
            }]),
        );
        claims.insert(
            "cognito:groups".into(),
            json!([provider_group(ctx, provider)]),
        );
    }
    claims
}

/// The group Cognito puts every user of a federated provider in: `<user pool id>_<provider>`.
fn provider_group(ctx: &TokenContext<'_>, provider: &str) -> String {
    let pool_id = ctx.issuer.rsplit('/').next().unwrap_or_default();
    format!("{pool_id}_{provider}")
}

/// Access token claims. Deliberately no `aud`: Cognito access tokens have none.
pub fn access_claims(ctx: &TokenContext<'_>, jti: &str) -> Map<String, Value> {
    let mut claims = object(json!({
        "sub": ctx.user.sub,
        "iss": ctx.issuer,
        "exp": ctx.now + ctx.access_ttl,
        "iat": ctx.now,
        "auth_time": ctx.sign_in.auth_time,
        "token_use": "access",
        "scope": ctx.sign_in.scope,
        "client_id": ctx.client_id,
        "username": ctx.user.pool_username,
        "jti": jti,
        "origin_jti": ctx.sign_in.origin_jti,
    }));
    if let Some(provider) = &ctx.user.provider {
        claims.insert(
            "cognito:groups".into(),
            json!([provider_group(ctx, provider)]),
        );
    }
    claims
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::demo_user;

    #[test]
    fn id_and_access_claims_follow_cognito() {
        let user = PoolUser {
            user: demo_user(),
            sub: "s-1".into(),
            provider: None,
            pool_username: "demo".into(),
        };
        let sign_in = SignIn {
            username: "demo".into(),
            auth_time: 50,
            scope: "openid email".into(),
            origin_jti: "o-1".into(),
        };
        let ctx = TokenContext {
            issuer: "http://i/p",
            client_id: "c",
            user: &user,
            sign_in: &sign_in,
            nonce: Some("n-1"),
            now: 100,
            id_ttl: 60,
            access_ttl: 30,
        };
        let id = id_claims(&ctx, "j-1");
        assert_eq!(id["aud"], "c");
        assert_eq!(id["exp"], 160);
        assert_eq!(id["auth_time"], 50);
        assert_eq!(id["nonce"], "n-1");
        assert_eq!(id["cognito:username"], "demo");
        let access = access_claims(&ctx, "j-2");
        assert!(!access.contains_key("aud"));
        assert_eq!(access["client_id"], "c");
        assert_eq!(access["exp"], 130);
        assert_eq!(access["token_use"], "access");
        assert!(!id.contains_key("identities"));
    }

    #[test]
    fn federated_users_look_federated() {
        let user = PoolUser {
            user: crate::options::federated_demo_provider("Okta").users[0].clone(),
            sub: "s-2".into(),
            provider: Some("Okta".into()),
            pool_username: "Okta_okta-user".into(),
        };
        let sign_in = SignIn {
            username: "Okta_okta-user".into(),
            auth_time: 50,
            scope: "openid".into(),
            origin_jti: "o-1".into(),
        };
        let ctx = TokenContext {
            issuer: "http://127.0.0.1:9000/local_CityTasks",
            client_id: "c",
            user: &user,
            sign_in: &sign_in,
            nonce: None,
            now: 100,
            id_ttl: 60,
            access_ttl: 30,
        };
        let id = id_claims(&ctx, "j-1");
        assert_eq!(id["cognito:username"], "Okta_okta-user");
        assert_eq!(id["identities"][0]["providerName"], "Okta");
        assert_eq!(id["identities"][0]["userId"], "okta-user");
        assert_eq!(id["cognito:groups"], json!(["local_CityTasks_Okta"]));
        let access = access_claims(&ctx, "j-2");
        assert_eq!(access["username"], "Okta_okta-user");
        assert_eq!(access["cognito:groups"], json!(["local_CityTasks_Okta"]));
    }
}
