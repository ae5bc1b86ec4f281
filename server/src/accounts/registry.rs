//! The accounts this process serves: each registered in `partner_accounts` (our id, what the
//! UI shows) with its Partner Center client. Accounts no longer configured are disabled, their
//! cached data kept.

use super::definition::AccountDefinition;
use crate::partner_center::{ClientSettings, PartnerCenter};
use app::accounts::Cloud;
use sqlx::PgPool;
use std::sync::Arc;
use uuid::Uuid;

pub struct Account {
    pub id: Uuid,
    pub name: String,
    pub cloud: Cloud,
    pub markets: Vec<String>,
    pub demo: bool,
    pub client: PartnerCenter,
}

#[derive(Default)]
pub struct Registry {
    accounts: Vec<Arc<Account>>,
}

impl Registry {
    /// Upserts every definition (by tenant id) and builds its client; disables the rest.
    pub async fn register(
        pool: &PgPool,
        definitions: Vec<AccountDefinition>,
        http: reqwest::Client,
        settings: ClientSettings,
    ) -> Result<Registry, sqlx::Error> {
        if definitions.is_empty() {
            // Nothing to serve: accounts served before are disabled if the database answers;
            // if it does not, the health checks say so and nothing depends on this.
            if let Err(error) = sqlx::query!("UPDATE partner_accounts SET enabled = false WHERE enabled")
                .execute(pool)
                .await
            {
                tracing::warn!(error = %error, "could not mark previously served accounts disabled");
            }
            return Ok(Registry::default());
        }
        let mut accounts = Vec::new();
        let mut tx = pool.begin().await?;
        for definition in definitions {
            let api_base_url = definition.endpoints.api_base();
            let authority_url = definition
                .endpoints
                .authority()
                .trim_end_matches(&definition.tenant_id.to_string())
                .trim_end_matches('/')
                .to_owned();
            let id = sqlx::query_scalar!(
                r#"INSERT INTO partner_accounts
                       (name, cloud, tenant_id, client_id, mpn_id, enabled, secret_ref, api_base_url, authority_url, demo, markets)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                   ON CONFLICT (tenant_id) DO UPDATE SET
                       name = EXCLUDED.name, cloud = EXCLUDED.cloud, client_id = EXCLUDED.client_id,
                       mpn_id = EXCLUDED.mpn_id, enabled = EXCLUDED.enabled, secret_ref = EXCLUDED.secret_ref,
                       api_base_url = EXCLUDED.api_base_url, authority_url = EXCLUDED.authority_url,
                       demo = EXCLUDED.demo, markets = EXCLUDED.markets
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
            )
            .fetch_one(&mut *tx)
            .await?;
            if !definition.enabled {
                continue;
            }
            accounts.push(Arc::new(Account {
                id,
                client: PartnerCenter::new(
                    id,
                    definition.endpoints,
                    definition.credentials,
                    http.clone(),
                    settings,
                ),
                name: definition.name,
                cloud: definition.cloud,
                markets: definition.markets,
                demo: definition.demo,
            }));
        }
        let registered: Vec<Uuid> = accounts.iter().map(|account| account.id).collect();
        sqlx::query!(
            "UPDATE partner_accounts SET enabled = false WHERE enabled AND NOT (id = ANY($1))",
            &registered
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Registry { accounts })
    }

    pub fn accounts(&self) -> &[Arc<Account>] {
        &self.accounts
    }

    pub fn get(&self, id: Uuid) -> Option<&Arc<Account>> {
        self.accounts.iter().find(|account| account.id == id)
    }

    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }
}
