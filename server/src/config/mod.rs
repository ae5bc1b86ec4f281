//! Typed configuration: built-in defaults, then an optional TOML file, then the environment.
//!
//! Precedence (last wins): defaults → `switchboard.toml` (or `--config FILE`) → `DATABASE_URL`
//! → `SWITCHBOARD_*` variables, where `__` separates sections: `SWITCHBOARD_HTTP__ADDRESS`.
//! Loading fails fast with one line naming the bad key, where it came from and what fits.

mod accounts;
mod auth;
mod commands;
mod sync;
mod validate;

pub use accounts::{AccountSettings, SecretRef};
pub use auth::{AuthSettings, GrantRule};
pub use commands::CommandSettings;
pub use sync::{DemoMode, DemoSettings, Schedule, Schedules, SyncSettings};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The file read when no `--config` is given, if it exists.
pub const DEFAULT_CONFIG_FILE: &str = "switchboard.toml";

/// Everything the server needs to start.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub http: HttpSettings,
    pub site: SiteSettings,
    pub database: DatabaseSettings,
    pub telemetry: TelemetrySettings,
    pub sync: SyncSettings,
    pub commands: CommandSettings,
    pub demo: DemoSettings,
    pub auth: AuthSettings,
    /// The key that seals secrets entered in the portal.
    #[serde(default)]
    pub secrets: SecretsSettings,
    /// The Partner Center accounts; none = demo mode (unless `demo.mode = "off"`).
    #[serde(default)]
    pub accounts: Vec<AccountSettings>,
}

/// Where and how the HTTP server listens.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    /// `host:port` to listen on; port 0 picks a free port (tests).
    pub address: SocketAddr,
    /// Longest time one request may take before it is answered 408.
    pub request_timeout_seconds: u64,
    /// Longest time shutdown waits for in-flight requests to finish.
    pub shutdown_timeout_seconds: u64,
}

/// The compiled front end (cargo-leptos output).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    /// Directory holding `pkg/` (wasm, js, css) and the public assets.
    pub root: PathBuf,
}

/// The one Postgres database Switchboard owns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `postgres://user:password@host:port/database`; a secret, never logged.
    pub url: SecretString,
    /// Upper bound of pooled connections.
    pub max_connections: u32,
    /// How long start-up and each query wait for a connection.
    pub connect_timeout_seconds: u64,
    /// Create the database named in `url` if the server has none by that name.
    pub create_if_missing: bool,
}

/// `[secrets]`: client secrets and refresh tokens entered in the portal are stored sealed
/// (AES-256-GCM) with `key`: 32 random bytes, base64 (`openssl rand -base64 32`), referenced
/// like every secret (`env:NAME` or `file:/path`). Without it, accounts can be added in the
/// portal only in demo mode, sealed with a key that lasts until the process stops.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsSettings {
    #[serde(default)]
    pub key: Option<SecretRef>,
}

/// How logs are written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelemetrySettings {
    pub format: LogFormat,
    /// A `tracing` filter such as `info` or `info,server=debug`; `RUST_LOG` overrides it.
    pub filter: String,
}

/// Human-readable lines for a terminal, or one JSON object per line for log collectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

/// The configuration could not be loaded; `Display` is one line saying what and how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {0} does not exist; pass an existing file to --config")]
    MissingFile(PathBuf),
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

/// Built-in defaults: a local portal on 127.0.0.1:3000 backed by a local `switchboard` database.
#[derive(Serialize)]
struct Defaults {
    http: HttpSettings,
    site: SiteSettings,
    database: DatabaseDefaults,
    telemetry: TelemetrySettings,
    sync: SyncSettings,
    commands: CommandSettings,
    demo: DemoSettings,
    auth: AuthSettings,
}

#[derive(Serialize)]
struct DatabaseDefaults {
    url: &'static str,
    max_connections: u32,
    connect_timeout_seconds: u64,
    create_if_missing: bool,
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            http: HttpSettings {
                address: SocketAddr::from(([127, 0, 0, 1], 3000)),
                request_timeout_seconds: 30,
                shutdown_timeout_seconds: 20,
            },
            site: SiteSettings {
                root: PathBuf::from("target/site"),
            },
            database: DatabaseDefaults {
                url: "postgres://127.0.0.1:5432/switchboard",
                max_connections: 10,
                connect_timeout_seconds: 5,
                create_if_missing: true,
            },
            telemetry: TelemetrySettings {
                format: LogFormat::Pretty,
                filter: "info".into(),
            },
            sync: SyncSettings::default(),
            commands: CommandSettings::default(),
            demo: DemoSettings::default(),
            auth: AuthSettings::default(),
        }
    }
}

impl Settings {
    /// The built-in defaults alone, ignoring files and the environment.
    pub fn defaults() -> Self {
        Figment::from(Serialized::defaults(Defaults::default()))
            .extract()
            .expect("the built-in defaults are valid settings")
    }

    /// Loads settings from `file` (or `switchboard.toml` if present) and the process environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Defaults::default()));
        match file {
            Some(path) if !path.is_file() => return Err(ConfigError::MissingFile(path.to_owned())),
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => {
                figment = figment.merge(Toml::file_exact(DEFAULT_CONFIG_FILE));
            }
            None => {}
        }
        let settings: Settings = figment
            .merge(Env::raw().only(&["DATABASE_URL"]).map(|_| "database.url".into()))
            .merge(Env::prefixed("SWITCHBOARD_").ignore(&["CONFIG"]).split("__"))
            .extract()
            .map_err(|error| ConfigError::Invalid(describe(error)))?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |message: &str| Err(ConfigError::Invalid(message.to_owned()));
        if self.database.max_connections == 0 {
            return invalid("database.max_connections must be at least 1");
        }
        if self.database.connect_timeout_seconds == 0 {
            return invalid("database.connect_timeout_seconds must be at least 1");
        }
        if self.http.request_timeout_seconds == 0 {
            return invalid("http.request_timeout_seconds must be at least 1");
        }
        self.validate_sync()?;
        self.validate_accounts()?;
        self.auth.validate().map_err(ConfigError::Invalid)?;
        let url = self.database.url.expose_secret();
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return invalid(
                "database.url must start with postgres:// (for example postgres://user:password@127.0.0.1:5432/switchboard)",
            );
        }
        Ok(())
    }
}

impl HttpSettings {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_seconds)
    }

    pub fn shutdown_timeout(&self) -> Duration {
        Duration::from_secs(self.shutdown_timeout_seconds)
    }
}

impl DatabaseSettings {
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs(self.connect_timeout_seconds)
    }
}

/// One line for all figment errors: each names the key, the problem and where the value came from.
fn describe(error: figment::Error) -> String {
    error.into_iter().map(describe_one).collect::<Vec<_>>().join("; ")
}

fn describe_one(error: figment::Error) -> String {
    let key = error.path.join(".").to_lowercase();
    let source = match &error.metadata {
        Some(metadata) if metadata.name.contains("SWITCHBOARD_") => {
            let variable = error
                .path
                .iter()
                .map(|part| part.to_uppercase())
                .collect::<Vec<_>>()
                .join("__");
            format!(" (from environment variable SWITCHBOARD_{variable})")
        }
        Some(metadata) if metadata.name.contains("environment") => {
            " (from environment variable DATABASE_URL)".into()
        }
        Some(metadata) => match &metadata.source {
            Some(source) => format!(" (from {source})"),
            None => format!(" (from {})", metadata.name),
        },
        None => String::new(),
    };
    let problem = error
        .kind
        .to_string()
        .replace("``", "`")
        .replace("`one of ", "one of ");
    let hint = match key.as_str() {
        "http.address" => "; expected host:port such as 127.0.0.1:3000",
        _ => "",
    };
    let line = if key.is_empty() {
        format!("{problem}{source}")
    } else {
        format!("{key}: {problem}{hint}{source}")
    };
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment::Jail closures must return figment::Error
mod tests;
