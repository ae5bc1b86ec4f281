//! RS256 signing keys, one per cloud authority (tokens of one cloud do not verify in
//! another), derived from the seed and published as a JWKS with a `kid`.

use crate::cloud::Cloud;
use crate::dice::Dice;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::RsaPrivateKey;
use rsa::pkcs1v15::{SigningKey as RsaSigner, VerifyingKey};
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// One authority's key pair.
pub struct SigningKey {
    pub kid: String,
    pub signer: RsaSigner<Sha256>,
    pub verifier: VerifyingKey<Sha256>,
    /// Public modulus and exponent, base64url (for the JWKS).
    pub n: String,
    pub e: String,
}

/// The keys of all four authorities.
pub struct Keys {
    keys: Vec<(Cloud, SigningKey)>,
}

impl Keys {
    /// The keys for `seed`; generated once per process and shared (RSA generation is slow).
    pub fn for_seed(seed: u64) -> Arc<Keys> {
        static CACHE: OnceLock<Mutex<HashMap<u64, Arc<Keys>>>> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        if let Some(keys) = cache.lock().expect("key cache lock").get(&seed) {
            return Arc::clone(keys);
        }
        let keys = Arc::new(Keys::generate(seed));
        cache
            .lock()
            .expect("key cache lock")
            .insert(seed, Arc::clone(&keys));
        keys
    }

    fn generate(seed: u64) -> Keys {
        let keys = std::thread::scope(|scope| {
            let workers: Vec<_> = Cloud::ALL
                .map(|cloud| scope.spawn(move || (cloud, SigningKey::generate(seed, cloud))))
                .into_iter()
                .collect();
            workers
                .into_iter()
                .map(|worker| worker.join().expect("key generation does not panic"))
                .collect()
        });
        Keys { keys }
    }

    pub fn for_cloud(&self, cloud: Cloud) -> &SigningKey {
        &self
            .keys
            .iter()
            .find(|(key_cloud, _)| *key_cloud == cloud)
            .expect("every cloud has a key")
            .1
    }

    /// The key with `kid` and the cloud whose authority signs with it.
    pub fn by_kid(&self, kid: &str) -> Option<(Cloud, &SigningKey)> {
        self.keys
            .iter()
            .find(|(_, key)| key.kid == kid)
            .map(|(cloud, key)| (*cloud, key))
    }

    /// The JWKS document of `cloud`'s authority.
    pub fn jwks(&self, cloud: Cloud) -> Value {
        let key = self.for_cloud(cloud);
        json!({ "keys": [ { "kty": "RSA", "use": "sig", "alg": "RS256", "kid": key.kid, "n": key.n, "e": key.e } ] })
    }
}

impl SigningKey {
    fn generate(seed: u64, cloud: Cloud) -> SigningKey {
        let mut dice = Dice::new(seed, "signing-key", cloud as u64);
        let private = RsaPrivateKey::new(dice.rng(), 2048).expect("2048-bit RSA keys can be generated");
        let public = private.to_public_key();
        let modulus = public.n().to_bytes_be();
        let kid = URL_SAFE_NO_PAD.encode(Sha256::digest(&modulus))[..27].to_owned();
        SigningKey {
            kid,
            n: URL_SAFE_NO_PAD.encode(&modulus),
            e: URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
            verifier: VerifyingKey::new(public),
            signer: RsaSigner::new(private),
        }
    }
}
