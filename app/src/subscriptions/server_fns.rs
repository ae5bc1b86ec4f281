//! Suspend, reactivate and rename: each stores commands for the worker to send, after the role
//! check on the owning account (billing or admin for the status, admin, billing or sales for the
//! nickname). The page follows them with `subscription_activity`.

use super::commands::SubscriptionActivity;
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

/// How many of a customer's latest commands the page shows.
#[cfg(feature = "ssr")]
pub const COMMANDS_SHOWN: i64 = 20;

/// Suspends (`change=suspend`) or reactivates (`change=reactivate`) the chosen subscriptions of
/// one customer, with one reason. `etags[i]` is the ETag the page showed for `subscriptions[i]`.
/// Returns the stored commands' ids; nothing is stored if any subscription is refused.
#[server(prefix = "/api", endpoint = "subscriptions/status")]
pub async fn change_subscription_status(
    account: Uuid,
    customer: Uuid,
    change: String,
    subscriptions: Vec<Uuid>,
    etags: Vec<String>,
    reason: String,
    reason_text: String,
) -> Result<Vec<Uuid>, AppError> {
    use super::queries::{Ask, Chosen};
    use super::types::{Reason, StatusChange};
    let invalid = |field: &str, message: String| AppError::Invalid {
        field: field.to_owned(),
        message,
    };
    async move {
        let authorized = crate::auth::access::authorize(crate::auth::Permission::Bill, account).await?;
        let change = StatusChange::parse(&change)
            .ok_or_else(|| invalid("change", "must be suspend or reactivate".to_owned()))?;
        let reason = Reason::parse(&reason, &reason_text).map_err(|message| invalid("reason", message))?;
        if subscriptions.is_empty() || subscriptions.len() != etags.len() {
            return Err(invalid(
                "subscriptions",
                "choose at least one subscription".to_owned(),
            ));
        }
        let chosen: Vec<Chosen> = subscriptions
            .into_iter()
            .zip(etags)
            .map(|(id, etag)| Chosen { id, etag })
            .collect();
        let pool = crate::database::pool()?;
        super::queries::submit(
            &pool,
            &authorized,
            customer,
            &Ask::Status(change, reason),
            &chosen,
        )
        .await
    }
    .await
    .map_err(crate::error::with_http_status)
}

/// Gives one subscription a new nickname (SUB-05), through the same command path.
#[server(prefix = "/api", endpoint = "subscriptions/rename")]
pub async fn rename_subscription(
    account: Uuid,
    customer: Uuid,
    subscription: Uuid,
    etag: String,
    nickname: String,
) -> Result<Uuid, AppError> {
    use super::queries::{Ask, Chosen};
    async move {
        let authorized = crate::auth::access::authorize(crate::auth::Permission::Manage, account).await?;
        let nickname = super::types::parse_nickname(&nickname).map_err(|message| AppError::Invalid {
            field: "nickname".to_owned(),
            message,
        })?;
        let pool = crate::database::pool()?;
        let chosen = [Chosen {
            id: subscription,
            etag,
        }];
        let ids =
            super::queries::submit(&pool, &authorized, customer, &Ask::Rename(nickname), &chosen).await?;
        ids.into_iter().next().ok_or(AppError::Internal)
    }
    .await
    .map_err(crate::error::with_http_status)
}

/// The customer's subscriptions and latest commands, as the page polls them while a change
/// is on its way.
#[server(prefix = "/api", endpoint = "subscriptions/activity")]
pub async fn load_subscription_activity(
    account: Uuid,
    customer: Uuid,
) -> Result<SubscriptionActivity, AppError> {
    let authorized = crate::auth::access::authorize(crate::auth::Permission::Read, account).await?;
    let pool = crate::database::pool()?;
    Ok(SubscriptionActivity {
        subscriptions: crate::customers::queries::subscriptions(&pool, &authorized, customer).await?,
        commands: super::queries::commands(&pool, &authorized, customer, COMMANDS_SHOWN).await?,
    })
}
