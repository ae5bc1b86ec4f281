//! The harness itself: every portal it starts leaves no database behind, whether the test
//! stops it or fails before it can.

use anyhow::Result;
use e2e::Portal;
use sqlx::Connection;

async fn database_exists(name: &str) -> Result<bool> {
    let url = std::env::var("DATABASE_URL")?;
    let mut connection = sqlx::PgConnection::connect(&url).await?;
    let found: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_optional(&mut connection)
        .await?;
    Ok(found.is_some())
}

#[tokio::test]
async fn a_stopped_portal_leaves_no_database_behind() -> Result<()> {
    let portal = Portal::start().await?;
    let database = portal.database().to_owned();
    assert!(
        database_exists(&database).await?,
        "the portal did not create its database"
    );

    portal.stop().await?;

    assert!(!database_exists(&database).await?);
    Ok(())
}

#[tokio::test]
async fn a_portal_dropped_by_a_failing_test_leaves_no_database_behind() -> Result<()> {
    let portal = Portal::start().await?;
    let database = portal.database().to_owned();

    drop(portal);

    assert!(!database_exists(&database).await?);
    Ok(())
}
