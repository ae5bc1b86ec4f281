//! The command table as the worker uses it: claim due commands (`FOR UPDATE SKIP LOCKED`, with
//! a lease), and settle them. Every write after the claim is fenced by the attempt number, so a
//! worker whose lease ran out cannot overwrite what a newer attempt recorded.

use crate::partner_center::wire::Subscription;
use app::audit::{AuditEntry, Outcome};
use app::subscriptions::{CommandKind, describe_reason};
use serde_json::{Value, json};
use sqlx::PgPool;
use std::time::Duration;
use uuid::Uuid;

/// A command this worker holds until its lease ends.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: Uuid,
    pub account_id: Uuid,
    pub customer_id: Uuid,
    pub subscription_id: Uuid,
    pub kind: CommandKind,
    pub nickname: Option<String>,
    pub reason_code: Option<String>,
    pub reason_text: Option<String>,
    pub request_id: Uuid,
    pub correlation_id: Uuid,
    pub etag: String,
    pub before: Value,
    /// This attempt's number (1 for the first send).
    pub attempts: i32,
    pub requested_by: Uuid,
    pub requested_by_name: String,
}

/// Claims up to `limit` due commands of `accounts`: pending ones, and sending ones whose
/// holder's lease ran out (it crashed or hung; the same MS-RequestId is sent again).
pub async fn claim(
    pool: &PgPool,
    accounts: &[Uuid],
    limit: i64,
    lease: Duration,
) -> Result<Vec<Claimed>, sqlx::Error> {
    sqlx::query_as!(
        Claimed,
        r#"WITH due AS (
               SELECT id FROM subscription_commands
               WHERE state IN ('pending', 'sending') AND due_at <= now() AND account_id = ANY($1)
               ORDER BY due_at
               FOR UPDATE SKIP LOCKED
               LIMIT $2
           )
           UPDATE subscription_commands c
           SET state = 'sending', attempts = c.attempts + 1, due_at = now() + make_interval(secs => $3)
           FROM due WHERE c.id = due.id
           RETURNING c.id, c.account_id, c.customer_id, c.subscription_id, c.kind AS "kind: CommandKind",
                     c.nickname, c.reason_code, c.reason_text, c.request_id, c.correlation_id, c.etag, c.before,
                     c.attempts, c.requested_by, c.requested_by_name"#,
        accounts,
        limit,
        lease.as_secs_f64()
    )
    .fetch_all(pool)
    .await
}

/// How a command ends.
pub enum Finish<'a> {
    /// Partner Center made the change; `subscription` is its answer (or what was read back).
    Done {
        subscription: &'a Subscription,
        detail: String,
    },
    /// Refused or never confirmed; `current` is the subscription as read afterwards, if it was.
    Failed {
        code: Option<i64>,
        message: String,
        current: Option<&'a Subscription>,
    },
}

/// Settles `command`: the command row, the cached subscription and the audit in one
/// transaction. `false`: another attempt holds the command now, and nothing was written.
pub async fn finish(pool: &PgPool, command: &Claimed, finish: Finish<'_>) -> Result<bool, sqlx::Error> {
    let (state, code, error, subscription, outcome, detail) = match finish {
        Finish::Done { subscription, detail } => {
            ("done", None, None, Some(subscription), Outcome::Succeeded, detail)
        }
        Finish::Failed {
            code,
            message,
            current,
        } => {
            let detail = message.clone();
            ("failed", code, Some(message), current, Outcome::Failed, detail)
        }
    };
    let mut tx = pool.begin().await?;
    let settled = sqlx::query!(
        "UPDATE subscription_commands SET state = $3, finished_at = now(), error_code = $4, error = $5
         WHERE id = $1 AND state = 'sending' AND attempts = $2",
        command.id,
        command.attempts,
        state,
        code,
        error
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if settled == 0 {
        return Ok(false);
    }
    if let Some(subscription) = subscription {
        write_back(&mut tx, command.account_id, subscription).await?;
    }
    let mut entry = audit_entry(command, outcome, detail);
    entry.after = subscription.map(|subscription| {
        json!({ "status": subscription.status.as_str(), "nickname": subscription.friendly_name })
    });
    app::audit::queries::record(&mut *tx, &entry).await?;
    tx.commit().await?;
    Ok(true)
}

/// Puts `command` back for another attempt after `delay`, noting why this one did not get
/// through (the page shows it). `false`: another attempt holds the command now.
pub async fn retry_later(
    pool: &PgPool,
    command: &Claimed,
    delay: Duration,
    why: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let postponed = sqlx::query!(
        "UPDATE subscription_commands SET state = 'pending', due_at = now() + make_interval(secs => $3), error = $4
         WHERE id = $1 AND state = 'sending' AND attempts = $2",
        command.id,
        command.attempts,
        delay.as_secs_f64(),
        why
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if postponed == 0 {
        return Ok(false);
    }
    let detail = format!(
        "attempt {} did not get through: {why}; next attempt in {} s",
        command.attempts,
        delay.as_secs().max(1)
    );
    app::audit::queries::record(&mut *tx, &audit_entry(command, Outcome::Pending, detail)).await?;
    tx.commit().await?;
    Ok(true)
}

/// The cached subscription becomes Partner Center's answer. A sync merge that read the
/// subscription before this answer keeps this newer copy (its upsert compares `synced_at`).
async fn write_back(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    account: Uuid,
    subscription: &Subscription,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE subscriptions SET status = $3, friendly_name = $4, suspension_reasons = $5,
                etag = coalesce($6, etag), synced_at = now()
         WHERE account_id = $1 AND id = $2",
        account,
        subscription.id,
        subscription.status.as_str(),
        subscription.friendly_name,
        &subscription.suspension_reasons,
        subscription.etag()
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The audit row of a step of `command`, in the name of the person who asked for it.
fn audit_entry(command: &Claimed, outcome: Outcome, detail: String) -> AuditEntry {
    let mut entry = AuditEntry::new(
        &format!("subscription.{}", command.kind.as_str()),
        Some((command.requested_by, &command.requested_by_name)),
        outcome,
    )
    .detail(format!(
        "{} of subscription {} (command {}): {detail}",
        command.kind.operation(),
        command.subscription_id,
        command.id
    ));
    entry.account_id = Some(command.account_id);
    entry.customer_id = Some(command.customer_id);
    entry.before = Some(command.before.clone());
    entry.reason = command
        .reason_code
        .is_some()
        .then(|| describe_reason(command.reason_code.as_deref(), command.reason_text.clone()));
    entry.correlation_id = Some(command.correlation_id);
    entry
}
