//! One instance syncs an account at a time: a session-level advisory lock held on a dedicated
//! connection for as long as the instance works on the account. A crashed instance's
//! connection closes and Postgres releases its locks at once.

use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres};
use uuid::Uuid;

/// The lock class of account locks ("SWSY").
const LOCK_CLASS: i32 = 0x5357_5359;

pub struct AccountLock {
    account: Uuid,
    connection: Option<PoolConnection<Postgres>>,
}

impl AccountLock {
    /// Takes the account's lock if no other session holds it.
    pub async fn try_acquire(pool: &PgPool, account: Uuid) -> Result<Option<AccountLock>, sqlx::Error> {
        let mut connection = pool.acquire().await?;
        let locked: bool = sqlx::query_scalar!(
            r#"SELECT pg_try_advisory_lock($1, hashtext($2::text)) AS "locked!""#,
            LOCK_CLASS,
            account.to_string()
        )
        .fetch_one(&mut *connection)
        .await?;
        Ok(locked.then(|| AccountLock {
            account,
            connection: Some(connection),
        }))
    }

    /// Whether the lock's session is still alive (if not, Postgres has released the lock).
    pub async fn is_held(&mut self) -> bool {
        match self.connection.as_mut() {
            Some(connection) => sqlx::query("SELECT 1").execute(&mut **connection).await.is_ok(),
            None => false,
        }
    }

    /// Releases the lock and returns the connection to the pool.
    pub async fn release(mut self) {
        if let Some(mut connection) = self.connection.take() {
            let unlocked = sqlx::query_scalar!(
                r#"SELECT pg_advisory_unlock($1, hashtext($2::text)) AS "unlocked!""#,
                LOCK_CLASS,
                self.account.to_string()
            )
            .fetch_one(&mut *connection)
            .await;
            if !matches!(unlocked, Ok(true)) {
                // Never hand a connection that may still hold the lock back to the pool.
                connection.close_on_drop();
            }
        }
    }
}

impl Drop for AccountLock {
    fn drop(&mut self) {
        if let Some(mut connection) = self.connection.take() {
            connection.close_on_drop();
        }
    }
}

/// The lock class of merge locks ("SWMG").
const MERGE_CLASS: i32 = 0x5357_4d47;

/// Merges of one account's datasets take turns: each updates the account's customer rows (their
/// per-dataset read marks) in whatever order its plan visits them, and two at once could
/// deadlock. Held until `tx` ends; reading and staging stay parallel.
pub async fn lock_merges(tx: &mut sqlx::PgConnection, account: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "SELECT pg_advisory_xact_lock($1, hashtext($2::text))",
        MERGE_CLASS,
        account.to_string()
    )
    .execute(tx)
    .await?;
    Ok(())
}
