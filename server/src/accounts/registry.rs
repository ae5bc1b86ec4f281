//! The accounts this process serves, each registered in `partner_accounts` (our id, what the
//! UI shows) with its Partner Center client.
//!
//! Accounts come from three sources: the configuration file and demo mode (fixed for the
//! life of the process, upserted at start-up) and the portal (added, edited, connected or
//! disabled by admins at run time). Every instance re-reads the table on each worker tick and
//! right after an admin change, so all instances serve the same accounts; an account whose
//! definition did not change keeps its client (tokens, throttle, breaker).

use super::definition::AccountDefinition;
use super::sealing::SecretBox;
use super::stored::{self, StoredAccount};
use crate::partner_center::{ClientSettings, Credentials, Endpoints, PartnerCenter};
use app::accounts::Cloud;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use uuid::Uuid;

pub struct Account {
    pub id: Uuid,
    pub name: String,
    pub cloud: Cloud,
    pub markets: Vec<String>,
    pub demo: bool,
    pub client: PartnerCenter,
    /// The row the client was built from; another row means another client.
    defined_by: StoredAccount,
}

pub struct Registry {
    pool: PgPool,
    http: reqwest::Client,
    settings: ClientSettings,
    secrets: Option<Arc<SecretBox>>,
    /// Configured and demo accounts by id: their credentials never reach the database.
    fixed: HashMap<Uuid, AccountDefinition>,
    current: RwLock<Arc<[Arc<Account>]>>,
    /// One refresh at a time, so two callers never build the same client twice. It holds the
    /// rows that could not be served, as last reported, so each problem is reported once.
    refreshing: tokio::sync::Mutex<HashMap<Uuid, StoredAccount>>,
}

impl Registry {
    /// Upserts every definition (by tenant id) and disables configured or demo accounts no
    /// longer defined, then loads every enabled account. Portal accounts' secrets cannot be
    /// opened without a key: see [`Registry::register_sealed`].
    pub async fn register(
        pool: &PgPool,
        definitions: Vec<AccountDefinition>,
        http: reqwest::Client,
        settings: ClientSettings,
    ) -> Result<Registry, sqlx::Error> {
        Registry::register_sealed(pool, definitions, http, settings, None).await
    }

    pub async fn register_sealed(
        pool: &PgPool,
        definitions: Vec<AccountDefinition>,
        http: reqwest::Client,
        settings: ClientSettings,
        secrets: Option<Arc<SecretBox>>,
    ) -> Result<Registry, sqlx::Error> {
        // With nothing configured, a database that does not answer is reported by the health
        // checks; with accounts configured, start-up needs it.
        let tolerate = definitions.is_empty();
        let fixed = match stored::upsert_fixed(pool, definitions).await {
            Ok(fixed) => fixed,
            Err(error) if tolerate => {
                tracing::warn!(error = %error, "could not register the accounts");
                HashMap::new()
            }
            Err(error) => return Err(error),
        };
        let registry = Registry {
            pool: pool.clone(),
            http,
            settings,
            secrets,
            fixed,
            current: RwLock::new(Arc::from(Vec::new())),
            refreshing: tokio::sync::Mutex::new(HashMap::new()),
        };
        if let Err(error) = registry.refresh().await {
            if !tolerate {
                return Err(error);
            }
            tracing::warn!(error = %error, "could not load the accounts; retrying on the next tick");
        }
        Ok(registry)
    }

    /// Re-reads the enabled accounts; returns the accounts whose client is new (added,
    /// re-enabled or changed), so their datasets can be registered.
    pub async fn refresh(&self) -> Result<Vec<Arc<Account>>, sqlx::Error> {
        let mut reported = self.refreshing.lock().await;
        let rows = stored::load(&self.pool, None).await?;
        let previous = self.accounts();
        let mut accounts = Vec::with_capacity(rows.len());
        let mut fresh = Vec::new();
        let mut unusable = HashMap::new();
        for row in rows {
            if let Some(same) = previous.iter().find(|account| account.defined_by == row) {
                accounts.push(Arc::clone(same));
                continue;
            }
            if row.source != "portal" && !self.fixed.contains_key(&row.id) {
                // Defined by another instance's configuration (a rolling change): not ours to
                // serve, and not ours to call broken.
                tracing::debug!(account = %row.name, "enabled elsewhere, not configured here");
                continue;
            }
            match self.build(&row) {
                Ok(account) => {
                    let account = Arc::new(account);
                    fresh.push(Arc::clone(&account));
                    accounts.push(account);
                }
                Err(problem) => {
                    if reported.get(&row.id) != Some(&row) {
                        tracing::warn!(account = %row.name, problem = %problem, "cannot serve the account");
                        stored::report_unusable(&self.pool, row.id, &problem).await?;
                    }
                    unusable.insert(row.id, row);
                }
            }
        }
        *reported = unusable;
        *self.current.write().expect("registry lock") = Arc::from(accounts);
        Ok(fresh)
    }

    fn build(&self, row: &StoredAccount) -> Result<Account, String> {
        let (endpoints, credentials) =
            stored::client_parts(row, self.fixed.get(&row.id), self.secrets.as_deref())?;
        Ok(Account {
            id: row.id,
            name: row.name.clone(),
            cloud: row.cloud,
            markets: row.markets.clone(),
            demo: row.demo,
            client: PartnerCenter::new(row.id, endpoints, credentials, self.http.clone(), self.settings),
            defined_by: row.clone(),
        })
    }

    /// Account `id` as stored now, enabled or not, with the endpoints and credentials a client
    /// of it would use (a connection test, the consent round trip); why not, in words.
    pub async fn credentials_of(&self, id: Uuid) -> Result<(StoredAccount, Endpoints, Credentials), String> {
        let row = stored::load(&self.pool, Some(id))
            .await
            .map_err(|error| {
                tracing::error!(error = %error, "could not read the account");
                "the database did not answer; try again".to_owned()
            })?
            .pop()
            .ok_or("no such account")?;
        let (endpoints, credentials) =
            stored::client_parts(&row, self.fixed.get(&id), self.secrets.as_deref())?;
        Ok((row, endpoints, credentials))
    }

    /// The accounts served now.
    pub fn accounts(&self) -> Arc<[Arc<Account>]> {
        Arc::clone(&self.current.read().expect("registry lock"))
    }

    pub fn get(&self, id: Uuid) -> Option<Arc<Account>> {
        self.accounts().iter().find(|account| account.id == id).cloned()
    }

    /// Whether `account` is still served as it is (not disabled, not redefined).
    pub fn serves(&self, account: &Arc<Account>) -> bool {
        self.accounts().iter().any(|served| Arc::ptr_eq(served, account))
    }

    pub fn is_empty(&self) -> bool {
        self.accounts().is_empty()
    }

    /// The key portal secrets are sealed with, if there is one.
    pub fn secrets(&self) -> Option<&Arc<SecretBox>> {
        self.secrets.as_ref()
    }

    /// The HTTP client and settings new clients are built with.
    pub fn client_parts(&self) -> (reqwest::Client, ClientSettings) {
        (self.http.clone(), self.settings)
    }
}
