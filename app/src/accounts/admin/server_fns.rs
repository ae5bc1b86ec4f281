//! Server functions of the partner accounts admin. Listing needs the admin role on some
//! account; adding one, the admin role on every account; changing, disabling or testing one,
//! the admin role on it. Every change and test is audited (secrets never: only "replaced").
//!
//! The add and edit functions take the form's fields one by one, as the HTML form posts them.
#![allow(clippy::too_many_arguments)]

use super::types::{AccountsAdmin, ConnectionReport};
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

/// The accounts the viewer administers, and whether secrets can be stored.
#[server(prefix = "/api", endpoint = "admin/accounts")]
pub async fn list_admin_accounts() -> Result<AccountsAdmin, AppError> {
    server::list().await.map_err(crate::error::with_http_status)
}

/// Adds a Partner Center account; its secret is sealed before it is stored.
#[server(prefix = "/api", endpoint = "admin/accounts/add")]
pub async fn add_account(
    name: String,
    cloud: String,
    tenant_id: String,
    client_id: String,
    client_secret: String,
    #[server(default)] mpn_id: String,
    #[server(default)] api_base_url: String,
    #[server(default)] authority_url: String,
) -> Result<Uuid, AppError> {
    let form = super::types::AccountForm {
        name,
        cloud,
        tenant_id,
        client_id,
        client_secret,
        mpn_id,
        api_base_url,
        authority_url,
    };
    server::add(form).await.map_err(crate::error::with_http_status)
}

/// Changes an account added in the portal; an empty secret keeps the stored one.
#[server(prefix = "/api", endpoint = "admin/accounts/edit")]
pub async fn edit_account(
    account: Uuid,
    name: String,
    cloud: String,
    tenant_id: String,
    client_id: String,
    #[server(default)] client_secret: String,
    #[server(default)] mpn_id: String,
    #[server(default)] api_base_url: String,
    #[server(default)] authority_url: String,
) -> Result<(), AppError> {
    let form = super::types::AccountForm {
        name,
        cloud,
        tenant_id,
        client_id,
        client_secret,
        mpn_id,
        api_base_url,
        authority_url,
    };
    server::edit(account, form)
        .await
        .map_err(crate::error::with_http_status)
}

/// Stops (or resumes) serving an account added in the portal; its cached data stays.
#[server(prefix = "/api", endpoint = "admin/accounts/enable")]
pub async fn set_account_enabled(account: Uuid, enabled: bool) -> Result<(), AppError> {
    server::set_enabled(account, enabled)
        .await
        .map_err(crate::error::with_http_status)
}

/// Gets a token with the account's stored credentials and reads one page of its customers.
#[server(prefix = "/api", endpoint = "admin/accounts/test")]
pub async fn test_account(account: Uuid) -> Result<ConnectionReport, AppError> {
    server::test(account)
        .await
        .map_err(crate::error::with_http_status)
}

#[cfg(feature = "ssr")]
mod server {
    use super::super::backend::backend;
    use super::super::queries;
    use super::super::types::{AccountForm, AccountInput, AccountSource, AdminAccount};
    use super::*;
    use crate::audit::{AuditEntry, Outcome, queries::record};
    use crate::auth::Permission;
    use crate::auth::access::{self, Authorized};

    pub async fn list() -> Result<AccountsAdmin, AppError> {
        let visible = access::visible(Permission::Administer).await?;
        let pool = crate::database::pool()?;
        Ok(AccountsAdmin {
            accounts: queries::list(&pool, &visible).await?,
            sealing: backend()?.sealing(),
            // No account filter: the viewer administers every account.
            may_add: visible.ids().is_none(),
        })
    }

    fn parse(form: &AccountForm, adding: bool) -> Result<AccountInput, AppError> {
        form.parse(adding).map_err(|error| AppError::Invalid {
            field: error.field.to_owned(),
            message: error.message,
        })
    }

    fn unsealable() -> AppError {
        AppError::Conflict(
            "Secrets cannot be stored: set secrets.key in the configuration (see README) and restart."
                .to_owned(),
        )
    }

    /// What the audit log keeps of an account: everything but secrets.
    fn described(input: &AccountInput, secret_replaced: bool) -> serde_json::Value {
        serde_json::json!({
            "name": input.name, "cloud": input.cloud, "tenant_id": input.tenant_id,
            "client_id": input.client_id, "mpn_id": input.mpn_id,
            "api_base_url": input.api_base_url, "authority_url": input.authority_url,
            "client_secret": if secret_replaced { "replaced" } else { "kept" },
        })
    }

    fn endpoints(input: &AccountInput) -> (&str, &str) {
        (
            input.api_base_url.as_deref().unwrap_or_default(),
            input.authority_url.as_deref().unwrap_or_default(),
        )
    }

    pub async fn add(form: AccountForm) -> Result<Uuid, AppError> {
        let admin = access::authorize_everywhere(Permission::Administer).await?;
        let input = parse(&form, true)?;
        let backend = backend()?;
        let pool = crate::database::pool()?;
        let mut tx = pool.begin().await?;
        // The id is part of what the secret is sealed to, so it is chosen first.
        let id = queries::new_id(&mut tx).await?;
        let secret = input.client_secret.as_deref().unwrap_or_default();
        let sealed = backend.seal_client_secret(id, secret).ok_or_else(unsealable)?;
        queries::insert(&mut tx, &admin, id, &input, endpoints(&input), &sealed).await?;
        let by = admin.staff();
        let mut entry = AuditEntry::new("account.add", Some((by.id, &by.name)), Outcome::Succeeded)
            .detail(format!("added {}", input.name));
        entry.account_id = Some(id);
        entry.after = Some(described(&input, true));
        record(&mut *tx, &entry).await?;
        tx.commit().await?;
        backend.accounts_changed().await;
        Ok(id)
    }

    /// The account, locked, if it was added in the portal (the others are changed where
    /// they are defined).
    async fn portal_account(
        tx: &mut sqlx::PgConnection,
        proof: &Authorized,
    ) -> Result<AdminAccount, AppError> {
        let account = queries::lock(tx, proof).await?;
        match account.source {
            AccountSource::Portal => Ok(account),
            AccountSource::Config => Err(AppError::Conflict(
                "This account is defined in the configuration file; change it there.".to_owned(),
            )),
            AccountSource::Demo => Err(AppError::Conflict(
                "This is a demo account of the simulator; it cannot be changed.".to_owned(),
            )),
        }
    }

    pub async fn edit(account: Uuid, form: AccountForm) -> Result<(), AppError> {
        let proof = access::authorize(Permission::Administer, account).await?;
        let input = parse(&form, false)?;
        let backend = backend()?;
        let sealed = match input.client_secret.as_deref() {
            Some(secret) => Some(
                backend
                    .seal_client_secret(account, secret)
                    .ok_or_else(unsealable)?,
            ),
            None => None,
        };
        let pool = crate::database::pool()?;
        let mut tx = pool.begin().await?;
        let before = portal_account(&mut tx, &proof).await?;
        queries::update(&mut tx, &proof, &input, endpoints(&input), sealed.as_deref()).await?;
        let by = proof.staff();
        let mut entry = AuditEntry::new("account.edit", Some((by.id, &by.name)), Outcome::Succeeded)
            .detail(format!("changed {}", input.name));
        entry.account_id = Some(account);
        entry.before = Some(serde_json::json!({
            "name": before.name, "cloud": before.cloud, "tenant_id": before.tenant_id,
            "client_id": before.client_id, "mpn_id": before.mpn_id,
            "api_base_url": before.api_base_url, "authority_url": before.authority_url,
        }));
        entry.after = Some(described(&input, sealed.is_some()));
        record(&mut *tx, &entry).await?;
        tx.commit().await?;
        backend.accounts_changed().await;
        Ok(())
    }

    pub async fn set_enabled(account: Uuid, enabled: bool) -> Result<(), AppError> {
        let proof = access::authorize(Permission::Administer, account).await?;
        let backend = backend()?;
        let pool = crate::database::pool()?;
        let mut tx = pool.begin().await?;
        let before = portal_account(&mut tx, &proof).await?;
        if before.enabled == enabled {
            return Err(AppError::Conflict(format!(
                "{} is already {}.",
                before.name,
                if enabled { "enabled" } else { "disabled" }
            )));
        }
        queries::set_enabled(&mut tx, &proof, enabled).await?;
        let by = proof.staff();
        let action = if enabled {
            "account.enable"
        } else {
            "account.disable"
        };
        let mut entry = AuditEntry::new(action, Some((by.id, &by.name)), Outcome::Succeeded).detail(format!(
            "{} {}",
            if enabled { "enabled" } else { "disabled" },
            before.name
        ));
        entry.account_id = Some(account);
        entry.before = Some(serde_json::json!({ "enabled": before.enabled }));
        entry.after = Some(serde_json::json!({ "enabled": enabled }));
        record(&mut *tx, &entry).await?;
        tx.commit().await?;
        backend.accounts_changed().await;
        Ok(())
    }

    pub async fn test(account: Uuid) -> Result<ConnectionReport, AppError> {
        let proof = access::authorize(Permission::Administer, account).await?;
        let outcome = backend()?.test_connection(account).await;
        let by = proof.staff();
        let mut entry = AuditEntry::new(
            "account.test",
            Some((by.id, &by.name)),
            if outcome.is_ok() {
                Outcome::Succeeded
            } else {
                Outcome::Failed
            },
        );
        entry.account_id = Some(account);
        entry.detail = Some(match &outcome {
            Ok(report) => format!(
                "token in {} ms, {} customers read in {} ms",
                report.token_ms, report.customers_on_page, report.page_ms
            ),
            Err(message) => message.clone(),
        });
        let pool = crate::database::pool()?;
        record(&pool, &entry).await?;
        outcome.map_err(AppError::Conflict)
    }
}
