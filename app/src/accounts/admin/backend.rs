//! What the accounts admin needs from the server process and cannot do in SQL: sealing a
//! secret with the key from configuration, testing an account's credentials against Partner
//! Center, and reloading the accounts the workers serve. The server provides it through Leptos
//! context, like the pool.

use super::types::{ConnectionReport, Sealing};
use crate::error::AppError;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use uuid::Uuid;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

pub trait AccountsBackend: Send + Sync + 'static {
    /// How secrets entered here are kept.
    fn sealing(&self) -> Sealing;
    /// `secret` sealed for `account`'s client secret, or `None` without a key.
    fn seal_client_secret(&self, account: Uuid, secret: &str) -> Option<Vec<u8>>;
    /// Gets a token with the stored credentials and reads one page of customers (CUST-03).
    fn test_connection(&self, account: Uuid) -> BoxFuture<'_, Result<ConnectionReport, String>>;
    /// The stored accounts changed: serve them as they are now.
    fn accounts_changed(&self) -> BoxFuture<'_, ()>;
}

/// The server's backend, as server functions find it in the Leptos context.
#[derive(Clone)]
pub struct Backend(pub Arc<dyn AccountsBackend>);

pub fn backend() -> Result<Arc<dyn AccountsBackend>, AppError> {
    leptos::prelude::use_context::<Backend>()
        .map(|Backend(backend)| backend)
        .ok_or_else(|| {
            tracing::error!("no accounts backend in the Leptos context");
            AppError::Internal
        })
}
