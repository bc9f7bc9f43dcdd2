//! RS256 signature verification with the browser's WebCrypto (`SubtleCrypto.importKey` of the
//! JWK, then `verify`): native, constant-time code instead of an RSA crate in the wasm.

use super::jwks::Jwk;
use super::jwt::SignedJwt;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why verification could not run at all (as opposed to a signature that does not match).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("WebCrypto could not {0}")]
pub struct WebCryptoError(&'static str);

const ALGORITHM: &str = r#"{"name":"RSASSA-PKCS1-v1_5","hash":"SHA-256"}"#;

/// True when `jwt`'s signature verifies with `jwk`.
pub async fn verify_rs256(jwk: &Jwk, jwt: &SignedJwt) -> Result<bool, WebCryptoError> {
    let subtle = web_sys::window()
        .ok_or(WebCryptoError("find the window"))?
        .crypto()
        .map_err(|_| WebCryptoError("be reached"))?
        .subtle();
    let algorithm = parse_object(ALGORITHM)?;
    let key_data = public_jwk(jwk)?;
    let usages = js_sys::Array::of1(&JsValue::from_str("verify"));
    let import = subtle
        .import_key_with_object("jwk", &key_data, &algorithm, false, &usages)
        .map_err(|_| WebCryptoError("import the key"))?;
    let key: web_sys::CryptoKey = JsFuture::from(import)
        .await
        .map_err(|_| WebCryptoError("import the key"))?
        .unchecked_into();
    let verify = subtle
        .verify_with_object_and_u8_array_and_u8_array(
            &algorithm,
            &key,
            &jwt.signature,
            &jwt.signing_input,
        )
        .map_err(|_| WebCryptoError("start verification"))?;
    let verdict = JsFuture::from(verify)
        .await
        .map_err(|_| WebCryptoError("verify"))?;
    Ok(verdict.as_bool() == Some(true))
}

/// Only the public RSA members, so a stray `key_ops` or `alg` spelling in the JWKS cannot make
/// the import fail.
fn public_jwk(jwk: &Jwk) -> Result<js_sys::Object, WebCryptoError> {
    let key = js_sys::Object::new();
    let members: [(&str, JsValue); 5] = [
        ("kty", "RSA".into()),
        (
            "n",
            jwk.n.as_deref().map_or(JsValue::NULL, JsValue::from_str),
        ),
        (
            "e",
            jwk.e.as_deref().map_or(JsValue::NULL, JsValue::from_str),
        ),
        ("alg", "RS256".into()),
        ("ext", JsValue::TRUE),
    ];
    for (name, value) in members {
        js_sys::Reflect::set(&key, &JsValue::from_str(name), &value)
            .map_err(|_| WebCryptoError("read the key"))?;
    }
    Ok(key)
}

fn parse_object(json: &str) -> Result<js_sys::Object, WebCryptoError> {
    js_sys::JSON::parse(json)
        .map_err(|_| WebCryptoError("read the key"))?
        .dyn_into::<js_sys::Object>()
        .map_err(|_| WebCryptoError("read the key"))
}
