//! PKCE (RFC 7636) with S256: a verifier made from fresh random bytes computes its own challenge.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// How many random bytes go into verifiers, `state` and `nonce`: 32 bytes give 43 characters,
/// the shortest verifier RFC 7636 allows, with 256 bits of entropy.
pub const RANDOM_BYTES: usize = 32;

/// A PKCE code verifier; only ever sent to the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeVerifier(String);

impl CodeVerifier {
    /// Encodes random bytes (from `crypto.getRandomValues`) as the verifier.
    pub fn from_random(bytes: &[u8; RANDOM_BYTES]) -> Self {
        Self(random_token(bytes))
    }

    /// Wraps a verifier read back from storage.
    pub fn from_stored(verifier: String) -> Self {
        Self(verifier)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `BASE64URL(SHA256(verifier))`, the `code_challenge` for `code_challenge_method=S256`.
    pub fn challenge(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.0.as_bytes()))
    }
}

/// URL-safe text from random bytes, for `state` and `nonce` values.
pub fn random_token(bytes: &[u8; RANDOM_BYTES]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_rfc_7636_appendix_b() {
        let bytes: [u8; 32] = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        let verifier = CodeVerifier::from_random(&bytes);
        assert_eq!(
            verifier.as_str(),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
        assert_eq!(
            verifier.challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifier_has_allowed_length_and_alphabet() {
        let verifier = CodeVerifier::from_random(&[0xff; RANDOM_BYTES]);
        assert_eq!(verifier.as_str().len(), 43);
        assert!(
            verifier
                .as_str()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn stored_verifier_computes_the_same_challenge() {
        let fresh = CodeVerifier::from_random(&[7; RANDOM_BYTES]);
        let stored = CodeVerifier::from_stored(fresh.as_str().to_string());
        assert_eq!(fresh.challenge(), stored.challenge());
    }
}
