//! A person's change stored as commands, one per subscription, checked against the cached rows
//! under a row lock; and the commands read back for the page.

use super::commands::{CommandKind, CommandState, CommandView};
use super::types::{
    Reason, StatusChange, SubscriptionFacts, describe_reason, rename_refusal, status_change_refusal,
};
use crate::accounts::Cloud;
use crate::audit::{AuditEntry, Outcome};
use crate::auth::access::Authorized;
use crate::error::AppError;
use crate::sync::Moment;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

/// A subscription the person chose, with the ETag their page showed.
#[derive(Debug, Clone)]
pub struct Chosen {
    pub id: Uuid,
    pub etag: String,
}

/// What the person asks for.
#[derive(Debug, Clone)]
pub enum Ask {
    Status(StatusChange, Reason),
    Rename(String),
}

impl Ask {
    fn kind(&self) -> CommandKind {
        match self {
            Ask::Status(StatusChange::Suspend, _) => CommandKind::Suspend,
            Ask::Status(StatusChange::Reactivate, _) => CommandKind::Reactivate,
            Ask::Rename(_) => CommandKind::Rename,
        }
    }

    fn after(&self) -> serde_json::Value {
        match self {
            Ask::Status(change, _) => json!({ "status": change.target_status() }),
            Ask::Rename(nickname) => json!({ "nickname": nickname }),
        }
    }
}

/// Stores one command per chosen subscription of `customer`, or none: every subscription must
/// exist, match the ETag the person saw, pass the rules and have no command still open.
/// Returns the commands' ids. Each request is audited as pending.
pub async fn submit(
    pool: &PgPool,
    authorized: &Authorized,
    customer: Uuid,
    ask: &Ask,
    chosen: &[Chosen],
) -> Result<Vec<Uuid>, AppError> {
    let account = authorized.account();
    let mut ids: Vec<Uuid> = chosen.iter().map(|choice| choice.id).collect();
    ids.sort();
    ids.dedup();
    let mut tx = pool.begin().await?;
    let cloud: Cloud = sqlx::query_scalar!(
        r#"SELECT cloud AS "cloud: Cloud" FROM partner_accounts WHERE id = $1"#,
        account
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    // Locked, so two people asking at once are served one after the other.
    let rows = sqlx::query!(
        r#"SELECT s.id, s.status, s.billing_type, s.etag, s.friendly_name,
                  coalesce(s.offer_name, s.offer_id) AS "offer!", p.status AS "parent_status?"
           FROM subscriptions s
           LEFT JOIN subscriptions p ON p.account_id = s.account_id AND p.id = s.parent_subscription_id
           WHERE s.account_id = $1 AND s.customer_id = $2 AND s.id = ANY($3)
           ORDER BY s.id
           FOR UPDATE OF s"#,
        account,
        customer,
        &ids
    )
    .fetch_all(&mut *tx)
    .await?;
    if rows.len() != ids.len() || ids.is_empty() {
        return Err(AppError::NotFound);
    }
    let open = sqlx::query!(
        r#"SELECT c.subscription_id, c.kind AS "kind: CommandKind", c.requested_by_name,
                  extract(epoch FROM now() - c.requested_at)::bigint AS "seconds!"
           FROM subscription_commands c
           WHERE c.account_id = $1 AND c.subscription_id = ANY($2) AND c.state IN ('pending', 'sending')"#,
        account,
        &ids
    )
    .fetch_all(&mut *tx)
    .await?;
    if !open.is_empty() {
        let taken: Vec<String> = open
            .iter()
            .map(|command| {
                let offer = rows
                    .iter()
                    .find(|row| row.id == command.subscription_id)
                    .map_or("a subscription", |row| row.offer.as_str());
                format!(
                    "{} asked {} s ago to {} {offer}, and that is still being sent to Partner Center.",
                    command.requested_by_name,
                    command.seconds.max(0),
                    command.kind.as_str()
                )
            })
            .collect();
        return Err(AppError::Conflict(format!(
            "{} Nothing new was sent.",
            taken.join(" ")
        )));
    }
    let mut problems = Vec::new();
    for row in &rows {
        let seen = chosen
            .iter()
            .find(|choice| choice.id == row.id)
            .map(|choice| choice.etag.as_str());
        if seen != Some(row.etag.as_deref().unwrap_or("")) {
            problems.push(format!(
                "{} changed since the page was loaded (it is now {}).",
                row.offer, row.status
            ));
            continue;
        }
        let facts = SubscriptionFacts {
            status: &row.status,
            billing_type: row.billing_type.as_deref(),
            parent_status: row.parent_status.as_deref(),
        };
        let refusal = match ask {
            Ask::Status(change, _) => status_change_refusal(*change, cloud, facts),
            Ask::Rename(_) => rename_refusal(facts),
        };
        if let Some(refusal) = refusal {
            problems.push(format!("{}: {refusal}", row.offer));
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Conflict(format!(
            "{} Nothing was sent.",
            problems.join(" ")
        )));
    }
    let kind = ask.kind();
    let (nickname, reason) = match ask {
        Ask::Status(_, reason) => (None, Some(reason)),
        Ask::Rename(nickname) => (Some(nickname.as_str()), None),
    };
    let etags: Vec<String> = rows
        .iter()
        .map(|row| row.etag.clone().unwrap_or_default())
        .collect();
    let before: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| json!({ "status": row.status, "nickname": row.friendly_name }))
        .collect();
    let staff = authorized.staff();
    let stored = sqlx::query!(
        r#"WITH batch AS (SELECT gen_random_uuid() AS id)
           INSERT INTO subscription_commands (account_id, customer_id, subscription_id, batch_id, kind, nickname,
                  reason_code, reason_text, etag, before, requested_by, requested_by_name)
           SELECT $1, $2, chosen.id, batch.id, $3, $4, $5, $6, chosen.etag, chosen.before, $7, $8
           FROM UNNEST($9::uuid[], $10::text[], $11::jsonb[]) AS chosen (id, etag, before) CROSS JOIN batch
           RETURNING id, subscription_id, correlation_id"#,
        account,
        customer,
        kind as CommandKind,
        nickname,
        reason.map(|reason| reason.code.as_str()),
        reason.and_then(|reason| reason.text.as_deref()),
        staff.id,
        staff.name,
        &ids,
        &etags,
        &before
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(|error| match &error {
        sqlx::Error::Database(database) if database.is_unique_violation() => AppError::Conflict(
            "Someone else asked for a change to one of these subscriptions at the same moment. Nothing new was sent."
                .to_owned(),
        ),
        _ => error.into(),
    })?;
    for command in &stored {
        let row_before = rows
            .iter()
            .position(|row| row.id == command.subscription_id)
            .map(|index| before[index].clone());
        let mut entry = AuditEntry::new(
            &format!("subscription.{}", kind.as_str()),
            Some((staff.id, &staff.name)),
            Outcome::Pending,
        )
        .detail(format!(
            "{} of subscription {} stored as command {}",
            kind.operation(),
            command.subscription_id,
            command.id
        ));
        entry.account_id = Some(account);
        entry.customer_id = Some(customer);
        entry.before = row_before;
        entry.after = Some(ask.after());
        entry.reason = reason.map(Reason::describe);
        entry.correlation_id = Some(command.correlation_id);
        crate::audit::queries::record(&mut *tx, &entry).await?;
    }
    // Wakes the command workers once this commits.
    sqlx::query!(
        "SELECT pg_notify('subscription_commands', $1)",
        account.to_string()
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(stored.into_iter().map(|command| command.id).collect())
}

/// The customer's latest commands, newest first.
pub async fn commands(
    pool: &PgPool,
    authorized: &Authorized,
    customer: Uuid,
    limit: i64,
) -> Result<Vec<CommandView>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT id, subscription_id, kind AS "kind: CommandKind", state AS "state: CommandState", nickname,
                  reason_code, reason_text, requested_by_name, requested_at, finished_at, attempts, error,
                  now() AS "now!"
           FROM subscription_commands
           WHERE account_id = $1 AND customer_id = $2
           ORDER BY requested_at DESC, id
           LIMIT $3"#,
        authorized.account(),
        customer,
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| CommandView {
            id: row.id,
            subscription_id: row.subscription_id,
            kind: row.kind,
            state: row.state,
            nickname: row.nickname,
            reason: row
                .reason_code
                .is_some()
                .then(|| describe_reason(row.reason_code.as_deref(), row.reason_text)),
            requested_by: row.requested_by_name,
            requested: Moment::at(row.requested_at, row.now),
            finished: row.finished_at.map(|at| Moment::at(at, row.now)),
            attempts: row.attempts,
            error: row.error,
        })
        .collect())
}
