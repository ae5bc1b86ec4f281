//! `[[accounts]]`: the Partner Center accounts Switchboard serves. Secrets are never written in
//! the file: `client_secret` and `refresh_token` name where to read them (`env:NAME` or
//! `file:/path`), so the configuration and the database only ever hold that reference.

use app::accounts::Cloud;
use secrecy::SecretString;
use serde::{Deserialize, Deserializer, Serialize};
use std::path::PathBuf;
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSettings {
    /// What staff call the account ("Contoso Distribution (Global)").
    pub name: String,
    pub cloud: Cloud,
    /// The partner's Entra ID tenant.
    pub tenant_id: Uuid,
    /// The Partner Center app registration (web app) used for app-only and App+User tokens.
    pub client_id: Uuid,
    pub client_secret: SecretRef,
    /// The Secure Application Model refresh token, for App+User-only operations.
    #[serde(default)]
    pub refresh_token: Option<SecretRef>,
    #[serde(default)]
    pub mpn_id: Option<String>,
    /// Another Partner Center base URL than the cloud's (a proxy or a simulator).
    #[serde(default)]
    pub api_base_url: Option<String>,
    /// Another Entra ID authority host than the cloud's.
    #[serde(default)]
    pub authority_url: Option<String>,
    /// Countries whose offers to cache (ISO 3166 alpha-2); empty = the customers' countries.
    #[serde(default)]
    pub markets: Vec<String>,
    #[serde(default = "enabled")]
    pub enabled: bool,
}

fn enabled() -> bool {
    true
}

/// Where a secret is read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum SecretRef {
    /// An environment variable.
    Env(String),
    /// A file (trailing newlines dropped), e.g. a mounted Kubernetes or Docker secret.
    File(PathBuf),
}

impl SecretRef {
    pub fn parse(text: &str) -> Result<SecretRef, String> {
        let text = text.trim();
        if let Some(name) = text.strip_prefix("env:")
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Ok(SecretRef::Env(name.to_owned()));
        }
        if let Some(path) = text.strip_prefix("file:")
            && !path.is_empty()
        {
            return Ok(SecretRef::File(PathBuf::from(path)));
        }
        Err(
            "secrets are referenced, never written in the file: use \"env:VARIABLE_NAME\" or \"file:/path/to/secret\""
                .to_owned(),
        )
    }

    /// Reads the secret now.
    pub fn resolve(&self) -> Result<SecretString, String> {
        let text = match self {
            SecretRef::Env(name) => {
                std::env::var(name).map_err(|_| format!("environment variable {name} is not set"))?
            }
            SecretRef::File(path) => std::fs::read_to_string(path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))?,
        };
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Err(format!("{self} is empty"));
        }
        Ok(SecretString::from(text.to_owned()))
    }
}

impl std::fmt::Display for SecretRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecretRef::Env(name) => write!(f, "env:{name}"),
            SecretRef::File(path) => write!(f, "file:{}", path.display()),
        }
    }
}

impl From<SecretRef> for String {
    fn from(reference: SecretRef) -> String {
        reference.to_string()
    }
}

impl<'de> Deserialize<'de> for SecretRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        SecretRef::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_references_to_the_environment_or_a_file() {
        assert_eq!(
            SecretRef::parse("env:CONTOSO_SECRET"),
            Ok(SecretRef::Env("CONTOSO_SECRET".into()))
        );
        assert_eq!(
            SecretRef::parse("file:/run/secrets/contoso"),
            Ok(SecretRef::File("/run/secrets/contoso".into()))
        );
        for literal in ["s3cr3t~value", "env:", "env:has space", "file:"] {
            let error = SecretRef::parse(literal).unwrap_err();
            assert!(error.contains("env:VARIABLE_NAME"), "{literal}: {error}");
        }
    }

    #[test]
    fn a_file_secret_loses_its_trailing_newline_and_a_missing_one_is_named() {
        let directory = std::env::temp_dir().join(format!("switchboard-secret-{}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        let path = directory.join("secret");
        std::fs::write(&path, "abc~123\n").unwrap();
        let secret = SecretRef::File(path.clone()).resolve().unwrap();
        assert_eq!(secrecy::ExposeSecret::expose_secret(&secret), "abc~123");
        std::fs::remove_file(&path).unwrap();
        let error = SecretRef::File(path).resolve().unwrap_err();
        assert!(error.contains("cannot read"), "{error}");
        std::fs::remove_dir(&directory).unwrap();
        let error = SecretRef::Env("SWITCHBOARD_TEST_UNSET_SECRET".into())
            .resolve()
            .unwrap_err();
        assert_eq!(
            error,
            "environment variable SWITCHBOARD_TEST_UNSET_SECRET is not set"
        );
    }
}
