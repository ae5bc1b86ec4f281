//! The server's side of the accounts admin (`app::accounts::admin::backend`): sealing secrets
//! with the configured key, testing stored credentials, reloading the registry.

use super::registry::Registry;
use super::sealing::SealedField;
use crate::partner_center::wire::Customer;
use crate::partner_center::{ClientSettings, PartnerCenter, RetrySettings, TokenKind, operations};
use app::accounts::admin::backend::{AccountsBackend, BoxFuture};
use app::accounts::admin::{ConnectionReport, Sealing};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Customers read by a connection test: enough to prove reading works, one call.
const TEST_PAGE: u32 = 5;

pub struct ServerAccounts {
    pub pool: PgPool,
    pub registry: Arc<Registry>,
}

impl AccountsBackend for ServerAccounts {
    fn sealing(&self) -> Sealing {
        match self.registry.secrets() {
            Some(key) if key.is_ephemeral() => Sealing::Ephemeral,
            Some(_) => Sealing::Configured,
            None => Sealing::Unavailable,
        }
    }

    fn seal_client_secret(&self, account: Uuid, secret: &str) -> Option<Vec<u8>> {
        let key = self.registry.secrets()?;
        Some(key.seal(account, SealedField::ClientSecret, secret))
    }

    fn test_connection(&self, account: Uuid) -> BoxFuture<'_, Result<ConnectionReport, String>> {
        Box::pin(self.test(account))
    }

    fn accounts_changed(&self) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            match self.registry.refresh().await {
                Ok(fresh) => crate::sync::register_accounts(&self.pool, &fresh).await,
                Err(error) => {
                    tracing::warn!(error = %error, "could not reload the accounts; the next worker tick will")
                }
            }
        })
    }
}

impl ServerAccounts {
    /// A client of its own, built from what is stored now (a just-changed secret is what is
    /// tested), with few retries so the admin hears back within seconds.
    async fn test(&self, account: Uuid) -> Result<ConnectionReport, String> {
        let (_, endpoints, credentials) = self.registry.credentials_of(account).await?;
        let connected = credentials.refresh_token.is_some();
        let (http, settings) = self.registry.client_parts();
        let settings = ClientSettings {
            retry: RetrySettings {
                max_retries: 1,
                min_delay: Duration::from_millis(200),
                max_delay: Duration::from_secs(2),
                attempt_timeout: Duration::from_secs(10),
            },
            ..settings
        };
        let client = PartnerCenter::new(account, endpoints, credentials, http, settings);
        let started = Instant::now();
        client
            .authenticate(TokenKind::App)
            .await
            .map_err(|error| error.to_string())?;
        let token_ms = elapsed_ms(started);
        let started = Instant::now();
        let page = client
            .page::<Customer>(&operations::list_customers(TEST_PAGE), None)
            .await
            .map_err(|error| error.to_string())?;
        let page_ms = elapsed_ms(started);
        let app_user = if connected {
            client
                .authenticate(TokenKind::AppUser)
                .await
                .map_err(|error| error.to_string())
        } else {
            Err("not connected; use Connect to give consent".to_owned())
        };
        Ok(ConnectionReport {
            token_ms,
            page_ms,
            customers_on_page: page.items.len(),
            app_user,
        })
    }
}

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}
