//! Server functions of the admin pages for grants and sessions. Changing a grant on one
//! account needs the admin role there; on every account, and anything about sessions, the
//! admin role on every account. Every change is audited with before and after.

use super::{ActiveSession, PersonGrants};
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

/// Everyone who has signed in, with their grants on the accounts the viewer administers.
#[server(prefix = "/api", endpoint = "admin/grants")]
pub async fn list_grants() -> Result<Vec<PersonGrants>, AppError> {
    let visible = super::access::visible(super::Permission::Administer).await?;
    let pool = crate::database::pool()?;
    Ok(super::admin_queries::people_with_grants(&pool, &visible).await?)
}

/// Grants `role` on `account` (empty: every account) to a person who has signed in before.
#[server(prefix = "/api", endpoint = "admin/grants/add")]
pub async fn add_grant(staff: Uuid, role: String, account: Option<Uuid>) -> Result<Uuid, AppError> {
    server::add(staff, &role, account)
        .await
        .map_err(crate::error::with_http_status)
}

/// Revokes a grant; signing in again does not bring it back.
#[server(prefix = "/api", endpoint = "admin/grants/revoke")]
pub async fn revoke_grant(grant: Uuid) -> Result<(), AppError> {
    server::revoke(grant)
        .await
        .map_err(crate::error::with_http_status)
}

/// Every session that has not ended.
#[server(prefix = "/api", endpoint = "admin/sessions")]
pub async fn list_sessions() -> Result<Vec<ActiveSession>, AppError> {
    server::sessions().await.map_err(crate::error::with_http_status)
}

/// Ends a session at once, wherever it is used.
#[server(prefix = "/api", endpoint = "admin/sessions/revoke")]
pub async fn revoke_session(session: Uuid) -> Result<(), AppError> {
    server::end_session(session)
        .await
        .map_err(crate::error::with_http_status)
}

#[cfg(feature = "ssr")]
mod server {
    use super::super::access::{self, Everywhere};
    use super::super::{Permission, Role, SessionPolicy, SignInId, admin_queries as queries};
    use super::*;
    use crate::audit::{AuditEntry, Outcome, queries::record};

    /// Parses a role as the forms send it.
    fn parse_role(text: &str) -> Result<Role, AppError> {
        Role::parse(text.trim()).ok_or_else(|| AppError::Invalid {
            field: "role".to_owned(),
            message: format!("{text:?} is not a role; choose admin, billing, sales, helpdesk or viewer"),
        })
    }

    /// The admin role where `account` says: on that account, or (`None`) on every account.
    async fn admin_for(account: Option<Uuid>) -> Result<(Uuid, String), AppError> {
        let staff = match account {
            Some(account) => access::authorize(Permission::Administer, account)
                .await?
                .staff()
                .clone(),
            None => access::authorize_everywhere(Permission::Administer)
                .await?
                .staff()
                .clone(),
        };
        Ok((staff.id, staff.name))
    }

    pub async fn add(staff: Uuid, role: &str, account: Option<Uuid>) -> Result<Uuid, AppError> {
        let (by, by_name) = admin_for(account).await?;
        let role = parse_role(role)?;
        let pool = crate::database::pool()?;
        let mut tx = pool.begin().await?;
        let known = sqlx::query_scalar!("SELECT name FROM staff_members WHERE id = $1", staff)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
        let id = queries::add_grant(&mut tx, by, staff, role, account).await?;
        let mut entry = AuditEntry::new("grant.add", Some((by, &by_name)), Outcome::Succeeded)
            .detail(format!("granted {} to {known}", role.as_str()));
        entry.account_id = account;
        entry.after =
            Some(serde_json::json!({ "grant": id, "staff": staff, "role": role, "account": account }));
        record(&mut *tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn revoke(grant: Uuid) -> Result<(), AppError> {
        let pool = crate::database::pool()?;
        let scope = queries::grant_scope(&pool, grant).await?;
        // An unknown grant needs the admin role on every account before it is called unknown,
        // so the answer tells no one else whether a grant exists.
        let (by, by_name) = admin_for(scope.and_then(|(_, _, account)| account)).await?;
        let (staff, role, account) = scope.ok_or(AppError::NotFound)?;
        let mut tx = pool.begin().await?;
        if role == Role::Admin && account.is_none() && queries::other_full_admins(&mut tx, grant).await? == 0
        {
            return Err(AppError::Conflict(
                "This is the last admin grant on every account; grant another person admin on every account first."
                    .to_owned(),
            ));
        }
        if !queries::revoke_grant(&mut tx, by, grant).await? {
            return Err(AppError::Conflict("That grant was already revoked.".to_owned()));
        }
        let mut entry = AuditEntry::new("grant.revoke", Some((by, &by_name)), Outcome::Succeeded)
            .detail(format!("revoked {}", role.as_str()));
        entry.account_id = account;
        entry.before =
            Some(serde_json::json!({ "grant": grant, "staff": staff, "role": role, "account": account }));
        record(&mut *tx, &entry).await?;
        tx.commit().await?;
        Ok(())
    }

    fn policy() -> Result<SessionPolicy, AppError> {
        use_context::<SessionPolicy>().ok_or_else(|| {
            tracing::error!("no session policy in the Leptos context");
            AppError::Internal
        })
    }

    async fn current_sign_in() -> Uuid {
        leptos_axum::extract::<axum::Extension<SignInId>>()
            .await
            .map(|axum::Extension(SignInId(id))| id)
            .unwrap_or_default()
    }

    pub async fn sessions() -> Result<Vec<ActiveSession>, AppError> {
        let admin: Everywhere = access::authorize_everywhere(Permission::Administer).await?;
        let pool = crate::database::pool()?;
        let current = current_sign_in().await;
        Ok(queries::active_sessions(&pool, &admin, policy()?, current).await?)
    }

    pub async fn end_session(session: Uuid) -> Result<(), AppError> {
        let admin = access::authorize_everywhere(Permission::Administer).await?;
        let pool = crate::database::pool()?;
        let mut tx = pool.begin().await?;
        let Some((staff, name)) = queries::revoke_session(&mut tx, &admin, session).await? else {
            return Err(AppError::Conflict("That session has already ended.".to_owned()));
        };
        let by = admin.staff();
        let mut entry = AuditEntry::new("session.revoke", Some((by.id, &by.name)), Outcome::Succeeded)
            .detail(format!("ended a session of {name}"));
        entry.before = Some(serde_json::json!({ "session": session, "staff": staff }));
        record(&mut *tx, &entry).await?;
        tx.commit().await?;
        Ok(())
    }
}
