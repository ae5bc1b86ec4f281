//! The Postgres pool: created once at start-up, database created if missing, migrations applied.

use crate::config::DatabaseSettings;
use secrecy::ExposeSecret;
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool, Postgres};
use std::str::FromStr;

/// Start-up could not get a usable database; `Display` is one line with the fix.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("invalid configuration: database.url is not a Postgres URL ({0})")]
    BadUrl(String),
    #[error(
        "cannot reach Postgres at {target}: {reason}. Start Postgres, or set DATABASE_URL to a reachable \
         server (./scripts/serve starts a private one)"
    )]
    Unreachable { target: String, reason: String },
    #[error(
        "cannot create database {target}: {reason}. Create it by hand or give a role allowed to (CREATEDB)"
    )]
    CreateFailed { target: String, reason: String },
    #[error("cannot apply database migrations to {target}: {reason}")]
    Migrations { target: String, reason: String },
}

/// Connects to the configured database (creating it if allowed and missing) and migrates it.
#[tracing::instrument(skip_all)]
pub async fn connect_and_migrate(settings: &DatabaseSettings) -> Result<PgPool, DatabaseError> {
    let url = settings.url.expose_secret();
    let options =
        PgConnectOptions::from_str(url).map_err(|error| DatabaseError::BadUrl(error.to_string()))?;
    let target = describe_target(&options);

    if settings.create_if_missing {
        create_database_if_missing(url, &target).await?;
    }
    let pool = PgPoolOptions::new()
        .max_connections(settings.max_connections)
        .acquire_timeout(settings.connect_timeout())
        .connect_with(options.log_statements(tracing::log::LevelFilter::Debug))
        .await
        .map_err(|error| DatabaseError::Unreachable {
            target: target.clone(),
            reason: reason(&error),
        })?;
    sqlx::migrate!("../migrations")
        .run(&pool)
        .await
        .map_err(|error| DatabaseError::Migrations {
            target: target.clone(),
            reason: error.to_string(),
        })?;
    tracing::info!(database = %target, "database ready, migrations applied");
    Ok(pool)
}

async fn create_database_if_missing(url: &str, target: &str) -> Result<(), DatabaseError> {
    let exists = Postgres::database_exists(url)
        .await
        .map_err(|error| DatabaseError::Unreachable {
            target: target.to_owned(),
            reason: reason(&error),
        })?;
    if !exists {
        Postgres::create_database(url)
            .await
            .map_err(|error| DatabaseError::CreateFailed {
                target: target.to_owned(),
                reason: reason(&error),
            })?;
        tracing::info!(database = %target, "created database");
    }
    Ok(())
}

/// `host:port/database`: names the database in messages without the user or password.
pub fn describe_target(options: &PgConnectOptions) -> String {
    format!(
        "{}:{}/{}",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or("(default database)")
    )
}

/// The most specific cause sqlx gives, without the connection string.
fn reason(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::Database(database) => database.message().to_owned(),
        sqlx::Error::PoolTimedOut => "timed out waiting for a connection".to_owned(),
        other => other.to_string(),
    }
}
