//! Secrets entered in the portal (client secrets, App+User refresh tokens) are stored sealed:
//! AES-256-GCM under the key from `[secrets] key`, never in the clear. Each sealed value is
//! bound to its account and field (the associated data), so a sealed secret copied into
//! another row or column does not open.
//!
//! Layout: version byte `1`, 12-byte random nonce, ciphertext with its 16-byte tag.

use aes_gcm::aead::{Aead, KeyInit, OsRng, Payload};
use aes_gcm::{AeadCore, Aes256Gcm, Key, Nonce};
use base64::Engine;
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

const VERSION: u8 = 1;
const NONCE_LEN: usize = 12;

/// Which secret of an account a sealed value holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealedField {
    ClientSecret,
    RefreshToken,
}

impl SealedField {
    fn label(self) -> &'static str {
        match self {
            SealedField::ClientSecret => "client_secret",
            SealedField::RefreshToken => "refresh_token",
        }
    }
}

/// A sealed value did not open: another key sealed it, or it was altered or moved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the stored {0} cannot be opened with this key (sealed with another key, or altered); enter it again"
)]
pub struct CannotOpen(pub &'static str);

/// The sealing key. `Debug` never shows it.
pub struct SecretBox {
    cipher: Aes256Gcm,
    /// Made up at start-up (demo mode without a configured key): sealed values last until the
    /// process stops.
    ephemeral: bool,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretBox")
            .field("ephemeral", &self.ephemeral)
            .finish_non_exhaustive()
    }
}

impl SecretBox {
    /// A key given as base64 of 32 bytes (`openssl rand -base64 32`).
    pub fn from_base64(text: &SecretString) -> Result<SecretBox, String> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.expose_secret().trim())
            .map_err(|_| "secrets.key is not base64; make one with `openssl rand -base64 32`".to_owned())?;
        if bytes.len() != 32 {
            return Err(format!(
                "secrets.key holds {} bytes, not 32; make one with `openssl rand -base64 32`",
                bytes.len()
            ));
        }
        Ok(SecretBox {
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&bytes)),
            ephemeral: false,
        })
    }

    /// A random key that lives as long as this process (demo mode only).
    pub fn ephemeral() -> SecretBox {
        SecretBox {
            cipher: Aes256Gcm::new(&Aes256Gcm::generate_key(OsRng)),
            ephemeral: true,
        }
    }

    pub fn is_ephemeral(&self) -> bool {
        self.ephemeral
    }

    pub fn seal(&self, account: Uuid, field: SealedField, secret: &str) -> Vec<u8> {
        let nonce = Aes256Gcm::generate_nonce(OsRng);
        let aad = associated_data(account, field);
        let ciphertext = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: secret.as_bytes(),
                    aad: &aad,
                },
            )
            .expect("AES-GCM encrypts any message shorter than 64 GiB");
        let mut sealed = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        sealed.push(VERSION);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        sealed
    }

    pub fn open(&self, account: Uuid, field: SealedField, sealed: &[u8]) -> Result<SecretString, CannotOpen> {
        let refused = || CannotOpen(field.label());
        let (&version, rest) = sealed.split_first().ok_or_else(refused)?;
        if version != VERSION || rest.len() < NONCE_LEN {
            return Err(refused());
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let aad = associated_data(account, field);
        let plain = self
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| refused())?;
        String::from_utf8(plain)
            .map(SecretString::from)
            .map_err(|_| refused())
    }
}

fn associated_data(account: Uuid, field: SealedField) -> Vec<u8> {
    format!("switchboard/partner_accounts/{account}/{}", field.label()).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SecretBox {
        SecretBox::from_base64(&SecretString::from(
            base64::engine::general_purpose::STANDARD.encode([7u8; 32]),
        ))
        .unwrap()
    }

    #[test]
    fn a_sealed_secret_opens_for_its_account_and_field_only() {
        let secrets = key();
        let account = Uuid::new_v4();
        let sealed = secrets.seal(account, SealedField::ClientSecret, "s3cr3t~value");
        assert!(
            !sealed.windows(6).any(|window| window == b"s3cr3t"),
            "the plain text is not in the sealed bytes"
        );
        let opened = secrets.open(account, SealedField::ClientSecret, &sealed).unwrap();
        assert_eq!(opened.expose_secret(), "s3cr3t~value");
        assert_eq!(
            secrets
                .open(Uuid::new_v4(), SealedField::ClientSecret, &sealed)
                .unwrap_err(),
            CannotOpen("client_secret"),
            "moved to another account"
        );
        assert!(
            secrets.open(account, SealedField::RefreshToken, &sealed).is_err(),
            "moved to another field"
        );
        let mut altered = sealed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert!(
            secrets
                .open(account, SealedField::ClientSecret, &altered)
                .is_err(),
            "altered"
        );
        assert!(
            SecretBox::ephemeral()
                .open(account, SealedField::ClientSecret, &sealed)
                .is_err(),
            "another key"
        );
        assert!(
            secrets.open(account, SealedField::ClientSecret, &[]).is_err(),
            "empty"
        );
    }

    #[test]
    fn sealing_twice_gives_different_bytes() {
        let secrets = key();
        let account = Uuid::new_v4();
        assert_ne!(
            secrets.seal(account, SealedField::ClientSecret, "same"),
            secrets.seal(account, SealedField::ClientSecret, "same")
        );
    }

    #[test]
    fn a_key_must_be_32_bytes_of_base64() {
        let short = SecretString::from(base64::engine::general_purpose::STANDARD.encode([1u8; 16]));
        assert!(
            SecretBox::from_base64(&short)
                .unwrap_err()
                .contains("16 bytes, not 32")
        );
        let garbage = SecretString::from("not base64!".to_owned());
        assert!(
            SecretBox::from_base64(&garbage)
                .unwrap_err()
                .contains("openssl rand -base64 32")
        );
        let debug = format!("{:?}", key());
        assert!(
            debug.contains("ephemeral: false") && !debug.contains('7'),
            "{debug}"
        );
    }
}
