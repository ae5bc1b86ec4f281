//! `partner_accounts` as the registry reads and writes it: fixed accounts upserted at
//! start-up, enabled accounts loaded with what their clients need.

use super::definition::AccountDefinition;
use super::sealing::{SealedField, SecretBox};
use crate::partner_center::{Credentials, Endpoints};
use app::accounts::Cloud;
use sqlx::PgPool;
use std::collections::HashMap;
use uuid::Uuid;

/// One row of `partner_accounts`, as a client is built from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAccount {
    pub id: Uuid,
    pub name: String,
    pub cloud: Cloud,
    pub tenant_id: Uuid,
    pub client_id: Uuid,
    pub source: String,
    pub api_base_url: String,
    pub authority_url: String,
    pub markets: Vec<String>,
    pub demo: bool,
    pub client_secret_sealed: Option<Vec<u8>>,
    pub refresh_token_sealed: Option<Vec<u8>>,
}

/// Upserts the configured (or demo) definitions by tenant id and disables configured or demo
/// accounts no longer defined; portal accounts are left alone. Returns the definitions by id.
pub async fn upsert_fixed(
    pool: &PgPool,
    definitions: Vec<AccountDefinition>,
) -> Result<HashMap<Uuid, AccountDefinition>, sqlx::Error> {
    let mut fixed = HashMap::new();
    let mut tx = pool.begin().await?;
    for definition in definitions {
        let api_base_url = definition.endpoints.api_base();
        let authority_url = definition
            .endpoints
            .authority()
            .trim_end_matches(&definition.tenant_id.to_string())
            .trim_end_matches('/')
            .to_owned();
        let source = if definition.demo { "demo" } else { "config" };
        let id = sqlx::query_scalar!(
            r#"INSERT INTO partner_accounts
                   (name, cloud, tenant_id, client_id, mpn_id, enabled, secret_ref, api_base_url, authority_url,
                    demo, markets, source)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
               ON CONFLICT (tenant_id) DO UPDATE SET
                   name = EXCLUDED.name, cloud = EXCLUDED.cloud, client_id = EXCLUDED.client_id,
                   mpn_id = EXCLUDED.mpn_id, enabled = EXCLUDED.enabled, secret_ref = EXCLUDED.secret_ref,
                   api_base_url = EXCLUDED.api_base_url, authority_url = EXCLUDED.authority_url,
                   demo = EXCLUDED.demo, markets = EXCLUDED.markets, source = EXCLUDED.source,
                   client_secret_sealed = NULL
               RETURNING id"#,
            definition.name,
            definition.cloud.as_str(),
            definition.tenant_id,
            definition.credentials.client_id,
            definition.mpn_id,
            definition.enabled,
            definition.secret_ref,
            api_base_url,
            authority_url,
            definition.demo,
            &definition.markets,
            source,
        )
        .fetch_one(&mut *tx)
        .await?;
        fixed.insert(id, definition);
    }
    let ids: Vec<Uuid> = fixed.keys().copied().collect();
    sqlx::query!(
        "UPDATE partner_accounts SET enabled = false WHERE enabled AND source <> 'portal' AND NOT (id = ANY($1))",
        &ids
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(fixed)
}

/// Every enabled account (`one`: that account, enabled or not).
pub async fn load(pool: &PgPool, one: Option<Uuid>) -> Result<Vec<StoredAccount>, sqlx::Error> {
    sqlx::query_as!(
        StoredAccount,
        r#"SELECT id, name::text AS "name!", cloud AS "cloud: Cloud", tenant_id, client_id, source,
                  api_base_url, authority_url, markets, demo, client_secret_sealed, refresh_token_sealed
           FROM partner_accounts WHERE CASE WHEN $1::uuid IS NULL THEN enabled ELSE id = $1 END ORDER BY name"#,
        one
    )
    .fetch_all(pool)
    .await
}

/// The endpoints and credentials of `row`: a fixed account's from its definition (a refresh
/// token connected in the portal replaces the configured one), a portal account's opened
/// with the key.
pub fn client_parts(
    row: &StoredAccount,
    fixed: Option<&AccountDefinition>,
    secrets: Option<&SecretBox>,
) -> Result<(Endpoints, Credentials), String> {
    let open = |field: SealedField, sealed: &[u8]| {
        let secrets = secrets.ok_or_else(|| {
            "a secret entered in the portal is stored for this account, but no secrets.key is configured to open it"
                .to_owned()
        })?;
        secrets
            .open(row.id, field, sealed)
            .map_err(|error| error.to_string())
    };
    let connected = row
        .refresh_token_sealed
        .as_deref()
        .map(|sealed| open(SealedField::RefreshToken, sealed))
        .transpose()?;
    if row.source != "portal" {
        let definition = fixed.ok_or_else(|| {
            format!(
                "the account comes from the {} but this instance's {} does not define it",
                row.source, row.source
            )
        })?;
        let mut credentials = definition.credentials.clone();
        if connected.is_some() {
            credentials.refresh_token = connected;
        }
        return Ok((definition.endpoints.clone(), credentials));
    }
    let sealed = row
        .client_secret_sealed
        .as_deref()
        .ok_or("the account has no client secret")?;
    let client_secret = open(SealedField::ClientSecret, sealed)?;
    let endpoints = Endpoints::new(
        row.cloud,
        row.tenant_id,
        Some(row.api_base_url.as_str()).filter(|url| !url.is_empty()),
        Some(row.authority_url.as_str()).filter(|url| !url.is_empty()),
    )
    .map_err(|error| error.to_string())?;
    Ok((
        endpoints,
        Credentials {
            client_id: row.client_id,
            client_secret,
            refresh_token: connected,
        },
    ))
}

/// Shows on the account why it is not served.
pub async fn report_unusable(pool: &PgPool, id: Uuid, problem: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE partner_accounts SET health = 'auth_failed', health_detail = $2,
                health_changed_at = CASE WHEN health = 'auth_failed' THEN health_changed_at ELSE now() END,
                health_reported_at = now()
          WHERE id = $1",
        id,
        problem
    )
    .execute(pool)
    .await?;
    Ok(())
}
