//! The `staff_sessions` rows behind the admin page of active sessions: one per sign-in, its
//! last request (written at most once a minute), and how it ended.

use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

/// How stale a session's "last seen" may be in the list before a request refreshes it.
const LAST_SEEN_RESOLUTION: time::Duration = time::Duration::minutes(1);

/// Records a new sign-in whose store row is `session_id`.
pub async fn record(
    pool: &PgPool,
    sign_in: Uuid,
    session_id: &str,
    staff: Uuid,
    at: OffsetDateTime,
    user_agent: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO staff_sessions (id, session_id, staff_id, signed_in_at, last_seen_at, user_agent)
         VALUES ($1, $2, $3, $4, $4, $5)",
        sign_in,
        session_id,
        staff,
        at,
        user_agent.map(|agent| agent.chars().take(300).collect::<String>()),
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether a request at `now` should refresh a "last seen" of `previous`.
pub fn is_due(previous: OffsetDateTime, now: OffsetDateTime) -> bool {
    now - previous >= LAST_SEEN_RESOLUTION
}

pub async fn touch(pool: &PgPool, sign_in: Uuid, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE staff_sessions SET last_seen_at = $2 WHERE id = $1 AND ended_at IS NULL",
        sign_in,
        now
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Marks a sign-in ended by its own logout.
pub async fn logged_out(pool: &PgPool, sign_in: Uuid, staff: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE staff_sessions SET ended_at = now(), ended_by = $2, end_reason = 'logout'
         WHERE id = $1 AND ended_at IS NULL",
        sign_in,
        staff
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Forgets sign-ins whose session is gone for more than 30 days (the audit log keeps the
/// sign-ins and sign-outs themselves).
pub async fn sweep(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM staff_sessions s WHERE s.last_seen_at < now() - interval '30 days'
           AND NOT EXISTS (SELECT 1 FROM tower_sessions.session t WHERE t.id = s.session_id)"
    )
    .execute(pool)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::is_due;
    use time::macros::datetime;

    #[test]
    fn last_seen_is_refreshed_at_most_once_a_minute() {
        let at = datetime!(2026-11-21 10:00 UTC);
        assert!(!is_due(at, at + time::Duration::seconds(59)));
        assert!(is_due(at, at + time::Duration::seconds(60)));
    }
}
