//! Unguessable identifiers: opaque tokens, codes and UUID-shaped ids.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A random URL-safe string carrying `bytes` bytes of entropy.
pub fn token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// A random version-4 UUID string.
pub fn uuid() -> String {
    let mut buf = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    format_uuid(buf)
}

/// A UUID-shaped id derived from `seed`: the same seed always gives the same id, so a user's
/// `sub` stays stable across restarts, as it does in a real user pool.
pub fn stable_uuid(seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    let mut buf = [0u8; 16];
    buf.copy_from_slice(&digest[..16]);
    format_uuid(buf)
}

fn format_uuid(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_uuid_is_stable_and_shaped() {
        let a = stable_uuid("pool/demo");
        assert_eq!(a, stable_uuid("pool/demo"));
        assert_ne!(a, stable_uuid("pool/other"));
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'4');
    }
}
