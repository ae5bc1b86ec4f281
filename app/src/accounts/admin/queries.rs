//! SQL of the partner accounts admin. Only accounts added in the portal are written here;
//! configured and demo accounts are changed where they are defined.

use super::types::{AccountInput, AccountSource, AdminAccount};
use crate::accounts::{AccountHealth, Cloud};
use crate::auth::access::{Authorized, Everywhere, Visible};
use crate::error::AppError;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

const RFC3339: &str = r#"YYYY-MM-DD"T"HH24:MI:SS.US"Z""#;

/// The accounts the viewer administers.
pub async fn list(pool: &PgPool, visible: &Visible) -> Result<Vec<AdminAccount>, sqlx::Error> {
    select(pool, visible.ids(), None).await
}

/// One account as the admin sees it, locked for a change.
pub async fn lock(conn: &mut PgConnection, proof: &Authorized) -> Result<AdminAccount, AppError> {
    sqlx::query!(
        "SELECT id FROM partner_accounts WHERE id = $1 FOR UPDATE",
        proof.account()
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    select(&mut *conn, None, Some(proof.account()))
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// Accounts among `ids` (all if `None`), or only `one`.
async fn select<'c>(
    executor: impl sqlx::PgExecutor<'c>,
    ids: Option<&[Uuid]>,
    one: Option<Uuid>,
) -> Result<Vec<AdminAccount>, sqlx::Error> {
    sqlx::query_as!(
        AdminAccount,
        r#"SELECT id, name::text AS "name!", cloud AS "cloud: Cloud", tenant_id, client_id, mpn_id,
                  source AS "source: AccountSource", enabled, health AS "health: AccountHealth", health_detail,
                  nullif(api_base_url, '') AS api_base_url, nullif(authority_url, '') AS authority_url,
                  to_char(connected_at AT TIME ZONE 'UTC', $3) AS connected_at, connected_by
           FROM partner_accounts WHERE ($1::uuid[] IS NULL OR id = ANY($1)) AND ($2::uuid IS NULL OR id = $2)
           ORDER BY name"#,
        ids,
        one,
        RFC3339
    )
    .fetch_all(executor)
    .await
}

pub async fn new_id(conn: &mut PgConnection) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT gen_random_uuid() AS "id!""#)
        .fetch_one(conn)
        .await
}

/// Adds a portal account with its sealed secret; empty endpoints are the cloud's own.
pub async fn insert(
    conn: &mut PgConnection,
    _admin: &Everywhere,
    id: Uuid,
    input: &AccountInput,
    endpoints: (&str, &str),
    sealed_secret: &[u8],
) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT INTO partner_accounts (id, name, cloud, tenant_id, client_id, mpn_id, source, secret_ref,
                                       client_secret_sealed, api_base_url, authority_url)
         VALUES ($1, $2, $3, $4, $5, $6, 'portal', 'sealed', $7, $8, $9)",
        id,
        input.name,
        input.cloud.as_str(),
        input.tenant_id,
        input.client_id,
        input.mpn_id,
        sealed_secret,
        endpoints.0,
        endpoints.1,
    )
    .execute(conn)
    .await
    .map_err(clash)?;
    Ok(())
}

/// Changes a portal account; a new secret replaces the stored one, none keeps it. Another app
/// registration or tenant drops the connected refresh token (it was issued to the old one).
pub async fn update(
    conn: &mut PgConnection,
    proof: &Authorized,
    input: &AccountInput,
    endpoints: (&str, &str),
    sealed_secret: Option<&[u8]>,
) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE partner_accounts SET
             refresh_token_sealed = CASE WHEN tenant_id = $4 AND client_id = $5 THEN refresh_token_sealed END,
             connected_at = CASE WHEN tenant_id = $4 AND client_id = $5 THEN connected_at END,
             connected_by = CASE WHEN tenant_id = $4 AND client_id = $5 THEN connected_by END,
             name = $2, cloud = $3, tenant_id = $4, client_id = $5, mpn_id = $6,
             client_secret_sealed = coalesce($7, client_secret_sealed), api_base_url = $8, authority_url = $9,
             health = 'unknown', health_detail = NULL
         WHERE id = $1 AND source = 'portal'",
        proof.account(),
        input.name,
        input.cloud.as_str(),
        input.tenant_id,
        input.client_id,
        input.mpn_id,
        sealed_secret,
        endpoints.0,
        endpoints.1,
    )
    .execute(conn)
    .await
    .map_err(clash)?;
    Ok(())
}

pub async fn set_enabled(
    conn: &mut PgConnection,
    proof: &Authorized,
    enabled: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE partner_accounts SET enabled = $2 WHERE id = $1 AND source = 'portal'",
        proof.account(),
        enabled
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores the App+User refresh token an admin's consent produced.
pub async fn store_refresh_token(
    conn: &mut PgConnection,
    proof: &Authorized,
    sealed: &[u8],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE partner_accounts SET refresh_token_sealed = $2, connected_at = now(), connected_by = $3
         WHERE id = $1",
        proof.account(),
        sealed,
        proof.staff().name
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A name or tenant already served is a conflict the form can name.
fn clash(error: sqlx::Error) -> AppError {
    let constraint = error
        .as_database_error()
        .and_then(|error| error.constraint())
        .map(str::to_owned);
    match constraint.as_deref() {
        Some("partner_accounts_name_key") => AppError::Invalid {
            field: "name".to_owned(),
            message: "Another account already has this name.".to_owned(),
        },
        Some("partner_accounts_tenant_id_key") => AppError::Invalid {
            field: "tenant_id".to_owned(),
            message: "This tenant is already one of the accounts.".to_owned(),
        },
        _ => error.into(),
    }
}
