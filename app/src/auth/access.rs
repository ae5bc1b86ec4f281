//! The one role check. Every server function that reads or writes data starts with
//! `authorize` (one account), `visible` (lists over accounts) or `authorize_everywhere`; the
//! queries behind them take the proof these return, so a query cannot run unchecked. A denial
//! is answered 403 and audited with who, what and on which account. The person's grants are
//! the ones the sign-in guard loaded for this request (once, however many checks it makes).

use super::{AccountSet, Grants, Permission, Staff, server_fns::signed_in};
use crate::audit::{AuditEntry, Outcome};
use crate::error::{AppError, with_http_status};
use sqlx::PgPool;
use uuid::Uuid;

/// Proof that `staff` holds `permission` on `account` (only this module makes one).
#[derive(Debug, Clone)]
pub struct Authorized {
    staff: Staff,
    account: Uuid,
}

impl Authorized {
    pub fn staff(&self) -> &Staff {
        &self.staff
    }

    pub fn account(&self) -> Uuid {
        self.account
    }
}

/// Proof of the accounts on which `staff` holds a permission, never none (only this module
/// makes one).
#[derive(Debug, Clone)]
pub struct Visible {
    staff: Staff,
    accounts: AccountSet,
}

impl Visible {
    pub fn staff(&self) -> &Staff {
        &self.staff
    }

    /// The account ids for SQL: `($1::uuid[] IS NULL OR account_id = ANY($1))`.
    pub fn ids(&self) -> Option<&[Uuid]> {
        self.accounts.ids()
    }
}

/// Proof that `staff` holds `permission` on every account, including accounts added later
/// (only this module makes one). Needed for what is not one account's: sessions, and grants
/// on all accounts.
#[derive(Debug, Clone)]
pub struct Everywhere {
    staff: Staff,
}

impl Everywhere {
    pub fn staff(&self) -> &Staff {
        &self.staff
    }
}

/// The signed-in person's `permission` on `account`, or 403 (audited).
pub async fn authorize(permission: Permission, account: Uuid) -> Result<Authorized, AppError> {
    let (staff, grants) = caller().await?;
    if grants.allows(permission, account) {
        return Ok(Authorized { staff, account });
    }
    Err(refuse(&staff, permission, Some(account), None).await)
}

/// The signed-in person's `permission` on every account, or 403 (audited).
pub async fn authorize_everywhere(permission: Permission) -> Result<Everywhere, AppError> {
    let (staff, grants) = caller().await?;
    if grants.accounts(permission) == AccountSet::All {
        return Ok(Everywhere { staff });
    }
    Err(refuse(&staff, permission, None, Some("every account")).await)
}

/// The accounts where the signed-in person holds `permission`, or 403 (audited) if none.
pub async fn visible(permission: Permission) -> Result<Visible, AppError> {
    let (staff, grants) = caller().await?;
    let accounts = grants.accounts(permission);
    if accounts.is_empty() {
        return Err(refuse(&staff, permission, None, None).await);
    }
    Ok(Visible { staff, accounts })
}

/// `visible` for routes outside server functions (`/api/status`, the audit CSV), given the
/// signed-in person and grants the guard attached to the request.
pub async fn visible_to(
    pool: &PgPool,
    staff: Staff,
    grants: &Grants,
    permission: Permission,
    endpoint: &str,
) -> Result<Visible, AppError> {
    let accounts = grants.accounts(permission);
    if accounts.is_empty() {
        record_denial(pool, &staff, permission, None, endpoint, None).await;
        return Err(AppError::Forbidden);
    }
    Ok(Visible { staff, accounts })
}

/// `authorize` for routes outside server functions (the account consent round trip).
pub async fn authorize_for(
    pool: &PgPool,
    staff: Staff,
    grants: &Grants,
    permission: Permission,
    account: Uuid,
    endpoint: &str,
) -> Result<Authorized, AppError> {
    if grants.allows(permission, account) {
        return Ok(Authorized { staff, account });
    }
    record_denial(pool, &staff, permission, Some(account), endpoint, None).await;
    Err(AppError::Forbidden)
}

/// The signed-in person and all their grants (for the browser to show what they may do).
pub async fn caller() -> Result<(Staff, Grants), AppError> {
    let staff = signed_in().await?;
    let axum::Extension(grants) = leptos_axum::extract::<axum::Extension<Grants>>()
        .await
        .map_err(|_| with_http_status(AppError::Unauthorized))?;
    Ok((staff, grants))
}

/// Audits a refusal of this server function and answers 403.
async fn refuse(
    staff: &Staff,
    permission: Permission,
    account: Option<Uuid>,
    scope: Option<&str>,
) -> AppError {
    match crate::database::pool() {
        Ok(pool) => record_denial(&pool, staff, permission, account, &endpoint(), scope).await,
        Err(_) => tracing::error!("could not audit a denied request: no database pool"),
    }
    with_http_status(AppError::Forbidden)
}

/// Audits a denial. A failing audit write is logged, and the request is still refused.
async fn record_denial(
    pool: &PgPool,
    staff: &Staff,
    permission: Permission,
    account: Option<Uuid>,
    endpoint: &str,
    scope: Option<&str>,
) {
    let mut entry = AuditEntry::new("auth.denied", Some((staff.id, &staff.name)), Outcome::Denied)
        .detail(format!("{endpoint}: {}", permission.missing(scope)));
    entry.account_id = account;
    entry.after = Some(serde_json::json!({ "permission": permission.as_str(), "endpoint": endpoint }));
    if let Err(error) = crate::audit::queries::record(pool, &entry).await {
        tracing::error!(error = %error, endpoint, "could not audit a denied request");
    }
    tracing::warn!(staff = %staff.id, endpoint, permission = permission.as_str(), account = ?account, "request denied");
}

/// The path of the server function being served.
fn endpoint() -> String {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .map_or_else(|| "unknown".to_owned(), |parts| parts.uri.path().to_owned())
}
