use super::search::CustomerHit;
use super::types::CustomerView;
use crate::error::AppError;
use leptos::prelude::*;

/// Everything the customer page shows of `customer` of `account`. A malformed id, or a
/// customer the account does not have, is a 404; no role on the account is a 403.
#[server(prefix = "/api", endpoint = "customers/view")]
pub async fn load_customer(account: String, customer: String) -> Result<CustomerView, AppError> {
    use crate::error::with_http_status;
    let (Ok(account), Ok(customer)) = (uuid::Uuid::try_parse(&account), uuid::Uuid::try_parse(&customer))
    else {
        return Err(with_http_status(AppError::NotFound));
    };
    let authorized = crate::auth::access::authorize(crate::auth::Permission::Read, account).await?;
    let (_, grants) = crate::auth::access::caller().await?;
    let rights = crate::subscriptions::ChangeRights {
        status: grants.allows(crate::auth::Permission::Bill, account),
        nickname: grants.allows(crate::auth::Permission::Manage, account),
    };
    let pool = crate::database::pool()?;
    let Some((account, profile, freshness)) = super::queries::profile(&pool, &authorized, customer).await?
    else {
        return Err(with_http_status(AppError::NotFound));
    };
    Ok(CustomerView {
        account,
        profile,
        domains: super::queries::domains(&pool, &authorized, customer).await?,
        subscriptions: super::queries::subscriptions(&pool, &authorized, customer).await?,
        users: super::queries::users(&pool, &authorized, customer).await?,
        commands: crate::subscriptions::queries::commands(
            &pool,
            &authorized,
            customer,
            crate::subscriptions::COMMANDS_SHOWN,
        )
        .await?,
        rights,
        orders: super::activity_queries::orders(&pool, &authorized, customer).await?,
        spend: super::activity_queries::spend(&pool, &authorized, customer).await?,
        audit: super::activity_queries::audit_trail(&pool, &authorized, customer).await?,
        freshness,
    })
}

/// The customers whose tenant is `tenant`, on the accounts the person may see: one, or one per
/// account when several accounts serve the same tenant. A malformed id is a 404.
#[server(prefix = "/api", endpoint = "customers/tenant")]
pub async fn tenant_customers(tenant: String) -> Result<Vec<CustomerHit>, AppError> {
    use super::search::{MatchKind, SearchTerm};
    let Ok(tenant) = uuid::Uuid::try_parse(&tenant) else {
        return Err(crate::error::with_http_status(AppError::NotFound));
    };
    let visible = crate::auth::access::visible(crate::auth::Permission::Read).await?;
    let pool = crate::database::pool()?;
    let hits = super::search::queries::search(&pool, &visible, &SearchTerm::Id(tenant), 50).await?;
    Ok(hits
        .into_iter()
        .filter(|hit| hit.matched == MatchKind::CustomerId)
        .collect())
}
