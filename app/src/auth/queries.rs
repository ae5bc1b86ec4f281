//! SQL for people and their grants.

use super::{Grant, Grants, Role, Staff};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// A person's active grants.
pub async fn grants_of(pool: &PgPool, staff: Uuid) -> Result<Grants, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT role AS "role: Role", account_id FROM role_grants
           WHERE staff_id = $1 AND revoked_at IS NULL ORDER BY role, account_id NULLS FIRST"#,
        staff
    )
    .fetch_all(pool)
    .await?;
    Ok(Grants(
        rows.into_iter()
            .map(|row| Grant {
                role: row.role,
                account: row.account_id,
            })
            .collect(),
    ))
}

/// Records a sign-in: the person (added on first sign-in, name kept current) and the grants
/// their token maps to. Sign-in grants no longer mapped end; mapped ones are added unless the
/// same grant already exists, active or revoked by an admin (a revocation is not undone by
/// signing in again). Grants admins made are left alone.
pub async fn record_sign_in(
    connection: &mut PgConnection,
    staff: &Staff,
    mapped: &[Grant],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO staff_members (id, name, username) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, username = EXCLUDED.username, last_sign_in_at = now()",
        staff.id,
        staff.name,
        staff.username
    )
    .execute(&mut *connection)
    .await?;
    let roles: Vec<&str> = mapped.iter().map(|grant| grant.role.as_str()).collect();
    let accounts: Vec<Option<Uuid>> = mapped.iter().map(|grant| grant.account).collect();
    sqlx::query!(
        "DELETE FROM role_grants g WHERE g.staff_id = $1 AND g.source = 'sign-in' AND g.revoked_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM UNNEST($2::text[], $3::uuid[]) AS m(role, account_id)
                           WHERE m.role = g.role AND m.account_id IS NOT DISTINCT FROM g.account_id)",
        staff.id,
        &roles as &[&str],
        &accounts as &[Option<Uuid>],
    )
    .execute(&mut *connection)
    .await?;
    // Only accounts that exist: a mapping may name an account that was since removed.
    sqlx::query!(
        "INSERT INTO role_grants (staff_id, role, account_id, source)
         SELECT DISTINCT $1::uuid, m.role, m.account_id, 'sign-in' FROM UNNEST($2::text[], $3::uuid[]) AS m(role, account_id)
         WHERE m.account_id IS NULL OR EXISTS (SELECT 1 FROM partner_accounts a WHERE a.id = m.account_id)
         ON CONFLICT DO NOTHING",
        staff.id,
        &roles as &[&str],
        &accounts as &[Option<Uuid>],
    )
    .execute(&mut *connection)
    .await?;
    Ok(())
}
