//! SQL for the admin pages of grants and sessions. Changes return the row before and after,
//! for the audit log.

use super::access::{Everywhere, Visible};
use super::{ActiveSession, GrantRow, PersonGrants, Role, SessionPolicy};
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// Everyone who has signed in, with their active grants on the accounts in `visible` and on
/// all accounts, by name.
pub async fn people_with_grants(pool: &PgPool, visible: &Visible) -> Result<Vec<PersonGrants>, sqlx::Error> {
    let people = sqlx::query!(
        "SELECT id, name, username, last_sign_in_at FROM staff_members ORDER BY lower(name), id"
    )
    .fetch_all(pool)
    .await?;
    let grants = sqlx::query!(
        r#"SELECT g.id, g.staff_id, g.role AS "role: Role", g.account_id, a.name AS "account_name?", g.source,
                  b.name AS "granted_by?", g.granted_at
           FROM role_grants g
           LEFT JOIN partner_accounts a ON a.id = g.account_id
           LEFT JOIN staff_members b ON b.id = g.granted_by
           WHERE g.revoked_at IS NULL AND (g.account_id IS NULL OR $1::uuid[] IS NULL OR g.account_id = ANY($1))
           ORDER BY g.role, a.name NULLS FIRST"#,
        visible.ids()
    )
    .fetch_all(pool)
    .await?;
    Ok(people
        .into_iter()
        .map(|person| PersonGrants {
            grants: grants
                .iter()
                .filter(|grant| grant.staff_id == person.id)
                .map(|grant| GrantRow {
                    id: grant.id,
                    role: grant.role,
                    account_id: grant.account_id,
                    account_name: grant.account_name.clone(),
                    source: grant.source.clone(),
                    granted_by: grant.granted_by.clone(),
                    granted_at: rfc3339(grant.granted_at),
                })
                .collect(),
            staff_id: person.id,
            name: person.name,
            username: person.username,
            last_sign_in_at: rfc3339(person.last_sign_in_at),
        })
        .collect())
}

/// A grant's role and account, active or not; `None` if there is no such grant.
pub async fn grant_scope(
    pool: &PgPool,
    grant: Uuid,
) -> Result<Option<(Uuid, Role, Option<Uuid>)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT staff_id, role AS "role: Role", account_id FROM role_grants WHERE id = $1"#,
        grant
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| (row.staff_id, row.role, row.account_id)))
}

/// Grants `role` on `account` (or every account) to `staff`, made by `by`. An earlier grant of
/// the same scope, revoked or from sign-in, becomes this admin grant. Returns the grant's id.
pub async fn add_grant(
    connection: &mut PgConnection,
    by: Uuid,
    staff: Uuid,
    role: Role,
    account: Option<Uuid>,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO role_grants (staff_id, role, account_id, source, granted_by)
         VALUES ($1, $2, $3, 'admin', $4)
         ON CONFLICT (staff_id, role, coalesce(account_id, '00000000-0000-0000-0000-000000000000'))
         DO UPDATE SET source = 'admin', granted_by = $4, granted_at = now(), revoked_at = NULL, revoked_by = NULL
         RETURNING id",
        staff,
        role.as_str(),
        account,
        by
    )
    .fetch_one(connection)
    .await
}

/// Revokes an active grant; false if it was not active.
pub async fn revoke_grant(connection: &mut PgConnection, by: Uuid, grant: Uuid) -> Result<bool, sqlx::Error> {
    let revoked = sqlx::query!(
        "UPDATE role_grants SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL",
        grant,
        by
    )
    .execute(connection)
    .await?;
    Ok(revoked.rows_affected() == 1)
}

/// How many active admin grants on every account there are besides `grant`. Locks them until
/// the transaction ends, so two admins revoking each other's grant at once cannot both pass.
pub async fn other_full_admins(connection: &mut PgConnection, grant: Uuid) -> Result<usize, sqlx::Error> {
    let full_admins = sqlx::query_scalar!(
        "SELECT id FROM role_grants WHERE role = 'admin' AND account_id IS NULL AND revoked_at IS NULL FOR UPDATE"
    )
    .fetch_all(connection)
    .await?;
    Ok(full_admins.iter().filter(|id| **id != grant).count())
}

/// Sessions that have neither ended nor passed their idle timeout or absolute lifetime,
/// most recent sign-in first. `current` marks the viewer's own.
pub async fn active_sessions(
    pool: &PgPool,
    _admin: &Everywhere,
    policy: SessionPolicy,
    current: Uuid,
) -> Result<Vec<ActiveSession>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT s.id, s.staff_id, m.name, m.username, s.signed_in_at, s.last_seen_at, s.user_agent
         FROM staff_sessions s
         JOIN staff_members m ON m.id = s.staff_id
         JOIN tower_sessions.session t ON t.id = s.session_id AND t.expiry_date > now()
         WHERE s.ended_at IS NULL
           AND s.signed_in_at > now() - make_interval(hours => $1::int)
           AND s.last_seen_at > now() - make_interval(mins => $2::int) - interval '1 minute'
         ORDER BY s.signed_in_at DESC",
        policy.absolute_lifetime_hours as i32,
        policy.idle_timeout_minutes as i32,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ActiveSession {
            current: row.id == current,
            id: row.id,
            staff_id: row.staff_id,
            name: row.name,
            username: row.username,
            signed_in_at: rfc3339(row.signed_in_at),
            last_seen_at: rfc3339(row.last_seen_at),
            user_agent: row.user_agent,
        })
        .collect())
}

/// Ends a session now, on every instance: its store row goes, and the sign-in is marked
/// revoked. Returns whose session it was, or `None` if it had already ended.
pub async fn revoke_session(
    connection: &mut PgConnection,
    admin: &Everywhere,
    sign_in: Uuid,
) -> Result<Option<(Uuid, String)>, sqlx::Error> {
    let ended = sqlx::query!(
        "UPDATE staff_sessions s SET ended_at = now(), ended_by = $2, end_reason = 'revoked'
         FROM staff_members m
         WHERE s.id = $1 AND s.ended_at IS NULL AND m.id = s.staff_id
         RETURNING s.session_id, s.staff_id, m.name",
        sign_in,
        admin.staff().id
    )
    .fetch_optional(&mut *connection)
    .await?;
    let Some(ended) = ended else {
        return Ok(None);
    };
    sqlx::query!(
        "DELETE FROM tower_sessions.session WHERE id = $1",
        ended.session_id
    )
    .execute(&mut *connection)
    .await?;
    Ok(Some((ended.staff_id, ended.name)))
}
