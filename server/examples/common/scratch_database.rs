//! A database of its own for one benchmark run, on the server `DATABASE_URL` names: created
//! empty, then dropped afterwards unless `KEEP_DATABASE` is set (to look at it after the run).

use anyhow::{Context, Result};
use sqlx::{Connection, PgConnection};
use std::future::Future;

/// Runs `bench` with the URL of a new database named `{prefix}_{process id}`.
pub async fn with_scratch_database<F, Fut>(prefix: &str, bench: F) -> Result<()>
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let server_url = std::env::var("DATABASE_URL").context("DATABASE_URL must point at a Postgres server")?;
    let (server_url, _) = server_url
        .rsplit_once('/')
        .context("DATABASE_URL has no database name")?;
    let database = format!("{prefix}_{}", std::process::id());
    let mut admin = PgConnection::connect(&format!("{server_url}/postgres")).await?;
    sqlx::query(&format!("CREATE DATABASE \"{database}\""))
        .execute(&mut admin)
        .await?;
    let outcome = bench(format!("{server_url}/{database}")).await;
    if std::env::var_os("KEEP_DATABASE").is_some() {
        println!("kept database {database} (KEEP_DATABASE is set)");
        return outcome;
    }
    sqlx::query(&format!("DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"))
        .execute(&mut admin)
        .await?;
    outcome
}
