//! PKCE (RFC 7636) with the only method Cognito supports, S256.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// The S256 challenge of a verifier: base64url-no-pad(sha256(verifier)).
pub fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// True when `verifier` is well-formed (43-128 unreserved characters) and hashes to `challenge`.
pub fn verify_s256(verifier: &str, challenge: &str) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    well_formed && s256_challenge(verifier) == challenge
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 7636 Appendix B (the exact published pair).
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn rfc7636_appendix_b() {
        assert_eq!(s256_challenge(VERIFIER), CHALLENGE);
        assert!(verify_s256(VERIFIER, CHALLENGE));
    }

    #[test]
    fn wrong_or_malformed_verifiers_fail() {
        assert!(!verify_s256(
            "dBjftJeZ4CVP-mJ0kjFj1LR9-3F6qVqDmWkHMF2yYNN",
            CHALLENGE
        ));
        assert!(!verify_s256("short", &s256_challenge("short")));
        let bad_chars = "dBjftJeZ4CVP+mJ0kjFj1LR9/3F6qVqDmWkHMF2yYNM";
        assert!(!verify_s256(bad_chars, &s256_challenge(bad_chars)));
    }
}
