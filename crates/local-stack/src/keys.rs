//! RSA signing keys of the sign-in server and the JWKS they are published in.
//!
//! Like Cognito, ID tokens and access tokens are signed with different keys (different `kid`s).
//! Test faults can add keys that are deliberately not (yet) published, so the key that signs a
//! token and the keys a client can find are tracked separately.

use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::pkcs1v15::{SigningKey, VerifyingKey};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Key size used for every generated key: what Cognito uses.
const KEY_BITS: usize = 2048;

/// One RSA key pair with its key id.
pub struct KeyPair {
    pub kid: String,
    pub signing: SigningKey<Sha256>,
    pub verifying: VerifyingKey<Sha256>,
    public: RsaPublicKey,
}

impl KeyPair {
    /// Generates a fresh 2048-bit key. CPU-heavy (tenths of a second): call it off the async
    /// executor, e.g. inside `spawn_blocking`.
    pub fn generate() -> anyhow::Result<KeyPair> {
        let private = RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS)?;
        let public = RsaPublicKey::from(&private);
        // A kid derived from the modulus is stable for the key and unique in practice.
        let digest = Sha256::digest(public.n().to_bytes_be());
        let kid = URL_SAFE_NO_PAD.encode(&digest[..18]);
        Ok(KeyPair {
            kid,
            signing: SigningKey::<Sha256>::new(private),
            verifying: VerifyingKey::<Sha256>::new(public.clone()),
            public,
        })
    }

    /// The public half as a JWK, the way Cognito's jwks.json lists it.
    pub fn jwk(&self) -> Value {
        json!({
            "alg": "RS256",
            "e": URL_SAFE_NO_PAD.encode(self.public.e().to_bytes_be()),
            "kid": self.kid,
            "kty": "RSA",
            "n": URL_SAFE_NO_PAD.encode(self.public.n().to_bytes_be()),
            "use": "sig",
        })
    }
}

/// The keys in use and the keys published in the JWKS.
pub struct KeyStore {
    id_key: RwLock<Arc<KeyPair>>,
    access_key: Arc<KeyPair>,
    published: RwLock<Vec<Arc<KeyPair>>>,
}

impl KeyStore {
    /// Generates the ID-token and access-token keys and publishes both.
    pub fn generate() -> anyhow::Result<KeyStore> {
        let id_key = Arc::new(KeyPair::generate()?);
        let access_key = Arc::new(KeyPair::generate()?);
        Ok(KeyStore {
            published: RwLock::new(vec![id_key.clone(), access_key.clone()]),
            id_key: RwLock::new(id_key),
            access_key,
        })
    }

    pub fn id_key(&self) -> Arc<KeyPair> {
        read(&self.id_key).clone()
    }

    pub fn access_key(&self) -> Arc<KeyPair> {
        self.access_key.clone()
    }

    /// Makes `key` the ID-token key from now on (a key rotation). It is not published here:
    /// call [`KeyStore::publish`] when clients may find it.
    pub fn set_id_key(&self, key: Arc<KeyPair>) {
        *write(&self.id_key) = key;
    }

    pub fn publish(&self, key: Arc<KeyPair>) {
        let mut published = write(&self.published);
        if !published.iter().any(|k| k.kid == key.kid) {
            published.push(key);
        }
    }

    /// A published key by kid: the only keys a relying party could verify with.
    pub fn published_key(&self, kid: &str) -> Option<Arc<KeyPair>> {
        read(&self.published).iter().find(|k| k.kid == kid).cloned()
    }

    pub fn jwks(&self) -> Value {
        let keys: Vec<Value> = read(&self.published).iter().map(|k| k.jwk()).collect();
        json!({ "keys": keys })
    }
}

// A panic while holding one of these locks cannot leave the key list half-written (each write
// is a single assignment or push), so a poisoned lock is safe to keep using.
fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
