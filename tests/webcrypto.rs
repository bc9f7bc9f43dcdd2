//! Browser tests for RS256 verification through WebCrypto with real RSA keys: a genuine
//! signature verifies, a tampered token or another key's signature does not.
//! Fixtures: two 2048-bit keys made with `openssl genrsa`; only their public halves and one
//! token signed by the first (`openssl dgst -sha256 -sign`) are kept here.
#![cfg(target_arch = "wasm32")]

use city_tasks::internals::{Jwk, parse_signed_jwt, verify_rs256};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const KEY_1_N: &str = "0R5CiuoXcyL5cbwvAGzkCRh6sWZP7CYpdVN4FLA3PIUfyj9-EoBvcUDAslj8yQIJm6LHW3ReSvPy2p_eCJET26kEyL0k5-gCzPMM88t6Xdcy5TTGg49_tzYtAvpeUgqkikQLk21I8lOms-rASh1TJOeRmxZp7nc3TXUZqUEw9CYO5YcYVGKot-gVhHvmcc-Io1p0ew-9cLWt9gvBFwezhDNr8H32MtRxxuMYQcUGdvut4pWmgJpbm5jaN5tudYL9Ftz9GLN9MI--P0MY1ImDy1oJbXoyDNv0-esCYHV-gn6KSzzZ79Ql9hykiAqHDHvYQvWLz4NkYu7zUCwRR8s0zw";
const KEY_2_N: &str = "mZ-XRjI1Tqk_qJoSsTw720nlVLX21r6V8pMu4y1XjL_1ZbU2gLO8I1oq4Z_0CvehaWGZBgVfYClFv8uZGATFFzqykWHk-bwQZ24fVCXC9zqMpnjx3jLW96q1GMP22nIT7nvt_Wc6VLEC8AagBRzsdJvDdC4ds2RukcVv_V71Mbtxu3H87T7tEvRAlpB3VvVDjwVG4xYMRLUc_Un4Qz8jhGEJVAaa229tqCweX6FiLhfsQo1z3mKAswHHGL9ZEBEQrE4yULUrs45jgw7EvKycURc1Ld-rm8yKZyYYUH-cP3uAD29WyaEer2QDWzdGM6-4ku-OpKnSgiKtLyX4xqBD2Q";
/// Header `{"alg":"RS256","kid":"key-1"}`, payload `{"sub":"user-1","token_use":"id"}`, signed by key 1.
const TOKEN: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImtleS0xIn0.eyJzdWIiOiJ1c2VyLTEiLCJ0b2tlbl91c2UiOiJpZCJ9.OVtwkdQdNEiMuJ7wO6GhB62reo-3p0jMMBAbpf6e-5tVog3q1QVx5ZwhMvgnGvsKgrsW2J2staMH4Y9EGg3sn_aPDyL3COPB-ZLK0n59TBntbyaEpi7FQ1AQO6uLlvlw7Fxy6yrBfS05_UXlae0J21bfhXwpQM4hle5I66FKsqmuhZq2LokPT-yNpDuOZEu5zq7uR6trWxu8CoIB25fnkuM_h6er8HWsjOFLF2iD1waONwJBkoqbC9jM97MzBeVs9hQAfZrbCScUFkFRGCssJ6B_nshoR6CfGyQYbjg6d_pJUa99JwPStuykC1XsLhY2dGG2QI0Yk16Yax85crGBpQ";

fn jwk(n: &str) -> Jwk {
    Jwk {
        kty: Some("RSA".into()),
        kid: Some("key".into()),
        key_use: Some("sig".into()),
        alg: Some("RS256".into()),
        n: Some(n.into()),
        e: Some("AQAB".into()),
    }
}

#[wasm_bindgen_test]
async fn genuine_signature_verifies() {
    let jwt = parse_signed_jwt(TOKEN).expect("well formed");
    assert_eq!(verify_rs256(&jwk(KEY_1_N), &jwt).await, Ok(true));
}

#[wasm_bindgen_test]
async fn tampered_payload_fails() {
    let mut parts: Vec<&str> = TOKEN.split('.').collect();
    // {"sub":"user-2","token_use":"id"}: same shape, another user.
    parts[1] = "eyJzdWIiOiJ1c2VyLTIiLCJ0b2tlbl91c2UiOiJpZCJ9";
    let jwt = parse_signed_jwt(&parts.join(".")).expect("well formed");
    assert_eq!(verify_rs256(&jwk(KEY_1_N), &jwt).await, Ok(false));
}

#[wasm_bindgen_test]
async fn tampered_signature_fails() {
    let mut jwt = parse_signed_jwt(TOKEN).expect("well formed");
    jwt.signature[10] ^= 0x55;
    assert_eq!(verify_rs256(&jwk(KEY_1_N), &jwt).await, Ok(false));
}

#[wasm_bindgen_test]
async fn another_key_fails() {
    let jwt = parse_signed_jwt(TOKEN).expect("well formed");
    assert_eq!(verify_rs256(&jwk(KEY_2_N), &jwt).await, Ok(false));
}

#[wasm_bindgen_test]
async fn a_broken_key_is_an_error_not_a_pass() {
    let jwt = parse_signed_jwt(TOKEN).expect("well formed");
    let verdict = verify_rs256(
        &Jwk {
            n: Some("!!".into()),
            ..jwk(KEY_1_N)
        },
        &jwt,
    )
    .await;
    assert!(verdict.is_err(), "{verdict:?}");
    let missing = verify_rs256(
        &Jwk {
            n: None,
            e: None,
            ..jwk(KEY_1_N)
        },
        &jwt,
    )
    .await;
    assert!(missing.is_err(), "{missing:?}");
}
